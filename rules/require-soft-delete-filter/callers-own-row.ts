/**
 * `prisma.user.update({ where: { id: req.user.id } })` (or `id: Number(req.params.userId)` after
 * `if (Number(req.params.userId) !== req.user.id) throw …`): a query of the identity model (`ownership.ownerModels`)
 * by the caller's own id, in a project whose authentication reads that identity with the soft-delete filter and
 * turns the request away when it finds none. A deleted user cannot be the caller, so the row is live.
 */
import { isIgnored } from "../../src/engine/analysis.js";
import { findCallers } from "../../src/engine/callers.js";
import type { MemoEntry } from "../../src/engine/dependencies.js";
import { forEachDescendant, isNestedScopeKind, SKIP_CHILDREN } from "../../src/engine/file-index.js";
import { isReadOperation, type QuerySite } from "../../src/engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../../src/engine/rule.js";
import { enclosingFunction } from "../../src/engine/scope.js";
import { isEqualityOperator, ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";
import { importsAuthenticationPackage } from "../../src/analysis/auth-middleware.js";
import { keyNames, whereExpression } from "../utils/soft-delete-rows.js";
import { isGuardedResult, originOf, resultVariable, sourcePatterns, type OriginPatterns } from "../utils/owner.js";

/** The request sources require-owner-scope reads by default: what the caller sends. */
const REQUEST_SOURCES = ["req.params", "req.query", "req.body", "req.headers", "req.cookies"];
const SINGLE_ROW: ReadonlySet<string> = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "update"]);

/** `filtered`: whether a query leaves deleted rows out (by its `where`, or through a client that filters centrally). */
export function isCallersOwnRow(site: QuerySite, args: AbsValue, analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  const { ownership } = analysis.config;
  if (!ownership.ownerModels.includes(site.model.name) || !SINGLE_ROW.has(site.operation)) return false;
  const keys = site.model.idFields.length === 1 ? [site.model.idFields[0], ...site.model.uniqueFields.filter((fields) => fields.length === 1).map(([field]) => field)] : [];
  const where = propertyOf(args, "where");
  const evaluate = (expression: ts.Expression) => analysis.evaluator.evaluate(expression);
  const patterns = sourcePatterns(ownership.identitySources, REQUEST_SOURCES);
  const isOwnId = (value: AbsValue, position: ts.Node) => {
    if (!isTraced(value)) return false;
    const { origin, source } = originOf(value, patterns, evaluate);
    if (origin === "identity") return true;
    return origin === "request" && source !== undefined && comparedWithIdentityBefore(position, source, patterns, evaluate);
  };
  const ownKey = (position: ts.Node) => keys.some((key) => isOwnId(unwrapEquals(propertyOf(where, key)), position));
  const byKey = keys.some((key) => isTraced(unwrapEquals(propertyOf(where, key))));
  const callersKey = ownKey(site.call) || (byKey && passedByEveryCaller(site, analysis, isOwnId));
  return callersKey && authenticationRejectsDeleted(analysis, filtered);
}

/**
 * `updateCurrencies(userId, …)` keyed by its parameter, whose every caller (one level; tests, seeds and scripts
 * are no callers) passes the caller's own id: `updateCurrencies(req.user.id, …)`.
 */
function passedByEveryCaller(site: QuerySite, analysis: AnalysisContext, isOwnId: (value: AbsValue, position: ts.Node) => boolean): boolean {
  const fn = enclosingFunction(site.call) as ts.FunctionLikeDeclaration | undefined;
  if (!fn?.body) return false;
  const names = keyNames(whereExpression(site));
  if (names.length !== 1 || names[0].path !== "") return false;
  const index = fn.parameters.findIndex((parameter) => parameter === names[0].declaration);
  if (index < 0) return false;
  const callers = findCallers(analysis.project, fn).filter((call) => !isIgnored(analysis, call.getSourceFile().fileName));
  return callers.length > 0 && callers.every((call) => !!call.arguments[index] && isOwnId(analysis.evaluator.evaluate(call.arguments[index]), call));
}

function unwrapEquals(value: AbsValue): AbsValue {
  return value.kind === "object" && value.props.has("equals") ? value.props.get("equals")!.value : value;
}

/** A value from somewhere (not a constant, not absent) on every path. */
function isTraced(value: AbsValue): boolean {
  const options = value.kind === "oneOf" ? value.options : [value];
  return options.length > 0 && options.every((option) => option.kind === "unknown");
}

/**
 * `if (Number(userId) !== Number(req.user.id)) throw …` (or `===` around the work) before `position` in its
 * function: the request key compared with the caller's (non-constant) identity.
 */
function comparedWithIdentityBefore(position: ts.Node, source: string, patterns: OriginPatterns, evaluate: (expression: ts.Expression) => AbsValue): boolean {
  const body = (enclosingFunction(position) as ts.FunctionLikeDeclaration | undefined)?.body;
  if (!body) return false;
  let found = false;
  forEachDescendant(body, (node) => {
    if (node.pos >= position.pos) return "stop";
    if (isNestedScopeKind(node.kind)) return SKIP_CHILDREN;
    if (!ts.isBinaryExpression(node) || !isEqualityOperator(node.operatorToken.kind) || node.end > position.pos) return undefined;
    const sides = [node.left, node.right].map((side) => {
      const value = evaluate(side);
      return { ...originOf(value, patterns, evaluate), traced: isTraced(value) };
    });
    if (sides.some((side) => side.origin === "request" && side.source === source) && sides.some((side) => side.origin === "identity" && side.traced)) {
      found = true;
      return "stop";
    }
    return undefined;
  });
  return found;
}


const stores = new WeakMap<AnalysisContext, MemoEntry<boolean>>();

/**
 * The project's authentication loads the identity with the soft-delete filter and stops when it finds none:
 * a single-row read of an identity model, filtered, followed by `if (!user) return done(null, false)` / `throw`,
 * in a file that uses an authentication package (passport, express-jwt, …). Once per analysis.
 */
function authenticationRejectsDeleted(analysis: AnalysisContext, filtered: (site: QuerySite) => boolean): boolean {
  const { project } = analysis;
  return project.dependencies.memo(stores, analysis, () => {
    const owners = new Set(analysis.config.ownership.ownerModels);
    for (const fileName of project.programFiles) {
      if (isIgnored(analysis, fileName)) continue;
      const sourceFile = project.getSourceFile(fileName);
      if (!sourceFile || !importsAuthenticationPackage(sourceFile)) continue;
      for (const site of querySitesOf(sourceFile, analysis)) {
        if (!owners.has(site.model.name) || !isReadOperation(site.operation) || !SINGLE_ROW.has(site.operation) || !filtered(site)) continue;
        const result = resultVariable(site.call);
        if (result && isGuardedResult(result)) return true;
      }
    }
    return false;
  });
}

