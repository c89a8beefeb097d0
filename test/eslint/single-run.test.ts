import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { plugin } from "../../src/eslint/plugin.js";
import { singleRunCounts } from "../../src/eslint/project-findings.js";
import { isSingleRun } from "../../src/eslint/single-run.js";
import { eslintIn, messagesOf, removeTemporaryProjects, temporaryProject, writeFile } from "./helpers.js";

const saved = { env: { ...process.env }, argv: [...process.argv] };

function inProcess(env: Record<string, string | undefined>, argv: string[]): boolean {
  for (const name of ["TSESTREE_SINGLE_RUN", "CI"]) delete process.env[name];
  Object.assign(process.env, Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)));
  process.argv = argv;
  return isSingleRun();
}

afterEach(() => {
  process.env = { ...saved.env };
  process.argv = [...saved.argv];
});

/** typescript-eslint's inference, so one setting steers both: the eslint binary and CI are a single run, an editor is not. */
describe("isSingleRun", () => {
  const node = process.execPath;
  const bin = path.join("/project", "node_modules", ".bin", "eslint");
  const pnpmBin = path.join("/project", "node_modules", "eslint", "bin", "eslint.js");
  const server = path.join("/home", ".vscode", "extensions", "eslint", "server", "out", "eslintServer.js");

  it("is a single run for the eslint binary (npm, yarn, pnpm) and in CI", () => {
    expect(inProcess({}, [node, bin, "."])).toBe(true);
    expect(inProcess({}, [node, pnpmBin, "src"])).toBe(true);
    expect(inProcess({ CI: "true" }, [node, server])).toBe(true);
  });

  it("is not for an editor's server or a script using the ESLint API", () => {
    expect(inProcess({}, [node, server])).toBe(false);
    expect(inProcess({ CI: "false" }, [node, "lint.mjs"])).toBe(false);
  });

  it("is not with --fix, which lints fixed text again", () => {
    expect(inProcess({}, [node, bin, "--fix", "."])).toBe(false);
    expect(inProcess({ CI: "true" }, [node, bin, "--fix", "."])).toBe(false);
  });

  it("is what TSESTREE_SINGLE_RUN says when it is set", () => {
    expect(inProcess({ TSESTREE_SINGLE_RUN: "true" }, [node, server])).toBe(true);
    expect(inProcess({ TSESTREE_SINGLE_RUN: "false", CI: "true" }, [node, bin, "."])).toBe(false);
  });
});

/** `eslint .` in CI: one analysis of the project on a worker thread, each file's reports handed to ESLint as it reaches the file. */
describe("a single run of the ESLint plugin", () => {
  const mode = process.env.TSESTREE_SINGLE_RUN;
  beforeEach(() => {
    process.env.TSESTREE_SINGLE_RUN = "true";
    singleRunCounts.served = 0;
    singleRunCounts.alone = 0;
  });
  afterEach(() => {
    process.env.TSESTREE_SINGLE_RUN = mode;
  });
  afterAll(removeTemporaryProjects);

  it("answers every rule on every file from the one analysis, with the findings a long-lived process finds", async () => {
    const dir = temporaryProject();
    const single = messagesOf(await eslintIn(dir).lintFiles(["src/**/*.ts"]), dir);
    expect(singleRunCounts.alone).toBe(0);
    expect(singleRunCounts.served).toBeGreaterThan(0);
    expect(single).toContain("src/parity.ts:17:24 2 no-hard-delete");

    process.env.TSESTREE_SINGLE_RUN = "false";
    expect(messagesOf(await eslintIn(dir).lintFiles(["src/**/*.ts"]), dir)).toEqual(single);
  });

  it("analyses a text other than the disk's on its own: the findings are the text's", async () => {
    const dir = temporaryProject();
    const file = path.join(dir, "src/parity.ts");
    const saved = fs.readFileSync(file, "utf8");
    const edited = saved.replace("prisma.product.delete(", "prisma.product.update(");
    expect(edited).not.toBe(saved);
    const eslint = eslintIn(dir);
    const [onDisk] = await eslint.lintText(saved, { filePath: file });
    expect(onDisk.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).toContain("17:24 backend-conventions/no-hard-delete");
    expect(singleRunCounts.alone).toBe(0);

    const [changed] = await eslint.lintText(edited, { filePath: file });
    expect(changed.messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`)).not.toContain("17:24 backend-conventions/no-hard-delete");
    expect(singleRunCounts.alone).toBeGreaterThan(0);
  });

  it("reports a config problem once, on the first file, as a long-lived process does", async () => {
    const dir = temporaryProject();
    writeFile(dir, "backend-conventions.config.json", '{\n  "softDelete": { "field": 3 }\n}\n');
    const results = await eslintIn(dir).lintFiles(["src/helpers.ts", "src/parity.ts"]);
    expect(results.flatMap((result) => result.messages.map((message) => `${message.ruleId} ${message.line}:${message.column} ${message.message}`))).toEqual([
      `backend-conventions/layer-boundaries 1:1 Config error: ${path.join(dir, "backend-conventions.config.json")}:2:19: softDelete.field: expected string or array of strings, got number (backend-conventions checks no file of this project until it is fixed)`,
    ]);
  });

  it("reports a schema problem the analysis thread met, naming the schema file, line and column", async () => {
    const dir = temporaryProject();
    const schemaFile = path.join(dir, "prisma/schema.prisma");
    const lines = fs.readFileSync(schemaFile, "utf8").split("\n").length;
    fs.appendFileSync(schemaFile, "model Broken {\n  id    String @id\n  other Nope\n}\n");
    const results = await eslintIn(dir).lintFiles(["src/helpers.ts", "src/parity.ts"]);
    expect(results.flatMap((result) => result.messages.map((message) => message.message))).toEqual([
      `Prisma schema error: ${schemaFile}:${lines + 2}:9: Type "Nope" is neither a built-in type, nor refers to another model, composite type, or enum. (backend-conventions checks no file of this project until it is fixed)`,
    ]);
  });

  it("takes the rule options of the ESLint config into the analysis", async () => {
    const dir = temporaryProject();
    const withOptions = (max: number) =>
      new ESLint({
        cwd: dir,
        overrideConfigFile: true,
        overrideConfig: [plugin.configs.recommended as Linter.Config, { rules: { "backend-conventions/require-bounded-list": ["error", { max }] } }],
      });
    const strict = messagesOf(await withOptions(1).lintFiles(["src/**/*.ts"]), dir);
    const loose = messagesOf(await withOptions(1000).lintFiles(["src/**/*.ts"]), dir);
    // a literal take of the project is above 1 and below 1000: the options decide, in the analysis thread too
    expect(strict.filter((line) => line.endsWith("require-bounded-list")).length).toBeGreaterThan(loose.filter((line) => line.endsWith("require-bounded-list")).length);
    process.env.TSESTREE_SINGLE_RUN = "false";
    expect(strict).toEqual(messagesOf(await withOptions(1).lintFiles(["src/**/*.ts"]), dir));
    expect(loose).toEqual(messagesOf(await withOptions(1000).lintFiles(["src/**/*.ts"]), dir));
  });
});
