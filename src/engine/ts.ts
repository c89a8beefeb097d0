/**
 * The engine walks TypeScript's own AST: in an ESLint run with the project's `typescript`, the module
 * typescript-eslint's parser loaded, else with the compiler ts-morph bundles (see `typescript.cjs`).
 * That can be any TypeScript from 4.8.4 to 6.0: the code is typed against 6.0, and what older versions
 * lack is guarded where it is used, or here.
 */
import { ts } from "./typescript.cjs";

export { ts, typescriptChoice, SUPPORTED_TYPESCRIPT, isSupportedTypescript } from "./typescript.cjs";

/** `ts.isSatisfiesExpression`, also on TypeScript 4.8, which has neither that function nor the node (its kind is undefined there). */
export function isSatisfiesExpression(node: ts.Node): node is ts.SatisfiesExpression {
  return node.kind === ts.SyntaxKind.SatisfiesExpression;
}

const EQUALITY_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** `===`, `!==`, `==` or `!=`. */
export function isEqualityOperator(kind: ts.SyntaxKind): boolean {
  return EQUALITY_OPERATORS.has(kind);
}
