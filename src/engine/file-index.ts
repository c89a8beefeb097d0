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
  /** every tagged template (`` prisma.$queryRaw`…` ``), in the same order */
  taggedTemplates: readonly ts.TaggedTemplateExpression[];
  /** every function, method, accessor or constructor with a body, an outer one before those inside it */
  functions: readonly (ts.FunctionLikeDeclaration & { body: ts.ConciseBody })[];
}

const byParse = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndexOf(sourceFile: ts.SourceFile): FileIndex {
  let index = byParse.get(sourceFile);
  if (index) return index;
  const calls: ts.CallExpression[] = [];
  const taggedTemplates: ts.TaggedTemplateExpression[] = [];
  const functions: (ts.FunctionLikeDeclaration & { body: ts.ConciseBody })[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.CallExpression) calls.push(node as ts.CallExpression);
    else if (node.kind === ts.SyntaxKind.TaggedTemplateExpression) taggedTemplates.push(node as ts.TaggedTemplateExpression);
    else if (ts.isFunctionLike(node) && "body" in node && node.body) functions.push(node as ts.FunctionLikeDeclaration & { body: ts.ConciseBody });
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  byParse.set(sourceFile, (index = { calls, taggedTemplates, functions }));
  return index;
}
