/**
 * The middleware a handler is registered behind, read where the handler is named: the elements before it
 * in a registration's arguments (`router.put("/x/:id", userAuthenticated, ownsItem, update)`) or in an
 * array of handlers (`{ PUT: [userAuthenticated, profileBelongsToLoggedInUser, PUT] }`, as express-openapi
 * and `router.get(path, [a, b], handler)` write them). Syntactic, per file: the handler's own file, where
 * such registrations name their handlers. Wrappers count as the handler (`asyncHandler(update)`).
 */
import { resolveIdentifier, skipOuterExpressions } from "../engine/scope.js";
import { forEachDescendant, kindSet } from "../engine/file-index.js";
import { isIgnored } from "../engine/analysis.js";
import type { MemoEntry } from "../engine/dependencies.js";
import type { ProjectModel } from "../engine/project.js";
import type { AnalysisContext } from "../engine/rule.js";
import { ts } from "../engine/ts.js";
import { CallGraph } from "./call-graph.js";
import { discoverProjectRoutes } from "./endpoints.js";
import { nestCommonName, nestHandlerAround } from "../frameworks/nestjs/decorators.js";

const IDENTIFIERS = kindSet(ts.SyntaxKind.Identifier);
const chainCache = new WeakMap<ts.Node, readonly (readonly ts.Expression[])[]>();

/**
 * Per place the function is registered, the middleware written before it; empty when it is registered
 * nowhere the file shows (a plain function, or one registered in another file).
 */
export function middlewareChains(fn: ts.SignatureDeclaration, analysis?: AnalysisContext): readonly (readonly ts.Expression[])[] {
  // A handler of a framework that declares its checks elsewhere (Fastify hooks, route options): the inventory's chains.
  const declared = analysis && frameworkChains(fn, analysis);
  if (declared) return declared;
  let chains = chainCache.get(fn);
  if (!chains) chainCache.set(fn, (chains = collectChains(fn)));
  return chains;
}

/** The registrations naming the function as a route's handler or middleware: `router.get("/x", …, fn)`. */
export function routeRegistrations(fn: ts.SignatureDeclaration, analysis?: AnalysisContext): readonly ts.CallExpression[] {
  middlewareChains(fn);
  const written = registrationCache.get(fn) ?? [];
  // `fastify.route({ url, handler })`: a registration the inventory knows that does not name the handler among its arguments.
  const declared = analysis ? (frameworkRegistrations(fn, analysis)?.nodes.filter(ts.isCallExpression) ?? []) : [];
  return declared.length === 0 ? written : [...written, ...declared.filter((node) => !written.includes(node))];
}

const registrationCache = new WeakMap<ts.Node, ts.CallExpression[]>();
const ROUTE_METHOD = /^(?:get|post|put|patch|delete|all|head|options)$/;

function collectChains(fn: ts.SignatureDeclaration): (readonly ts.Expression[])[] {
  const chains: (readonly ts.Expression[])[] = [];
  const registrations: ts.CallExpression[] = [];
  registrationCache.set(fn, registrations);
  // A NestJS controller's handler: registered by its method decorators (`@Get(":id")`), behind the guards of its
  // class and its own, and the metadata they read (`@Roles("admin")`). Global guards live elsewhere: not here.
  const nest = nestHandlerAround(fn);
  if (nest) {
    for (const route of nest.handler.routes) {
      registrations.push(route.node);
      chains.push([...nest.controller.guards, ...nest.handler.guards, ...nest.controller.marks, ...nest.handler.marks]);
    }
    return chains;
  }
  const add = (reference: ts.Expression) => {
    const chain = chainBefore(reference);
    if (chain) chains.push(chain);
    const registration = registrationAround(reference);
    if (registration) registrations.push(registration);
  };
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    if (!ts.isVariableDeclaration(fn.parent)) {
      add(fn);
      return chains;
    }
  }
  const binding = ts.isFunctionDeclaration(fn) ? fn : ts.isVariableDeclaration(fn.parent) ? fn.parent : undefined;
  const name = binding?.name;
  if (!binding || !name || !ts.isIdentifier(name)) return chains;
  for (const identifier of identifiersNamed(fn.getSourceFile(), name.text)) {
    if (identifier === name || resolveIdentifier(identifier) !== binding) continue;
    add(identifier);
  }
  return chains;
}

const identifierIndex = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

/** The file's identifiers by name, indexed once per parse: asking for each function of a file stays linear. */
function identifiersNamed(sourceFile: ts.SourceFile, name: string): readonly ts.Identifier[] {
  let index = identifierIndex.get(sourceFile);
  if (!index) {
    const built = new Map<string, ts.Identifier[]>();
    forEachDescendant(
      sourceFile,
      (node) => {
        const identifier = node as ts.Identifier;
        const list = built.get(identifier.text);
        if (list) list.push(identifier);
        else built.set(identifier.text, [identifier]);
      },
      IDENTIFIERS,
    );
    identifierIndex.set(sourceFile, (index = built));
  }
  return index.get(name) ?? [];
}

/** The expressions before `reference` (or the wrapper call around it) among a call's arguments or an array's elements. */
function chainBefore(reference: ts.Expression): ts.Expression[] | undefined {
  let element: ts.Node = reference;
  for (;;) {
    const parent = element.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) element = parent;
    // `asyncHandler(update)`, `catchAsync(update)`: a wrapper given only the handler is the handler.
    else if (ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === element && wrapsHandler(parent)) element = parent;
    else break;
  }
  const container = element.parent;
  if (ts.isArrayLiteralExpression(container)) {
    const index = container.elements.indexOf(element as ts.Expression);
    const before = container.elements.slice(0, index).filter((entry) => !ts.isSpreadElement(entry));
    // `{ PUT: [userAuthenticated, PUT] }`: an array of handlers under a method's name.
    if (ts.isPropertyAssignment(container.parent)) return before;
    // `router.get(path, [a, b], handler)`: what the array's call lists before it runs first.
    const outer = ts.isCallExpression(container.parent) ? chainBefore(container) : undefined;
    return outer && [...outer, ...before];
  }
  // Only a registration's arguments are a chain: `rows.map(fn)`, `Promise.all([…])` are not.
  if (ts.isCallExpression(container) && container.expression !== element && registers(container)) {
    const index = container.arguments.indexOf(element as ts.Expression);
    if (index <= 0) return index === 0 ? [] : undefined;
    return container.arguments.slice(0, index).flatMap((argument) => {
      const inner = skipOuterExpressions(argument);
      if (ts.isStringLiteralLike(inner) || ts.isRegularExpressionLiteral(inner) || ts.isTemplateExpression(inner)) return [];
      return ts.isArrayLiteralExpression(inner) ? inner.elements.filter((entry) => !ts.isSpreadElement(entry)) : [argument];
    });
  }
  return undefined;
}

/** `router.get("/x", …, reference)`: the route registration a reference (or its wrapper, or its array) is an argument of. */
function registrationAround(reference: ts.Node): ts.CallExpression | undefined {
  let node: ts.Node = reference;
  for (let steps = 0; steps < 4; steps++) {
    const parent = node.parent;
    if (ts.isCallExpression(parent) && parent.expression !== node) {
      const callee = skipOuterExpressions(parent.expression);
      const first = parent.arguments[0];
      if (ts.isPropertyAccessExpression(callee) && ROUTE_METHOD.test(callee.name.text) && first && first !== node && ts.isStringLiteralLike(skipOuterExpressions(first))) return parent;
      if (!wrapsHandler(parent)) return undefined;
    } else if (!ts.isArrayLiteralExpression(parent) && !ts.isParenthesizedExpression(parent) && !ts.isAsExpression(parent)) return undefined;
    node = parent;
  }
  return undefined;
}

const endpointStores = new WeakMap<ProjectModel, Map<string, MemoEntry<ReadonlyMap<ts.Node, string>>>>();

/**
 * The endpoint a route registration makes, as `GET /notes/:id` with the mount prefixes of the endpoint inventory
 * (`src/analysis/endpoints.ts`); the registration's own method and path when the inventory does not know it.
 */
export function endpointOfRegistration(registration: ts.CallExpression, analysis: AnalysisContext): string {
  const { project } = analysis;
  let store = endpointStores.get(project);
  if (!store) endpointStores.set(project, (store = new Map()));
  const byNode = project.dependencies.memo(store, analysis.config.rootDir, () => {
    const fileNames = project.programFiles.filter((fileName) => !isIgnored(analysis, fileName));
    const map = new Map<ts.Node, string>();
    for (const route of discoverProjectRoutes(fileNames, analysis, new CallGraph(analysis))) if (!map.has(route.node)) map.set(route.node, `${route.method} ${route.path}`);
    return map;
  });
  const known = byNode.get(registration);
  if (known) return known;
  const callee = skipOuterExpressions(registration.expression);
  const first = registration.arguments[0] && skipOuterExpressions(registration.arguments[0]);
  const routePath = first && ts.isStringLiteralLike(first) ? first.text : "";
  // `@Get(":id")`, a NestJS handler's decorator: its own method and path.
  if (!ts.isPropertyAccessExpression(callee)) return `${(nestCommonName(callee) ?? callee.getText()).toUpperCase()} ${routePath || "/"}`;
  return `${callee.name.text.toUpperCase()} ${routePath}`;
}

interface FrameworkRegistrations {
  /** per route naming the function as its handler, the checks before it */
  chains: (readonly ts.Expression[])[];
  /** per route, where it is declared (the registration call) */
  nodes: ts.Node[];
}

const frameworkStores = new WeakMap<ProjectModel, Map<string, MemoEntry<ReadonlyMap<ts.Node, FrameworkRegistrations>>>>();

/**
 * The routes of the inventory whose handler a function is, for the frameworks whose registrations do not list
 * their checks before the handler (Fastify hooks, tRPC procedure chains); undefined when no such
 * route names it.
 */
export function frameworkRegistrations(fn: ts.Node, analysis: AnalysisContext): FrameworkRegistrations | undefined {
  const { project } = analysis;
  let store = frameworkStores.get(project);
  if (!store) frameworkStores.set(project, (store = new Map()));
  const byHandler = project.dependencies.memo(store, analysis.config.rootDir, () => {
    const fileNames = project.programFiles.filter((fileName) => !isIgnored(analysis, fileName));
    const map = new Map<ts.Node, FrameworkRegistrations>();
    for (const route of discoverProjectRoutes(fileNames, analysis, new CallGraph(analysis))) {
      // Express and NestJS write their checks where the handler is registered (middleware before it, a controller's
      // guards and the metadata they read, `@Roles("admin")`): the syntactic walk reads those.
      if (route.framework === "express" || route.framework === "nestjs") continue;
      for (const root of route.handler.roots) {
        let known = map.get(root);
        if (!known) map.set(root, (known = { chains: [], nodes: [] }));
        known.chains.push(route.middleware.map((middleware) => middleware.node));
        known.nodes.push(route.node);
      }
    }
    return map;
  });
  return byHandler.get(fn);
}

function frameworkChains(fn: ts.SignatureDeclaration, analysis: AnalysisContext): readonly (readonly ts.Expression[])[] | undefined {
  return frameworkRegistrations(fn, analysis)?.chains;
}

/** `router.get(…)`, `app.use(…)`, `router.route("/x").put(…)`: a call that registers handlers. */
function registers(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (callee.name.text === "use") return true;
  // a route has a path first: `Promise.all([…])` and `map.get(key)` register nothing
  const first = call.arguments[0];
  return ROUTE_METHOD.test(callee.name.text) && !!first && (ts.isStringLiteralLike(skipOuterExpressions(first)) || ts.isRegularExpressionLiteral(first));
}

/** A call that wraps a handler rather than registering it: its callee is a name or a member not named like a route method. */
function wrapsHandler(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return true;
  return ts.isPropertyAccessExpression(callee) && !/^(?:get|post|put|patch|delete|all|use|head|options|param)$/.test(callee.name.text);
}

/** `profileBelongsToLoggedInUser`, `passport.authenticate` for `passport.authenticate("jwt")`: a middleware's name as written. */
export function middlewareName(expression: ts.Expression): string {
  const inner = skipOuterExpressions(expression);
  if (ts.isCallExpression(inner)) return middlewareName(inner.expression);
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) return inner.getText().replace(/\s+/g, "");
  return "";
}
