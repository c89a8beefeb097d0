/**
 * `PUT: [userAuthenticated, merchBelongsToLoggedInUser, PUT]`, where the guard loads the merch of
 * `req.params.merchId` with the soft-delete filter (itself, or through `doesMerchBelongToUser(merchId, user)`),
 * then `prisma.merch.update({ where: { id: req.params.merchId } })` in the handler: the route's guard middleware
 * already read the same row with the filter, on every route the handler is registered on. The route-chain form of
 * a filtered read by the same key before the query.
 */
import { querySitesWithin, type AnalysisContext } from "../../src/engine/rule.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { enclosingFunction } from "../../src/engine/scope.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";
import { middlewareChains } from "../../src/analysis/route-chain.js";
import { originOf, sourcePatterns, type OriginPatterns } from "../utils/owner.js";
import { keyNames, whereExpression } from "../utils/soft-delete-rows.js";

const REQUEST_SOURCES = ["req.params", "req.query", "req.body", "req.headers", "req.cookies"];
const CALLS = kindSet(ts.SyntaxKind.CallExpression);

type Evaluate = (expression: ts.Expression) => AbsValue;

/** `filtered`: whether a query leaves deleted rows out (by its `where`, or through a client that filters centrally). */
export function isLoadedByRouteGuard(site: QuerySite, args: AbsValue, analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  if (site.model.idFields.length !== 1) return false;
  const handler = enclosingFunction(site.call);
  if (!handler) return false;
  const chains = middlewareChains(handler);
  if (chains.length === 0) return false;
  const evaluate: Evaluate = (expression) => analysis.evaluator.evaluate(expression);
  const patterns = sourcePatterns(analysis.config.ownership.identitySources, REQUEST_SOURCES);
  const source = requestSource(propertyOf(propertyOf(args, "where"), site.model.idFields[0]), patterns, evaluate);
  if (!source) return false;
  return chains.every((chain) =>
    chain.some((middleware) => {
      const value = evaluate(middleware);
      const functions = (value.kind === "oneOf" ? value.options : [value]).filter((option) => option.kind === "function");
      return functions.length > 0 && functions.every((option) => option.kind === "function" && loadsRow(option.node, site.model, source, analysis, filtered, patterns, evaluate));
    }),
  );
}

/** The request value (`req.params.merchId`) a key holds on every path, through conversions (`Number(…)`). */
function requestSource(value: AbsValue, patterns: OriginPatterns, evaluate: Evaluate): string | undefined {
  const inner = value.kind === "object" && value.props.has("equals") ? value.props.get("equals")!.value : value;
  const options = inner.kind === "oneOf" ? inner.options : [inner];
  if (options.length === 0 || options.some((option) => option.kind !== "unknown")) return undefined;
  const { origin, source } = originOf(inner, patterns, evaluate);
  return origin === "request" ? source : undefined;
}

/**
 * The guard reads the row of `model` whose id is the request value `source` with the filter: each of its own
 * queries of the model keyed by it, or each query of a function it calls with that value keyed by the parameter
 * given it (one level), is filtered, and there is at least one.
 */
function loadsRow(
  guard: ts.FunctionLikeDeclaration,
  model: QuerySite["model"],
  source: string,
  analysis: AnalysisContext,
  filtered: (site: QuerySite) => boolean,
  patterns: OriginPatterns,
  evaluate: Evaluate,
): boolean {
  if (!guard.body) return false;
  const own = querySitesWithin(guard, analysis).filter((candidate) => candidate.model === model);
  const keyed = own.filter((candidate) => {
    const args = analysis.evaluator.evaluate(candidate.args);
    return requestSource(propertyOf(propertyOf(args, "where"), model.idFields[0]), patterns, evaluate) === source;
  });
  if (keyed.length > 0) return keyed.every(filtered);
  let loads = false;
  forEachDescendant(
    guard.body,
    (node) => {
      const call = node as ts.CallExpression;
      const index = call.arguments.findIndex((argument) => requestSource(evaluate(argument), patterns, evaluate) === source);
      if (index < 0) return undefined;
      const callee = evaluate(call.expression);
      if (callee.kind !== "function" || !callee.node.body) return undefined;
      const fn = callee.node;
      const parameter = fn.parameters[index];
      const inner = querySitesWithin(fn, analysis).filter(
        (candidate) => candidate.model === model && keyNames(whereExpression(candidate)).some((key) => key.declaration === parameter && key.path === ""),
      );
      if (parameter && inner.length > 0 && inner.every(filtered)) {
        loads = true;
        return "stop";
      }
      return undefined;
    },
    CALLS,
  );
  return loads;
}
