/**
 * `hasPollAdminAccess(pollId)` (which reads the poll with `deleted: false`), then `poll.update({ where: { id: pollId } })`:
 * a read by the same key that already left deleted rows out came first, in this function or in a function it
 * called with that key, so the row is live. Asked of a read or write that does not filter itself.
 */
import { isIgnored } from "../../src/engine/analysis.js";
import { findCallers } from "../../src/engine/callers.js";
import { callsStartingIn } from "../../src/engine/file-index.js";
import { isReadOperation, type QuerySite } from "../../src/engine/query-sites.js";
import { querySiteOf, querySitesWithin, type AnalysisContext } from "../../src/engine/rule.js";
import { skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { derivesFrom, keyNames, resultVariable, sameKey, whereExpression, type KeyName } from "../utils/soft-delete-rows.js";

/** `filtered`: whether a query leaves deleted rows out (by its `where`, or through a client that filters centrally). */
export function isFilteredBefore(site: QuerySite, analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  const target: Target = { call: site.call, model: site.model, single: isSingleRow(site) };
  const keys = keyNames(whereExpression(site));
  return keysFilteredBefore(target, keys, analysis, filtered) || keysFilteredInCallers(target, keys, analysis, filtered, 0);
}

/** The query a filtered read must come before: where it is, its model, and whether it selects one row. */
interface Target {
  call: ts.Node;
  model: QuerySite["model"];
  single: boolean;
}

function keysFilteredBefore(target: Target, keys: readonly KeyName[], analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  if (keys.length === 0) return false;
  const sourceFile = target.call.getSourceFile();
  for (let fn = enclosingBody(target.call); fn; fn = enclosingBody(fn)) {
    for (const call of callsStartingIn(sourceFile, fn.pos, target.call.pos)) {
      if (call.end > target.call.pos) continue;
      const earlier = querySiteOf(call, analysis);
      if (earlier ? guards(earlier, target, keys, filtered) : callGuards(call, target, keys, analysis, filtered)) return true;
    }
  }
  return false;
}

/**
 * `export async function publish(trackGroupId: number) { await prisma.trackGroup.update({ where: { id: trackGroupId } … }) }`
 * whose every caller passes the id of a row it read with the filter just before (`publish(album.id)` after a
 * filtered `findFirst`): the row is live. Two levels of callers (a caller may hand on a key its own callers gave it); a function nobody in the project calls is not exempt.
 */
function keysFilteredInCallers(target: Target, keys: readonly KeyName[], analysis: AnalysisContext, filtered: (site: QuerySite) => boolean, depth: number): boolean {
  if (!target.single || keys.length === 0) return false;
  const fn = parameterOwner(target.call, keys);
  if (!fn) return false;
  const indexes = keys.map((key) => fn.parameters.findIndex((parameter) => parameter === key.declaration));
  if (indexes.some((index) => index < 0)) return false;
  // tests, seeds and scripts (the files the config ignores) are no callers that count
  const callers = findCallers(analysis.project, fn).filter((call) => !isIgnored(analysis, call.getSourceFile().fileName));
  return (
    callers.length > 0 &&
    callers.every((call) => {
      const passed = keys.flatMap((key, position) => {
        const argument = call.arguments[indexes[position]];
        if (!argument) return [];
        const names = keyNames(argument);
        // `publish(album)` with a key `album.id` inside: the caller's name, with the same properties
        return key.path === "" ? names : names.map((name) => ({ declaration: name.declaration, path: name.path ? `${name.path}.${key.path}` : key.path }));
      });
      if (passed.length === 0) return false;
      const at: Target = { call, model: target.model, single: true };
      // a caller that hands on keys its own callers gave it: asked of those callers, one level more
      return keysFilteredBefore(at, passed, analysis, filtered) || (depth < MAX_CALLER_DEPTH && keysFilteredInCallers(at, passed, analysis, filtered, depth + 1));
    })
  );
}

/**
 * The function whose parameters the keys are: the query's own, or one around the function expressions it is
 * written in. A callback run in place (`prisma.$transaction(async (tx) => tx.album.update({ where: { id } }))`) or
 * kept for later (`persistProductKey: (key) => prisma.merch.update({ where: { id: merch.id } … })`) closes over the
 * outer parameter: its key is the value the outer function's callers passed, whenever it runs.
 */
function parameterOwner(node: ts.Node, keys: readonly KeyName[]): ts.FunctionLikeDeclaration | undefined {
  for (let fn = enclosingBody(node); fn; fn = enclosingBody(fn)) {
    if (keys.every((key) => fn.parameters.some((parameter) => parameter === key.declaration))) return fn;
    // a function declared by name (a method, a handler) is its own entry point: its closure ends the walk
    if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  }
  return undefined;
}

/** how many levels of callers hand the key on before one must have read it with the filter */
const MAX_CALLER_DEPTH = 1;

function enclosingBody(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) && "body" in current && current.body) return current;
  }
  return undefined;
}

/** An earlier filtered query of the model whose rows the later one's keys select: the same keys, or its result. */
function guards(earlier: QuerySite, site: Target, keys: readonly KeyName[], filtered: (site: QuerySite) => boolean): boolean {
  if (earlier.model !== site.model) return false;
  const result = resultVariable(earlier.call);
  // Keyed by the rows an earlier read returned: that read chose them, and its filter (or the finding for
  // its missing one) decides their deletion state. One problem, one finding.
  const fromResult = (key: KeyName) => (!!result && isFrom(key, result)) || isBoundFrom(key, earlier.call);
  if (isReadOperation(earlier.operation) && keys.every(fromResult)) return true;
  if (!filtered(earlier)) return false;
  const earlierKeys = keyNames(whereExpression(earlier));
  return keys.every((key) => fromResult(key) || (site.single && earlierKeys.some((candidate) => sameKey(candidate, key))));
}

/** A call of a function that runs such a filtered query on its parameters, passed the same keys. */
function callGuards(call: ts.CallExpression, site: Target, keys: readonly KeyName[], analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  if (!site.single) return false;
  const callee = analysis.evaluator.evaluate(call.expression);
  if (callee.kind !== "function" || !callee.node.body) return false;
  const fn = callee.node;
  const result = resultVariable(call);
  const inner = querySitesWithin(fn, analysis);
  return inner.some((candidate) => {
    if (candidate.model !== site.model || !filtered(candidate)) return false;
    // the caller's names for the parameters the filtered query is keyed by
    const passed = keyNames(whereExpression(candidate)).flatMap((key) => {
      const index = fn.parameters.findIndex((parameter) => parameter === key.declaration);
      const argument = index >= 0 && key.path === "" ? call.arguments[index] : undefined;
      return argument ? keyNames(argument) : [];
    });
    // each key is one the function was given, or read from the row it returned
    return keys.every((key) => passed.some((candidateKey) => sameKey(candidateKey, key)) || (!!result && isFrom(key, result)) || isBoundFrom(key, call));
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

/**
 * A name destructured from the call's result: `const { user } = await findOrCreateUser(email)`, or the element of
 * `const [artist, subscription] = await Promise.all([…, prisma.subscription.findFirst(…)])` (or `$transaction([…])`)
 * at the call's place, a branch of `userId ? prisma.x.findFirst(…) : null` there included.
 */
function isBoundFrom(key: KeyName, call: ts.CallExpression): boolean {
  const binding = key.declaration;
  if (!ts.isBindingElement(binding)) return false;
  const pattern = binding.parent;
  const declaration = pattern.parent;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const value = unwrap(declaration.initializer);
  if (ts.isObjectBindingPattern(pattern)) return value === call;
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression) || !LIST_RUNNERS.has(value.expression.name.text)) return false;
  const list = value.arguments[0] && unwrap(value.arguments[0]);
  const index = pattern.elements.indexOf(binding);
  const element = list && ts.isArrayLiteralExpression(list) ? list.elements[index] : undefined;
  if (!element) return false;
  const inPlace = unwrap(element);
  return inPlace === call || (ts.isConditionalExpression(inPlace) && (unwrap(inPlace.whenTrue) === call || unwrap(inPlace.whenFalse) === call));
}

/** Calls that resolve to the list of their array's results, in order. */
const LIST_RUNNERS: ReadonlySet<string> = new Set(["all", "$transaction"]);

function unwrap(expression: ts.Expression): ts.Expression {
  let current = skipOuterExpressions(expression);
  while (ts.isAwaitExpression(current)) current = skipOuterExpressions(current.expression);
  return current;
}
