import { importSpecifierOf } from "../engine/modules.js";
import { registerTextFacet, type MemoEntry } from "../engine/dependencies.js";
import { fileIndexOf } from "../engine/file-index.js";
import { parseDiagnostics, type ProjectModel } from "../engine/project.js";
import type { AnalysisContext } from "../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, type Declaration } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import type { AbsValue } from "../engine/values.js";
import { CallGraph, functionLabel } from "../analysis/call-graph.js";
import { absolutePath } from "../engine/paths.js";
import { joinPaths, lazyRoute, withoutRepeats, type DiscoveredRoute, type HandlerRef, type MiddlewareRef } from "./route.js";
import type { FrameworkAdapter } from "./adapter.js";

/**
 * Express: apps (`express()`) and routers (`Router()`, `express.Router()`), what is registered on
 * each in order (`get`/`post`/… routes, `route("/x").get(…)` chains, `use` middleware and mounts),
 * and the tree of mounts from the apps down, with prefixes joined and middleware inherited the way
 * Express runs it.
 *
 * A router is known by the call that creates it: the Evaluator follows a router through
 * variables, imports and factory functions back to that call, so `app.use("/items", itemsRouter)`
 * finds the registrations of `itemsRouter` in another file.
 */
export const expressFramework: FrameworkAdapter = {
  id: "express",
  mayDeclareRoutes: (text) => REGISTRATION_SHAPED.test(text),
  routes: (files, analysis, graph) => expressRoutes(files, analysis, graph),
  projectRoutes: (fileNames, analysis, graph) => expressProjectRoutes(fileNames, analysis, graph),
};

const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "all", "head", "options"]);
const EXPRESS_MODULES = new Set(["express", "express-promise-router"]);
/** mounts deeper than this are a cycle the code cannot mean */
const MAX_MOUNT_DEPTH = 16;

type Registration =
  | { kind: "route"; method: string; path: string; node: ts.Node; args: readonly ts.Expression[] }
  | {
      kind: "use";
      path: string | undefined;
      node: ts.CallExpression;
      /** the arguments after the path, arrays flattened */
      args: readonly ts.Expression[];
      /** per argument, the routers it mounts (none for middleware) */
      mounts: readonly (readonly ts.CallExpression[])[];
      /** the last argument ends the request (`app.use("/legacy", (req, res) => …)`) */
      terminal: boolean;
    };

/** What one file registers, each registration with the router it is made on, in source order. */
type FileRegistrations = readonly { creation: ts.CallExpression; registration: Registration }[];

/** How many files had their registrations looked for, and how many inventories were assembled: performance guards count work, not time. */
export const discoveryWork = { filesWalked: 0, assembled: 0 };

/** Per project, each parse's registrations memoised with what finding them read: an edit re-reads one file, not the program. */
const registrationStores = new WeakMap<ProjectModel, WeakMap<ts.SourceFile, MemoEntry<FileRegistrations>>>();

interface Router {
  creation: ts.CallExpression;
  registrations: Registration[];
  mounted: boolean;
}

/** A registration-shaped call: a file without one registers nothing, whatever else it says. */
export const REGISTRATION_SHAPED = /\.(get|post|put|patch|delete|all|head|options|use|route)\s*\(/;
export const REGISTRATION_FACET = "route-registrations";
registerTextFacet(REGISTRATION_FACET, REGISTRATION_SHAPED);

/** Every route of the program's apps and routers, in no particular order. */
function expressRoutes(files: readonly ts.SourceFile[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const discovery = new RouteDiscovery(analysis, graph);
  return discovery.assemble(byPath(files, (file) => file.fileName).map((file) => discovery.registrationsOf(file)));
}

/**
 * The same over the named files of the project, read through the project. Most files register
 * no route: the result depends on those only through their still registering none, so an edit
 * to a service or a repository keeps a memoised inventory valid.
 */
function expressProjectRoutes(fileNames: readonly string[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const { project } = analysis;
  const discovery = new RouteDiscovery(analysis, graph);
  const registersNothing = (parse: ts.SourceFile | undefined) =>
    !parse || new RouteDiscovery(analysis, new CallGraph(analysis)).registrationsOf(parse).length === 0;
  const perFile: FileRegistrations[] = [];
  for (const fileName of byPath(fileNames, (name) => name)) {
    // Recorded as "still has no registration-shaped call", which `--cache` decides from the text alone.
    if (!project.textMatches(fileName, REGISTRATION_FACET)) continue;
    const parse = project.dependencies.untracked(() => project.getSourceFile(fileName));
    const found = parse ? project.dependencies.untracked(() => discovery.registrationsOf(parse)) : [];
    if (found.length === 0) {
      project.dependWhile(fileName, registersNothing);
      continue;
    }
    // Read again, recorded: the file, and whatever finding its registrations read.
    perFile.push(discovery.registrationsOf(project.getSourceFile(fileName)!));
  }
  return discovery.assemble(perFile);
}

function byPath<T>(items: readonly T[], fileName: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: absolutePath(fileName(item)) }))
    .sort((a, b) => compare(a.key, b.key))
    .map((entry) => entry.item);
}

class RouteDiscovery {
  private readonly routers = new Map<ts.CallExpression, Router>();
  /**
   * What a name stands for, within the file whose registrations are being found: a file names its
   * router once per registration, and where it is named changes only the trail's unknown ending
   * (the name itself), never which router creation or `route()` call the value comes from.
   */
  private readonly routersByDeclaration = new Map<Declaration, ts.CallExpression[]>();
  private readonly chainsByDeclaration = new Map<Declaration, { routers: ts.CallExpression[]; path: string } | undefined>();

  constructor(
    private readonly analysis: AnalysisContext,
    private readonly graph: CallGraph,
  ) {}

  /** What a file registers: nothing without a registration-shaped call or with a syntax error. */
  registrationsOf(sourceFile: ts.SourceFile): FileRegistrations {
    if (!REGISTRATION_SHAPED.test(sourceFile.text) || parseDiagnostics(sourceFile).length > 0) return [];
    return this.registrationsIn(sourceFile);
  }

  /** The routes of the registrations of each file, files in path order. */
  assemble(perFile: readonly FileRegistrations[]): DiscoveredRoute[] {
    discoveryWork.assembled++;
    for (const registrations of perFile) {
      for (const { creation, registration } of registrations) this.router(creation).registrations.push(registration);
    }
    for (const router of this.routers.values()) {
      for (const registration of router.registrations) {
        if (registration.kind !== "use") continue;
        for (const children of registration.mounts) for (const child of children) this.router(child).mounted = true;
      }
    }
    const routes: DiscoveredRoute[] = [];
    const worklist: { router: Router; prefix: string; inherited: MiddlewareRef[]; ancestors: ReadonlySet<Router> }[] = [];
    for (const router of this.routers.values()) {
      if (!router.mounted) worklist.push({ router, prefix: "", inherited: [], ancestors: new Set([router]) });
    }
    for (let position = 0; position < worklist.length; position++) {
      const { router, prefix, inherited, ancestors } = worklist[position];
      // Middleware registered with `use` runs for everything registered after it, in order. Paths
      // are normalised once: an app mounting a thousand routers asks about every earlier `use`.
      const scoped: { prefix: string; middleware: MiddlewareRef }[] = [];
      const applying = (local: string) => {
        const target = joinPaths("", local);
        return [...inherited, ...scoped.filter((entry) => pathUnder(target, entry.prefix)).map((entry) => entry.middleware)];
      };
      for (const registration of router.registrations) {
        if (registration.kind === "route") {
          const handlers = registration.args.flatMap(flattenArray);
          if (handlers.length === 0) continue;
          const own = handlers.slice(0, -1).map(middlewareRef);
          routes.push(this.route(registration.method, joinPaths(prefix, registration.path), registration.node, [...applying(registration.path), ...own], handlers[handlers.length - 1]));
          continue;
        }
        const local = registration.path ?? "";
        const before: MiddlewareRef[] = [];
        const args = registration.args;
        for (const [index, argument] of args.entries()) {
          const children = registration.mounts[index];
          if (children.length > 0) {
            for (const child of children) {
              const next = this.router(child);
              if (ancestors.has(next) || ancestors.size >= MAX_MOUNT_DEPTH) continue;
              worklist.push({ router: next, prefix: joinPaths(prefix, local), inherited: [...applying(local), ...before], ancestors: new Set(ancestors).add(next) });
            }
            continue;
          }
          if (registration.terminal && index === args.length - 1) {
            routes.push(this.route("ALL", joinPaths(prefix, local), registration.node, [...applying(local), ...before], argument));
            continue;
          }
          before.push(middlewareRef(argument));
        }
        for (const middleware of before) scoped.push({ prefix: joinPaths("", local), middleware });
      }
    }
    return withoutRepeats(routes);
  }

  private router(creation: ts.CallExpression): Router {
    let router = this.routers.get(creation);
    if (!router) {
      router = { creation, registrations: [], mounted: false };
      this.routers.set(creation, router);
    }
    return router;
  }

  private route(method: string, routePath: string, node: ts.Node, middleware: MiddlewareRef[], handler: ts.Expression): DiscoveredRoute {
    return lazyRoute(this.analysis.project, { framework: "express", method, path: routePath, node, middleware }, handler, () => this.handlerRef(handler));
  }

  private registrationsIn(sourceFile: ts.SourceFile): FileRegistrations {
    const { project } = this.analysis;
    let store = registrationStores.get(project);
    if (!store) registrationStores.set(project, (store = new WeakMap()));
    // Keyed by the parse itself: whatever else finding them read (an imported router) is recorded.
    return project.dependencies.memo(store, sourceFile, () => {
      discoveryWork.filesWalked++;
      // Kept for one file only: a name's routers are then read, and recorded, by that file's own search.
      this.routersByDeclaration.clear();
      this.chainsByDeclaration.clear();
      const found: { creation: ts.CallExpression; registration: Registration }[] = [];
      for (const call of fileIndexOf(sourceFile).calls) this.registration(call, found);
      return found;
    });
  }

  /** `router.get("/x", …)`, `router.use(…)`, `router.route("/x").get(…)`: adds it, with the routers it is made on, to `found`. */
  private registration(call: ts.CallExpression, found: { creation: ts.CallExpression; registration: Registration }[]): void {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    if (name === "use") {
      if (call.arguments.length === 0) return;
      const creations = this.routersOf(callee.expression);
      if (creations.length === 0) return;
      const first = call.arguments[0];
      const prefix = pathOf(first);
      const args = (prefix === undefined ? call.arguments : call.arguments.slice(1)).flatMap(flattenArray);
      const mounts = args.map((argument) => this.routersOf(argument));
      const last = args.length - 1;
      const terminal = prefix !== undefined && last >= 0 && mounts[last].length === 0 && isTerminalHandler(args[last], this.graph);
      const registration: Registration = { kind: "use", path: prefix, node: call, args, mounts, terminal };
      for (const creation of creations) found.push({ creation, registration });
      return;
    }
    if (!ROUTE_METHODS.has(name)) return;
    const chain = this.routeChain(callee.expression);
    if (chain) {
      for (const creation of chain.routers) {
        found.push({ creation, registration: { kind: "route", method: name.toUpperCase(), path: chain.path, node: callee.name, args: call.arguments } });
      }
      return;
    }
    // `app.get("etag")` reads a setting and `map.get(key)` is no route: a route has a path and a handler.
    if (call.arguments.length < 2) return;
    const routePath = pathOf(call.arguments[0]);
    if (routePath === undefined) return;
    for (const creation of this.routersOf(callee.expression)) {
      found.push({ creation, registration: { kind: "route", method: name.toUpperCase(), path: routePath, node: call, args: call.arguments.slice(1) } });
    }
  }

  /** `router.route("/x")`, `router.route("/x").get(…)`, or a variable holding one: the routers and the path. */
  private routeChain(raw: ts.Expression, depth = 0): { routers: ts.CallExpression[]; path: string } | undefined {
    const expression = skipOuterExpressions(raw);
    if (depth > 8) return undefined;
    if (ts.isCallExpression(expression)) {
      const callee = skipOuterExpressions(expression.expression);
      if (!ts.isPropertyAccessExpression(callee)) return undefined;
      if (callee.name.text === "route" && expression.arguments.length === 1) {
        const routePath = pathOf(expression.arguments[0]);
        const routers = this.routersOf(callee.expression);
        return routePath !== undefined && routers.length > 0 ? { routers, path: routePath } : undefined;
      }
      return ROUTE_METHODS.has(callee.name.text) ? this.routeChain(callee.expression, depth + 1) : undefined;
    }
    if (ts.isIdentifier(expression)) {
      const declaration = depth === 0 ? resolveIdentifier(expression) : undefined;
      if (declaration && this.chainsByDeclaration.has(declaration)) return this.chainsByDeclaration.get(declaration);
      const value = this.analysis.evaluator.evaluate(expression);
      const origin = value.kind === "unknown" && !value.path?.length ? value.node : undefined;
      const chain = origin && origin !== expression && ts.isExpression(origin) ? this.routeChain(origin, depth + 1) : undefined;
      if (declaration) this.chainsByDeclaration.set(declaration, chain);
      return chain;
    }
    return undefined;
  }

  /** The routers (their creating calls) an expression may be: followed through variables, imports, parameters and factories. */
  private routersOf(expression: ts.Expression): ts.CallExpression[] {
    const inner = skipOuterExpressions(expression);
    if (ts.isCallExpression(inner) && isRouterCreation(inner)) return [inner];
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner) || ts.isLiteralExpression(inner)) return [];
    const declaration = ts.isIdentifier(inner) ? resolveIdentifier(inner) : undefined;
    const known = declaration && this.routersByDeclaration.get(declaration);
    if (known) return known;
    const routers = originsOf(this.analysis.evaluator.evaluate(inner)).filter(isRouterCreation);
    if (declaration) this.routersByDeclaration.set(declaration, routers);
    return routers;
  }

  private handlerRef(expression: ts.Expression): HandlerRef {
    const inner = skipOuterExpressions(expression);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
      // `(req, res) => ctrl.list(req, res)`: a wrapper is named after the one function it calls.
      const wrapped = wrappedCall(inner);
      const target = wrapped ? this.graph.callees(inner).find((edge) => edge.via === wrapped)?.callee : undefined;
      return { label: target ? functionLabel(target) : "(inline)", node: inner, roots: [inner], named: false };
    }
    let roots = this.graph.functionReference(inner);
    if (roots.length === 0 && ts.isCallExpression(inner)) {
      // `asyncHandler(ctrl.list)`, `catchAsync(listItems)`: the wrapped function is what runs.
      for (const argument of inner.arguments) {
        roots = this.graph.functionReference(argument);
        if (roots.length > 0) break;
      }
    }
    return { label: roots.length > 0 ? functionLabel(roots[0]) : expressionName(inner), node: inner, roots, named: true };
  }
}

/** `express()`, `Router()`, `express.Router()` with `express` imported from the express package. */
function isRouterCreation(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipOuterExpressions(node.expression);
  if (ts.isIdentifier(callee)) return fromExpress(callee, ["default", "Router", "*"]);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "Router" && ts.isIdentifier(callee.expression) && fromExpress(callee.expression, ["default", "*"]);
}

function fromExpress(identifier: ts.Identifier, kinds: readonly string[]): boolean {
  const declaration = resolveIdentifier(identifier);
  if (!declaration) return false;
  let kind: string | undefined;
  if (ts.isImportClause(declaration)) kind = "default";
  else if (ts.isNamespaceImport(declaration)) kind = "*";
  else if (ts.isImportSpecifier(declaration)) kind = (declaration.propertyName ?? declaration.name).text;
  else return false;
  const specifier = importSpecifierOf(declaration);
  return kinds.includes(kind) && !!specifier && EXPRESS_MODULES.has(specifier);
}

/** Where the trail of a value ended, on each of its paths: a router is an opaque call result. */
function originsOf(value: AbsValue): ts.Node[] {
  const options = value.kind === "oneOf" ? value.options : [value];
  return options.flatMap((option) => (option.kind === "unknown" && option.node && !option.path?.length ? [option.node] : []));
}

/** A route path as written: a string, a template without substitutions; a RegExp keeps its source text. */
function pathOf(expression: ts.Expression): string | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isRegularExpressionLiteral(inner)) return inner.text;
  return undefined;
}

function flattenArray(expression: ts.Expression): ts.Expression[] {
  const inner = skipOuterExpressions(expression);
  return ts.isArrayLiteralExpression(inner) ? inner.elements.flatMap((element) => (ts.isSpreadElement(element) ? [] : flattenArray(element))) : [expression];
}

function middlewareRef(expression: ts.Expression): MiddlewareRef {
  return { name: expressionName(skipOuterExpressions(expression)), node: expression };
}

/** `authenticate`, `passport.authenticate` for `passport.authenticate("jwt")`, `(inline)` for a function written in place. */
function expressionName(expression: ts.Expression): string {
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression.name?.text ?? "(inline)";
  if (ts.isCallExpression(expression)) return expressionName(skipOuterExpressions(expression.expression));
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) return expression.getText().replace(/\s+/g, "");
  return "(expression)";
}

/** The single call a wrapper function makes: `(req, res) => ctrl.list(req, res)`, `{ return list(req, res); }`. */
function wrappedCall(fn: ts.ArrowFunction | ts.FunctionExpression): ts.CallExpression | undefined {
  let expression: ts.Expression | undefined;
  if (!ts.isBlock(fn.body)) expression = fn.body;
  else if (fn.body.statements.length === 1) {
    const statement = fn.body.statements[0];
    if (ts.isReturnStatement(statement)) expression = statement.expression;
    else if (ts.isExpressionStatement(statement)) expression = statement.expression;
  }
  const inner = expression && skipOuterExpressions(expression);
  return inner && ts.isCallExpression(inner) ? inner : undefined;
}

/** A `use` argument that ends the request: a function without `next` (fewer than three parameters). */
function isTerminalHandler(expression: ts.Expression, graph: CallGraph): boolean {
  const functions = graph.functionReference(expression);
  return functions.length > 0 && functions.every((fn) => fn.parameters.length > 0 && fn.parameters.length < 3);
}


/** Whether middleware registered for `prefix` runs for a registration at `target` (both as `joinPaths("", path)` writes them). */
function pathUnder(target: string, prefix: string): boolean {
  return prefix === "/" || target === prefix || target.startsWith(`${prefix}/`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

