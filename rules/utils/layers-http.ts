import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { importSpecifierOf } from "../../src/engine/modules.js";
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
}

const HTTP_TYPES: Readonly<Record<string, "request" | "response">> = { Request: "request", Response: "response" };
const HTTP_NAME = /^(req|res|request|response)$/;
const HTTP_ERROR_NAME = /^Http\w*(Error|Exception)$/;
const STATUS_METHODS = new Set(["status", "sendStatus", "writeHead"]);
const CONCERN_KINDS = kindSet(ts.SyntaxKind.Parameter, ts.SyntaxKind.CallExpression, ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.ThrowStatement);

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
        const error = httpErrorName(thrown, options.httpErrorClasses);
        if (error) found.push({ kind: "error", node: thrown, error });
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

/** `new HttpError(…)`, `new HttpException(…)`, a configured class, or any `new X(<status 100–599>, …)`. */
function httpErrorName(expression: ts.NewExpression, classes: readonly string[]): string | undefined {
  const callee = skipOuterExpressions(expression.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (!name) return undefined;
  if (HTTP_ERROR_NAME.test(name) || classes.includes(name)) return name;
  const first = expression.arguments?.[0] && skipOuterExpressions(expression.arguments[0]);
  if (first && ts.isNumericLiteral(first)) {
    const status = Number(first.text);
    if (Number.isInteger(status) && status >= 100 && status <= 599) return name;
  }
  return undefined;
}
