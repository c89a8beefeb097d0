import type { GraphFunction } from "../analysis/call-graph.js";
import type { MemoEntry } from "../engine/dependencies.js";
import type { ProjectModel } from "../engine/project.js";
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


/** Per project and framework, each handler's description, memoised with what describing it read. */
const handlerStores = new WeakMap<ProjectModel, Map<FrameworkId, WeakMap<ts.Node, MemoEntry<HandlerRef>>>>();

/**
 * A route whose handler is described on first use: the call graph walk behind it is the analyzer's, and the
 * rules that only need the chain (require-auth) never pay for it. The description is memoised with what it read
 * (the handler's module, its imports), so every asker records that, not only the first.
 */
export function lazyRoute(project: ProjectModel, fields: Omit<DiscoveredRoute, "handler">, handler: ts.Node, describe: () => HandlerRef): DiscoveredRoute {
  let byFramework = handlerStores.get(project);
  if (!byFramework) handlerStores.set(project, (byFramework = new Map()));
  let store = byFramework.get(fields.framework);
  if (!store) byFramework.set(fields.framework, (store = new WeakMap()));
  const described = store;
  return {
    ...fields,
    get handler() {
      return project.dependencies.memo(described, handler, describe);
    },
  };
}

/**
 * A router or plugin mounted twice at the same place with the same chain (`if (cors) app.use("/api", api); else
 * app.use("/api", api)`) declares each of its routes once: the same declaration, method, path and checks is one
 * endpoint. Mounted at another path or behind another chain, it is another.
 */
export function withoutRepeats(routes: readonly DiscoveredRoute[]): DiscoveredRoute[] {
  const seen = new Map<ts.Node, Set<string>>();
  return routes.filter((route) => {
    const key = `${route.method} ${route.path} ${route.middleware.map((middleware) => middleware.name).join(",")}`;
    let keys = seen.get(route.node);
    if (!keys) seen.set(route.node, (keys = new Set()));
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  });
}
