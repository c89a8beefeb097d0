import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../src/cli/check.js";
import { allRules } from "../src/rule-registry.js";
import { repoRoot } from "../scripts/generated-files.js";
import { readAnnotations } from "../bench/annotations.js";

/**
 * The reference API is annotated with `// expect: <rule-id>[, <rule-id>]` on the line
 * above a planted defect, or at the end of its line: in the .ts files of src/, and in the
 * .prisma files of prisma/ for schema rules. The checker's findings must equal
 * the annotations exactly. Annotations naming rules that do not exist yet are left out,
 * so this test tightens by itself as rules land.
 */
const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
function annotations(): string[] {
  return readAnnotations(fixtureDir, ["src", "prisma"], new Set(allRules.map((rule) => rule.name)));
}

describe.skipIf(!fs.existsSync(path.join(fixtureDir, "src")))("the reference API", () => {
  it("has exactly the annotated findings", async () => {
    const result = await runCheck({ cwd: fixtureDir });
    const found = result.files
      .flatMap((file) => file.findings.map((finding) => `${finding.ruleId} ${path.relative(fixtureDir, file.filePath)}:${finding.line}`))
      .sort();
    expect(found).toEqual(annotations());
  });

  it("has planted defects for every rule that exists", () => {
    const planted = new Set(annotations().map((entry) => entry.split(" ")[0]));
    expect([...planted].sort()).toEqual(allRules.map((rule) => rule.name).sort());
  });
});
