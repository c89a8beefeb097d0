/**
 * NestJS endpoints: each handler of each `@Controller` class, its path joined from the global prefix
 * (`app.setGlobalPrefix("api", { exclude })` on the app `NestFactory.create` made), the URI version
 * (`app.enableVersioning({ type: VersioningType.URI })` with `@Version("1")` or the controller's
 * `version`), the controller's prefixes and the method decorator's paths; and the checks that run
 * before it, outermost first: middleware applied with `consumer.apply(…).forRoutes(…)`, global guards
 * (`app.useGlobalGuards(…)`, `{ provide: APP_GUARD, useClass: … }` in any module), the controller's
 * `@UseGuards(…)`, the method's. A guard that lets a route through on a metadata key the route carries
 * (`@Public()`) is not among that route's checks.
 */
import { registerTextFacet, type MemoEntry } from "../../engine/dependencies.js";
import { parseDiagnostics, type ProjectModel } from "../../engine/project.js";
import type { AnalysisContext } from "../../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import { absolutePath } from "../../engine/paths.js";
import { CallGraph, functionLabel, hasBody } from "../../analysis/call-graph.js";
import { classNamed } from "../../engine/callers.js";
import { joinPaths, lazyRoute, type DiscoveredRoute, type HandlerRef, type MiddlewareRef } from "../route.js";
import { controllersIn, decoratorCalls, nestCommonName, pathsOf, type NestController } from "./decorators.js";
import { composedBy, isSet, metadataSetBy, skipKeysOf, type MetadataKey } from "./guards.js";

const NEST_CORE = "@nestjs/core";

/** What makes a file matter to NestJS discovery: a controller, or the app's and modules' settings. */
const NEST_SHAPED = /@(?:\w+\.)?Controller\b|setGlobalPrefix|useGlobalGuards|APP_GUARD|enableVersioning|forRoutes|RouterModule/;
const CONTROLLER_SHAPED = /@(?:\w+\.)?Controller\b/;
export const NEST_FACET = "nestjs-routes";
registerTextFacet(NEST_FACET, NEST_SHAPED);

/** A file without these words declares no NestJS endpoint and none of the settings that shape one. */
export function mayDeclareNestRoutes(text: string): boolean {
  return NEST_SHAPED.test(text);
}

interface Excluded {
  path: string;
  method: string | undefined;
}

/** Middleware applied with `consumer.apply(…).forRoutes(…)`: to controllers, to paths, or to everything. */
interface Applied {
  middleware: ts.Expression[];
  /** the controller classes named, as written */
  controllers: ts.Identifier[];
  paths: Excluded[];
  all: boolean;
}

/** What one file says about NestJS endpoints: its controllers and the settings it makes. */
interface FileFacts {
  controllers: NestController[];
  prefixes: { prefix: string; exclude: Excluded[] }[];
  uriVersioning: { prefix: string; defaultVersion: string[] | undefined } | undefined;
  globalGuards: ts.Expression[];
  appGuards: ts.Expression[];
  applied: Applied[];
  /** `RouterModule.register([{ path: "admin", module: AdminModule }])`: the path each module's controllers are served under */
  modulePaths: { path: string; module: ts.Identifier }[];
}

const factStores = new WeakMap<ProjectModel, WeakMap<ts.SourceFile, MemoEntry<FileFacts>>>();

/** An opt-out decorator (or the key it sets) that declares an endpoint public. */
const PUBLIC_MARK = /public|anonymous|skip_?auth|no_?auth|allow_?unauth|unauthenticated|unprotected/i;

/** How many files had their NestJS facts read: performance guards count work, not time. */
export const nestDiscoveryWork = { filesRead: 0 };

/** The handlers of the program's `@Controller` classes, prefixes joined, guards as their checks. */
export function nestRoutes(files: readonly ts.SourceFile[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const facts = byPath(files, (file) => file.fileName).flatMap((file) => (mayDeclareNestRoutes(file.text) ? [factsOf(file, analysis)] : []));
  return assemble(facts, analysis, graph);
}

/**
 * The same over the named files, read through the project: a file without a controller or a setting
 * is depended on only through its still having none, so an edit to a service keeps the inventory.
 */
export function nestProjectRoutes(fileNames: readonly string[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const { project } = analysis;
  const facts: FileFacts[] = [];
  for (const fileName of byPath(fileNames, (name) => name)) {
    if (!project.textMatches(fileName, NEST_FACET)) continue;
    const parse = project.getSourceFile(fileName);
    if (parse) facts.push(factsOf(parse, analysis));
  }
  return assemble(facts, analysis, graph);
}

function factsOf(sourceFile: ts.SourceFile, analysis: AnalysisContext): FileFacts {
  const { project } = analysis;
  let store = factStores.get(project);
  if (!store) factStores.set(project, (store = new WeakMap()));
  return project.dependencies.memo(store, sourceFile, () => readFacts(sourceFile));
}

function readFacts(sourceFile: ts.SourceFile): FileFacts {
  nestDiscoveryWork.filesRead++;
  const facts: FileFacts = { controllers: [], prefixes: [], uriVersioning: undefined, globalGuards: [], appGuards: [], applied: [], modulePaths: [] };
  if (parseDiagnostics(sourceFile).length > 0) return facts;
  if (CONTROLLER_SHAPED.test(sourceFile.text)) facts.controllers = controllersIn(sourceFile);
  if (!/setGlobalPrefix|useGlobalGuards|APP_GUARD|enableVersioning|forRoutes|RouterModule/.test(sourceFile.text)) return facts;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) appSetting(node, facts);
    else if (ts.isObjectLiteralExpression(node)) appGuardProvider(node, facts);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return facts;
}

/** `app.setGlobalPrefix(…)`, `app.useGlobalGuards(…)`, `app.enableVersioning(…)` on a NestJS app; `consumer.apply(…).forRoutes(…)`. */
function appSetting(call: ts.CallExpression, facts: FileFacts): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return;
  const name = callee.name.text;
  if (name === "register" && importedFrom(callee.expression, NEST_CORE) === "RouterModule") {
    routeTree(call.arguments[0], "", facts.modulePaths);
    return;
  }
  if (name === "forRoutes") {
    const applied = appliedBy(call);
    if (applied) facts.applied.push(applied);
    return;
  }
  if (name !== "setGlobalPrefix" && name !== "useGlobalGuards" && name !== "enableVersioning") return;
  if (!isNestApp(callee.expression)) return;
  if (name === "useGlobalGuards") {
    facts.globalGuards.push(...call.arguments.filter((argument) => !ts.isSpreadElement(argument)));
    return;
  }
  const options = call.arguments[name === "setGlobalPrefix" ? 1 : 0];
  const property = (key: string) => {
    const object = options && skipOuterExpressions(options);
    if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
    const found = object.properties.find((entry): entry is ts.PropertyAssignment => ts.isPropertyAssignment(entry) && ts.isIdentifier(entry.name) && entry.name.text === key);
    return found?.initializer;
  };
  if (name === "setGlobalPrefix") {
    const prefix = pathsOf(call.arguments[0])?.[0];
    if (prefix !== undefined) facts.prefixes.push({ prefix, exclude: excludedBy(property("exclude")) });
    return;
  }
  // `enableVersioning()` defaults to URI versioning; `type: VersioningType.HEADER` (or MEDIA_TYPE, CUSTOM) leaves paths alone.
  const type = property("type");
  if (type && !/\bURI$/.test(type.getText())) return;
  const prefix = property("prefix");
  const prefixText = prefix && skipOuterExpressions(prefix);
  facts.uriVersioning = {
    prefix: prefixText && ts.isStringLiteralLike(prefixText) ? prefixText.text : prefixText?.kind === ts.SyntaxKind.FalseKeyword ? "" : "v",
    defaultVersion: pathsOf(property("defaultVersion")),
  };
}

/** `[{ path: "admin", module: AdminModule, children: [{ path: "users", module: UsersModule }, ReportsModule] }]`, prefixes joined. */
function routeTree(expression: ts.Expression | undefined, prefix: string, found: { path: string; module: ts.Identifier }[], depth = 0): void {
  const list = expression && skipOuterExpressions(expression);
  if (!list || !ts.isArrayLiteralExpression(list) || depth > 8) return;
  for (const element of list.elements) {
    const entry = skipOuterExpressions(element as ts.Expression);
    if (ts.isIdentifier(entry)) {
      found.push({ path: prefix, module: entry });
      continue;
    }
    if (!ts.isObjectLiteralExpression(entry)) continue;
    let routePath = "";
    let module: ts.Identifier | undefined;
    let children: ts.Expression | undefined;
    for (const property of entry.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      const value = skipOuterExpressions(property.initializer);
      if (property.name.text === "path" && ts.isStringLiteralLike(value)) routePath = value.text;
      else if (property.name.text === "module" && ts.isIdentifier(value)) module = value;
      else if (property.name.text === "children") children = value;
    }
    const joined = joinPaths(joinPaths("", prefix), routePath);
    if (module) found.push({ path: joined, module });
    routeTree(children, joined, found, depth + 1);
  }
}

/** `exclude: ["health", { path: "auth/(.*)", method: RequestMethod.GET }]`. */
function excludedBy(expression: ts.Expression | undefined): Excluded[] {
  const inner = expression && skipOuterExpressions(expression);
  if (!inner || !ts.isArrayLiteralExpression(inner)) return [];
  return inner.elements.flatMap((element) => routeInfo(element) ?? []);
}

/** A path given to `exclude` or `forRoutes`: `"users"`, `{ path: "users/:id", method: RequestMethod.GET }`. */
function routeInfo(element: ts.Expression): Excluded | undefined {
  const inner = skipOuterExpressions(element);
  if (ts.isStringLiteralLike(inner)) return { path: inner.text, method: undefined };
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  let routePath: string | undefined;
  let method: string | undefined;
  for (const property of inner.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
    const value = skipOuterExpressions(property.initializer);
    if (property.name.text === "path" && ts.isStringLiteralLike(value)) routePath = value.text;
    else if (property.name.text === "method" && ts.isPropertyAccessExpression(value)) method = value.name.text === "ALL" ? undefined : value.name.text;
  }
  return routePath === undefined ? undefined : { path: routePath, method };
}

/** `consumer.apply(AuthMiddleware).exclude(…).forRoutes(UsersController, "items", …list)`. */
function appliedBy(forRoutes: ts.CallExpression): Applied | undefined {
  let current = skipOuterExpressions((forRoutes.expression as ts.PropertyAccessExpression).expression);
  while (ts.isCallExpression(current)) {
    const callee = skipOuterExpressions(current.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    if (callee.name.text === "apply") break;
    current = skipOuterExpressions(callee.expression);
  }
  if (!ts.isCallExpression(current)) return undefined;
  const applied: Applied = { middleware: current.arguments.filter((argument) => !ts.isSpreadElement(argument)), controllers: [], paths: [], all: false };
  const targets = forRoutes.arguments.flatMap((argument) => {
    if (!ts.isSpreadElement(argument)) return [argument];
    // `...authenticatedControllers`: the elements of the array the name holds.
    const list = ts.isIdentifier(argument.expression) ? resolveIdentifier(argument.expression) : undefined;
    const initializer = list && ts.isVariableDeclaration(list) && list.initializer ? skipOuterExpressions(list.initializer) : undefined;
    return initializer && ts.isArrayLiteralExpression(initializer) ? initializer.elements.filter((element) => !ts.isSpreadElement(element)) : [];
  });
  for (const target of targets) {
    const route = routeInfo(target);
    if (route) {
      if (/^\/?(?:\*|\(\.\*\)|\{\*\w*\}|\*\w*)$/.test(route.path) && route.method === undefined) applied.all = true;
      else applied.paths.push(route);
      continue;
    }
    const inner = skipOuterExpressions(target);
    if (ts.isIdentifier(inner)) applied.controllers.push(inner);
  }
  return applied;
}

/** `{ provide: APP_GUARD, useClass: JwtAuthGuard }` (or `useExisting`), with `APP_GUARD` from `@nestjs/core`. */
function appGuardProvider(object: ts.ObjectLiteralExpression, facts: FileFacts): void {
  let provides = false;
  let guard: ts.Expression | undefined;
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
    if (property.name.text === "provide") provides = importedFrom(property.initializer, NEST_CORE) === "APP_GUARD";
    else if (property.name.text === "useClass" || property.name.text === "useExisting") guard = property.initializer;
  }
  if (provides && guard) facts.appGuards.push(guard);
}

function importedFrom(expression: ts.Expression, module: string): string | undefined {
  return nestCommonName(expression, module);
}

/** An app made by `NestFactory.create(…)` (from `@nestjs/core`): the receiver itself, or a name bound to it. */
function isNestApp(receiver: ts.Expression): boolean {
  let inner = skipOuterExpressions(receiver);
  if (ts.isIdentifier(inner)) {
    const declaration = resolveIdentifier(inner);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    inner = skipOuterExpressions(declaration.initializer);
  }
  if (ts.isAwaitExpression(inner)) inner = skipOuterExpressions(inner.expression);
  if (!ts.isCallExpression(inner)) return false;
  const callee = skipOuterExpressions(inner.expression);
  return ts.isPropertyAccessExpression(callee) && /^create/.test(callee.name.text) && importedFrom(callee.expression, NEST_CORE) === "NestFactory";
}

/** Every endpoint of the controllers, with the settings of every file applied. */
function assemble(perFile: readonly FileFacts[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[] {
  const { project } = analysis;
  const prefixes = perFile.flatMap((facts) => facts.prefixes);
  const global = prefixes[prefixes.length - 1];
  const versioning = perFile.map((facts) => facts.uriVersioning).find((entry) => entry !== undefined);
  const globalGuards = [...perFile.flatMap((facts) => facts.globalGuards), ...perFile.flatMap((facts) => facts.appGuards)];
  const applied = perFile.flatMap((facts) => facts.applied);
  const modulePaths = modulePathsOf(perFile.flatMap((facts) => facts.modulePaths), project);
  const skipKeys = new Map<ts.Expression, MetadataKey[]>();
  const keysOf = (guard: ts.Expression) => {
    let keys = skipKeys.get(guard);
    if (!keys) skipKeys.set(guard, (keys = skipKeysOf(guard, analysis)));
    return keys;
  };
  const routes: DiscoveredRoute[] = [];
  for (const controller of perFile.flatMap((facts) => facts.controllers)) {
    const appliedHere = applied.filter((entry) => entry.all || entry.controllers.some((name) => classNamed(project, name) === controller.declaration));
    const classParts = expanded(controller.guards, controller.marks, analysis);
    for (const handler of controller.handlers) {
      const methodParts = expanded(handler.guards, handler.marks, analysis);
      const marked = [...methodParts.marks, ...classParts.marks].flatMap((mark) => {
        const set = metadataSetBy(mark, analysis);
        return set && isSet(set.value) ? [{ key: set.key, mark }] : [];
      });
      const optedOut: ts.CallExpression[] = [];
      const guards = [...globalGuards, ...classParts.guards, ...methodParts.guards].filter((guard) => {
        const skipped = marked.filter((entry) => keysOf(guard).includes(entry.key));
        optedOut.push(...skipped.map((entry) => entry.mark));
        return skipped.length === 0;
      });
      // `@Public()`, `@AllowAnonymous()`, `@SetMetadata("isPublic", true)`: the code says the endpoint is public. `@BotOnly()`
      // hands the request to another guard instead, and says nothing of the kind.
      const declared = optedOut.find((mark) => PUBLIC_MARK.test(mark.getText()));
      const versions = handler.versions ?? controller.versions ?? versioning?.defaultVersion;
      for (const decorator of handler.routes) {
        for (const prefix of controller.prefixes) {
          for (const local of decorator.paths) {
            for (const version of versioning && versions ? versions : [undefined]) {
              const own = joinPaths(joinPaths(joinPaths("", modulePaths.get(controller.declaration) ?? ""), prefix), local);
              const excluded = global?.exclude.some((entry) => (entry.method === undefined || entry.method === decorator.method) && samePath(entry.path, own));
              const versioned = version === undefined ? own : joinPaths(`/${versioning!.prefix}${version}`, own);
              const routePath = joinPaths(joinPaths("", global && !excluded ? global.prefix : ""), versioned);
              const middleware = [
                ...appliedHere.flatMap((entry) => entry.middleware),
                ...applied.filter((entry) => !entry.all && !appliedHere.includes(entry) && entry.paths.some((route) => (route.method === undefined || route.method === decorator.method) && pathUnder(own, route.path))).flatMap((entry) => entry.middleware),
                ...guards,
              ].map(middlewareRef);
              const found = route(decorator.method, routePath, decorator.node, middleware, handler.method, analysis, graph, controller.name);
              if (declared) found.declaredPublic = `@${declared.getText().replace(/\s+/g, " ")}`;
              routes.push(found);
            }
          }
        }
      }
    }
  }
  return routes;
}

/** Each controller of a module `RouterModule.register` names, with the module's path: read from the module's `@Module({ controllers })`. */
function modulePathsOf(entries: readonly { path: string; module: ts.Identifier }[], project: ProjectModel): Map<ts.ClassLikeDeclaration, string> {
  const paths = new Map<ts.ClassLikeDeclaration, string>();
  for (const entry of entries) {
    const module = classNamed(project, entry.module);
    const options = module && decoratorCalls(module as ts.ClassDeclaration).find((call) => nestCommonName(call.expression) === "Module")?.arguments[0];
    const object = options && skipOuterExpressions(options);
    if (!object || !ts.isObjectLiteralExpression(object)) continue;
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name) || property.name.text !== "controllers") continue;
      const list = skipOuterExpressions(property.initializer);
      if (!ts.isArrayLiteralExpression(list)) continue;
      for (const element of list.elements) {
        const controller = ts.isIdentifier(element) ? classNamed(project, element) : undefined;
        if (controller && !paths.has(controller)) paths.set(controller, entry.path);
      }
    }
  }
  return paths;
}

/** The guards and metadata decorators of a class or method, with those of decorators composed with `applyDecorators` (`@Auth()`). */
function expanded(guards: readonly ts.Expression[], marks: readonly ts.CallExpression[], analysis: AnalysisContext): { guards: ts.Expression[]; marks: ts.CallExpression[] } {
  const result = { guards: [...guards], marks: [] as ts.CallExpression[] };
  for (const mark of marks) {
    const composed = composedBy(mark, analysis);
    result.marks.push(mark);
    if (!composed) continue;
    result.guards.push(...composed.guards);
    result.marks.push(...composed.marks);
  }
  return result;
}

function route(method: string, routePath: string, node: ts.Node, middleware: MiddlewareRef[], handler: ts.MethodDeclaration, analysis: AnalysisContext, graph: CallGraph, controller: string): DiscoveredRoute {
  return lazyRoute(analysis.project, { framework: "nestjs", method, path: routePath, node, middleware }, handler, (): HandlerRef => {
    const name = ts.isIdentifier(handler.name) ? handler.name : undefined;
    const roots = hasBody(handler) ? [handler] : name ? graph.functionReference(name) : [];
    return { label: hasBody(handler) ? functionLabel(handler) : `${controller}.${handler.name.getText()}`, node: name ?? (handler.name as ts.Expression), roots, named: true };
  });
}

/** `JwtGuard`, `new JwtGuard(reflector)` → `JwtGuard`, `AuthGuard("jwt")` → `AuthGuard("jwt")`. */
function middlewareRef(expression: ts.Expression): MiddlewareRef {
  const inner = skipOuterExpressions(expression);
  let name: string;
  if (ts.isNewExpression(inner)) name = inner.expression.getText();
  else if (ts.isCallExpression(inner)) name = inner.getText().replace(/\s+/g, "");
  else if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) name = inner.getText().replace(/\s+/g, "");
  else name = "(expression)";
  return { name, node: expression };
}

/** A path pattern of `exclude` matching a controller path: the same path, or `auth/(.*)`, `auth/*` over it. */
function samePath(pattern: string, routePath: string): boolean {
  const normalised = joinPaths("", pattern);
  const wildcard = normalised.match(/^(.*?)\/?(?:\(\.\*\)|\*\w*|\{\*\w*\})$/);
  if (wildcard) return pathUnder(routePath, joinPaths("", wildcard[1]));
  return normalised === routePath;
}

/** Whether a path pattern given to `forRoutes` covers a controller path. */
function pathUnder(routePath: string, pattern: string): boolean {
  const normalised = joinPaths("", pattern);
  const wildcard = normalised.match(/^(.*?)\/?(?:\(\.\*\)|\*\w*|\{\*\w*\})$/);
  const prefix = wildcard ? joinPaths("", wildcard[1]) : normalised;
  return prefix === "/" || routePath === prefix || (wildcard !== null && routePath.startsWith(`${prefix}/`));
}

function byPath<T>(items: readonly T[], fileName: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: absolutePath(fileName(item)) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.item);
}

