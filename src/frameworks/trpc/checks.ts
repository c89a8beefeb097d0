/**
 * What a tRPC procedure's middleware does, judged from its body:
 * - it authenticates when it turns the caller away as `UNAUTHORIZED` (`throw new TRPCError({ code: "UNAUTHORIZED" })`)
 *   and lets no caller without an identity through first (`if (!ctx.user) return next()` before the throw is
 *   a middleware that only checks callers who are signed in);
 * - it lets only administrators through when `next()` comes after a check of the caller's role that stops
 *   otherwise (`if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN" })`);
 * - it ties input fields to the caller when it reads them (`input.workspaceId`, `get(input, "workspaceId")`)
 *   with the caller's identity, and can throw (a membership check before `next()`).
 */
import { forEachDescendant, kindSet } from "../../engine/file-index.js";
import type { ProjectModel } from "../../engine/project.js";
import { skipOuterExpressions, staticPropertyName } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import type { AuthVerdict } from "../../analysis/auth-middleware.js";
import { adminOnlyAt } from "../../analysis/admin-paths.js";
import { procedureOfResolver, projectEvaluator } from "./procedures.js";

/** Middleware functions found on procedures: only these are judged the tRPC way. */
const middlewareNodes = new WeakSet<ts.Node>();

export function markMiddleware(node: ts.Node): void {
  middlewareNodes.add(node);
}

const SCANNED = kindSet(ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.IfStatement, ts.SyntaxKind.CallExpression);
/** `ctx.user`, `ctx.session`, `opts.ctx.session.user`, `ctx.auth.userId`, `ctx.userId`: the caller's identity in a context. */
const CTX_IDENTITY = /\bctx\??\.(?:session|user|auth|userId)\b/;

/** Whether a middleware function of a procedure authenticates; undefined for anything else (judged the generic way). */
export function trpcAuthentication(middleware: ts.Expression): AuthVerdict | undefined {
  const fn = skipOuterExpressions(middleware);
  if (!middlewareNodes.has(fn) || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let rejects = false;
  let letsAnonymousThrough = false;
  forEachDescendant(
    fn.body,
    (node) => {
      if (ts.isPropertyAssignment(node)) {
        if (staticPropertyName(node.name) === "code" && isCode(node.initializer, "UNAUTHORIZED") && insideNew(node)) rejects = true;
      } else if (ts.isIfStatement(node)) {
        if (testsMissingIdentity(node.expression) && callsNext(node.thenStatement)) letsAnonymousThrough = true;
      }
    },
    SCANNED,
  );
  if (!rejects) return undefined;
  return letsAnonymousThrough ? "does-not" : "authenticates";
}

/** Whether a middleware of a procedure lets only the site's administrators through. */
export function trpcAdminGate(middleware: ts.Expression, readsTenant: (expression: ts.Expression) => boolean): boolean {
  const fn = skipOuterExpressions(middleware);
  if (!middlewareNodes.has(fn) || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const nexts: ts.CallExpression[] = [];
  forEachDescendant(fn.body, (node) => void (isNextCall(node as ts.CallExpression) && nexts.push(node as ts.CallExpression)), kindSet(ts.SyntaxKind.CallExpression));
  return nexts.length > 0 && nexts.every((call) => adminOnlyAt(call, readsTenant));
}

/** The input fields a middleware checks against the caller: it reads them and the identity, and can throw. */
export function trpcInputFieldsChecked(middleware: ts.Expression): string[] {
  const fn = skipOuterExpressions(middleware);
  if (!middlewareNodes.has(fn) || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return [];
  const text = fn.body.getText();
  if (!/\bthrow\b/.test(text) || !(CTX_IDENTITY.test(text) || /\buserId\b/.test(text))) return [];
  const fields = new Set<string>();
  forEachDescendant(
    fn.body,
    (node) => {
      if (ts.isPropertyAccessExpression(node)) {
        if (isInput(node.expression)) fields.add(node.name.text);
      } else if (ts.isCallExpression(node)) {
        // `get(input, "workspaceId")`
        const [object, key] = node.arguments;
        if (object && key && isInput(object) && ts.isStringLiteralLike(key)) fields.add(key.text.split(".")[0]);
      } else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && isInput(node.initializer)) {
        for (const element of node.name.elements) {
          const key = element.propertyName ?? element.name;
          if (ts.isIdentifier(key)) fields.add(key.text);
        }
      }
    },
    kindSet(ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.CallExpression, ts.SyntaxKind.VariableDeclaration),
  );
  return [...fields];
}

/**
 * Whether the caller's input read at `node` is parsed by the schema of its procedure (`.input(z.object({…}))`):
 * tRPC rejects a call whose input fails the schema before any resolver runs.
 */
export function trpcInputValidated(node: ts.Node, project: ProjectModel | undefined): boolean {
  return trpcInputSchemas(node, project).some((parser) => !isPassThrough(parser));
}

/** The `.input(…)` parsers of the procedure whose resolver holds `node` (the resolver's parameter, or a read in it). */
export function trpcInputSchemas(node: ts.Node, project: ProjectModel | undefined): ts.Expression[] {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn || !project) return [];
  return procedureOfResolver(fn, projectEvaluator(project), project)?.inputs ?? [];
}

/** `.input((raw) => raw as Shape)`: a parser that returns what it was given checks nothing. */
function isPassThrough(parser: ts.Expression): boolean {
  const fn = skipOuterExpressions(parser);
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const parameter = fn.parameters[0];
  let returned: ts.Expression | undefined;
  if (!ts.isBlock(fn.body)) returned = fn.body;
  else if (fn.body.statements.length === 1 && ts.isReturnStatement(fn.body.statements[0])) returned = fn.body.statements[0].expression;
  const inner = returned && skipOuterExpressions(returned);
  return !!parameter && !!inner && ts.isIdentifier(parameter.name) && ts.isIdentifier(inner) && inner.text === parameter.name.text;
}

function isInput(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  if (ts.isIdentifier(inner)) return inner.text === "input";
  return ts.isPropertyAccessExpression(inner) && inner.name.text === "input";
}

function isCode(expression: ts.Expression, code: string): boolean {
  const inner = skipOuterExpressions(expression);
  return ts.isStringLiteralLike(inner) && inner.text === code;
}

/** `{ code: … }` as the options of `new TRPCError(…)`. */
function insideNew(property: ts.PropertyAssignment): boolean {
  const object = property.parent;
  return ts.isNewExpression(object.parent) || ts.isCallExpression(object.parent);
}

/** `!ctx.user`, `!ctx.session?.user`, `ctx.user == null`, in a disjunction: true when there is no identity. */
function testsMissingIdentity(condition: ts.Expression): boolean {
  const inner = skipOuterExpressions(condition);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.BarBarToken) return testsMissingIdentity(inner.left) || testsMissingIdentity(inner.right);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) return CTX_IDENTITY.test(inner.operand.getText());
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken || inner.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken)) {
    return CTX_IDENTITY.test(inner.left.getText()) && /^(null|undefined)$/.test(inner.right.getText());
  }
  return false;
}

function callsNext(statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && isNextCall(node)) found = true;
    else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/** `next()`, `opts.next({ ctx })`. */
function isNextCall(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  return (ts.isIdentifier(callee) && callee.text === "next") || (ts.isPropertyAccessExpression(callee) && callee.name.text === "next");
}
