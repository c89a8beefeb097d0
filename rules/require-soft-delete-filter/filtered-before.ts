/**
 * `hasPollAdminAccess(pollId)` (which reads the poll with `deleted: false`), then `poll.update({ where: { id: pollId } })`:
 * a read by the same key that already left deleted rows out came first, in this function or in a function it
 * called with that key, so the row is live. Asked of a read or write that does not filter itself.
 */
import { fileIndexOf } from "../../src/engine/file-index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../../src/engine/rule.js";
import { skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { derivesFrom, keyNames, resultVariable, sameKey, sitesWithin, whereExpression, type KeyName } from "../utils/soft-delete-rows.js";

/** `filtered`: whether a query leaves deleted rows out (by its `where`, or through a client that filters centrally). */
export function isFilteredBefore(site: QuerySite, analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  const keys = keyNames(whereExpression(site));
  if (keys.length === 0) return false;
  const { calls } = fileIndexOf(site.call.getSourceFile());
  const sites = new Map(querySitesOf(site.call.getSourceFile(), analysis).map((other) => [other.call, other]));
  for (let fn = enclosingBody(site.call); fn; fn = enclosingBody(fn)) {
    for (const call of calls) {
      if (call.pos < fn.pos || call.end > site.call.pos) continue;
      const earlier = sites.get(call);
      if (earlier ? guards(earlier, site, keys, filtered) : callGuards(call, site, keys, analysis, filtered)) return true;
    }
  }
  return false;
}

function enclosingBody(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) && "body" in current && current.body) return current;
  }
  return undefined;
}

/** An earlier filtered query of the model whose rows the later one's keys select: the same keys, or its result. */
function guards(earlier: QuerySite, site: QuerySite, keys: readonly KeyName[], filtered: (site: QuerySite) => boolean): boolean {
  if (earlier.model !== site.model || !filtered(earlier)) return false;
  const result = resultVariable(earlier.call);
  const earlierKeys = keyNames(whereExpression(earlier));
  return keys.every((key) => (!!result && isFrom(key, result)) || (isSingleRow(site) && earlierKeys.some((candidate) => sameKey(candidate, key))));
}

/** A call of a function that runs such a filtered query on its parameters, passed the same keys. */
function callGuards(call: ts.CallExpression, site: QuerySite, keys: readonly KeyName[], analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  if (!isSingleRow(site)) return false;
  const callee = analysis.evaluator.evaluate(call.expression);
  if (callee.kind !== "function" || !callee.node.body) return false;
  const fn = callee.node;
  const result = resultVariable(call);
  const inner = sitesWithin(querySitesOf(fn.getSourceFile(), analysis), fn);
  return inner.some((candidate) => {
    if (candidate.model !== site.model || !filtered(candidate)) return false;
    // the caller's names for the parameters the filtered query is keyed by
    const passed = keyNames(whereExpression(candidate)).flatMap((key) => {
      const index = fn.parameters.findIndex((parameter) => parameter === key.declaration);
      const argument = index >= 0 && key.path === "" ? call.arguments[index] : undefined;
      return argument ? keyNames(argument) : [];
    });
    // each key is one the function was given, or read from the row it returned
    return keys.every((key) => passed.some((candidateKey) => sameKey(candidateKey, key)) || (!!result && isFrom(key, result)));
  });
}

/**
 * A query of one row, which a key the earlier read checked selects: a `count` or `findMany` by the same
 * `where` still counts or lists the other, deleted rows.
 */
function isSingleRow(site: QuerySite): boolean {
  return SINGLE_ROW.has(site.operation);
}

const SINGLE_ROW: ReadonlySet<string> = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "update", "upsert"]);

/**
 * `poll.id` of the earlier result, a variable computed from it, or an element of it: the variable of
 * `for (const post of posts)`, the parameter of `posts.map((post) => …)`.
 */
function isFrom(key: KeyName, result: ts.VariableDeclaration): boolean {
  const declaration = key.declaration;
  if (declaration === result) return true;
  const scope = declaration.getSourceFile();
  if (ts.isVariableDeclaration(declaration)) {
    const loop = declaration.parent.parent;
    if (ts.isForOfStatement(loop)) return derivesFrom(loop.expression, result, scope);
    return derivesFrom(declaration.initializer, result, scope);
  }
  if (ts.isParameter(declaration)) {
    const callback = declaration.parent;
    const call = callback.parent;
    if (!ts.isCallExpression(call) || !call.arguments.includes(callback as ts.Expression)) return false;
    const callee = skipOuterExpressions(call.expression);
    return ts.isPropertyAccessExpression(callee) && ELEMENT_CALLBACKS.has(callee.name.text) && derivesFrom(callee.expression, result, scope);
  }
  return false;
}

/** Array methods whose callback is given the elements. */
const ELEMENT_CALLBACKS: ReadonlySet<string> = new Set(["map", "forEach", "flatMap", "filter", "find", "some", "every", "reduce"]);
