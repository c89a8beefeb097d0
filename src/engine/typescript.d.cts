// Typed as the compiler ts-morph bundles (6.0): the engine is written against it, and guards what older versions lack.
import type { ts } from "ts-morph";
export { ts } from "ts-morph";

/** Where the engine's `ts` came from: `parser`, the `typescript` typescript-eslint's parser loads; `bundled`, ts-morph's. */
export declare const typescriptChoice: {
  readonly source: "parser" | "bundled";
  /** the file the engine's `ts` was loaded from */
  readonly file: string;
  /** the version of the `typescript` typescript-eslint's parser loads; undefined when none was found */
  readonly parserVersion: string | undefined;
  readonly parserFile: string | undefined;
};
/** The TypeScript versions the engine runs on: at least `from`, below `below`. */
export declare const SUPPORTED_TYPESCRIPT: { readonly from: string; readonly below: string };
export declare function isSupportedTypescript(version: string): boolean;
/** The compiler the engine takes given the parser's TypeScript (exported for tests; the engine's choice is `typescriptChoice`). */
export declare function chooseCompiler(parser: { file: string; version: string } | undefined): { ts: typeof ts; file: string; source: "parser" | "bundled" };
