/**
 * Writes backend-conventions.schema.json (the config's JSON Schema, rendered from the zod schema).
 * `test/config/json-schema.test.ts` fails when the file on disk is stale.
 * Without a TypeScript runner, the same file can be written by
 * `UPDATE_CONFIG_SCHEMA=1 npx vitest run test/config/json-schema.test.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from "../src/config/json-schema.js";

/** The repository root: the nearest directory above this script with a package.json (works from scripts/ and dist/scripts/). */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find the repository root (no package.json above this script)");
    dir = parent;
  }
  return dir;
}

const file = path.join(repositoryRoot(), CONFIG_SCHEMA_FILE);
const rendered = renderConfigJsonSchema();

if (process.argv.includes("--check")) {
  const onDisk = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  if (onDisk !== rendered) {
    console.error(`${CONFIG_SCHEMA_FILE} is stale: run \`npm run generate\``);
    process.exitCode = 1;
  }
} else {
  fs.writeFileSync(file, rendered);
  console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
}
