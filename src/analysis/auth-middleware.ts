/**
 * Whether a middleware authenticates, judged by what it does rather than by its name: it sets the
 * caller's identity (`req.user = …`, one of `ownership.identitySources`) or turns the request away as
 * unauthenticated (401 or 403, an `Unauthorized`/`Forbidden` error). `authLimiter`, a rate limiter,
 * does neither; `checkSession`, which sets `req.user`, does both. A Fastify hook calling `request.jwtVerify()`
 * (@fastify/jwt) sets `request.user` and replies 401 otherwise.
 *
 * A middleware made by a package (`passport.authenticate("jwt")`, `rateLimit({…})`) is judged by the
 * package. One the engine cannot see (a parameter, a computed value) is judged by its name, as before.
 */
import { forEachDescendant, kindSet } from "../engine/file-index.js";
import type { AnalysisContext } from "../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import { CallGraph, hasBody, type GraphFunction } from "./call-graph.js";
import { isAuthMiddleware, type MiddlewareRef } from "./endpoints.js";
import { frameworkAuthentication } from "../frameworks/index.js";

export type AuthVerdict = "authenticates" | "does-not" | "unknown";

/** Packages whose middleware authenticates (a call of one makes an authentication middleware). */
const AUTH_PACKAGES = /^(passport|passport-[\w-]+|@nestjs\/passport|express-jwt|express-oauth2-jwt-bearer|express-openid-connect|express-basic-auth|@clerk\/[\w-]+|@auth\/[\w-]+|better-auth|express-session-auth|@supabase\/[\w-]+|firebase-admin)(\/|$)/;

const SCANNED_KINDS = kindSet(ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.NumericLiteral, ts.SyntaxKind.Identifier, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral);
const REJECTS_NAME = /unauthori[sz]ed|unauthenticated|forbidden/i;
/** what an error turning an unauthenticated request away says: `new Error("unauthorized")`, `"Invalid token"` */
const REJECTS_TEXT = /unauthori[sz]ed|unauthenticated|forbidden|not (logged|signed) in|(invalid|missing|expired) (bearer |access |auth |session )?(token|session|credentials)|login required/i;

/**
 * Not memoised here: what it reads (the middleware's body in another file) is read through the
 * project, so a memoised result of the rule that asks records it and an edit there is seen.
 */
export function authenticationOf(middleware: ts.Expression, analysis: AnalysisContext): AuthVerdict {
  const expression = skipOuterExpressions(middleware);
  // The name of a method declaration (a NestJS controller's handler) stands for the method itself.
  const method = ts.isIdentifier(expression) && ts.isMethodDeclaration(expression.parent) && expression.parent.name === expression && hasBody(expression.parent) ? expression.parent : undefined;
  if (method) return judgeFunctions([method], analysis);
  // A check the framework judges its own way: a NestJS guard by its `canActivate` or the `AuthGuard` it extends, a tRPC middleware throwing UNAUTHORIZED.
  const byFramework = frameworkAuthentication(expression, analysis);
  if (byFramework) return byFramework;
  const fromPackage = packageOf(expression);
  if (fromPackage !== undefined) return AUTH_PACKAGES.test(fromPackage) ? "authenticates" : "does-not";
  const graph = new CallGraph(analysis);
  // A factory call (`requireRole("admin")`) is judged by the factory's body, which holds the middleware.
  const target = ts.isCallExpression(expression) ? expression.expression : expression;
  const functions = graph.functionReference(target);
  if (functions.length === 0) return "unknown";
  return judgeFunctions(functions, analysis, graph);
}

function judgeFunctions(functions: readonly GraphFunction[], analysis: AnalysisContext, graph = new CallGraph(analysis)): AuthVerdict {
  const identityRoots = identitySourcePaths(analysis);
  const reached = [...graph.reach(functions, 2).keys()];
  return reached.some((fn) => authenticatesIn(fn, identityRoots)) ? "authenticates" : "does-not";
}

/** The package a middleware comes from: `rateLimit(…)`, `passport.authenticate(…)`, or a name bound to such a call. */
function packageOf(expression: ts.Expression): string | undefined {
  let node = expression;
  if (ts.isIdentifier(node)) {
    const declaration = resolveIdentifier(node);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) node = skipOuterExpressions(declaration.initializer);
    else return importedModule(node);
  }
  if (!ts.isCallExpression(node)) return undefined;
  let callee = skipOuterExpressions(node.expression);
  while (ts.isPropertyAccessExpression(callee) || ts.isCallExpression(callee)) callee = skipOuterExpressions(callee.expression);
  return ts.isIdentifier(callee) ? importedModule(callee) : undefined;
}

/** Whether the file imports (or requires) an authentication package: where a project's authentication lives. */
export function importsAuthenticationPackage(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some((statement) => {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) return AUTH_PACKAGES.test(packageName(statement.moduleSpecifier.text) ?? "");
    if (!ts.isVariableStatement(statement)) return false;
    return statement.declarationList.declarations.some((declaration) => {
      const call = declaration.initializer;
      return !!call && ts.isCallExpression(call) && ts.isIdentifier(call.expression) && call.expression.text === "require" && !!call.arguments[0] && ts.isStringLiteral(call.arguments[0]) && AUTH_PACKAGES.test(packageName(call.arguments[0].text) ?? "");
    });
  });
}

/** The module specifier a name is imported from, when it is a package (not a relative path). */
function importedModule(identifier: ts.Identifier): string | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration) return undefined;
  let node: ts.Node = declaration;
  while (node && !ts.isImportDeclaration(node) && !ts.isSourceFile(node)) node = node.parent;
  if (!node || !ts.isImportDeclaration(node) || !ts.isStringLiteral(node.moduleSpecifier)) {
    // `const passport = require("passport")`
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isCallExpression(declaration.initializer)) {
      const call = declaration.initializer;
      if (ts.isIdentifier(call.expression) && call.expression.text === "require" && call.arguments[0] && ts.isStringLiteral(call.arguments[0])) return packageName(call.arguments[0].text);
    }
    return undefined;
  }
  return packageName(node.moduleSpecifier.text);
}

function packageName(specifier: string): string | undefined {
  return specifier.startsWith(".") || specifier.startsWith("/") || specifier.startsWith("#") ? undefined : specifier.replace(/^node:/, "");
}

/** `req.user`, `res.locals.user`, … as written with the handler's own parameter names (`request.user`). */
function identitySourcePaths(analysis: AnalysisContext): string[] {
  return analysis.config.ownership.identitySources.map((source) => source.replace(/\.\*$/, ""));
}

function authenticatesIn(fn: GraphFunction, identityPaths: readonly string[]): boolean {
  const [request, response] = fn.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? parameter.name.text : undefined));
  const normalised = (text: string) => {
    const [head, ...rest] = text.split(".");
    const root = head === request ? "req" : head === response ? "res" : head;
    return [root, ...rest].join(".");
  };
  let found = false;
  forEachDescendant(
    fn.body,
    (node) => {
      if (found) return;
      if (ts.isBinaryExpression(node)) {
        if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(node.left)) return;
        const written = normalised(node.left.getText());
        found = identityPaths.some((identity) => written === identity || written.startsWith(`${identity}.`));
      } else if (ts.isNumericLiteral(node)) {
        found = (node.text === "401" || node.text === "403") && isStatusArgument(node);
      } else if (ts.isIdentifier(node)) {
        // `await request.jwtVerify()`: @fastify/jwt verifies the token, sets `request.user`, and rejects with 401 otherwise.
        if (node.text === "jwtVerify" && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node && ts.isCallExpression(node.parent.parent)) found = true;
        else found = REJECTS_NAME.test(node.text) && (ts.isNewExpression(node.parent) || ts.isPropertyAccessExpression(node.parent) || ts.isCallExpression(node.parent));
      } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        found = REJECTS_TEXT.test(node.text) && (ts.isNewExpression(node.parent) || ts.isCallExpression(node.parent));
      }
    },
    SCANNED_KINDS,
  );
  return found;
}

/** 401 as a status: an argument of a call or `new` (`res.status(401)`, `new HttpError(401, …)`), or a `status`/`statusCode` property. */
function isStatusArgument(literal: ts.NumericLiteral): boolean {
  const parent = literal.parent;
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) return true;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return /status/i.test(parent.name.text);
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return /status/i.test(parent.left.name.text);
  return false;
}

/**
 * Whether a route's middleware authenticates: a name the project lists (`authMiddleware`) always does;
 * otherwise what it does decides, and its name only when the engine cannot see what it does.
 */
export function authenticates(middleware: MiddlewareRef, analysis: AnalysisContext, listed: (name: string) => boolean): boolean {
  if (listed(middleware.name)) return true;
  const verdict = authenticationOf(middleware.node, analysis);
  return verdict === "unknown" ? isAuthMiddleware(middleware.name) : verdict === "authenticates";
}
