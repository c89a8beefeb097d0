// The compiler the engine walks with. ESLint's parser (typescript-eslint) hands the rules a tree
// built by the project's own `typescript` (our peer dependency), and a tree can only be walked with
// the TypeScript that built it: node kinds are numbers that move between versions (in 5.0 kind 210
// is a call expression, in 6.0 an array literal). So in a process where typescript-eslint's parser
// has loaded its `typescript` (an ESLint run: the plugin imports the parser before the engine), the
// engine takes that very module, and its trees need no second parse. Elsewhere (the CLI), and when
// the parser's TypeScript is outside the supported range, it takes the compiler ts-morph bundles;
// an ESLint front-end that then gets a tree of another TypeScript parses the file again and says
// why, once (`to-eslint-rule.ts`).
//
// The bundled compiler is loaded through the code cache, not with an ES import of ts-morph: Node
// would scan ts-morph's 1 MB bundle for export names first, and ts-morph would load its own 3 MB
// helper library; together 0.15 s of every run's start-up.
"use strict";
const fs = require("node:fs");
const { createRequire } = require("node:module");
const path = require("node:path");
const { requireWithCodeCache } = require("./code-cache.cjs");

/** The TypeScript versions the engine runs on: typescript-eslint 8's range, and package.json's `peerDependencies.typescript`. */
const SUPPORTED = { from: "4.8.4", below: "6.1.0" };

/** Whether a TypeScript version lies in the supported range; a prerelease counts as its release (6.1.0-beta is 6.1.0). */
function isSupported(version) {
  const parts = versionParts(version);
  return parts !== undefined && compare(parts, versionParts(SUPPORTED.from)) >= 0 && compare(parts, versionParts(SUPPORTED.below)) < 0;
}

function versionParts(version) {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? match.slice(1, 4).map(Number) : undefined;
}

function compare(a, b) {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The `typescript` typescript-eslint's parser loads: resolved from `@typescript-eslint/typescript-estree`
 * (the package that calls `require("typescript")`) as our parser dependency resolves it. Undefined
 * when there is none, or it is not a JavaScript compiler with a package.json beside it.
 */
function parserTypescript() {
  try {
    const fromParser = createRequire(require.resolve("@typescript-eslint/parser"));
    const file = createRequire(fromParser.resolve("@typescript-eslint/typescript-estree")).resolve("typescript");
    // lib/typescript.js: the package root is two folders up.
    const { version } = JSON.parse(fs.readFileSync(path.join(path.dirname(path.dirname(file)), "package.json"), "utf8"));
    return typeof version === "string" ? { file, version } : undefined;
  } catch {
    return undefined;
  }
}

function bundledCompiler() {
  try {
    // Where ts-morph's helper library keeps the compiler it re-exports as `ts`.
    const fromTsMorph = createRequire(require.resolve("ts-morph"));
    const file = fromTsMorph.resolve("@ts-morph/common/dist/typescript.js");
    const { version } = fromTsMorph("@ts-morph/common/package.json");
    return { ts: requireWithCodeCache(file, version), file };
  } catch {
    return { ts: require("ts-morph").ts, file: require.resolve("ts-morph") };
  }
}

/**
 * The compiler for a process in which typescript-eslint's parser has loaded `parser` (as
 * `parserTypescript` finds it): that very module when it is in the supported range, so ESLint's trees
 * are the engine's own. Otherwise the bundled one: in a process without ESLint's parser (the CLI)
 * nothing hands the engine a tree, and TypeScript 6.0's compiler loads in half the time of 5.x's.
 * `source` says which.
 */
function chooseCompiler(parser) {
  const loaded = parser && isSupported(parser.version) ? require.cache[parser.file] : undefined;
  if (loaded?.loaded && typeof loaded.exports.createSourceFile === "function" && loaded.exports.version === parser.version) {
    return { ts: loaded.exports, file: parser.file, source: "parser" };
  }
  return { ...bundledCompiler(), source: "bundled" };
}

const parser = parserTypescript();
const chosen = chooseCompiler(parser);

exports.ts = chosen.ts;
exports.typescriptChoice = { source: chosen.source, file: chosen.file, parserVersion: parser?.version, parserFile: parser?.file };
exports.SUPPORTED_TYPESCRIPT = SUPPORTED;
exports.isSupportedTypescript = isSupported;
exports.chooseCompiler = chooseCompiler;
