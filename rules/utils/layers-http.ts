import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { importSpecifierOf, resolveImport } from "../../src/engine/modules.js";
import type { ProjectModel } from "../../src/engine/project.js";
import { resolveIdentifier, skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";

/** HTTP concerns in code that should know nothing of HTTP: request/response parameters, status codes, HTTP errors. */
export type HttpConcern =
  | { kind: "parameter"; node: ts.ParameterDeclaration; name: string; type: "request" | "response" }
  | { kind: "status"; node: ts.Node; call: string }
  | { kind: "error"; node: ts.NewExpression; error: string };

export interface HttpOptions {
  /** packages whose import is HTTP (`express`) */
  httpModules: readonly string[];
  /** error classes that carry an HTTP status, besides `Http*Error`/`Http*Exception` */
  httpErrorClasses: readonly string[];
  /** whether the framework's own HTTP exceptions (NestJS's `HttpException`, `NotFoundException`…) and classes extending them may be thrown */
  allowFrameworkExceptions: boolean;
  /** the project, to follow a class imported from another file to what it extends */
  project?: ProjectModel;
}

const HTTP_TYPES: Readonly<Record<string, "request" | "response">> = { Request: "request", Response: "response" };
const HTTP_NAME = /^(req|res|request|response)$/;
const HTTP_ERROR_NAME = /^Http\w*(Error|Exception)$/;
/** Packages whose exceptions the framework itself maps to responses: NestJS's built-in HTTP exceptions. */
const FRAMEWORK_EXCEPTION_MODULES = new Set(["@nestjs/common"]);
/** How many `extends` a class is followed through to the framework's exception. */
const MAX_EXTENDS = 6;
const STATUS_METHODS = new Set(["status", "sendStatus", "writeHead"]);
const CONCERN_KINDS = kindSet(
  ts.SyntaxKind.Parameter,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.ReturnStatement,
);
/** Properties of a returned object that carry an HTTP status: `{ statusCode: 422, … }`. */
const STATUS_PROPERTIES = new Set(["statusCode", "status", "httpStatus", "httpStatusCode"]);
/** A namespace of status constants: `httpStatus.NOT_FOUND` (http-status), `StatusCodes.CONFLICT` (http-status-codes), `HttpStatus.OK` (NestJS). */
const STATUS_NAMESPACE = /status/i;
const STATUS_CONSTANT = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
/** The status codes of the HTTP registry: a number another argument carries is a status only if it is one of these. */
const KNOWN_STATUSES = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308, 400, 401, 402, 403, 404, 405, 406,
  407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506,
  507, 508, 510, 511,
]);

export function isHttpModule(specifier: string, modules: readonly string[]): boolean {
  return modules.some((module) => specifier === module || specifier.startsWith(`${module}/`));
}

/**
 * The HTTP concerns of a file. A parameter typed with a name imported from an HTTP module
 * is left out: the import itself is reported, and one cause gets one finding. What is left
 * are the types that arrive another way: the global `Express.Request`, or `Request`/`Response`
 * re-exported by a local module for a parameter named `req`/`res`. A bare `Request`/`Response`
 * without an import is the global fetch type, not HTTP handling.
 */
export function httpConcerns(sourceFile: ts.SourceFile, options: HttpOptions): HttpConcern[] {
  const found: HttpConcern[] = [];
  forEachDescendant(sourceFile, (node) => {
    if (ts.isParameter(node)) {
      const type = httpParameterType(node, options.httpModules);
      if (type && !type.fromHttpImport) found.push({ kind: "parameter", node, name: node.name.getText(), type: type.type });
    } else if (ts.isCallExpression(node)) {
      const callee = skipOuterExpressions(node.expression);
      if (ts.isPropertyAccessExpression(callee) && STATUS_METHODS.has(callee.name.text) && node.arguments.length > 0 && isResponse(callee.expression, options)) {
        found.push({ kind: "status", node: callee, call: `${callee.getText()}(…)` });
      }
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = skipOuterExpressions(node.left);
      if (ts.isPropertyAccessExpression(target) && target.name.text === "statusCode" && isResponse(target.expression, options)) {
        found.push({ kind: "status", node: target, call: `${target.getText()} = …` });
      }
    } else if (ts.isThrowStatement(node) && node.expression) {
      const thrown = skipOuterExpressions(node.expression);
      if (ts.isNewExpression(thrown)) {
        const error = httpErrorName(thrown, options);
        if (error) found.push({ kind: "error", node: thrown, error });
      }
    } else if (ts.isReturnStatement(node) && node.expression) {
      const returned = skipOuterExpressions(node.expression);
      if (ts.isObjectLiteralExpression(returned)) {
        const property = returned.properties.find(isStatusProperty);
        if (property) found.push({ kind: "status", node: property, call: `${property.name.getText()}: ${property.initializer.getText()}` });
      }
    }
  }, CONCERN_KINDS);
  return found.sort((a, b) => a.node.pos - b.node.pos);
}

/** Whether a parameter is an HTTP request or response, and whether its type came straight from an HTTP module's import. */
function httpParameterType(parameter: ts.ParameterDeclaration, modules: readonly string[]): { type: "request" | "response"; fromHttpImport: boolean } | undefined {
  const type = parameter.type;
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  if (ts.isIdentifier(typeName)) {
    const declaration = resolveIdentifier(typeName);
    if (!declaration || !ts.isImportSpecifier(declaration)) return undefined;
    const kind = HTTP_TYPES[(declaration.propertyName ?? declaration.name).text];
    if (!kind) return undefined;
    if (isHttpModule(importSpecifierOf(declaration) ?? "", modules)) return { type: kind, fromHttpImport: true };
    return ts.isIdentifier(parameter.name) && HTTP_NAME.test(parameter.name.text) ? { type: kind, fromHttpImport: false } : undefined;
  }
  const kind = HTTP_TYPES[typeName.right.text];
  if (!kind || !ts.isIdentifier(typeName.left)) return undefined;
  const declaration = resolveIdentifier(typeName.left);
  // `Express.Request`: the global namespace @types/express declares, no import needed
  if (!declaration) return typeName.left.text === "Express" ? { type: kind, fromHttpImport: false } : undefined;
  if ((ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) && isHttpModule(importSpecifierOf(declaration) ?? "", modules)) {
    return { type: kind, fromHttpImport: true };
  }
  return undefined;
}

/** `res`, `response`, `reply`, or a parameter typed as an HTTP response. */
function isResponse(raw: ts.Expression, options: HttpOptions): boolean {
  const expression = skipOuterExpressions(raw);
  if (!ts.isIdentifier(expression)) return false;
  if (/^(res|response|reply)$/.test(expression.text)) return true;
  const declaration = resolveIdentifier(expression);
  return !!declaration && ts.isParameter(declaration) && httpParameterType(declaration, options.httpModules)?.type === "response";
}

/**
 * `new HttpError(…)`, `new HttpException(…)`, a configured class, or an error built with an HTTP
 * status in any argument: `new AppError(404, …)`, `new AppError("Too many", 429)`,
 * `new ApiError(httpStatus.NOT_FOUND, …)`, `new AppError(StatusCodes.CONFLICT, …)`. The
 * framework's exceptions (`NotFoundException` of `@nestjs/common`) are HTTP errors whatever
 * their name, unless `allowFrameworkExceptions` lets services throw them.
 */
function httpErrorName(expression: ts.NewExpression, options: HttpOptions): string | undefined {
  const callee = skipOuterExpressions(expression.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name) return undefined;
  if (isFrameworkException(callee, options.project, 0)) return options.allowFrameworkExceptions ? undefined : name;
  if (HTTP_ERROR_NAME.test(name) || options.httpErrorClasses.includes(name)) return name;
  const args = expression.arguments ?? [];
  return args.some((argument, index) => isStatus(argument, index === 0)) ? name : undefined;
}

/**
 * Whether a class is the framework's HTTP exception: imported from `@nestjs/common`
 * (`NotFoundException`, `HttpException`, or `common.ForbiddenException` of a namespace import),
 * or a class of the project that extends one, in its file or imported from another
 * (`class BaseException extends HttpException`). The framework's exception filter maps these to
 * responses: throwing them from a service is the framework's documented idiom.
 */
function isFrameworkException(raw: ts.Expression, project: ProjectModel | undefined, depth: number): boolean {
  if (depth > MAX_EXTENDS) return false;
  const expression = skipOuterExpressions(raw);
  if (ts.isPropertyAccessExpression(expression)) {
    const namespace = skipOuterExpressions(expression.expression);
    const declaration = ts.isIdentifier(namespace) ? resolveIdentifier(namespace) : undefined;
    return !!declaration && ts.isNamespaceImport(declaration) && FRAMEWORK_EXCEPTION_MODULES.has(importSpecifierOf(declaration) ?? "");
  }
  if (!ts.isIdentifier(expression)) return false;
  const declaration = resolveIdentifier(expression);
  if (!declaration) return false;
  let target: ts.Node | undefined = declaration;
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) {
    if (FRAMEWORK_EXCEPTION_MODULES.has(importSpecifierOf(declaration) ?? "")) return true;
    target = resolveImport(project, declaration);
  }
  if (!target || !(ts.isClassDeclaration(target) || ts.isClassExpression(target))) return false;
  const base = target.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  return base !== undefined && isFrameworkException(base.expression, project, depth + 1);
}

/**
 * An HTTP status as written: a status constant (`httpStatus.NOT_FOUND`), or a number. A first
 * argument may be any number from 100 to 599 (`new AppError(404, …)`); elsewhere only a code of
 * the HTTP registry counts, as a count or a limit in another position is no status.
 */
function isStatus(raw: ts.Expression, anyInRange: boolean): boolean {
  const expression = skipOuterExpressions(raw);
  if (ts.isNumericLiteral(expression)) {
    const status = Number(expression.text);
    return Number.isInteger(status) && (anyInRange ? status >= 100 && status <= 599 : KNOWN_STATUSES.has(status));
  }
  if (ts.isPropertyAccessExpression(expression)) {
    const namespace = skipOuterExpressions(expression.expression);
    const holder = ts.isIdentifier(namespace) ? namespace.text : ts.isPropertyAccessExpression(namespace) ? namespace.name.text : "";
    return STATUS_NAMESPACE.test(holder) && STATUS_CONSTANT.test(expression.name.text);
  }
  return false;
}

/** `statusCode: 422` or `status: StatusCodes.CONFLICT` in a returned object. */
function isStatusProperty(property: ts.ObjectLiteralElementLike): property is ts.PropertyAssignment {
  return ts.isPropertyAssignment(property) && STATUS_PROPERTIES.has(property.name.getText().replace(/^["']|["']$/g, "")) && isStatus(property.initializer, false);
}
