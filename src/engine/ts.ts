/** The engine walks TypeScript's own AST with the compiler that ts-morph bundles, so ESLint's parser output and the CLI's parse are the same kind of node. */
export { ts } from "ts-morph";
