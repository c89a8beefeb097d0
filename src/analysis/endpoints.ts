import picomatch from "picomatch";
import type { ResolvedConfig } from "../config/index.js";
import type { AnalysisContext } from "../engine/rule.js";
import { ts } from "../engine/ts.js";
import type { CallGraph } from "./call-graph.js";
import type { DiscoveredRoute } from "../frameworks/route.js";
import { oncePerList } from "../engine/once-per-list.js";
import { FRAMEWORKS } from "../frameworks/index.js";

/**
 * The endpoints of a program, whatever framework declares them: each framework's adapter
 * (`src/frameworks/`) finds its own, and nothing else knows which framework is in use. An endpoint
 * is a method and a path (a tRPC procedure: its kind and its dotted path), the checks that run
 * before its handler (Express middleware, NestJS guards, Fastify hooks, tRPC middleware), and the
 * handler the call tree is walked from.
 */

/** Every endpoint declared in these parsed files, in no particular order. */
export function discoverRoutes(files: readonly ts.SourceFile[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  return FRAMEWORKS.flatMap((framework) => framework.routes(files, analysis, graph));
}

/**
 * The same over the named files of the project, read through the project: each adapter records
 * what its discovery read, so an edit to a service or a repository keeps a memoised inventory valid.
 */
export function discoverProjectRoutes(fileNames: readonly string[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  return FRAMEWORKS.flatMap((framework) => framework.projectRoutes(fileNames, analysis, graph));
}

/** A cheap test on a file's text: without it, no framework declares an endpoint in that file. */
export function mayDeclareRoutes(text: string): boolean {
  return FRAMEWORKS.some((framework) => framework.mayDeclareRoutes(text));
}

export type { DiscoveredRoute, HandlerRef, MiddlewareRef } from "../frameworks/route.js";
export { joinPaths } from "../frameworks/route.js";
export { discoveryWork } from "../frameworks/express.js";

/** Authentication middleware by name: the one place that decides what counts as `auth`. */
const AUTH_NAMES = /^(authenticate|requireAuth|auth|isAuthenticated|verifyToken|jwt|passport\.authenticate|requireUser|ensureLoggedIn|protect)$/i;
const AUTH_WORD = /auth|jwt|verifyToken|ensureLoggedIn/i;

export function isAuthMiddleware(name: string): boolean {
  return AUTH_NAMES.test(name) || AUTH_WORD.test(name);
}

/** The project's own names (`checkSession`) or globs of names (`guards.*`) of authentication middleware (see `authenticates`). */
export const listedAuthMiddleware = oncePerList((extraNames): ((name: string) => boolean) => {
  if (extraNames.length === 0) return () => false;
  return picomatch([...extraNames], { dot: true });
});

/**
 * The `publicRoutes` pattern of require-auth that lists an endpoint as public, or undefined:
 * `"GET /health"`, `"* /public/**"`, `"/status"` (a path without a method means any method), a
 * picomatch glob on the path. The rule and the report's auth column read the same list this way.
 */
export const publicRoutePattern = oncePerList((patterns): ((method: string, routePath: string) => string | undefined) => {
  const entries = patterns.map((pattern) => {
    const parts = pattern.trim().split(/\s+/);
    const [method, glob] = parts.length > 1 ? [parts[0].toUpperCase(), parts.slice(1).join(" ")] : ["*", parts[0]];
    return { pattern, method, matches: picomatch(glob, { dot: true }) };
  });
  return (method, routePath) => entries.find((entry) => (entry.method === "*" || entry.method === method) && entry.matches(routePath))?.pattern;
});

/** The report's auth column (and which endpoints are anonymous) know the same listed middleware names as the require-auth rule's `authMiddleware` option. */
export function listedAuthFor(config: ResolvedConfig): (name: string) => boolean {
  const options = config.rules["require-auth"]?.options[0] as { authMiddleware?: string[] } | undefined;
  return listedAuthMiddleware(options?.authMiddleware ?? []);
}
