import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { resolveIdentifier, skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";

/** Array methods whose callback runs once per element. */
export const ITERATION_METHODS = new Set(["map", "forEach", "flatMap", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast"]);

/** The most turns a `while` counting to a literal is taken for a retry loop. */
const MAX_ATTEMPTS = 10;

export interface Loop {
  /** the statement or the callback that repeats */
  node: ts.Node;
  /** how a message names it: `for…of loop`, `products.map callback` */
  description: string;
  /** `while`/`do`/`for(;;)`: a loop that may be paging through a table */
  conditional: boolean;
  /** what a `for…of` or an iteration method goes through */
  iterable?: ts.Expression;
}

/**
 * The innermost loop whose count grows with data and that runs `node` once per iteration:
 * the body of a `for`/`for…of`/`for…in`/`while`/`do` (a `for…of`'s iterable and a `for`'s
 * initializer run once), or the callback of an array iteration method. A function that is
 * not such a callback ends the search: defining a closure in a loop does not run it.
 * Loops over an array literal, and `for`/`while` loops counting to a literal, have a fixed count;
 * so has a loop `bounded` says is short (a capped list, a page with a literal take): the search
 * goes on outward, and a short loop inside a loop over data is reported against the outer loop.
 */
export function enclosingLoop(node: ts.Node, bounded?: (loop: Loop) => boolean): Loop | undefined {
  for (let loop = innerLoop(node); loop; loop = innerLoop(loop.node)) {
    if (!bounded?.(loop)) return loop;
  }
  return undefined;
}

function innerLoop(node: ts.Node): Loop | undefined {
  let child: ts.Node = node;
  for (let current = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    if (ts.isFunctionLike(current)) {
      const method = iterationMethodOf(current);
      if (!method) return undefined;
      if (!fixedCount(method.receiver)) return { node: current, description: `${shortText(method.receiver)}.${method.name} callback`, conditional: false, iterable: method.receiver };
      continue;
    }
    if (ts.isForOfStatement(current) || ts.isForInStatement(current)) {
      if (child !== current.statement || (ts.isForOfStatement(current) && fixedCount(current.expression))) continue;
      const kind = ts.isForInStatement(current) ? "for…in" : current.awaitModifier ? "for await…of" : "for…of";
      return { node: current, description: `${kind} loop over ${shortText(current.expression)}`, conditional: false, iterable: current.expression };
    }
    if (ts.isForStatement(current)) {
      if (child === current.initializer || countsToLiteral(current.condition)) continue;
      return { node: current, description: "for loop", conditional: true };
    }
    if (ts.isWhileStatement(current) || ts.isDoStatement(current)) {
      // `while (attempt <= maxRetries)` with `maxRetries = 5`: a retry loop.
      // A while has no step in its head: only a small limit (an attempt count) says how often it runs.
      if (countsToLiteral(current.expression, MAX_ATTEMPTS)) continue;
      return { node: current, description: ts.isWhileStatement(current) ? "while loop" : "do…while loop", conditional: true };
    }
  }
  return undefined;
}

const REPEATING_KINDS = kindSet(
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.FunctionExpression,
);

/**
 * The loop statements and iteration callbacks of a file: `enclosingLoop` finds a loop only
 * inside one of them, so a file without any (most files) needs no walk up from each call.
 */
export function repeatingNodes(sourceFile: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  forEachDescendant(
    sourceFile,
    (node) => {
      if (!(ts.isArrowFunction(node) || ts.isFunctionExpression(node)) || iterationMethodOf(node)) found.push(node);
    },
    REPEATING_KINDS,
  );
  return found;
}

function iterationMethodOf(fn: ts.SignatureDeclaration): { name: string; receiver: ts.Expression } | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ITERATION_METHODS.has(callee.name.text)) return undefined;
  return { name: callee.name.text, receiver: callee.expression };
}

/**
 * `[a, b].map(...)`, `for (const x of [a, b])`, a constant holding such a list (`for (const kind of KINDS)`),
 * `Object.values(Role)` of an enum or of a constant object: the count is in the code, not in the data.
 */
function fixedCount(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  if (ts.isArrayLiteralExpression(inner)) return !inner.elements.some(ts.isSpreadElement);
  if (ts.isIdentifier(inner)) {
    // A module's constant list, written out (a local `const rows = []` is filled later).
    const declaration = resolveIdentifier(inner);
    const atModuleLevel = !!declaration && ts.isVariableDeclaration(declaration) && ts.isSourceFile(declaration.parent.parent.parent);
    const list = atModuleLevel ? constantInitializer(inner) : undefined;
    return !!list && ts.isArrayLiteralExpression(list) && list.elements.length > 0 && !list.elements.some(ts.isSpreadElement);
  }
  if (ts.isCallExpression(inner) && inner.arguments.length === 1) {
    const callee = skipOuterExpressions(inner.expression);
    const isObjectWalk =
      ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Object" && ["values", "keys", "entries"].includes(callee.name.text);
    const argument = skipOuterExpressions(inner.arguments[0]);
    return isObjectWalk && ts.isIdentifier(argument) && isFixedObject(argument);
  }
  return false;
}

/** An enum (of the code, or a Prisma enum imported from the client) or a constant object literal. */
function isFixedObject(identifier: ts.Identifier): boolean {
  const declaration = resolveIdentifier(identifier);
  if (!declaration) return false;
  if (ts.isEnumDeclaration(declaration)) return true;
  if (ts.isImportSpecifier(declaration)) {
    const specifier = declaration.parent.parent.parent.moduleSpecifier;
    return ts.isStringLiteral(specifier) && /^(@prisma\/client|\.prisma\/client)/.test(specifier.text) && /^[A-Z]/.test(identifier.text);
  }
  const initializer = constantInitializer(identifier);
  return !!initializer && ts.isObjectLiteralExpression(initializer);
}

/** The initializer of a `const` the identifier names (`as const` and parentheses skipped). */
function constantInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return undefined;
  return skipOuterExpressions(declaration.initializer);
}

/** The default of a parameter (`maxRetries = 5`) the function never assigns. */
function parameterDefault(identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration || !ts.isParameter(declaration) || !declaration.initializer || !ts.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = skipOuterExpressions(node.left);
      if (ts.isIdentifier(target) && target.text === name) assigned = true;
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) && node.operand.text === name) assigned = true;
    ts.forEachChild(node, visit);
  };
  const body = (declaration.parent as ts.FunctionLikeDeclaration).body;
  if (body) visit(body);
  return assigned ? undefined : skipOuterExpressions(declaration.initializer);
}

/** `i < 3`, `attempt <= MAX_RETRIES`-style literal bounds: a retry loop, not one per row. */
function countsToLiteral(condition: ts.Expression | undefined, max = Infinity): boolean {
  const inner = condition && skipOuterExpressions(condition);
  if (!inner || !ts.isBinaryExpression(inner)) return false;
  const comparisons = [ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken];
  const isLimit = (side: ts.Expression) => {
    const expression = skipOuterExpressions(side);
    if (ts.isNumericLiteral(expression)) return Number(expression.text.replace(/_/g, "")) <= max;
    // `attempt < MAX_ATTEMPTS` with `const MAX_ATTEMPTS = 5`, or a parameter `maxRetries = 5` no one writes
    const initializer = ts.isIdentifier(expression) ? constantInitializer(expression) ?? parameterDefault(expression) : undefined;
    return !!initializer && ts.isNumericLiteral(initializer) && Number(initializer.text.replace(/_/g, "")) <= max;
  };
  return comparisons.includes(inner.operatorToken.kind) && [inner.left, inner.right].some(isLimit);
}

function shortText(expression: ts.Expression): string {
  const text = expression.getText().replace(/\s+/g, " ");
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
