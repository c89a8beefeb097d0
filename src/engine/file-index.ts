import { ts } from "./ts.js";

/**
 * What rules look for in every file, found in one walk of a parse and shared: the calls (query
 * sites, route registrations, calls that pass values on) and the functions with a body. Walking
 * all 1.7 million nodes of a 1000-module project costs as much as a cheap rule's own work, so
 * rules read these lists instead of walking the tree themselves.
 */
export interface FileIndex {
  /** every call, in source order with an outer call before the calls inside it */
  calls: readonly ts.CallExpression[];
  /** every call and tagged template (`` prisma.$queryRaw`…` ``) with the expression it calls, in the same order */
  invocations: readonly Invocation[];
  /** every function, method, accessor or constructor with a body, an outer one before those inside it */
  functions: readonly (ts.FunctionLikeDeclaration & { body: ts.ConciseBody })[];
}

export interface Invocation {
  node: ts.CallExpression | ts.TaggedTemplateExpression;
  /** the call's expression, or the template's tag */
  callee: ts.Expression;
}

const byParse = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndexOf(sourceFile: ts.SourceFile): FileIndex {
  return byParse.get(sourceFile) ?? buildIndex(sourceFile, false);
}

/**
 * Indexes a parse made without parent links (`setParentNodes: false`) and links each node to its
 * parent in the same walk: TypeScript's own linking is a second walk of every node, as costly as
 * the index's. Only the engine's parses come here; ESLint's parser links its own.
 */
export function indexAndLinkParents(sourceFile: ts.SourceFile): void {
  buildIndex(sourceFile, true);
}

function buildIndex(sourceFile: ts.SourceFile, linkParents: boolean): FileIndex {
  const calls: ts.CallExpression[] = [];
  const invocations: Invocation[] = [];
  const functions: (ts.FunctionLikeDeclaration & { body: ts.ConciseBody })[] = [];
  let parent: ts.Node = sourceFile;
  const visit = (node: ts.Node): void => {
    if (linkParents) (node as { parent: ts.Node }).parent = parent;
    if (node.kind === ts.SyntaxKind.CallExpression) {
      calls.push(node as ts.CallExpression);
      invocations.push({ node: node as ts.CallExpression, callee: (node as ts.CallExpression).expression });
    } else if (node.kind === ts.SyntaxKind.TaggedTemplateExpression) {
      invocations.push({ node: node as ts.TaggedTemplateExpression, callee: (node as ts.TaggedTemplateExpression).tag });
    } else if (ts.isFunctionLike(node) && "body" in node && node.body) functions.push(node as ts.FunctionLikeDeclaration & { body: ts.ConciseBody });
    const outer = parent;
    parent = node;
    ts.forEachChild(node, visit);
    parent = outer;
  };
  ts.forEachChild(sourceFile, visit);
  const index: FileIndex = { calls, invocations, functions };
  byParse.set(sourceFile, index);
  return index;
}
