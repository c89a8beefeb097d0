import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { runCheck } from "../src/cli/check.js";
import { plugin } from "../src/eslint/plugin.js";
import { repoRoot } from "../scripts/generated-files.js";
import { projectDir } from "./rules/rule-tester.js";

/** One engine, two front-ends: the same file gives the same findings in the editor and in CI. */
describe("ESLint plugin and CLI agree", () => {
  const file = path.join(projectDir, "src/parity.ts");

  it("on every finding of a mixed file", async () => {
    const eslint = new ESLint({ cwd: projectDir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
    const [eslintResult] = await eslint.lintText(fs.readFileSync(file, "utf8"), { filePath: file });
    const fromEslint = eslintResult.messages.map((m) => `${m.line}:${m.column} ${m.ruleId?.replace("backend-conventions/", "")} ${m.message}`);

    const cli = await runCheck({ cwd: projectDir, paths: [file] });
    const fromCli = cli.files[0].findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.message}`);

    expect(fromCli).toEqual(fromEslint);
    expect(fromCli).toEqual([
      "8:40 require-bounded-list findMany on Item has no take: it returns every matching row, however many the table grows to. Add take (at most 100) and paginate with cursor or skip.",
      "8:40 require-soft-delete-filter findMany on soft-deletable model Item does not filter out deleted rows: its where never constrains deletedAt (add `deletedAt: null`).",
      "9:38 require-bounded-list findMany on Item has no take: it returns every matching row, however many the table grows to. Add take (at most 100) and paginate with cursor or skip.",
      "10:36 require-bounded-list findMany on Item has no take: it returns every matching row, however many the table grows to. Add take (at most 100) and paginate with cursor or skip.",
      "15:24 require-soft-delete-filter Relation portions reads soft-deletable model Portion through include without filtering out deleted rows (add `where: { deletedAt: null }`).",
      "16:74 require-soft-delete-filter Relation portions reads soft-deletable model Portion through include without filtering out deleted rows (add `where: { deletedAt: null }`).",
      "17:24 no-hard-delete delete removes rows of soft-deletable model Product for good: set deletedAt with update instead.",
      "24:28 require-soft-delete-filter findUnique on soft-deletable model Account does not filter out deleted rows: its where never constrains isDeleted (add `isDeleted: false`).",
    ]);
  });

  it("on every finding of the reference API", async () => {
    const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
    const eslint = new ESLint({
      cwd: fixtureDir,
      overrideConfigFile: true,
      overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict as Linter.Config],
    });
    const fromEslint = (await eslint.lintFiles(["src/**/*.ts"]))
      .flatMap((result) => result.messages.filter((m) => m.ruleId?.startsWith("backend-conventions/")).map((m) => `${path.relative(fixtureDir, result.filePath)}:${m.line}:${m.column} ${m.ruleId?.replace("backend-conventions/", "")}`))
      .sort();

    const cli = await runCheck({ cwd: fixtureDir });
    // ESLint lints TypeScript files; the schema rule's findings on schema.prisma are the CLI's alone.
    const typescriptFiles = cli.files.filter((file) => !file.filePath.endsWith(".prisma"));
    const fromCli = typescriptFiles.flatMap((file) => file.findings.map((f) => `${path.relative(fixtureDir, file.filePath)}:${f.line}:${f.column} ${f.ruleId}`)).sort();

    expect(fromCli.length).toBeGreaterThan(0);
    expect(fromEslint).toEqual(fromCli);
  });
});
