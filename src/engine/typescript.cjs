// The compiler the engine walks with: the one ts-morph bundles, so that ESLint's parser output
// and the CLI's parse are the same kind of node. It is loaded with `require`, not through an ES
// import of ts-morph: Node would scan ts-morph's 1 MB bundle for export names first, and ts-morph
// would load its own 3 MB helper library; together 0.15 s of every run's start-up.
"use strict";
const { createRequire } = require("node:module");
const { requireWithCodeCache } = require("./code-cache.cjs");

function bundledCompiler() {
  try {
    // Where ts-morph's helper library keeps the compiler it re-exports as `ts`.
    const fromTsMorph = createRequire(require.resolve("ts-morph"));
    const file = fromTsMorph.resolve("@ts-morph/common/dist/typescript.js");
    const { version } = fromTsMorph("@ts-morph/common/package.json");
    return requireWithCodeCache(file, version);
  } catch {
    return require("ts-morph").ts;
  }
}

exports.ts = bundledCompiler();
