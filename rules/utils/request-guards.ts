import { alwaysExits, resolveIdentifier, skipOuterExpressions, staticPropertyName, type Declaration } from "../../src/engine/scope.js";
import { forEachDescendant } from "../../src/engine/file-index.js";
import { isSatisfiesExpression, ts } from "../../src/engine/ts.js";
import type { RequestInput } from "./request-input.js";

/**
 * Type guards on request input: a value that only reaches a query where a `typeof` check has
 * narrowed it to a primitive (`if (typeof name === "string") where.name = name`, an early
 * `if (typeof flag !== "boolean") return res.status(400)…`, `typeof req.query.status === "string"
 * ? req.query.status : undefined`) cannot be an object, so it carries no Prisma operator. A numeric
 * check does the same (`if (!Number.isFinite(Number(id))) throw …`): an object is NaN.
 */

const PRIMITIVES = new Set(["string", "number", "boolean", "bigint"]);

/** What a guard is about: a variable bound from the input, or the input expression itself (by its text). */
type Subject = { declaration: Declaration } | { text: string };

/**
 * Whether the input only reaches queries narrowed to a primitive: read in place, under a guard
 * of the same expression; bound to a variable (`const { name } = req.query`), every use of the
 * variable guarded, read in a condition, or inside a `typeof`.
 */
export function isNarrowedToPrimitive(input: RequestInput): boolean {
  const node = input.node;
  if (!ts.isExpression(node)) return false;
  if (input.field.length > 0 && input.text !== undefined && isGuarded(node, { text: normalised(input.text) })) return true;
  const declaration = boundDeclaration(node, input.field);
  if (!declaration || !ts.isIdentifier(declaration.name)) return false;
  const uses = referencesOf(declaration, declaration.name);
  return uses.length > 0 && uses.every((use) => isHarmlessUse(use) || isGuarded(use, { declaration }));
}

/** `const { name } = req.query` (field `name`) or `const name = req.body.name`: the variable the input is bound to. */
function boundDeclaration(node: ts.Expression, field: readonly string[]): (ts.VariableDeclaration | ts.BindingElement) | undefined {
  let holder: ts.Node = node;
  for (;;) {
    const parent = holder.parent;
    if (!parent) break;
    const wraps = ts.isAsExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isTypeAssertionExpression(parent) || isSatisfiesExpression(parent);
    // `req.body ?? {}`: the input, or an empty default
    const defaulted = ts.isBinaryExpression(parent) && parent.left === holder && (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken);
    if (!wraps && !defaulted) break;
    holder = parent;
  }
  const declaration = holder.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== holder) return undefined;
  if (ts.isIdentifier(declaration.name)) return field.length === 0 ? undefined : declaration;
  if (!ts.isObjectBindingPattern(declaration.name) || field.length !== 1) return undefined;
  return declaration.name.elements.find((element) => {
    if (element.dotDotDotToken || !ts.isIdentifier(element.name)) return false;
    const key = element.propertyName ? staticPropertyName(element.propertyName) : element.name.text;
    return key === field[0];
  });
}

/** The identifiers that refer to a declaration, in the function (or file) that declares it. */
function referencesOf(declaration: Declaration, name: ts.Identifier): ts.Identifier[] {
  let scope: ts.Node = declaration;
  while (scope.parent && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  const found: ts.Identifier[] = [];
  forEachDescendant(scope, (node) => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && !isPropertyName(node) && resolveIdentifier(node) === declaration) found.push(node);
  });
  return found;
}

/** `where.tag`, `{ tag: … }`, `{ tag: string }` of a type, `{ tag: alias }` of a pattern: a name of a property, not a reference. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    ((ts.isPropertyAccessExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isEnumMember(parent) ||
      ts.isGetAccessorDeclaration(parent) ||
      ts.isSetAccessorDeclaration(parent)) &&
      parent.name === node) ||
    (ts.isQualifiedName(parent) && parent.right === node) ||
    (ts.isBindingElement(parent) && parent.propertyName === node)
  );
}

/** A use that hands no object on: inside `typeof`, negated, compared, or tested for truth in a condition (`if (name && …)`). */
function isHarmlessUse(use: ts.Identifier): boolean {
  let node: ts.Node = use;
  while (node.parent && ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    if (operator >= ts.SyntaxKind.LessThanToken && operator <= ts.SyntaxKind.ExclamationEqualsEqualsToken) return true;
    // `name && …` hands `name` on only when it is falsy, which no object is; `name || …` hands on a truthy one
    if (isLogical(operator)) return isConditionPosition(parent) || (operator === ts.SyntaxKind.AmpersandAmpersandToken && parent.left === node);
  }
  return isConditionPosition(node) || isStringified(node);
}

/** A use turned into a string or number where it is used: a template's `${tag ?? ""}`, `String(tag)`, `Number(id)`. */
function isStringified(use: ts.Node): boolean {
  let node = use;
  for (;;) {
    const parent = node.parent;
    if (!parent) return false;
    const passesOn =
      ts.isParenthesizedExpression(parent) ||
      (ts.isBinaryExpression(parent) && (isLogical(parent.operatorToken.kind) || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) ||
      (ts.isConditionalExpression(parent) && parent.condition !== node);
    if (passesOn) {
      node = parent;
      continue;
    }
    if (ts.isTemplateSpan(parent)) return !ts.isTaggedTemplateExpression(parent.parent.parent);
    if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && /^(String|Number|Boolean|parseInt|parseFloat)$/.test(parent.expression.text)) return !resolveIdentifier(parent.expression);
    return false;
  }
}

function isLogical(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken;
}

/** The condition of an `if`, a loop or a `?:`, or an operand of a logical operator that is one. */
function isConditionPosition(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === node) return true;
  if (ts.isConditionalExpression(parent) && parent.condition === node) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return isConditionPosition(parent);
  if (ts.isParenthesizedExpression(parent)) return isConditionPosition(parent);
  if (ts.isBinaryExpression(parent) && isLogical(parent.operatorToken.kind)) return isConditionPosition(parent);
  return false;
}

/** Whether a use sits where a `typeof` check has narrowed its subject to a primitive. */
function isGuarded(use: ts.Node, subject: Subject): boolean {
  for (let node: ts.Node = use; node.parent && !ts.isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && narrows(parent.expression, subject, true)) return true;
    if (ts.isIfStatement(parent) && parent.elseStatement === node && narrows(parent.expression, subject, false)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenTrue === node && narrows(parent.condition, subject, true)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenFalse === node && narrows(parent.condition, subject, false)) return true;
    if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && narrows(parent.left, subject, true)) return true;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      // an earlier `if (typeof x !== "string") return …;` in the same block
      const statements = parent.statements;
      const index = statements.indexOf(node as ts.Statement);
      for (const statement of statements.slice(0, Math.max(index, 0))) {
        if (ts.isIfStatement(statement) && !statement.elseStatement && alwaysExits(statement.thenStatement) && narrows(statement.expression, subject, false)) return true;
      }
    }
  }
  return false;
}

/**
 * Whether a condition, when it is `truth`, narrows the subject to a primitive: `typeof x ===
 * "string"`, `x && typeof x === "string"` when true; `typeof x !== "boolean"`, `!x || typeof x
 * !== "string"` when false.
 */
function narrows(raw: ts.Expression, subject: Subject, truth: boolean): boolean {
  const condition = skipOuterExpressions(raw);
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) return narrows(condition.operand, subject, !truth);
  if (ts.isBinaryExpression(condition)) {
    const operator = condition.operatorToken.kind;
    // `a && b` true: both are; `a || b` false: neither is
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken && truth) return narrows(condition.left, subject, true) || narrows(condition.right, subject, true);
    if (operator === ts.SyntaxKind.BarBarToken && !truth) return narrows(condition.left, subject, false) || narrows(condition.right, subject, false);
    const equal = operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
    if ((equal && truth) || (unequal && !truth)) return isTypeofPrimitive(condition.left, condition.right, subject) || isTypeofPrimitive(condition.right, condition.left, subject);
  }
  if (ts.isCallExpression(condition)) return isNumberCheck(condition, subject, truth);
  return false;
}

/** Number checks and the truth that narrows: true of a number only, or of a conversion (`Number(x)`, `parseInt(x)`, `+x`) only when its subject is no object. */
const NUMBER_CHECKS: Readonly<Record<string, boolean>> = {
  "Number.isFinite": true,
  "Number.isInteger": true,
  "Number.isSafeInteger": true,
  isFinite: true,
  "Number.isNaN": false,
  isNaN: false,
};
const CONVERSIONS = /^(Number|parseInt|parseFloat|Number\.parseInt|Number\.parseFloat)$/;

/**
 * `Number.isFinite(Number(x))` true, `isNaN(Number(x))` false: `x` is a number or a numeric
 * string (an object converts to NaN; a one-number array passes, but an array is no operator).
 */
function isNumberCheck(call: ts.CallExpression, subject: Subject, truth: boolean): boolean {
  const holds = NUMBER_CHECKS[normalised(call.expression.getText())];
  if (holds === undefined || holds !== truth || call.arguments.length !== 1) return false;
  const argument = skipOuterExpressions(call.arguments[0]);
  const converted = convertedOperand(argument);
  // `Number.isNaN({})` is false: without a conversion, only the checks that hold for numbers alone narrow
  if (!converted && !holds) return false;
  const operand = converted ?? argument;
  if ("declaration" in subject) return ts.isIdentifier(operand) && resolveIdentifier(operand) === subject.declaration;
  return normalised(operand.getText()) === subject.text;
}

/** `Number(x)`, `parseInt(x, 10)`, `+x`: the `x` converted to a number. */
function convertedOperand(expression: ts.Expression): ts.Expression | undefined {
  if (ts.isCallExpression(expression) && expression.arguments.length >= 1 && CONVERSIONS.test(normalised(expression.expression.getText()))) return skipOuterExpressions(expression.arguments[0]);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.PlusToken) return skipOuterExpressions(expression.operand);
  return undefined;
}

function isTypeofPrimitive(raw: ts.Expression, other: ts.Expression, subject: Subject): boolean {
  const typeOf = skipOuterExpressions(raw);
  const literal = skipOuterExpressions(other);
  if (!ts.isTypeOfExpression(typeOf) || !ts.isStringLiteralLike(literal) || !PRIMITIVES.has(literal.text)) return false;
  const operand = skipOuterExpressions(typeOf.expression);
  if ("declaration" in subject) return ts.isIdentifier(operand) && resolveIdentifier(operand) === subject.declaration;
  return normalised(operand.getText()) === subject.text;
}

function normalised(text: string): string {
  return text.replace(/\?\./g, ".").replace(/\s+/g, "");
}
