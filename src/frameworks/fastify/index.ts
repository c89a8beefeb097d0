import { registerTextFacet, type MemoEntry } from "../../engine/dependencies.js";
import { parseDiagnostics, type ProjectModel } from "../../engine/project.js";
import type { AnalysisContext } from "../../engine/rule.js";
import { skipOuterExpressions } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import { absolutePath } from "../../engine/paths.js";
import { CallGraph, functionLabel } from "../../analysis/call-graph.js";
import type { FrameworkAdapter } from "../adapter.js";
import { joinPaths, lazyRoute, withoutRepeats, type DiscoveredRoute, type HandlerRef, type MiddlewareRef } from "../route.js";
import { FASTIFY_SHAPED, FileScan, PHASES, type Context, type FileRegistrations, type HookRef, type Registration } from "./registrations.js";

/**
 * Fastify: root instances (`Fastify()`), plugins registered on them (`register(plugin, { prefix })`,
 * nested, each its own encapsulation context unless wrapped with `fastify-plugin`), the routes each
 * context declares (`get`/`post`/…/`all`, `route({ method, url, handler })`), and the checks that run
 * before a handler the way Fastify runs them: phase by phase (`onRequest`, `preParsing`,
 * `preValidation`, `preHandler`), in each phase the hooks of the context and its ancestors (added with
 * `addHook`, wherever in the context's code: Fastify attaches them when the server gets ready), then the
 * route's own. `fastify.authenticate` in a route's hooks is followed to the function `decorate` gave it.
 */
export const fastifyFramework: FrameworkAdapter = {
  id: "fastify",
  mayDeclareRoutes: (text) => FASTIFY_SHAPED.test(text),
  routes: (files, analysis, graph) => fastifyRoutes(files, analysis, graph),
  projectRoutes: (fileNames, analysis, graph) => fastifyProjectRoutes(fileNames, analysis, graph),
};

export const FASTIFY_FACET = "fastify-registrations";
registerTextFacet(FASTIFY_FACET, FASTIFY_SHAPED);

/** mounts deeper than this are a cycle the code cannot mean */
const MAX_DEPTH = 16;

const registrationStores = new WeakMap<ProjectModel, WeakMap<ts.SourceFile, MemoEntry<FileRegistrations>>>();

function fastifyRoutes(files: readonly ts.SourceFile[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const sorted = [...files].sort((a, b) => compare(absolutePath(a.fileName), absolutePath(b.fileName)));
  return assemble(sorted.map((file) => registrationsOf(file, analysis, graph)), analysis, graph);
}

/** The same over the project's named files: a file that registers nothing is recorded as still registering nothing. */
function fastifyProjectRoutes(fileNames: readonly string[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const { project } = analysis;
  const registersNothing = (parse: ts.SourceFile | undefined) => !parse || registrationsOf(parse, analysis, new CallGraph(analysis)).length === 0;
  const perFile: FileRegistrations[] = [];
  for (const fileName of [...fileNames].sort((a, b) => compare(absolutePath(a), absolutePath(b)))) {
    if (!project.textMatches(fileName, FASTIFY_FACET)) continue;
    const parse = project.dependencies.untracked(() => project.getSourceFile(fileName));
    const found = parse ? project.dependencies.untracked(() => registrationsOf(parse, analysis, graph)) : [];
    if (found.length === 0) {
      project.dependWhile(fileName, registersNothing);
      continue;
    }
    perFile.push(registrationsOf(project.getSourceFile(fileName)!, analysis, graph));
  }
  return assemble(perFile, analysis, graph);
}

/** What a parse registers, memoised with what finding it read (the instance's trail into other files). */
function registrationsOf(sourceFile: ts.SourceFile, analysis: AnalysisContext, graph: CallGraph): FileRegistrations {
  if (!FASTIFY_SHAPED.test(sourceFile.text) || parseDiagnostics(sourceFile).length > 0) return [];
  const { project } = analysis;
  let store = registrationStores.get(project);
  if (!store) registrationStores.set(project, (store = new WeakMap()));
  return project.dependencies.memo(store, sourceFile, () => new FileScan(analysis, graph).registrations(sourceFile));
}

interface ContextFacts {
  routes: Extract<Registration, { kind: "route" }>[];
  hooks: HookRef[];
  /** with the register call when it is awaited: the hooks the parent adds after it do not reach the child */
  children: { context: Context; prefix: string; awaited?: ts.CallExpression }[];
  decorations: Map<string, ts.Expression>;
  /** registered somewhere as an encapsulated plugin */
  registered: boolean;
}

/** Every route of every context reached from a root instance (or from a plugin nobody registers that the code types as one). */
function assemble(perFile: readonly FileRegistrations[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  // A plugin wrapped with fastify-plugin is its parent's context: its registrations are the parent's.
  const sharedWith = new Map<Context, Context>();
  for (const registrations of perFile) {
    for (const { context, registration } of registrations) {
      if (registration.kind !== "register") continue;
      for (const plugin of registration.plugins) if (!plugin.encapsulated && !sharedWith.has(plugin.fn) && plugin.fn !== context) sharedWith.set(plugin.fn, context);
    }
  }
  const effective = (context: Context): Context => {
    let current = context;
    for (let steps = 0; steps < MAX_DEPTH && sharedWith.has(current); steps++) current = sharedWith.get(current)!;
    return current;
  };
  const contexts = new Map<Context, ContextFacts>();
  const facts = (context: Context): ContextFacts => {
    let found = contexts.get(context);
    if (!found) contexts.set(context, (found = { routes: [], hooks: [], children: [], decorations: new Map(), registered: false }));
    return found;
  };
  for (const registrations of perFile) {
    for (const { context, registration } of registrations) {
      const here = facts(effective(context));
      if (registration.kind === "route") here.routes.push(registration);
      else if (registration.kind === "hook") here.hooks.push(registration.hook);
      else if (registration.kind === "decorate") here.decorations.set(registration.name, registration.value);
      else {
        for (const plugin of registration.plugins) {
          if (!plugin.encapsulated) continue;
          here.children.push({ context: plugin.fn, prefix: registration.prefix, awaited: isAwaited(registration.node) ? registration.node : undefined });
          facts(plugin.fn).registered = true;
        }
      }
    }
  }
  const routes: DiscoveredRoute[] = [];
  const worklist: { context: Context; prefix: string; hooks: readonly HookRef[]; decorations: ReadonlyMap<string, ts.Expression>; ancestors: ReadonlySet<Context> }[] = [];
  for (const [context, known] of contexts) {
    if (sharedWith.has(context) || known.registered) continue;
    if (ts.isCallExpression(context) || typedAsFastify(context)) worklist.push({ context, prefix: "", hooks: [], decorations: new Map(), ancestors: new Set([context]) });
  }
  for (let position = 0; position < worklist.length; position++) {
    const { context, prefix, ancestors } = worklist[position];
    const known = facts(context);
    const hooks = [...worklist[position].hooks, ...known.hooks];
    const decorations = new Map([...worklist[position].decorations, ...known.decorations]);
    for (const registration of known.routes) {
      const routePath = joinPaths(prefix, registration.path);
      for (const method of registration.methods) {
        const applying = [...hooks, ...registration.hooks].filter((hook) => !exempts(hook.node, method, routePath, graph));
        const chain = PHASES.flatMap((phase) => applying.filter((hook) => hook.phase === phase)).map((hook) => middlewareRef(hook, decorations));
        routes.push(route(method, routePath, registration.node, chain, registration.handler, analysis, graph));
      }
    }
    for (const child of known.children) {
      if (ancestors.has(child.context) || ancestors.size >= MAX_DEPTH) continue;
      // `await fastify.register(child)` loads the child there: a hook the parent adds after it is not the child's.
      const awaited = child.awaited;
      const reaching = awaited ? hooks.filter((hook) => !known.hooks.includes(hook) || hook.node.getSourceFile() !== awaited.getSourceFile() || hook.node.pos < awaited.pos) : hooks;
      worklist.push({ context: child.context, prefix: joinPaths(prefix, child.prefix), hooks: reaching, decorations, ancestors: new Set(ancestors).add(child.context) });
    }
  }
  return withoutRepeats(routes);
}

/**
 * A hook that lets this route through before doing anything: its body starts (maybe inside a `try`) with
 * `if (request.url === "/api/v1/auth/login" && request.method === "POST") return …`. Such a hook does not
 * run its check for that route, so it is no check of it.
 */
function exempts(hook: ts.Expression, method: string, routePath: string, graph: CallGraph): boolean {
  const functions = graph.functionReference(hook);
  return functions.length === 1 && leadingExemptions(functions[0]).some((exemption) => exemption.path === routePath && (exemption.method === undefined || exemption.method === method));
}

const exemptionCache = new WeakMap<ts.Node, { path: string; method?: string }[]>();

function leadingExemptions(fn: ts.FunctionLikeDeclaration): { path: string; method?: string }[] {
  let found = exemptionCache.get(fn);
  if (found) return found;
  found = [];
  exemptionCache.set(fn, found);
  const request = fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : undefined;
  if (!request || !fn.body || !ts.isBlock(fn.body)) return found;
  let statements: readonly ts.Statement[] = fn.body.statements;
  if (statements.length === 1 && ts.isTryStatement(statements[0])) statements = statements[0].tryBlock.statements;
  for (const statement of statements) {
    if (!ts.isIfStatement(statement) || statement.elseStatement || !returnsAtOnce(statement.thenStatement)) break;
    const tests: Record<string, string> = {};
    const collect = (condition: ts.Expression): boolean => {
      const inner = skipOuterExpressions(condition);
      if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return collect(inner.left) && collect(inner.right);
      if (!ts.isBinaryExpression(inner) || (inner.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken && inner.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsToken)) return false;
      const [left, right] = [skipOuterExpressions(inner.left), skipOuterExpressions(inner.right)];
      const [access, literal] = ts.isStringLiteralLike(right) ? [left, right] : [right, left];
      if (!ts.isStringLiteralLike(literal) || !ts.isPropertyAccessExpression(access) || !ts.isIdentifier(access.expression) || access.expression.text !== request) return false;
      const key = access.name.text === "routerPath" || access.name.text === "routeOptions" ? "url" : access.name.text;
      if (key !== "url" && key !== "method") return false;
      tests[key] = key === "method" ? literal.text.toUpperCase() : literal.text;
      return true;
    };
    if (collect(statement.expression) && tests.url !== undefined) found.push({ path: joinPaths("", tests.url), method: tests.method });
  }
  return found;
}

/** `return`, `return true`, `{ return; }`, `return done()`: the hook ends there without its check. */
function returnsAtOnce(statement: ts.Statement): boolean {
  if (ts.isBlock(statement)) return statement.statements.length === 1 && returnsAtOnce(statement.statements[0]);
  return ts.isReturnStatement(statement);
}

/** `await fastify.register(…)`, also as `return await …` or `void`-less in an expression statement. */
function isAwaited(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isAwaitExpression(node.parent);
}

/** A plugin nobody registers in the code (`@fastify/autoload` loads it from its folder): one the code types as a Fastify plugin or instance. */
function typedAsFastify(context: Context): boolean {
  if (!ts.isFunctionLike(context)) return false;
  const parameterType = context.parameters[0]?.type;
  if (parameterType && /Fastify/.test(parameterType.getText())) return true;
  const holder = context.parent;
  return ts.isVariableDeclaration(holder) && !!holder.type && /Fastify/.test(holder.type.getText());
}

/**
 * A hook as a check of the route: `fastify.authenticate` stands for the function `decorate` gave it, so
 * what that function does (sets `request.user`, replies 401) judges it, not its name.
 */
function middlewareRef(hook: HookRef, decorations: ReadonlyMap<string, ts.Expression>): MiddlewareRef {
  const inner = skipOuterExpressions(hook.node);
  if (ts.isPropertyAccessExpression(inner)) {
    const decorated = decorations.get(inner.name.text);
    if (decorated) return { name: inner.getText().replace(/\s+/g, ""), node: decorated };
  }
  return { name: hookName(inner, hook.phase), node: hook.node };
}

/** `authenticate`, `fastify.authenticate`, `requirePermission` for `requirePermission([…])`, `preHandler hook` for an inline one. */
function hookName(expression: ts.Expression, phase: string): string {
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression.name?.text ?? `${phase} hook`;
  if (ts.isCallExpression(expression)) return hookName(skipOuterExpressions(expression.expression), phase);
  if (ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression)) return expression.getText().replace(/\s+/g, "");
  return `${phase} hook`;
}

/** A route whose handler is described on first use. */
function route(method: string, routePath: string, node: ts.Node, middleware: MiddlewareRef[], handler: ts.Expression, analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute {
  return lazyRoute(analysis.project, { framework: "fastify", method, path: routePath, node, middleware }, handler, () => handlerRef(handler, graph));
}

function handlerRef(expression: ts.Expression, graph: CallGraph): HandlerRef {
  const inner = skipOuterExpressions(expression);
  // `handler(request, reply) { … }` in route options: the method is the handler, written in place.
  if (ts.isIdentifier(inner) && ts.isMethodDeclaration(inner.parent) && inner.parent.name === inner && inner.parent.body) {
    return { label: "(inline)", node: inner, roots: [inner.parent as ts.MethodDeclaration & { body: ts.Block }], named: false };
  }
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return { label: "(inline)", node: inner, roots: [inner], named: false };
  const roots = graph.functionReference(inner);
  return { label: roots.length > 0 ? functionLabel(roots[0]) : inner.getText().replace(/\s+/g, ""), node: inner, roots, named: true };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
