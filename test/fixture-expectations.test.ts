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
 * the annotations exactly, and every annotation must name a rule that exists.
 */
const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
const knownRules = new Set(allRules.map((rule) => rule.name));
function annotations(): string[] {
  return readAnnotations(fixtureDir, ["src", "prisma"], knownRules);
}

describe("the reference API", () => {
  it("has its source", () => {
    expect(fs.statSync(path.join(fixtureDir, "src")).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(fixtureDir, "prisma")).isDirectory()).toBe(true);
  });

  it("annotates only rules that exist", () => {
    const anyRule = { has: () => true } as unknown as ReadonlySet<string>;
    const all = readAnnotations(fixtureDir, ["src", "prisma"], anyRule);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((entry) => !knownRules.has(entry.split(" ")[0]))).toEqual([]);
  });

  it("has exactly the annotated findings", async () => {
    const result = await runCheck({ cwd: fixtureDir });
    const found = result.files
      .flatMap((file) => file.findings.map((finding) => `${finding.ruleId} ${path.relative(fixtureDir, file.filePath)}:${finding.line}`))
      .sort();
    expect(found).toEqual(annotations());
  });

  it("has planted defects for every rule that exists", () => {
    const planted = new Set(annotations().map((entry) => entry.split(" ")[0]));
    expect([...planted].sort()).toEqual([...knownRules].sort());
  });
});
