/**
 * NestJS guards judged by what they do: whether one authenticates (its `canActivate` sets or reads the
 * caller's identity on the request and turns the request away without it, throws `UnauthorizedException`
 * or `ForbiddenException`, or returns false after a token check; or it is, or extends, `AuthGuard("jwt")`
 * of `@nestjs/passport`), which metadata keys make it let a route through (`@Public()`: the guard reads
 * the key with the `Reflector` and returns true early), and whether it admits administrators only.
 *
 * Guard classes are read through the project (`classNamed`), so what judging one read is recorded and
 * an edit to the guard's file is seen by `--cache` and the editor.
 */
import type { AuthVerdict } from "../../analysis/auth-middleware.js";
import { classNamed, methodNamed } from "../../engine/callers.js";
import { forEachDescendant, kindSet } from "../../engine/file-index.js";
import { importSpecifierOf, resolveImport } from "../../engine/modules.js";
import type { ProjectModel } from "../../engine/project.js";
import type { AnalysisContext } from "../../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import { nestCommonName } from "./decorators.js";

const NEST_PASSPORT = "@nestjs/passport";
/** How far `extends` is followed to a guard's base class. */
const MAX_BASES = 4;
/** `UnauthorizedException`, `HttpForbiddenException`, `HttpStatus.UNAUTHORIZED`: turning the caller away. */
const REJECTS = /unauthori[sz]ed|unauthenticated|forbidden/i;
const TOKEN_WORD = /token|jwt|session|authorization|bearer|api[-_]?key|credential|signature/i;
/** What reading the caller's identity from the request looks like: `request.user`, `req["user"]`, `const { user } = …getRequest()`. */
const IDENTITY_WORDS = new Set(["user", "auth", "currentUser", "session"]);
const SCANNED = kindSet(
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.BindingElement,
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.NumericLiteral,
);
const REFLECTOR_READS = new Set(["get", "getAllAndOverride", "getAllAndMerge"]);

/** The class a guard expression names: `JwtGuard`, `new JwtGuard(reflector)`; undefined for a call (`AuthGuard("jwt")`) or anything else. */
export function guardClass(expression: ts.Expression, project: ProjectModel | undefined): ts.ClassLikeDeclaration | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isNewExpression(inner)) return classNamed(project, skipOuterExpressions(inner.expression));
  if (ts.isIdentifier(inner)) return classNamed(project, inner);
  return undefined;
}

/** `AuthGuard("jwt")` with `AuthGuard` from `@nestjs/passport`. */
function isPassportGuardCall(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  return ts.isCallExpression(inner) && nestCommonName(inner.expression, NEST_PASSPORT) === "AuthGuard";
}

/**
 * Whether a guard authenticates; undefined when the expression is no guard the project declares (a
 * package's, judged by its package; a name the engine cannot follow, judged by its name).
 */
export function guardAuthentication(expression: ts.Expression, analysis: AnalysisContext): AuthVerdict | undefined {
  if (isPassportGuardCall(expression)) return "authenticates";
  const owner = guardClass(expression, analysis.project);
  if (!owner) return undefined;
  // A class that is no guard (a middleware class given to `consumer.apply`) is judged by its `use`.
  return classAuthenticates(owner, analysis.project, 0) ? "authenticates" : "does-not";
}

function classAuthenticates(owner: ts.ClassLikeDeclaration, project: ProjectModel | undefined, depth: number): boolean {
  const base = baseOf(owner);
  if (base && isPassportGuardCall(base)) return true;
  for (const name of ["canActivate", "use", "handleRequest"]) {
    const method = methodNamed(owner, name);
    if (method?.body && bodyAuthenticates(method)) return true;
  }
  if (base && depth < MAX_BASES) {
    const parent = ts.isIdentifier(skipOuterExpressions(base)) ? classNamed(project, skipOuterExpressions(base)) : undefined;
    if (parent && parent !== owner) return classAuthenticates(parent, project, depth + 1);
  }
  return false;
}

/** The expression after `extends`. */
export function baseOf(owner: ts.ClassLikeDeclaration): ts.Expression | undefined {
  for (const clause of owner.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword && clause.types[0]) return clause.types[0].expression;
  }
  return undefined;
}

/**
 * A guard's (or a middleware class's) method that authenticates: it writes the identity on the request
 * (`request.user = payload`), throws `UnauthorizedException`/`ForbiddenException`, or reads the identity
 * or a token and turns the request away otherwise (`if (!user) return false`, `if (!token) throw …`).
 */
function bodyAuthenticates(method: ts.FunctionLikeDeclaration): boolean {
  let writesIdentity = false;
  let rejects = false;
  let refuses = false;
  let readsIdentity = false;
  const text = method.body!.getText();
  forEachDescendant(
    method.body!,
    (node) => {
      if (ts.isBinaryExpression(node)) {
        if (node.operatorToken.kind === ts.SyntaxKind.EqualsToken && identityMember(node.left)) writesIdentity = true;
      } else if (ts.isNewExpression(node)) {
        if (ts.isIdentifier(node.expression) && REJECTS.test(node.expression.text)) rejects = true;
      } else if (ts.isReturnStatement(node)) {
        if (node.expression?.kind === ts.SyntaxKind.FalseKeyword) refuses = true;
      } else if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        if (identityMember(node)) readsIdentity = true;
        // `res.status(HttpStatus.UNAUTHORIZED)`
        if (ts.isPropertyAccessExpression(node) && /^(?:UNAUTHORIZED|FORBIDDEN)$/.test(node.name.text)) rejects = true;
      } else if (ts.isNumericLiteral(node)) {
        if ((node.text === "401" || node.text === "403") && (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))) rejects = true;
      } else if (ts.isBindingElement(node)) {
        const name = node.propertyName ?? node.name;
        if (ts.isIdentifier(name) && IDENTITY_WORDS.has(name.text)) readsIdentity = true;
      }
    },
    SCANNED,
  );
  if (writesIdentity || rejects) return true;
  return refuses && (readsIdentity || TOKEN_WORD.test(text));
}

/** `request.user`, `req["user"]`, `req.auth`: a member naming the caller's identity on something that is not `this`. */
export function identityMember(node: ts.Node): boolean {
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(node)) name = node.name.text;
  else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression)) name = node.argumentExpression.text;
  if (!name || !IDENTITY_WORDS.has(name)) return false;
  const receiver = skipOuterExpressions((node as ts.PropertyAccessExpression | ts.ElementAccessExpression).expression);
  return receiver.kind !== ts.SyntaxKind.ThisKeyword && /req|request|ctx|context/i.test(receiver.getText());
}

/** A metadata key: its literal value (`"isPublic"`), or the declaration that stands for it (a symbol, a `Reflector.createDecorator`). */
export type MetadataKey = string | ts.Node;

/**
 * The metadata keys whose presence makes the guard let a route through before any check: it reads them
 * with the `Reflector` (`get`, `getAllAndOverride`, `getAllAndMerge`) and returns true when set.
 */
export function skipKeysOf(expression: ts.Expression, analysis: AnalysisContext): MetadataKey[] {
  const owner = guardClass(expression, analysis.project);
  const canActivate = owner && methodNamed(owner, "canActivate");
  if (!canActivate?.body) return [];
  const keys: MetadataKey[] = [];
  forEachDescendant(
    canActivate.body,
    (node) => {
      const call = node as ts.CallExpression;
      const callee = skipOuterExpressions(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !REFLECTOR_READS.has(callee.name.text) || !/reflector/i.test(callee.expression.getText())) return;
      if (!call.arguments[0] || !letsThroughWhenSet(call)) return;
      const key = metadataKey(call.arguments[0], analysis);
      if (key !== undefined) keys.push(key);
    },
    kindSet(ts.SyntaxKind.CallExpression),
  );
  return keys;
}

/** `if (this.reflector.get(…)) return true`, or `const isPublic = this.reflector.get(…); if (isPublic) { return true; }`. */
function letsThroughWhenSet(read: ts.CallExpression): boolean {
  let holder: ts.Node = read;
  while (ts.isAwaitExpression(holder.parent) || ts.isParenthesizedExpression(holder.parent) || ts.isAsExpression(holder.parent)) holder = holder.parent;
  const parent = holder.parent;
  if (ts.isIfStatement(parent) && parent.expression === holder) return returnsTrue(parent.thenStatement);
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const name = parent.name.text;
  const statement = parent.parent?.parent;
  const block = statement?.parent;
  if (!block || !(ts.isBlock(block) || ts.isSourceFile(block))) return false;
  const statements = block.statements;
  for (let index = statements.indexOf(statement as ts.Statement) + 1; index < statements.length; index++) {
    const next = statements[index];
    if (!ts.isIfStatement(next)) continue;
    const condition = skipOuterExpressions(next.expression);
    const tests = ts.isIdentifier(condition) ? condition.text === name : ts.isBinaryExpression(condition) && condition.operatorToken.kind === ts.SyntaxKind.BarBarToken && [condition.left, condition.right].some((side) => ts.isIdentifier(side) && side.text === name);
    if (tests && returnsTrue(next.thenStatement)) return true;
  }
  return false;
}

function returnsTrue(statement: ts.Statement): boolean {
  const first = ts.isBlock(statement) ? statement.statements[0] : statement;
  return !!first && ts.isReturnStatement(first) && first.expression?.kind === ts.SyntaxKind.TrueKeyword;
}

/** What a key expression stands for: its string value, else the declaration it names (followed through imports). */
export function metadataKey(expression: ts.Expression, analysis: AnalysisContext): MetadataKey | undefined {
  const value = analysis.evaluator.evaluate(expression);
  if (value.kind === "literal" && (typeof value.value === "string" || typeof value.value === "number")) return String(value.value);
  const inner = skipOuterExpressions(expression);
  return ts.isIdentifier(inner) ? declarationOf(inner, analysis.project) : undefined;
}

/** The declaration a name stands for, here or through an import. */
export function declarationOf(identifier: ts.Identifier, project: ProjectModel | undefined): ts.Node | undefined {
  const declaration = resolveIdentifier(identifier);
  if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) {
    if (importSpecifierOf(declaration)?.startsWith("@nestjs/")) return declaration;
    return resolveImport(project, declaration);
  }
  return declaration;
}

/**
 * The metadata a route's decorator sets, with the value: `SetMetadata("isPublic", true)` written in place,
 * `Public()` made as `() => SetMetadata(IS_PUBLIC_KEY, true)`, or `Public = Reflector.createDecorator()` (the
 * key is the decorator itself).
 */
export function metadataSetBy(mark: ts.CallExpression, analysis: AnalysisContext): { key: MetadataKey; value: ts.Expression | undefined } | undefined {
  if (nestCommonName(mark.expression) === "SetMetadata") return setMetadata(mark, analysis);
  const callee = skipOuterExpressions(mark.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = declarationOf(callee, analysis.project);
  if (!declaration) return undefined;
  let body: ts.Node | undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = skipOuterExpressions(declaration.initializer);
    // `export const Public = Reflector.createDecorator<boolean>()`: read back with `reflector.get(Public, …)`.
    if (ts.isCallExpression(initializer) && ts.isPropertyAccessExpression(initializer.expression) && initializer.expression.name.text === "createDecorator") {
      return { key: declaration, value: mark.arguments[0] };
    }
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) body = initializer.body;
  } else if (ts.isFunctionDeclaration(declaration)) body = declaration.body;
  if (!body) return undefined;
  const returned = ts.isBlock(body) ? body.statements.find(ts.isReturnStatement)?.expression : (body as ts.Expression);
  const call = returned && skipOuterExpressions(returned);
  return call && ts.isCallExpression(call) && nestCommonName(call.expression) === "SetMetadata" ? setMetadata(call, analysis) : undefined;
}

function setMetadata(call: ts.CallExpression, analysis: AnalysisContext): { key: MetadataKey; value: ts.Expression | undefined } | undefined {
  const key = call.arguments[0] && metadataKey(call.arguments[0], analysis);
  return key === undefined ? undefined : { key, value: call.arguments[1] };
}

/** A value that switches a check off: `true`, or anything but `false`/`undefined`/`null`/`0`. */
export function isSet(value: ts.Expression | undefined): boolean {
  if (!value) return true;
  const inner = skipOuterExpressions(value);
  return inner.kind !== ts.SyntaxKind.FalseKeyword && inner.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(inner) && inner.text === "undefined") && !(ts.isNumericLiteral(inner) && inner.text === "0");
}

/** `AdminGuard`, `AdministratorGuard`, `SuperAdminGuard`, `IsAdminGuard`: not `LeagueAdminGuard`, a tenant's admin. */
const ADMIN_GUARD_NAME = /^(?:Is|Require|Only)?(?:Super|System|Site|Platform|Global)?Admin(?:istrator)?s?(?:Only|Role)?(?:Guard)?$/i;
const TENANT = /workspace|organi[sz]ation|team|tenant|project|member|group|guild|company/i;

/**
 * A guard that admits administrators only: named so (`AdminGuard`, `AdministratorGuard`, not a tenant's
 * `WorkspaceAdminGuard` or `LeagueAdminGuard`), or whose `canActivate` returns an admin test of the request's user
 * (`return user.isAdmin`, `return request.user.role === Role.ADMIN`).
 */
export function isAdminGuard(expression: ts.Expression, project: ProjectModel | undefined): boolean {
  const owner = guardClass(expression, project);
  if (!owner) return false;
  const name = owner.name?.text ?? "";
  if (ADMIN_GUARD_NAME.test(name)) return true;
  const canActivate = methodNamed(owner, "canActivate");
  if (!canActivate?.body) return false;
  let admin = false;
  forEachDescendant(
    canActivate.body,
    (node) => {
      const returned = (node as ts.ReturnStatement).expression;
      if (!returned || admin) return;
      const text = returned.getText().replace(/\s+/g, "");
      admin = !TENANT.test(text) && (/\.is_?(?:super_?)?admin\b/i.test(text) || /(?:role|roles)\b.*(?:===|==|includes\().*admin/i.test(text));
    },
    kindSet(ts.SyntaxKind.ReturnStatement),
  );
  return admin;
}

/**
 * What a decorator composed with `applyDecorators(…)` applies: `@Auth()` made as
 * `() => applyDecorators(UseGuards(JwtGuard, RolesGuard), SetMetadata("roles", ["admin"]))` brings those guards,
 * and those metadata decorators as marks. Undefined for any other decorator.
 */
export function composedBy(mark: ts.CallExpression, analysis: AnalysisContext): { guards: ts.Expression[]; marks: ts.CallExpression[] } | undefined {
  const callee = skipOuterExpressions(mark.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = declarationOf(callee, analysis.project);
  let body: ts.Node | undefined;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) body = initializer.body;
  } else if (declaration && ts.isFunctionDeclaration(declaration)) body = declaration.body;
  if (!body) return undefined;
  const returned = ts.isBlock(body) ? body.statements.find(ts.isReturnStatement)?.expression : (body as ts.Expression);
  const call = returned && skipOuterExpressions(returned);
  if (!call || !ts.isCallExpression(call) || nestCommonName(call.expression) !== "applyDecorators") return undefined;
  const composed = { guards: [] as ts.Expression[], marks: [] as ts.CallExpression[] };
  for (const argument of call.arguments) {
    const part = skipOuterExpressions(argument);
    if (!ts.isCallExpression(part)) continue;
    const name = nestCommonName(part.expression);
    if (name === "UseGuards") composed.guards.push(...part.arguments.filter((guard) => !ts.isSpreadElement(guard)));
    else if (name === undefined || name === "SetMetadata") composed.marks.push(part);
  }
  return composed;
}
