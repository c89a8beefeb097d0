/**
 * tRPC routers and the endpoint inventory: a router is a call of a tRPC instance's `router`
 * (`t.router({…})`, `router({…})`, `createTRPCRouter({…})`, the factory followed as a value back to
 * `initTRPC.create()`), or of `mergeRouters(a, b)`. Each property of its record is a procedure
 * (a `.query/.mutation/.subscription` chain, in place or named), a nested router (`user: userRouter`),
 * or a plain object of more of them; the procedure's path is the dotted chain of keys (`user.byId`).
 *
 * Every router that no other router includes is a root: the app router passed to an adapter
 * (`createHTTPServer`, `fetchRequestHandler`, `createExpressMiddleware`…) is one, and so is a router
 * defined and never mounted, whose procedures are listed with the paths they have from it.
 */
import { registerTextFacet, type MemoEntry } from "../../engine/dependencies.js";
import { fileIndexOf } from "../../engine/file-index.js";
import { parseDiagnostics, type ProjectModel } from "../../engine/project.js";
import type { AnalysisContext } from "../../engine/rule.js";
import { skipOuterExpressions, staticPropertyName } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import { absolutePath } from "../../engine/paths.js";
import { CallGraph, functionLabel } from "../../analysis/call-graph.js";
import { lazyRoute, type DiscoveredRoute, type HandlerRef } from "../route.js";
import { instanceMember, originsOf, procedureOfCall, type Procedure } from "./procedures.js";

/** A router-shaped call: `router(`, `createTRPCRouter(`, `t.router(`, `mergeRouters(`. A file without one declares no router. */
export const TRPC_ROUTER_SHAPED = /(?:[rR]outer|mergeRouters)\s*\(/;
export const TRPC_ROUTER_FACET = "trpc-routers";
registerTextFacet(TRPC_ROUTER_FACET, TRPC_ROUTER_SHAPED);

/** What one entry of a router's record is. */
type Entry =
  | { kind: "procedure"; key: string; node: ts.Node; procedure: Procedure }
  | { kind: "router"; key: string | undefined; router: ts.CallExpression };

/** One router (its creating call) and its entries; a merge has entries without keys. */
interface RouterDef {
  call: ts.CallExpression;
  entries: Entry[];
}

type FileRouters = readonly RouterDef[];

const routerStores = new WeakMap<ProjectModel, WeakMap<ts.SourceFile, MemoEntry<FileRouters>>>();
/** Routers nested deeper than this are a cycle the code cannot mean. */
const MAX_DEPTH = 16;

export function trpcRoutes(files: readonly ts.SourceFile[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const sorted = [...files].sort((a, b) => compare(absolutePath(a.fileName), absolutePath(b.fileName)));
  return assemble(
    sorted.map((file) => routersOf(file, analysis)),
    analysis,
    graph,
  );
}

/** The same over the project's files, read through the project: a file that declares no router is recorded as still declaring none. */
export function trpcProjectRoutes(fileNames: readonly string[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const { project } = analysis;
  const declaresNothing = (parse: ts.SourceFile | undefined) => !parse || routersOf(parse, analysis).length === 0;
  const perFile: FileRouters[] = [];
  for (const fileName of [...fileNames].sort((a, b) => compare(absolutePath(a), absolutePath(b)))) {
    if (!project.textMatches(fileName, TRPC_ROUTER_FACET)) continue;
    const parse = project.dependencies.untracked(() => project.getSourceFile(fileName));
    const found = parse ? project.dependencies.untracked(() => routersOf(parse, analysis)) : [];
    if (found.length === 0) {
      project.dependWhile(fileName, declaresNothing);
      continue;
    }
    perFile.push(routersOf(project.getSourceFile(fileName)!, analysis));
  }
  return assemble(perFile, analysis, graph);
}

/** The routers a file creates, with their entries; memoised per parse with what finding them read. */
function routersOf(sourceFile: ts.SourceFile, analysis: AnalysisContext): FileRouters {
  if (!TRPC_ROUTER_SHAPED.test(sourceFile.text) || parseDiagnostics(sourceFile).length > 0) return [];
  const { project } = analysis;
  let store = routerStores.get(project);
  if (!store) routerStores.set(project, (store = new WeakMap()));
  return project.dependencies.memo(store, sourceFile, () => {
    const found: RouterDef[] = [];
    for (const call of fileIndexOf(sourceFile).calls) {
      const member = routerFactory(call, analysis);
      if (member === "router") found.push({ call, entries: recordEntries(call.arguments[0], analysis) });
      else if (member === "mergeRouters") found.push({ call, entries: call.arguments.flatMap((argument) => routersIn(argument, analysis).map((router) => ({ kind: "router" as const, key: undefined, router }))) });
    }
    return found;
  });
}

/** `router` or `mergeRouters` when the call makes a tRPC router. */
function routerFactory(call: ts.CallExpression, analysis: AnalysisContext): "router" | "mergeRouters" | undefined {
  const callee = skipOuterExpressions(call.expression);
  const text = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
  if (!TRPC_ROUTER_SHAPED.test(`${text}(`)) return undefined;
  const member = instanceMember(callee, analysis.evaluator);
  return member === "router" || member === "mergeRouters" ? member : undefined;
}

/** The entries of a router's record, `{ byId: publicProcedure…, user: userRouter, admin: { … } }` (plain objects nest their keys). */
function recordEntries(record: ts.Expression | undefined, analysis: AnalysisContext, prefix = ""): Entry[] {
  const inner = record && skipOuterExpressions(record);
  if (!inner || !ts.isObjectLiteralExpression(inner)) return [];
  const entries: Entry[] = [];
  for (const property of inner.properties) {
    let key: string | undefined;
    let value: ts.Expression | undefined;
    let nameNode: ts.Node = property;
    if (ts.isPropertyAssignment(property)) {
      nameNode = property.name;
      key = staticPropertyName(property.name);
      value = property.initializer;
    } else if (ts.isShorthandPropertyAssignment(property)) {
      key = property.name.text;
      value = property.name;
      nameNode = property.name;
    }
    if (key === undefined || !value) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const valueInner = skipOuterExpressions(value);
    if (ts.isObjectLiteralExpression(valueInner)) {
      entries.push(...recordEntries(valueInner, analysis, path));
      continue;
    }
    entries.push(...valueEntries(value, path, nameNode, analysis));
  }
  return entries;
}

/** What a record's value is: a procedure, a router, or (through a name) one of them on each path. */
function valueEntries(value: ts.Expression, key: string, node: ts.Node, analysis: AnalysisContext): Entry[] {
  const inner = skipOuterExpressions(value);
  const calls = ts.isCallExpression(inner) ? [inner] : originsOf(analysis.evaluator.evaluate(inner)).flatMap((origin) => (origin.kind === "call" ? [origin.call] : []));
  const entries: Entry[] = [];
  for (const call of calls) {
    const procedure = procedureOfCall(call, analysis.evaluator, analysis.project);
    if (procedure) entries.push({ kind: "procedure", key, node, procedure });
    else if (routerFactory(call, analysis)) entries.push({ kind: "router", key, router: call });
  }
  return entries;
}

function routersIn(expression: ts.Expression, analysis: AnalysisContext): ts.CallExpression[] {
  const inner = skipOuterExpressions(expression);
  const calls = ts.isCallExpression(inner) ? [inner] : originsOf(analysis.evaluator.evaluate(inner)).flatMap((origin) => (origin.kind === "call" ? [origin.call] : []));
  return calls.filter((call) => routerFactory(call, analysis) !== undefined);
}

/** The procedures of every root router, with their dotted paths; routers reached only through a router that is not declared in the files read count as roots. */
function assemble(perFile: readonly FileRouters[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const routers = new Map<ts.CallExpression, RouterDef>();
  for (const defs of perFile) for (const def of defs) routers.set(def.call, def);
  const included = new Set<ts.CallExpression>();
  for (const def of routers.values()) for (const entry of def.entries) if (entry.kind === "router" && routers.has(entry.router)) included.add(entry.router);
  const routes: DiscoveredRoute[] = [];
  const seen = new Set<string>();
  const walk = (def: RouterDef, prefix: string, ancestors: ReadonlySet<ts.CallExpression>) => {
    for (const entry of def.entries) {
      const path = entry.key === undefined ? prefix : prefix ? `${prefix}.${entry.key}` : entry.key;
      if (entry.kind === "router") {
        const child = routers.get(entry.router);
        if (child && !ancestors.has(child.call) && ancestors.size < MAX_DEPTH) walk(child, path, new Set(ancestors).add(child.call));
        continue;
      }
      const unique = `${path}\0${entry.procedure.call.pos}\0${entry.procedure.call.getSourceFile().fileName}`;
      if (seen.has(unique)) continue;
      seen.add(unique);
      routes.push(route(entry.procedure, path, entry.node, analysis, graph));
    }
  };
  for (const def of routers.values()) if (!included.has(def.call)) walk(def, "", new Set([def.call]));
  return routes;
}

function route(procedure: Procedure, path: string, node: ts.Node, analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute {
  return lazyRoute(analysis.project, { framework: "trpc", method: procedure.kind, path, node, middleware: procedure.middleware }, procedure.resolver, () => handlerRef(procedure.resolver, path, graph));
}

/** The resolver: in place (named after the procedure's path, a step the route stands for), or a named function. */
function handlerRef(resolver: ts.Expression, path: string, graph: CallGraph): HandlerRef {
  const inner = skipOuterExpressions(resolver);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return { label: path, node: inner, roots: [inner], named: false };
  const roots = graph.functionReference(inner);
  return { label: roots.length > 0 ? functionLabel(roots[0]) : inner.getText(), node: inner, roots, named: true };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
