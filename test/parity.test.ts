import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
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
    const { fromCli, fromEslint } = await fixtureFindings("fixtures/reference-api");
    expect(fromCli.length).toBeGreaterThan(0);
    expect(fromEslint).toEqual(fromCli);
  });

  it("on every finding of both reference APIs in a single run (eslint ., CI), where one analysis of the project on a worker thread serves every file", async () => {
    for (const fixture of ["fixtures/reference-api", "fixtures/nestjs-api"]) {
      const { fromCli, fromEslint } = await fixtureFindings(fixture, { singleRun: true });
      expect(fromCli.length).toBeGreaterThan(0);
      expect(fromEslint).toEqual(fromCli);
    }
  });

  it("on every finding of the NestJS reference API (decorated parameters, guards, controllers as endpoints)", async () => {
    const { fromCli, fromEslint } = await fixtureFindings("fixtures/nestjs-api");
    // every rule that applies, owner scope and require-auth among them: the editor sees the NestJS endpoints too
    expect(new Set(fromCli.map((entry) => entry.split(" ")[1]))).toEqual(
      new Set(["require-owner-scope", "no-unsafe-raw-sql", "require-auth", "no-unvalidated-input", "require-soft-delete-filter", "no-stale-read-after-write", "require-transaction-client", "valid-enum-value", "no-hard-delete", "layer-boundaries", "no-http-in-services", "require-bounded-list", "no-query-in-loop"]),
    );
    expect(fromEslint).toEqual(fromCli);
  });
});

/** The findings of a reference API's TypeScript files, `file:line:column rule`, from ESLint with `configs.strict` and from the CLI. */
async function fixtureFindings(fixture: string, { singleRun = false } = {}): Promise<{ fromCli: string[]; fromEslint: string[] }> {
  const fixtureDir = path.join(repoRoot, fixture);
  const mode = process.env.TSESTREE_SINGLE_RUN;
  process.env.TSESTREE_SINGLE_RUN = String(singleRun);
  const eslint = new ESLint({
    cwd: fixtureDir,
    overrideConfigFile: true,
    overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict as Linter.Config],
  });
  let fromEslint;
  try {
    fromEslint = (await eslint.lintFiles(["src/**/*.ts"]))
      .flatMap((result) => result.messages.filter((m) => m.ruleId?.startsWith("backend-conventions/")).map((m) => `${path.relative(fixtureDir, result.filePath)}:${m.line}:${m.column} ${m.ruleId?.replace("backend-conventions/", "")} ${m.message}`))
      .sort();
  } finally {
    process.env.TSESTREE_SINGLE_RUN = mode;
  }
  const cli = await runCheck({ cwd: fixtureDir });
  // ESLint lints TypeScript files; the schema rule's findings on schema.prisma are the CLI's alone.
  const typescriptFiles = cli.files.filter((file) => !file.filePath.endsWith(".prisma"));
  const fromCli = typescriptFiles.flatMap((file) => file.findings.map((f) => `${path.relative(fixtureDir, file.filePath)}:${f.line}:${f.column} ${f.ruleId} ${f.message}`)).sort();
  return { fromCli, fromEslint };
}

/**
 * One suppression and severity model: the reference API with a config that sets rules to "warn", turns one
 * off and keeps a strict rule (require-auth) on, and a file with every kind of disable comment. ESLint with
 * `configs.recommended` (which leaves rules and severities to the tool's config) and the CLI give the same
 * findings, severities and unused-directive reports.
 */
describe("ESLint plugin and CLI agree on suppressions and severities", () => {
  const copy = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-parity-")));
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));
  fs.cpSync(path.join(repoRoot, "fixtures/reference-api"), copy, { recursive: true });
  const configFile = path.join(copy, "backend-conventions.config.json");
  const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as { rules: Record<string, unknown> };
  config.rules["no-hard-delete"] = "warn";
  config.rules["require-bounded-list"] = ["warn", (config.rules["require-bounded-list"] as unknown[])[1]];
  config.rules["no-query-in-loop"] = "off";
  fs.writeFileSync(configFile, JSON.stringify(config));
  const repository = path.join(copy, "src/repositories/item-repository.ts");
  const edits: [string, string][] = [
    // next line, with a justification
    ["    // expect: require-soft-delete-filter\n    return this.prisma.item.findMany({ where: { ...where,", "    // eslint-disable-next-line backend-conventions/require-soft-delete-filter -- the archive shows deleted rows too\n    return this.prisma.item.findMany({ where: { ...where,"],
    // the same line
    ["return this.prisma.item.findFirst({ where: { id, ...liveWhere() } });", "return this.prisma.item.findFirst({ where: { id, ...liveWhere() } }); // eslint-disable-line backend-conventions/require-owner-scope"],
    // a block for two rules, closed for one of them
    ["  /** Used by the sync endpoint", "  /* eslint-disable backend-conventions/require-owner-scope, backend-conventions/require-soft-delete-filter */\n  /** Used by the sync endpoint"],
    ["  countActive(deviceId: string) {", "  /* eslint-enable backend-conventions/require-owner-scope */\n  countActive(deviceId: string) {"],
    // unused: nothing to silence on the next line
    ["  update(deviceId: string, id: string, data: UpdateItemBody) {", "  // eslint-disable-next-line backend-conventions/no-hard-delete\n  update(deviceId: string, id: string, data: UpdateItemBody) {"],
    // a line comment `// eslint-disable` is no directive in ESLint: the hard delete stays (as a warning)
    ["    // expect: no-hard-delete\n    await this.prisma.item.delete(", "    // eslint-disable backend-conventions/no-hard-delete\n    await this.prisma.item.delete("],
  ];
  let text = fs.readFileSync(repository, "utf8");
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`the reference API changed: ${from}`);
    text = text.replace(from, to);
  }
  fs.writeFileSync(repository, text);

  it("gives the same findings, severities and unused directives", async () => {
    const eslint = new ESLint({
      cwd: copy,
      overrideConfigFile: true,
      overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.recommended as Linter.Config, { linterOptions: { reportUnusedDisableDirectives: "error" } }],
    });
    // (other plugins' directives, `@typescript-eslint/no-namespace` in src/middleware/auth.ts, are ESLint's business)
    const fromEslint = (await eslint.lintFiles(["src/**/*.ts"]))
      .flatMap((result) => result.messages.filter((m) => m.ruleId === null || m.ruleId.startsWith("backend-conventions/")).map((m) => `${path.relative(copy, result.filePath)}:${m.line}:${m.column} ${m.severity} ${m.ruleId?.replace("backend-conventions/", "") ?? "-"} ${m.message}`))
      .sort();
    const cli = await runCheck({ cwd: copy, reportUnusedDisableDirectives: "error" });
    const fromCli = cli.files
      .filter((file) => !file.filePath.endsWith(".prisma"))
      .flatMap((file) => file.findings.map((f) => `${path.relative(copy, file.filePath)}:${f.line}:${f.column} ${f.severity} ${f.ruleId ?? "-"} ${f.message}`))
      .sort();

    expect(fromEslint).toEqual(fromCli);
    const summary = (lines: string[]) => lines.map((line) => line.split(" ").slice(0, 3).join(" "));
    // The repository with the comments: three findings silenced, one unused directive, the hard delete a warning.
    expect(summary(fromCli.filter((line) => line.startsWith("src/repositories/item-repository.ts")))).toEqual([
      "src/repositories/item-repository.ts:111:28 1 no-hard-delete",
      "src/repositories/item-repository.ts:17:69 2 valid-enum-value",
      "src/repositories/item-repository.ts:79:3 2 -",
    ]);
    expect(fromCli).toContain(
      "src/repositories/item-repository.ts:79:3 2 - Unused eslint-disable directive (no problems were reported from 'backend-conventions/no-hard-delete').",
    );
    // require-auth is a strict rule the tool's config turns on: on in ESLint's recommended config too.
    expect(summary(fromCli.filter((line) => line.includes(" require-auth ")))).toEqual(["src/routes/devices.ts:22:15 2 require-auth", "src/routes/health.ts:17:14 2 require-auth"]);
    // "warn" in the tool's config is a warning in both; "off" is off in both.
    expect(fromCli.filter((line) => line.includes(" require-bounded-list ")).every((line) => line.split(" ")[1] === "1")).toBe(true);
    expect(fromCli.filter((line) => line.includes(" require-bounded-list "))).toHaveLength(5);
    expect(fromCli.filter((line) => line.includes(" no-query-in-loop "))).toEqual([]);
  });
});
