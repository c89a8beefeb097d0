/**
 * Which code runs only for administrators. An admin may see deleted rows, list a whole table, send a form the
 * schema does not validate, or grant one row per user in a loop: several rules call such code a false positive,
 * so the fact is answered here once. Only positive evidence counts; without it the code is a request path for
 * everyone:
 *
 * - the code is inside `if (user.isAdmin) { … }`, or after an admin check on the identity that stops otherwise
 *   (`if (!req.user.isAdmin) throw …`, `if (!guardAdmin(req, res)) return`, `await requireAdmin(req.user)`);
 * - its function is registered, wherever it is registered, behind an admin gate: middleware named in
 *   `ownership.adminMiddleware` or like one (`requireAdmin`, `isAdmin`, `adminOnly`), or a gate given the admin
 *   role (`userHasPermission("admin")` in `{ GET: [userAuthenticated, userHasPermission("admin"), GET] }`,
 *   `auth(Role.ADMIN)`);
 * - it is a callback of a call that is admin-only (`prisma.$transaction(async (tx) => …)`), or every caller of
 *   its function is admin-only (followed a few levels up the call chain).
 *
 * A check given a request value (`assertAdmin(req.params.workspaceId, …)`) or a tenant's role (`isAdmin(ctx.workspaceRole)`,
 * `membership.role === "ADMIN"`) is a tenant's admin, not the site's: any user can make a workspace and be its admin.
 */
import { isIgnored } from "../engine/analysis.js";
import { findCallers } from "../engine/callers.js";
import type { MemoEntry } from "../engine/dependencies.js";
import { kindSet } from "../engine/file-index.js";
import type { AnalysisContext } from "../engine/rule.js";
import { alwaysExits, calleeName, enclosingFunction, skipOuterExpressions } from "../engine/scope.js";
import { callTaking, skipParentExpressions, someNodeBefore } from "../engine/function-scan.js";
import { isEqualityOperator, ts } from "../engine/ts.js";
import type { AbsValue } from "../engine/values.js";
import { originOf, sourcePatterns } from "../../rules/utils/owner.js";
import { middlewareChains, middlewareName } from "./route-chain.js";
import type { MiddlewareRef } from "../frameworks/route.js";
import { frameworkAdminCheck } from "../frameworks/index.js";
import { trpcProcedureMiddleware } from "../frameworks/trpc/index.js";

/** Whether an expression carries the caller's input (a request value); an admin check given one is a tenant's. */
export type ReadsRequest = (expression: ts.Expression) => boolean;

/** Middleware named as an admin gate: `requireAdmin`, `isAdmin`, `adminOnly`, `ensureSuperAdmin`. */
const ADMIN_NAME = /^(?:require|is|ensure|check|verify|assert|only|must|guard)?_?(?:super|platform|site|global)?_?admin(?:s)?(?:_?(?:only|required|guard|middleware|auth))?$/i;
const ADMIN_ROLE = /^(?:super_?)?admin$/i;
const IS_ADMIN = /^(?:is|has)_?(?:super|platform|site|global)?_?admin$/i;
/** Calls that check the caller is an administrator: `guardAdmin(req, res)`, `isFocuraAdmin(id)`, `requireAdmin(user)`, `assertSuperAdmin()`. */
const ADMIN_CHECK_CALL = /^(?:require|is|ensure|check|verify|assert|guard)\w*Admin$/i;
const ADMIN_GATES = kindSet(ts.SyntaxKind.CallExpression, ts.SyntaxKind.IfStatement);
/** The request objects read when the caller names none: the defaults of `require-owner-scope`'s `requestSources`. */
const REQUEST_SOURCES = ["req.params", "req.query", "req.body", "req.headers", "req.cookies"];
/** Words of a tenant's role: a workspace's, an organisation's, a team's admin is no site administrator. */
const TENANT = /workspace|organi[sz]ation|\borg(?:s|Id)?\b|team|tenant|project|member|group|guild|company/i;
/** How far up the call chain the admin gate is looked for: route → service → helper. */
const MAX_DEPTH = 3;

/** A middleware that lets only administrators through: named like one (or in `ownership.adminMiddleware`), or given the admin role. */
export function isAdminMiddleware(middleware: ts.Expression, analysis: AnalysisContext): boolean {
  const name = middlewareName(middleware);
  if (analysis.config.ownership.adminMiddleware.includes(name) || ADMIN_NAME.test(name.replace(/^.*\./, ""))) return true;
  // A check its framework knows admits administrators only (a NestJS `AdminGuard`, a `canActivate` returning `user.isAdmin`).
  if (frameworkAdminCheck(middleware, analysis, readsRequestPart)) return true;
  const call = skipOuterExpressions(middleware);
  // `userHasPermission("admin")`, `@Roles(Role.ADMIN)` (the metadata a NestJS roles guard reads), `auth(Role.ADMIN)`, `requireRole(["admin"])`: a gate given the admin role.
  if (ts.isCallExpression(call)) return call.arguments.some((argument) => ADMIN_ROLE.test(argument.getText().replace(/["'`\s[\]]/g, "").replace(/^.*\./, "")));
  // A hook written in place or named, that stops unless the caller is an administrator: `if (!request.user.isAdmin) return reply.code(403).send()`.
  const value = analysis.evaluator.evaluate(call);
  return value.kind === "function" && stopsUnlessAdmin(value.node);
}

/** A function whose body, at its top level, stops unless the caller is an administrator (a check on the identity, not on the request). */
function stopsUnlessAdmin(fn: ts.Node): boolean {
  if (!ts.isFunctionLike(fn) || !("body" in fn) || !fn.body || !ts.isBlock(fn.body)) return false;
  return fn.body.statements.some((statement) => ts.isIfStatement(statement) && alwaysExits(statement.thenStatement) && isAdminTest(statement.expression, true, readsRequestPart));
}

/** Read from the request or a tenant, not from the caller: a hook's `request.params.role`, a `workspace.admin`. */
const readsRequestPart: ReadsRequest = (expression) => TENANT.test(expression.getText()) || /\.(?:params|query|body|headers)\b/.test(expression.getText());

/**
 * A tRPC procedure's middleware that lets only administrators through: named like an admin gate (`isAdmin`,
 * or in `ownership.adminMiddleware`), or checking the caller's role before `next()` and throwing otherwise.
 */
export function isProcedureAdminGate(middleware: MiddlewareRef, analysis: AnalysisContext, readsRequest: ReadsRequest): boolean {
  return analysis.config.ownership.adminMiddleware.includes(middleware.name) || ADMIN_NAME.test(middleware.name) || frameworkAdminCheck(middleware.node, analysis, readsRequest);
}

/**
 * Only an administrator gets to `position`, as its own function shows: an admin check on the identity before it
 * that stops otherwise, or `position` inside `if (user.isAdmin) { … }`.
 */
export function adminOnlyAt(position: ts.Node, readsRequest: ReadsRequest): boolean {
  for (let node: ts.Node = position; node.parent && !ts.isFunctionLike(node.parent); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && isAdminTest(parent.expression, false, readsRequest)) return true;
  }
  return someNodeBefore(position, ADMIN_GATES, (node) => {
    if (ts.isIfStatement(node)) return alwaysExits(node.thenStatement) && isAdminTest(node.expression, true, readsRequest);
    const call = node as ts.CallExpression;
    return ts.isExpressionStatement(skipParentExpressions(call)) && isAdminCall(call, readsRequest);
  });
}

/**
 * Whether the code at `node` runs only for administrators, on every path the program shows into it. With
 * `declaredOnly`, only an admin gate the route declares in its middleware counts, not a check inside the handler
 * (for a rule that trusts what a route declares, as it trusts the validation a route declares).
 */
export function runsOnlyForAdmins(analysis: AnalysisContext, node: ts.Node, { declaredOnly = false } = {}): boolean {
  return new AdminPaths(analysis, declaredOnly).at(node, 0, new Set());
}

const verdictStores = new WeakMap<AnalysisContext, WeakMap<ts.Node, MemoEntry<boolean>>>();
const declaredStores = new WeakMap<AnalysisContext, WeakMap<ts.Node, MemoEntry<boolean>>>();

class AdminPaths {
  private readonly readsRequest: ReadsRequest;

  constructor(
    private readonly analysis: AnalysisContext,
    private readonly declaredOnly: boolean,
  ) {
    const patterns = sourcePatterns(analysis.config.ownership.identitySources, REQUEST_SOURCES);
    const evaluate = (expression: ts.Expression) => analysis.evaluator.evaluate(expression);
    // A check on a tenant's role (`isAdmin(ctx.workspaceRole)`, `membership.role === "ADMIN"`) is that tenant's admin, whom any user can be.
    // So is a flag computed from one (`const isAdmin = access.isAdmin(member.role)` handed on as a parameter).
    this.readsRequest = (expression) =>
      TENANT.test(expression.getText()) ||
      optionsOf(evaluate(expression)).some((value) => originOf(value, patterns, evaluate).origin === "request" || (value.kind === "unknown" && !!value.node && TENANT.test(value.node.getText())));
  }

  at(position: ts.Node, depth: number, visiting: Set<ts.Node>): boolean {
    if (!this.declaredOnly && adminOnlyAt(position, this.readsRequest)) return true;
    const fn = enclosingFunction(position);
    if (!fn || depth > MAX_DEPTH || visiting.has(fn)) return false;
    const stores = this.declaredOnly ? declaredStores : verdictStores;
    let store = stores.get(this.analysis);
    if (!store) stores.set(this.analysis, (store = new WeakMap()));
    return this.analysis.project.dependencies.memo(store, fn, () => {
      visiting.add(fn);
      try {
        return this.decide(fn, depth, visiting);
      } finally {
        visiting.delete(fn);
      }
    });
  }

  private decide(fn: ts.SignatureDeclaration, depth: number, visiting: Set<ts.Node>): boolean {
    // Registered as a route's handler: admin-only when every registration puts an admin gate before it.
    const chains = middlewareChains(fn, this.analysis);
    if (chains.length > 0) return chains.every((chain) => chain.some((middleware) => isAdminMiddleware(middleware, this.analysis)));
    // A tRPC resolver: admin-only when its procedure's middleware is an admin gate (`adminProcedure`).
    const procedure = trpcProcedureMiddleware(fn, this.analysis.project);
    if (procedure) return procedure.some((middleware) => isProcedureAdminGate(middleware, this.analysis, this.readsRequest));
    // `prisma.$transaction(async (tx) => …)`, `users.map((id) => …)`: a callback runs where the call that takes it runs.
    const around = callTaking(fn);
    if (around) return this.at(around, depth + 1, visiting);
    // A test calling the function says nothing of who else runs it.
    const callers = findCallers(this.analysis.project, fn).filter((call) => !isIgnored(this.analysis, call.getSourceFile().fileName));
    return callers.length > 0 && callers.every((call) => this.at(call, depth + 1, visiting));
  }
}

/** `user.isAdmin`, `req.user.role === "ADMIN"`, `isFocuraAdmin(req.user.id)` (negated when `negated`), read from the identity, not the request. */
function isAdminTest(condition: ts.Expression, negated: boolean, readsRequest: ReadsRequest): boolean {
  const inner = skipOuterExpressions(condition);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === (negated ? ts.SyntaxKind.BarBarToken : ts.SyntaxKind.AmpersandAmpersandToken)) {
    return isAdminTest(inner.left, negated, readsRequest) || isAdminTest(inner.right, negated, readsRequest);
  }
  // `if (req.user?.id !== INIT_ADMIN_USER_ID && !env.isDev) return …`: refused unless the caller is the admin, or the
  // instance runs in development (a setting of the deployment, not of the request).
  if (negated && ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return (isAdminTest(inner.left, true, readsRequest) && isDeploymentFlag(inner.right, readsRequest)) || (isDeploymentFlag(inner.left, readsRequest) && isAdminTest(inner.right, true, readsRequest));
  }
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) return negated && isAdminTest(inner.operand, false, readsRequest);
  if (ts.isBinaryExpression(inner) && isEqualityOperator(inner.operatorToken.kind)) {
    const differs = inner.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || inner.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
    if (differs !== negated || readsRequest(inner)) return false;
    return ADMIN_ROLE.test(inner.getText().replace(/["'`\s]/g, "").replace(/^.*[.=]/, "")) || isAdminIdentityComparison(inner);
  }
  if (negated) return false;
  if (ts.isCallExpression(inner)) return isAdminCall(inner, readsRequest);
  return (ts.isPropertyAccessExpression(inner) || ts.isIdentifier(inner)) && IS_ADMIN.test(inner.getText().replace(/^.*\./, "")) && !readsRequest(inner);
}

/**
 * `req.user.id === INIT_ADMIN_USER_ID`, `user.email === ADMIN_EMAIL`: the caller's identity compared with the one identity
 * the code names as the administrator (a constant, the instance's first user), not with a value of the request.
 */
function isAdminIdentityComparison(comparison: ts.BinaryExpression): boolean {
  const sides = [comparison.left, comparison.right].map(skipOuterExpressions);
  const identity = (side: ts.Expression) => CALLER_IDENTITY.test(side.getText().replace(/\?\./g, ".").replace(/!/g, ""));
  const adminConstant = (side: ts.Expression) => (ts.isIdentifier(side) || ts.isPropertyAccessExpression(side)) && ADMIN_IDENTITY.test(side.getText().replace(/^.*\./, ""));
  return (identity(sides[0]) && adminConstant(sides[1])) || (identity(sides[1]) && adminConstant(sides[0]));
}

/** `env.isDev`, `!config.debug`, `process.env.NODE_ENV === "development"`: a setting of the deployment, read from no request. */
function isDeploymentFlag(expression: ts.Expression, readsRequest: ReadsRequest): boolean {
  return DEPLOYMENT_FLAG.test(expression.getText()) && !readsRequest(expression) && !CALLER_IDENTITY.test(expression.getText());
}

/** The caller's identity as code reads it: `req.user.id`, `ctx.user.email`, `session.user.id`, `currentUser.id`. */
const CALLER_IDENTITY = /(?:^|\.)(?:user|currentUser|sessionUser|authUser|me|caller)\.(?:id|userId|email)$/i;
/** Constants naming the administrator: `INIT_ADMIN_USER_ID`, `ADMIN_EMAIL`, `rootAdminId`. */
const ADMIN_IDENTITY = /^(?:\w*_)?ADMIN(?:_\w*)?$|^\w*Admin(?:User)?(?:Id|Email)$/;
const DEPLOYMENT_FLAG = /^!?\s*(?:process\.env\b|env\.|config\.)|\bis(?:Dev|Development|Test|Debug)\b/;

/** `guardAdmin(req, res)`, `requireAdmin(req.user)`: a call named like an admin check given no request value. */
function isAdminCall(call: ts.CallExpression, readsRequest: ReadsRequest): boolean {
  return ADMIN_CHECK_CALL.test(calleeName(call)) && !call.arguments.some((argument) => readsRequest(argument));
}




function optionsOf(value: AbsValue): AbsValue[] {
  return value.kind === "oneOf" ? value.options : [value];
}
