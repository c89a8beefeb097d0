import { oncePerList } from "../../src/engine/once-per-list.js";
import type { OwnerSpec } from "../../src/engine/ownership.js";
import { calleeName, enclosingFunction, resolveIdentifier, skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { originText, type AbsValue } from "../../src/engine/values.js";

export { ownerSpecFor, type OwnerSpec } from "../../src/engine/ownership.js";

export type Origin = "identity" | "request" | "unknown";

export interface OriginPatterns {
  identity: RegExp[];
  request: RegExp[];
}

const compiled = oncePerList((identitySources) => oncePerList((requestSources) => compilePatterns(identitySources, requestSources)));

/**
 * `req.user.*` → a pattern over the normalised text of an expression (`?.` and `!` removed, `request`
 * read as `req`). Compiled once per pair of option arrays: rules ask for them in every file.
 */
export function sourcePatterns(identitySources: readonly string[], requestSources: readonly string[]): OriginPatterns {
  return compiled(identitySources)(requestSources);
}

function compilePatterns(identitySources: readonly string[], requestSources: readonly string[]): OriginPatterns {
  const toRegExp = (pattern: string, prefix: boolean) => {
    const body = pattern
      .split(".")
      .map((segment) => (segment === "*" ? "[\\w$]+" : segment.replace(/[$]/g, "\\$")))
      .join("\\.");
    return new RegExp(`^${body}${prefix ? "(?![\\w$])" : "$"}`);
  };
  // `req.auth.*` is anything read below the identity: `req.auth.userId`, `req.auth.user.id` (express-jwt's payload).
  const identityRegExp = (pattern: string) => (pattern.endsWith(".*") ? new RegExp(`${toRegExp(pattern.slice(0, -2), true).source}(?:\\.[\\w$]+)+$`) : toRegExp(pattern, false));
  return {
    identity: identitySources.map(identityRegExp),
    request: requestSources.map((pattern) => new RegExp(`(?:^|[^\\w$.])${toRegExp(pattern, true).source.slice(1)}`)),
  };
}

/** `request?.body!` → `req.body`: optional chains, non-null assertions and the `request` spelling do not matter. */
export function normaliseSourceText(text: string): string {
  return text.replace(/\?\./g, ".").replace(/!/g, "").replace(/\s+/g, "").replace(/(^|[^\w$.])request\./g, "$1req.");
}

/**
 * Where the value of an owner field comes from, on every path: the request beats
 * everything, identity needs every path. A conversion or validation passes on the origin of its
 * arguments (`String(req.query.id)`, `schema.parse(req.body).deviceId`); other calls yield new values.
 */
export function originOf(
  value: AbsValue,
  patterns: OriginPatterns,
  evaluate?: (expression: ts.Expression) => AbsValue,
  depth = 0,
): { origin: Origin; source?: string } {
  const options = value.kind === "oneOf" ? value.options : [value];
  let result: { origin: Origin; source?: string } = { origin: "identity" };
  for (const option of options) {
    if (option.kind === "literal" || option.kind === "object" || option.kind === "array" || option.kind === "function") {
      const nested = option.kind === "object" ? [...option.props.values()].map((p) => originOf(p.value, patterns, evaluate, depth + 1)) : [];
      const fromRequest = nested.find((n) => n.origin === "request");
      if (fromRequest) return fromRequest;
      continue;
    }
    if (option.kind !== "unknown") continue;
    const text = originText(option);
    if (!text) {
      result = { origin: "unknown" };
      continue;
    }
    // What a verification returns is the verified identity, not the raw input it read: `verifyToken(req).userId`, `getSession({ req })`.
    if (option.node && isVerifiedIdentity(option.node)) continue;
    // A call's result: a conversion or a validation passes its input on (`String(req.query.id)`,
    // `schema.parse(req.body).deviceId`); anything else (a query, a lookup) yields a new value,
    // whatever request values its arguments held.
    const call = option.node && callAtBase(option.node);
    // `get(req, "user.id")`, `_.get(req, "body.teamId")`: lodash's path read is the member it names.
    const pathRead = call && pathReadText(call, option.node!);
    if (pathRead !== undefined) {
      const normalisedPath = normaliseSourceText(pathRead);
      if (patterns.request.some((pattern) => pattern.test(normalisedPath))) return { origin: "request", source: pathRead };
      if (patterns.identity.some((pattern) => pattern.test(normalisedPath))) continue;
      result = { origin: "unknown" };
      continue;
    }
    if (call) {
      if (evaluate && depth < 4 && PASSES_INPUT_ON.test(calleeName(call))) {
        const callee = skipOuterExpressions(call.expression);
        const inputs = [...call.arguments, ...(ts.isPropertyAccessExpression(callee) ? [callee.expression] : [])];
        const origins = inputs.map((input) => originOf(evaluate(input), patterns, evaluate, depth + 1));
        const fromRequest = origins.find((o) => o.origin === "request");
        // Named as written when the request shows in it (`Number(req.query.limit)`), else by the input it came from.
        if (fromRequest) return { origin: "request", source: patterns.request.some((pattern) => pattern.test(normaliseSourceText(text))) ? text : fromRequest.source };
        // `Number(req.user.id)`: the identity converted is still the identity.
        if (call.arguments.length > 0 && origins.every((o) => o.origin === "identity") && inputs.some((input) => !isLiteralInput(evaluate(input)))) continue;
      }
      result = { origin: "unknown" };
      continue;
    }
    const normalised = normaliseSourceText(text);
    if (patterns.request.some((pattern) => pattern.test(normalised))) return { origin: "request", source: text };
    if (patterns.identity.some((pattern) => pattern.test(normalised))) continue;
    result = { origin: "unknown" };
  }
  return result;
}

/**
 * The member a lodash path read names, when the value is that read itself: `get(req, "user.id")` → `req.user.id`,
 * `_.get(req, ["body", "teamId"])` → `req.body.teamId`. Undefined for any other call, or a member of the read's result.
 */
function pathReadText(call: ts.CallExpression, node: ts.Node): string | undefined {
  const inner = ts.isExpression(node) ? skipOuterExpressions(node) : node;
  if (inner !== call || calleeName(call) !== "get" || call.arguments.length < 2) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee) && !/^(?:_|lodash)$/.test(skipOuterExpressions(callee.expression).getText())) return undefined;
  const [object, path] = call.arguments.map(skipOuterExpressions);
  if (!ts.isIdentifier(object)) return undefined;
  const segments = ts.isStringLiteralLike(path)
    ? path.text.split(".")
    : ts.isArrayLiteralExpression(path) && path.elements.every(ts.isStringLiteralLike)
      ? path.elements.map((element) => (element as ts.StringLiteralLike).text)
      : undefined;
  return segments && segments.every((segment) => /^[\w$]+$/.test(segment)) ? [object.text, ...segments].join(".") : undefined;
}

function isLiteralInput(value: AbsValue): boolean {
  return (value.kind === "oneOf" ? value.options : [value]).every((option) => option.kind === "literal" || option.kind === "function");
}

/** Calls that hand their input on, converted or validated: the result is as caller-controlled as the input. */
const PASSES_INPUT_ON =
  /^(?:String|Number|parseInt|parseFloat|BigInt|Boolean|parse|safeParse|parseAsync|safeParseAsync|validate|validateSync|validateAsync|cast|coerce|trim|toString|toLowerCase|toUpperCase|decodeURIComponent|normalize|getParam|param|sanitize\w*)$/;

/** The call a member chain starts from: `schema.parse(req.body).id` → `schema.parse(req.body)`; undefined when it starts from a name. */
function callAtBase(node: ts.Node): ts.CallExpression | undefined {
  let base = node;
  for (;;) {
    const inner = ts.isExpression(base) ? skipOuterExpressions(base) : base;
    if (ts.isAwaitExpression(inner)) base = inner.expression;
    else if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) base = inner.expression;
    else return ts.isCallExpression(inner) ? inner : undefined;
  }
}

/** Calls whose result is the caller's verified identity or its claims. */
const VERIFIED_IDENTITY_CALL = /^(?:verify\w*|decode\w*Token|get\w*Session|getServerSession|getToken|auth|authenticate\w*|validate\w*Token|checkSession|currentUser|getCurrentUser|getUserFromToken)$/i;

/** `verifyToken(req.headers.authorization).userId`, `(await getSession({ req }))?.user.id`: a member of a verification's result. */
function isVerifiedIdentity(node: ts.Node): boolean {
  let base = node;
  for (;;) {
    const inner = ts.isExpression(base) ? skipOuterExpressions(base) : base;
    if (ts.isAwaitExpression(inner)) base = inner.expression;
    else if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) base = inner.expression;
    else if (ts.isCallExpression(inner) && VERIFIED_IDENTITY_CALL.test(calleeName(inner))) return true;
    else return returnedByVerification(inner);
  }
}

/** A value the evaluator followed into the body of `verifyUser(…)` (what it returns: the user it looked up) is the verified identity. */
function returnedByVerification(node: ts.Node): boolean {
  const fn = enclosingFunction(node);
  if (!fn) return false;
  const name = ts.isFunctionDeclaration(fn) ? fn.name?.text : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : undefined;
  return name !== undefined && VERIFIED_IDENTITY_CALL.test(name);
}

/** The variable a query's result lands in: `const row = await prisma.x.findUnique(...)`, through `await`, `orNull(...)` and the like. */
export function resultVariable(call: ts.CallExpression): ts.VariableDeclaration | undefined {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    if (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) node = parent;
    else if (ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === node) node = parent;
    else break;
  }
  const declaration = node.parent;
  return ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) ? declaration : undefined;
}

/** Names of calls that check a row's owner: `assertOwner`, `checkAccess`, `validateTrackerOwnership`, `ensureCanEdit`. */
const OWNERSHIP_CHECK_CALL = /own|Own(?:er|ership)\b|access|authori[sz]e|assert|ensure|guard|permi|can[A-Z]|check/;

/**
 * After `const row = await ...`, does the same function check the row's owner before using it?
 * `if (!row || row.deviceId !== deviceId) throw ...`, `if (row.author.id !== userId) ...`,
 * or a call such as `assertOwner(row, userId)` or `validateOwnership(userId, row.userId)`.
 */
export function ownershipCheckedAfter(call: ts.CallExpression, owner: OwnerSpec): boolean {
  const variable = resultVariable(call);
  if (!variable) return false;
  const body = enclosingFunction(call) ?? call.getSourceFile();
  const names = new Set([owner.field, owner.relations[0], owner.ownerRelation].filter((name): name is string => !!name));
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (node.pos >= call.end) {
      if (ts.isIfStatement(node) && readsOwnerOf(node.expression, variable, names)) found = true;
      // `assertOwner(row, userId)`, `validateTrackerOwnership(user.id, tracker.userId)`: the row, or its owner field, given to a check.
      if (ts.isCallExpression(node) && OWNERSHIP_CHECK_CALL.test(calleeName(node)) && node.arguments.some((arg) => refersTo(arg, variable) || readsOwnerOf(arg, variable, names))) found = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

function refersTo(node: ts.Node, variable: ts.VariableDeclaration): boolean {
  const inner = ts.isExpression(node) ? skipOuterExpressions(node) : node;
  return ts.isIdentifier(inner) && resolveIdentifier(inner) === variable;
}

function readsOwnerOf(expression: ts.Node, variable: ts.VariableDeclaration, names: Set<string>): boolean {
  if ((ts.isPropertyAccessExpression(expression) || ts.isPropertyAccessChain(expression)) && names.has(expression.name.text) && refersTo(expression.expression, variable)) {
    return true;
  }
  return ts.forEachChild(expression, (child) => readsOwnerOf(child, variable, names) || undefined) ?? false;
}

/** `if (!row) throw ...` / `if (!row) return ...` right after `const row = await ...`: the caller stops when the row is absent. */
export function isGuardedResult(variable: ts.VariableDeclaration): boolean {
  const statement = variable.parent.parent;
  const block = statement.parent;
  if (!ts.isBlock(block) && !ts.isSourceFile(block)) return false;
  const statements = block.statements;
  for (let index = statements.indexOf(statement as ts.Statement) + 1; index < statements.length; index++) {
    const next = statements[index];
    if (!ts.isIfStatement(next)) continue;
    if (!testsAbsence(next.expression, variable)) continue;
    return exits(next.thenStatement);
  }
  return false;
}

function testsAbsence(condition: ts.Expression, variable: ts.VariableDeclaration): boolean {
  const inner = skipOuterExpressions(condition);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) return refersTo(inner.operand, variable);
  if (ts.isBinaryExpression(inner)) {
    if (inner.operatorToken.kind === ts.SyntaxKind.BarBarToken) return testsAbsence(inner.left, variable) || testsAbsence(inner.right, variable);
    const equality = [ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken].includes(inner.operatorToken.kind);
    const nullish = (node: ts.Expression) => node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === "undefined");
    return equality && ((refersTo(inner.left, variable) && nullish(inner.right)) || (refersTo(inner.right, variable) && nullish(inner.left)));
  }
  return false;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some((s) => ts.isThrowStatement(s) || ts.isReturnStatement(s));
  return false;
}
