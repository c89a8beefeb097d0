import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { chooseCompiler } from "../../src/engine/typescript.cjs";
import { isSupportedTypescript, SUPPORTED_TYPESCRIPT } from "../../src/engine/ts.js";
import { assertBuilt, repoRoot } from "../e2e/helpers.js";

const require = createRequire(import.meta.url);
const bundled = createRequire(require.resolve("ts-morph")).resolve("@ts-morph/common/dist/typescript.js");

/** What a new Node process running `script` (an ES module in the repository) says the engine's TypeScript is. */
function choiceInNewProcess(script: string): Record<string, unknown> {
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" })) as Record<string, unknown>;
}

describe("the engine's TypeScript", () => {
  beforeAll(() => assertBuilt());

  it("in an ESLint process, is the very module typescript-eslint's parser loaded, so the parser's trees are the engine's", () => {
    const choice = choiceInNewProcess(`
      import { createRequire } from "node:module";
      await import("./dist/src/index.js");
      const { ts, typescriptChoice } = await import("./dist/src/engine/ts.js");
      const estree = createRequire(createRequire(import.meta.url).resolve("@typescript-eslint/parser")).resolve("@typescript-eslint/typescript-estree");
      process.stdout.write(JSON.stringify({ ...typescriptChoice, same: ts === createRequire(estree)("typescript") }));
    `);
    const parserFile = createRequire(createRequire(require.resolve("@typescript-eslint/parser")).resolve("@typescript-eslint/typescript-estree")).resolve("typescript");
    const version = (require("typescript/package.json") as { version: string }).version;
    expect(choice).toEqual({ source: "parser", file: parserFile, parserVersion: version, parserFile, same: true });
  });

  it("in a process without ESLint's parser (the CLI), is the bundled compiler, the quickest to load", () => {
    const choice = choiceInNewProcess(`
      const { typescriptChoice } = await import("./dist/src/engine/ts.js");
      process.stdout.write(JSON.stringify(typescriptChoice));
    `);
    expect(choice).toMatchObject({ source: "bundled", file: bundled });
  });

  it("is the parser's TypeScript only when it is loaded and in the supported range", () => {
    const file = require.resolve("typescript-4.9");
    expect(chooseCompiler({ file, version: "4.9.5" })).toMatchObject({ source: "bundled", file: bundled });
    const loaded = require("typescript-4.9") as unknown;
    expect(chooseCompiler({ file, version: "4.9.5" })).toEqual({ ts: loaded, file, source: "parser" });
    expect(chooseCompiler({ file, version: "6.1.0" })).toMatchObject({ source: "bundled", file: bundled });
    // package.json names a version the loaded file is not
    expect(chooseCompiler({ file, version: "5.0.4" })).toMatchObject({ source: "bundled", file: bundled });
    expect(chooseCompiler(undefined)).toMatchObject({ source: "bundled", file: bundled });
  });

  it("supports the range package.json promises, a prerelease counting as its release", () => {
    const { peerDependencies } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { peerDependencies: Record<string, string> };
    expect(peerDependencies.typescript).toBe(`>=${SUPPORTED_TYPESCRIPT.from} <${SUPPORTED_TYPESCRIPT.below}`);
    expect(["4.8.3", "4.8.4", "4.9.5", "5.0.0-beta", "6.0.3", "6.0.0-dev.20260101", "6.1.0-beta", "6.1.0", "7.0.0", "next"].map(isSupportedTypescript)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
