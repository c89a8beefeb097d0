// `node --require ./typescript-alias.cjs`: in this process the package `typescript` is the one that
// BC_TYPESCRIPT names: an npm alias installed as a devDependency (`typescript-4.9`), or the folder of
// a typescript package elsewhere. Every module that asks gets it: typescript-eslint's parser, the
// engine, ESLint; one process, one TypeScript, as in a user's project that has that version installed.
"use strict";
const Module = require("node:module");

const alias = process.env.BC_TYPESCRIPT;
if (alias && alias !== "typescript") {
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    if (request === "typescript" || request.startsWith("typescript/")) request = alias + request.slice("typescript".length);
    return resolveFilename.call(this, request, ...rest);
  };
}
