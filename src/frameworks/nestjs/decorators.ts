/**
 * What a NestJS controller declares, read from one file's syntax: its `@Controller` prefixes and version,
 * each handler's method decorators (`@Get(":id")`), `@Version`, `@UseGuards` of the class and of the
 * method, and the other decorators a handler carries (`@Public()`, `@Roles("admin")`), which the guards
 * may read. A decorator counts when its name is imported from `@nestjs/common` (directly or as a
 * namespace), never by its name alone: a project's own `Get` is not NestJS's.
 */
import { importSpecifierOf } from "../../engine/modules.js";
import { resolveIdentifier, skipOuterExpressions } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";

export const NEST_COMMON = "@nestjs/common";

/** The HTTP method decorators of `@nestjs/common`, by their exported names. */
const METHOD_DECORATORS: Readonly<Record<string, string>> = {
  Get: "GET",
  Post: "POST",
  Put: "PUT",
  Patch: "PATCH",
  Delete: "DELETE",
  All: "ALL",
  Options: "OPTIONS",
  Head: "HEAD",
  Search: "SEARCH",
};

/** One HTTP method decorator of a handler: `@Get([":id", ":id/full"])` is one, with two paths. */
export interface MethodDecorator {
  method: string;
  paths: string[];
  /** the decorator's call (`Get(":id")`): where the endpoint is declared and its findings go */
  node: ts.CallExpression;
}

export interface NestHandler {
  method: ts.MethodDeclaration;
  routes: MethodDecorator[];
  /** `@Version("1")` on the method: overrides the controller's */
  versions: string[] | undefined;
  /** the arguments of the method's `@UseGuards(…)`, in order */
  guards: ts.Expression[];
  /** every decorator call of the method that is not NestJS's routing (`Public()`, `Roles("admin")`) */
  marks: ts.CallExpression[];
}

export interface NestController {
  declaration: ts.ClassDeclaration;
  name: string;
  prefixes: string[];
  /** `@Controller({ version: "1" })`; undefined when none is given */
  versions: string[] | undefined;
  guards: ts.Expression[];
  marks: ts.CallExpression[];
  handlers: NestHandler[];
}

/** The name a `@nestjs/common` export is known by here: `Get` for `@Get()` or `@common.Get()`, undefined for anything else. */
export function nestCommonName(expression: ts.Expression, module = NEST_COMMON): string | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = resolveIdentifier(inner);
    if (!declaration || !ts.isImportSpecifier(declaration) || importSpecifierOf(declaration) !== module) return undefined;
    return (declaration.propertyName ?? declaration.name).text;
  }
  if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression)) {
    const declaration = resolveIdentifier(inner.expression);
    if (!declaration || !ts.isNamespaceImport(declaration) || importSpecifierOf(declaration) !== module) return undefined;
    return inner.name.text;
  }
  return undefined;
}

/** The decorator calls of a class or method (`@Injectable` without a call is left out: no NestJS routing decorator is written so). */
export function decoratorCalls(node: ts.HasDecorators): ts.CallExpression[] {
  return (ts.getDecorators(node) ?? []).flatMap((decorator) => {
    const expression = skipOuterExpressions(decorator.expression);
    return ts.isCallExpression(expression) ? [expression] : [];
  });
}

/** The controllers a file declares, each with its handlers, in source order. */
export function controllersIn(sourceFile: ts.SourceFile): NestController[] {
  const found: NestController[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node)) {
      const controller = controllerOf(node);
      if (controller) found.push(controller);
    }
    // Controllers are declared at the top level or inside a namespace; not inside functions.
    if (ts.isSourceFile(node) || ts.isModuleDeclaration(node) || ts.isModuleBlock(node)) ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** A class decorated with `@Controller(…)` from `@nestjs/common`, read; undefined for any other class. */
export function controllerOf(declaration: ts.ClassDeclaration): NestController | undefined {
  const calls = decoratorCalls(declaration);
  const controllerCall = calls.find((call) => nestCommonName(call.expression) === "Controller");
  if (!controllerCall) return undefined;
  const { prefixes, versions } = controllerOptions(controllerCall.arguments[0]);
  const controller: NestController = {
    declaration,
    name: declaration.name?.text ?? "(class)",
    prefixes,
    versions,
    guards: guardsOf(calls),
    marks: marksOf(calls),
    handlers: [],
  };
  for (const member of declaration.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    const handler = handlerOf(member);
    if (handler) controller.handlers.push(handler);
  }
  return controller;
}

/** A method with an HTTP method decorator, read; undefined for any other method. */
export function handlerOf(method: ts.MethodDeclaration): NestHandler | undefined {
  const calls = decoratorCalls(method);
  const routes: MethodDecorator[] = [];
  let versions: string[] | undefined;
  for (const call of calls) {
    const name = nestCommonName(call.expression);
    if (name === undefined) continue;
    const httpMethod = METHOD_DECORATORS[name];
    if (httpMethod) routes.push({ method: httpMethod, paths: pathsOf(call.arguments[0]) ?? [""], node: call });
    else if (name === "Version") versions = pathsOf(call.arguments[0]);
  }
  if (routes.length === 0) return undefined;
  return { method, routes, versions, guards: guardsOf(calls), marks: marksOf(calls) };
}

/** The handler methods of the class around a method, when it is a controller's handler: for the per-file readers (route chains). */
export function nestHandlerAround(fn: ts.Node): { controller: NestController; handler: NestHandler } | undefined {
  if (!ts.isMethodDeclaration(fn) || !ts.isClassDeclaration(fn.parent) || !ts.getDecorators(fn)) return undefined;
  const handler = handlerOf(fn);
  if (!handler) return undefined;
  const controller = controllerOf(fn.parent);
  return controller ? { controller, handler } : undefined;
}

function guardsOf(calls: readonly ts.CallExpression[]): ts.Expression[] {
  return calls.filter((call) => nestCommonName(call.expression) === "UseGuards").flatMap((call) => call.arguments.filter((argument) => !ts.isSpreadElement(argument)));
}

/**
 * The project's own decorators (`Public()`, `Roles("admin")`) and `SetMetadata(…)` written in place: what a guard may
 * read. Those of NestJS's packages (`@ApiTags("admin")` of `@nestjs/swagger`, `@Throttle(…)`) are documentation and
 * settings, not metadata for the project's guards.
 */
function marksOf(calls: readonly ts.CallExpression[]): ts.CallExpression[] {
  return calls.filter((call) => {
    const name = nestCommonName(call.expression);
    if (name !== undefined) return name === "SetMetadata";
    return !fromNestPackage(call.expression);
  });
}

function fromNestPackage(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  const root = ts.isPropertyAccessExpression(inner) ? skipOuterExpressions(inner.expression) : inner;
  const declaration = ts.isIdentifier(root) ? resolveIdentifier(root) : undefined;
  if (!declaration || !(ts.isImportSpecifier(declaration) || ts.isNamespaceImport(declaration) || ts.isImportClause(declaration))) return false;
  return importSpecifierOf(declaration)?.startsWith("@nestjs/") ?? false;
}

/** `@Controller()`, `@Controller("items")`, `@Controller(["a", "b"])`, `@Controller({ path, version })`. */
function controllerOptions(argument: ts.Expression | undefined): { prefixes: string[]; versions: string[] | undefined } {
  if (!argument) return { prefixes: [""], versions: undefined };
  const inner = skipOuterExpressions(argument);
  if (ts.isObjectLiteralExpression(inner)) {
    let prefixes = [""];
    let versions: string[] | undefined;
    for (const property of inner.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
      if (property.name.text === "path") prefixes = pathsOf(property.initializer) ?? [""];
      else if (property.name.text === "version") versions = pathsOf(property.initializer);
    }
    return { prefixes, versions };
  }
  return { prefixes: pathsOf(inner) ?? [""], versions: undefined };
}

/** A path or a list of paths as written: strings, templates without substitutions; undefined when none is readable. */
export function pathsOf(argument: ts.Expression | undefined): string[] | undefined {
  if (!argument) return undefined;
  const inner = skipOuterExpressions(argument);
  if (ts.isStringLiteralLike(inner)) return [inner.text];
  if (ts.isArrayLiteralExpression(inner)) {
    const paths = inner.elements.flatMap((element) => {
      const value = skipOuterExpressions(element as ts.Expression);
      return ts.isStringLiteralLike(value) ? [value.text] : [];
    });
    return paths.length > 0 ? paths : undefined;
  }
  return undefined;
}
