import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { ts, typescriptChoice } from "../../src/engine/ts.js";
import { plugin } from "../../src/eslint/plugin.js";
import { foreignTreeMessage } from "../../src/eslint/to-eslint-rule.js";
import { projectDir } from "../rules/rule-tester.js";

const require = createRequire(import.meta.url);
const typescript49 = require("typescript-4.9") as typeof ts;
const typescript49File = require.resolve("typescript-4.9");

/**
 * typescript-eslint's parser, except that the TypeScript tree it hands the rules is built by TypeScript
 * 4.9 (another module than the engine's `ts`): what happens when the parser and backend-conventions
 * resolve different `typescript` packages.
 */
const parserWithTypescript49: Linter.Parser = {
  meta: { name: "parser-with-typescript-4.9" },
  parseForESLint(code: string, options?: Record<string, unknown>) {
    const result = tsParser.parseForESLint(code, options);
    const tree = typescript49.createSourceFile(String(options?.filePath), code, typescript49.ScriptTarget.Latest, true);
    const map = result.services.esTreeNodeToTSNodeMap;
    return { ...result, services: { ...result.services, esTreeNodeToTSNodeMap: { get: (node: unknown) => (node === result.ast ? tree : map.get(node as never)), has: map.has.bind(map) } } } as never;
  },
};

describe("the ESLint front-end and the TypeScript that built ESLint's tree", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("reparses a tree of another TypeScript, giving the CLI's findings and saying so once on stderr", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const files = ["src/parity.ts", "src/soft-deletes.ts"].map((file) => path.join(projectDir, file));
    const eslint = new ESLint({
      cwd: projectDir,
      overrideConfigFile: true,
      overrideConfig: [plugin.configs.recommended as Linter.Config, { languageOptions: { parser: parserWithTypescript49 } }],
    });
    const fromEslint: string[] = [];
    for (const file of files) {
      const [result] = await eslint.lintText(fs.readFileSync(file, "utf8"), { filePath: file });
      fromEslint.push(...result.messages.map((m) => `${path.basename(file)}:${m.line}:${m.column} ${m.ruleId}`));
    }
    const cli = await runCheck({ cwd: projectDir, paths: files });
    const fromCli = cli.files.flatMap((file) => file.findings.map((f) => `${path.basename(file.filePath)}:${f.line}:${f.column} backend-conventions/${f.ruleId}`));

    expect(fromCli.length).toBeGreaterThan(5);
    expect(fromEslint).toEqual(fromCli);
    expect(stderr.mock.calls).toEqual([
      [
        `backend-conventions: typescript-eslint parsed the files with TypeScript 4.9.5 (${typescript49File}), not the TypeScript ${ts.version} (${typescriptChoice.file}) backend-conventions runs on; the rules parse each file a second time, so the findings are the same but linting is slower. Have both resolve the same typescript package (one copy in node_modules).\n`,
      ],
    ]);
  });

  it("names the range when the parser's TypeScript is outside it", () => {
    expect(foreignTreeMessage({ version: "6.1.0", file: undefined })).toBe(
      `backend-conventions: typescript-eslint parsed the files with TypeScript 6.1.0, which is outside the range backend-conventions supports (>=4.8.4 <6.1.0), so its rules run on their own TypeScript ${ts.version} (${typescriptChoice.file}); the rules parse each file a second time, so the findings are the same but linting is slower. Install a typescript >=4.8.4 <6.1.0.`,
    );
    expect(foreignTreeMessage({ version: undefined, file: undefined })).toMatch(/^backend-conventions: typescript-eslint parsed the files with another TypeScript, not the TypeScript /);
  });
});
