/**
 * Which code anonymous callers reach: the functions an endpoint runs when it lets a caller through without
 * credentials. Such an endpoint hands out what it reads to anyone (an article by its slug, a short link by its
 * code, a badge's count), so a project that serves a model there publishes it; and what it writes is written
 * for a caller with no identity (a tracking pixel, a form posted to a workspace).
 *
 * An endpoint is anonymous, on positive evidence only, when the endpoint inventory (`endpoints.ts`) knows it and:
 *
 * - no middleware of its chain (its own and those inherited from `use`) authenticates, or each one that does
 *   lets anonymous callers through: named so (`auth.optional`, `optionalAuth`), or made with express-jwt's
 *   `credentialsRequired: false` or passport's `"anonymous"` strategy;
 * - its handler does not check the caller itself: judged the way `auth-middleware.ts` judges a middleware (an
 *   identity set, a 401/403, an `Unauthorized`), counted only when the handler also reads an identity (a disabled
 *   short link's 403 is no authentication).
 *
 * Endpoints the inventory does not know (another framework, a router it cannot follow) are neither anonymous
 * nor authenticated: the question is not answered for the code only they reach.
 */
import { isIgnored } from "../engine/analysis.js";
import type { MemoEntry } from "../engine/dependencies.js";
import type { AnalysisContext } from "../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import { authenticates, authenticationOf } from "./auth-middleware.js";
import { CallGraph } from "./call-graph.js";
import { discoverProjectRoutes, listedAuthFor, type DiscoveredRoute, type MiddlewareRef } from "./endpoints.js";

export interface AnonymousReach {
  /** functions some anonymous endpoint runs (its handler and what it calls) */
  anonymous: ReadonlySet<ts.Node>;
  /** functions some endpoint that requires a caller's credentials runs: walked only when asked */
  authenticated(): ReadonlySet<ts.Node>;
}

const stores = new WeakMap<AnalysisContext, Map<string, MemoEntry<ReadonlySet<ts.Node>>>>();
const OPTIONAL_NAME = /optional|anonymous/i;
/** A handler reading or checking the caller's identity: `req.user`, `req.auth`, a session, a token's verification, `requireUser(req)`. */
const IDENTITY_READ = /\b(?:req|request)\??\.(?:user|auth|session|identity)\b|\bres\.locals\b|\b(?:getServerSession|getSession|currentUser|getCurrentUser)\s*\(|\bverify\w*\s*\(|\b(?:require|ensure|check|assert)\w*(?:User|Auth|Session|Login|Token)\w*\s*\(/;

/**
 * The functions anonymous endpoints reach, found once per project, and (when asked) those endpoints requiring
 * credentials reach; with the file being linted when the project does not list it (an editor buffer), not memoised then.
 * Each walk reads the call trees it follows: the authenticated one, most of the program, only when a question needs it.
 */
export function anonymousReach(analysis: AnalysisContext, current?: ts.SourceFile): AnonymousReach {
  const { project } = analysis;
  const walk = (anonymousRoutes: boolean, ...extra: string[]) => {
    const graph = new CallGraph(analysis);
    const fileNames = [...project.programFiles.filter((fileName) => !isIgnored(analysis, fileName)), ...extra];
    const reached = new Set<ts.Node>();
    for (const route of discoverProjectRoutes(fileNames, analysis, graph)) {
      if (isAnonymousRoute(route, analysis) !== anonymousRoutes) continue;
      for (const fn of graph.reach(route.handler.roots).keys()) reached.add(fn);
    }
    return reached;
  };
  if (current && !project.isTsconfigFile(current.fileName)) {
    let authenticated: ReadonlySet<ts.Node> | undefined;
    return { anonymous: walk(true, current.fileName), authenticated: () => (authenticated ??= walk(false, current.fileName)) };
  }
  let store = stores.get(analysis);
  if (!store) stores.set(analysis, (store = new Map()));
  const memoised = store;
  return {
    anonymous: project.dependencies.memo(memoised, `anonymous ${analysis.config.rootDir}`, () => walk(true)),
    authenticated: () => project.dependencies.memo(memoised, `authenticated ${analysis.config.rootDir}`, () => walk(false)),
  };
}

function isAnonymousRoute(route: DiscoveredRoute, analysis: AnalysisContext): boolean {
  const listed = listedAuthFor(analysis.config);
  const required = route.middleware.some((middleware) => authenticates(middleware, analysis, listed) && !letsAnonymousThrough(middleware));
  if (required) return false;
  // A handler that checks the caller itself (`if (!req.user) return res.sendStatus(401)`, `await requireUser(req)`)
  // is not anonymous. One that turns a request away for another reason (a disabled link's 403) reads no identity.
  const verdict = authenticationOf(route.handler.node, analysis);
  if (verdict === "unknown") return false;
  return verdict === "does-not" || !route.handler.roots.some((root) => IDENTITY_READ.test(root.getText()));
}

/** `auth.optional`, `optionalAuth`, `jwt({ credentialsRequired: false })`, `passport.authenticate(["jwt", "anonymous"])`. */
function letsAnonymousThrough(middleware: MiddlewareRef): boolean {
  if (OPTIONAL_NAME.test(middleware.name)) return true;
  const made = madeBy(middleware.node);
  if (!made) return false;
  return made.arguments.some((argument) => {
    const inner = skipOuterExpressions(argument);
    if (ts.isObjectLiteralExpression(inner)) {
      return inner.properties.some((property) => ts.isPropertyAssignment(property) && property.name.getText() === "credentialsRequired" && property.initializer.kind === ts.SyntaxKind.FalseKeyword);
    }
    const strategies = ts.isArrayLiteralExpression(inner) ? inner.elements : [inner];
    return strategies.some((strategy) => ts.isStringLiteralLike(strategy) && strategy.text === "anonymous");
  });
}

/** The call that makes a middleware: the expression itself, or what a name was initialised with (`const optionalJwt = jwt({…})`). */
function madeBy(expression: ts.Expression): ts.CallExpression | undefined {
  let inner = skipOuterExpressions(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = resolveIdentifier(inner);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) inner = skipOuterExpressions(declaration.initializer);
  }
  return ts.isCallExpression(inner) ? inner : undefined;
}
