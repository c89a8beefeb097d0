import type { GraphFunction } from "../analysis/call-graph.js";
import type { ts } from "../engine/ts.js";
import type { FrameworkId } from "./adapter.js";

/** One route of the program, before its call tree is walked. */
export interface DiscoveredRoute {
  framework: FrameworkId;
  /** upper case; `ALL` for `router.all` and terminal `use` handlers; `QUERY`, `MUTATION`, `SUBSCRIPTION` for a tRPC procedure */
  method: string;
  /** joined with every prefix; a tRPC procedure's dotted path (`post.byId`) */
  path: string;
  /** where the endpoint is declared, where its findings go: the registration call (`router.get(...)`), the method name of a `route()` chain, a NestJS handler's method decorator, a tRPC procedure's property */
  node: ts.Node;
  /** what runs before the handler, outermost first: middleware, guards, hooks, procedure middleware */
  middleware: MiddlewareRef[];
  handler: HandlerRef;
  /** the code declares the endpoint public: the opt-out that let it past the authentication (`@Public()` in NestJS) */
  declaredPublic?: string;
}

export interface MiddlewareRef {
  name: string;
  node: ts.Expression;
}

export interface HandlerRef {
  /** `ItemController.list`, `listItems`, or `(inline)` */
  label: string;
  node: ts.Expression;
  /** where the walk of the call tree starts (the inline function itself, or the function named) */
  roots: GraphFunction[];
  /** the root is a step of its own in traces (a named handler), or the route stands for it (an inline one) */
  named: boolean;
}

/** Mount prefixes joined the way Express matches them: `/items` + `/` is `/items`. */
export function joinPaths(prefix: string, local: string): string {
  const joined = `${prefix}/${local}`.replace(/\/{2,}/g, "/");
  return joined.length > 1 && joined.endsWith("/") ? joined.slice(0, -1) : joined;
}

