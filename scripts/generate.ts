// Writes the generated files (rules index, README rule table, config JSON Schema). Run: npm run generate.
import fs from "node:fs";
import path from "node:path";
import { renderConfigJsonSchema } from "../src/config/json-schema.js";
import { allRules } from "../src/rule-registry.js";
import { renderRulesIndex, repoRoot, withRuleTable } from "./generated-files.js";

const write = (file: string, content: string) => {
  const target = path.join(repoRoot, file);
  if (fs.existsSync(target) && fs.readFileSync(target, "utf8") === content) return;
  fs.writeFileSync(target, content);
  console.log(`wrote ${file}`);
};

write("rules/index.ts", renderRulesIndex());
write("README.md", withRuleTable(fs.readFileSync(path.join(repoRoot, "README.md"), "utf8"), allRules));
write("backend-conventions.schema.json", renderConfigJsonSchema());
