import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chooseCompiler } from "../../src/engine/typescript.cjs";
import { isSupportedTypescript, SUPPORTED_TYPESCRIPT, ts, typescriptChoice } from "../../src/engine/ts.js";
import { repoRoot } from "../../scripts/generated-files.js";

const require = createRequire(import.meta.url);
/** The `typescript` typescript-eslint's parser loads, resolved as it resolves it. */
const parserRequire = createRequire(createRequire(require.resolve("@typescript-eslint/parser")).resolve("@typescript-eslint/typescript-estree"));

describe("the engine's TypeScript", () => {
  it("is the module typescript-eslint's parser loads, so ESLint's trees are the engine's own", () => {
    expect(typescriptChoice).toEqual({ source: "parser", file: parserRequire.resolve("typescript"), parserVersion: ts.version, parserFile: parserRequire.resolve("typescript") });
    expect(ts).toBe(parserRequire("typescript"));
  });

  it("is that TypeScript for every version in the range, and ts-morph's compiler outside it", () => {
    const file = require.resolve("typescript-4.9");
    const inRange = chooseCompiler({ file, version: "4.9.5" });
    expect(inRange).toEqual({ ts: require("typescript-4.9"), file, source: "parser" });
    const bundled = createRequire(require.resolve("ts-morph")).resolve("@ts-morph/common/dist/typescript.js");
    expect(chooseCompiler({ file, version: "6.1.0" })).toMatchObject({ file: bundled, source: "bundled" });
    expect(chooseCompiler(undefined)).toMatchObject({ file: bundled, source: "bundled" });
    // package.json names a version the file does not hold: not loaded as that version
    expect(chooseCompiler({ file, version: "5.0.4" })).toMatchObject({ file: bundled, source: "bundled" });
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
