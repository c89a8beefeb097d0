/** The engine walks TypeScript's own AST with the compiler that ts-morph bundles (see `typescript.cjs`). */
export { ts } from "./typescript.cjs";
