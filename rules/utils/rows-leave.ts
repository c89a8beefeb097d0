import { findCallers } from "../../src/engine/callers.js";
import { forEachDescendant } from "../../src/engine/file-index.js";
import { querySiteOf, type AnalysisContext } from "../../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";

/**
 * Whether the rows of a query can reach a caller: returned (followed up to the callers of the
 * function that returns them), sent (`res.json`), stored (`this.cache = rows`), or handed to
 * code the engine cannot follow. A list whose rows only feed the request's own work (mapped to
 * ids for the next query, counted, checked, iterated for side effects, given to a function whose
 * result is dropped) stays inside: it answers "no". When unsure, the rows leave.
 */
export function rowsLeave(call: ts.CallExpression, analysis: AnalysisContext): boolean {
  return new RowFlow(analysis).list(call, undefined);
}

/** Methods of an array whose result holds no row list: a size, a test, a position, one element. */
const SCALAR_METHODS = new Set(["some", "every", "includes", "indexOf", "lastIndexOf", "findIndex", "findLastIndex", "find", "findLast", "at", "forEach"]);
/** Methods that put their argument into their receiver: the receiver now holds it. */
const COLLECTING_METHODS = new Set(["push", "unshift", "add", "set", "splice"]);
/** Methods that send a value to the client (`res.json`, `res.status(200).send`, `reply.send`). */
const SENDING_METHODS = new Set(["json", "send", "jsonp", "end", "write", "render"]);
/** Calls whose callback runs in place and whose result is what the callback returns. */
const IN_PLACE = new Set(["$transaction", "then", "catch", "finally", "all", "allSettled"]);
const ITERATION = new Set(["map", "flatMap", "filter", "reduce", "reduceRight", "sort", "toSorted", "forEach", "some", "every", "find", "findLast", "findIndex"]);
const TEST_FILE = /(^|[\\/])(__tests__|tests?)[\\/]|\.(test|spec)\.[cm]?[jt]sx?$/;
/** Steps one question may take before the answer is "leaves". */
const BUDGET = 400;
const MAX_CALLER_DEPTH = 3;

type Declaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;

class RowFlow {
  private steps = 0;
  private readonly seen = new Set<ts.Node>();

  constructor(private readonly analysis: AnalysisContext) {}

  /**
   * Whether a value holding the rows leaves from where `expression` stands. `index` is the
   * position of the value in an array built for `Promise.all([...])`, to follow it to its binding.
   */
  list(expression: ts.Node, index: number | undefined, callerDepth = 0): boolean {
    if (++this.steps > BUDGET) return true;
    const { node, parent } = climbWrappers(expression);
    if (!parent) return true;
    if (this.seen.has(node)) return false;
    this.seen.add(node);

    if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
      if (ts.isIdentifier(parent.name)) return this.variable(parent, callerDepth);
      // `const [first] = await prisma.settings.findMany()`: the first rows leave, one by one, not the list.
      if (ts.isArrayBindingPattern(parent.name) && index === undefined) return parent.name.elements.some((element) => ts.isBindingElement(element) && element.dotDotDotToken !== undefined);
      if (ts.isArrayBindingPattern(parent.name) && index !== undefined) {
        const element = parent.name.elements[index];
        if (!element || ts.isOmittedExpression(element)) return false;
        return element.dotDotDotToken !== undefined || !ts.isIdentifier(element.name) || this.variable(element, callerDepth);
      }
      return true;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) {
      // The count leaves with the response, or adds up: the rows were loaded to count them (a count query's work).
      if (parent.name.text === "length") return this.list(parent, undefined, callerDepth);
      const call = parent.parent;
      if (ts.isCallExpression(call) && call.expression === parent) return this.method(parent.name.text, call, callerDepth);
      return this.list(parent, undefined, callerDepth);
    }
    if (ts.isElementAccessExpression(parent) && parent.expression === node) {
      // `rows[0]`, like `rows.at(0)`: one row leaves, not the list (a settings table read for its first row).
      if (ts.isNumericLiteral(skipOuterExpressions(parent.argumentExpression))) return false;
      return this.list(parent, undefined, callerDepth);
    }
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as ts.Expression)) return this.argument(parent, callerDepth);
    if (ts.isSpreadElement(parent)) {
      const outer = parent.parent;
      if (ts.isCallExpression(outer) || ts.isNewExpression(outer)) return this.argument(outer, callerDepth);
      return this.list(outer, undefined, callerDepth);
    }
    if (ts.isArrayLiteralExpression(parent)) {
      // `await Promise.all([prisma.a.findMany(...), ...])` bound to `const [a, b] = ...`: follow the one binding.
      const outer = parent.parent;
      if (ts.isCallExpression(outer) && outer.arguments[0] === parent && IN_PLACE.has(calleeName(outer) ?? "")) {
        return this.list(outer, parent.elements.indexOf(node as ts.Expression), callerDepth);
      }
      return this.list(parent, undefined, callerDepth);
    }
    if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent)) return this.list(parent.parent, undefined, callerDepth);
    if (ts.isConditionalExpression(parent)) return parent.condition === node ? false : this.list(parent, undefined, callerDepth);
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.EqualsToken) {
        if (parent.right !== node) return false;
        // `ids = rows.map(...)` into a local `let`: its uses are followed; a property or an outer variable keeps the rows.
        const target = skipOuterExpressions(parent.left);
        const declaration = ts.isIdentifier(target) ? resolveIdentifier(target) : undefined;
        return !(declaration && ts.isVariableDeclaration(declaration)) || this.variable(declaration, callerDepth);
      }
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
        return this.list(parent, undefined, callerDepth);
      }
      // Arithmetic on the rows' values is an aggregate computed in memory (a count or groupBy the database would do); a comparison is a check.
      return isArithmetic(operator);
    }
    if (ts.isPrefixUnaryExpression(parent) || ts.isTypeOfExpression(parent) || ts.isVoidExpression(parent)) return false;
    if (ts.isExpressionStatement(parent) || ts.isIfStatement(parent) || ts.isWhileStatement(parent)) return false;
    if (ts.isForInStatement(parent)) return false;
    if (ts.isForOfStatement(parent) && parent.expression === node) return this.loopElements(parent.initializer, callerDepth);
    if (ts.isReturnStatement(parent)) return this.returned(enclosingFunction(parent), callerDepth);
    if (ts.isArrowFunction(parent) && parent.body === node) return this.returned(parent, callerDepth);
    return true;
  }

  /** A method called on the rows: `rows.map(...)`, `ids.includes(x)`, `rows.forEach((row) => ...)`. */
  private method(name: string, call: ts.CallExpression, callerDepth: number): boolean {
    if (name === "then") {
      const callback = call.arguments[0];
      if (callback && isFunction(callback) && callback.parameters[0] && this.parameter(callback.parameters[0], callerDepth)) return true;
      return this.list(call, undefined, callerDepth);
    }
    // The callbacks' elements may be collected elsewhere (`rows.forEach((row) => out.push(row))`).
    for (const argument of call.arguments) {
      if (!isFunction(argument)) continue;
      const element = name === "reduce" || name === "reduceRight" ? argument.parameters[1] : argument.parameters[0];
      if (element && this.element(element.name, callerDepth)) return true;
      if ((name === "reduce" || name === "reduceRight") && argument.parameters[0] && this.parameter(argument.parameters[0], callerDepth)) return true;
    }
    return SCALAR_METHODS.has(name) ? false : this.list(call, undefined, callerDepth);
  }

  /** The rows given to a call: a query takes them as keys, a response sends them, a function consumes them. */
  private argument(call: ts.CallExpression | ts.NewExpression, callerDepth: number): boolean {
    if (ts.isCallExpression(call)) {
      if (querySiteOf(call, this.analysis)) return false;
      const name = calleeName(call);
      if (name && SENDING_METHODS.has(name)) return true;
      if (name && COLLECTING_METHODS.has(name)) return this.receiver(call, callerDepth);
      if (name === "concat") return this.receiver(call, callerDepth) || this.list(call, undefined, callerDepth);
      if (name && IN_PLACE.has(name)) return this.list(call, undefined, callerDepth);
    }
    // A function given the rows whose result is dropped consumes them (`await notifyAll(users)`).
    return !isDiscarded(call) && this.list(call, undefined, callerDepth);
  }

  /** `out.push(row)`: whatever `out` is now holds the rows. */
  private receiver(call: ts.CallExpression, callerDepth: number): boolean {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return true;
    return this.holder(callee.expression, callerDepth);
  }

  /** A variable (or an object's property) that now holds rows: every later use is followed. */
  private holder(raw: ts.Expression, callerDepth: number): boolean {
    let target = skipOuterExpressions(raw);
    while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) target = skipOuterExpressions(target.expression);
    if (!ts.isIdentifier(target)) return true;
    const declaration = resolveIdentifier(target);
    if (!declaration) return true;
    if (ts.isVariableDeclaration(declaration) || ts.isBindingElement(declaration)) return this.variable(declaration, callerDepth);
    if (ts.isParameter(declaration)) return this.parameter(declaration, callerDepth);
    return true;
  }

  /** A local variable holding rows: each use is followed; an exported or module-level one is shared. */
  private variable(declaration: Declaration, callerDepth: number): boolean {
    if (!ts.isIdentifier(declaration.name)) return true;
    const scope = scopeOf(declaration);
    if (!scope) return true;
    return references(scope, declaration).some((reference) => this.list(reference, undefined, callerDepth));
  }

  /** A parameter of a callback run in place (a reduce's accumulator, a `then`'s value); a function's own parameter belongs to its callers. */
  private parameter(declaration: ts.ParameterDeclaration, callerDepth: number): boolean {
    if (!ts.isIdentifier(declaration.name)) return true;
    const fn = declaration.parent;
    if (!isFunction(fn) || !ts.isCallExpression(fn.parent)) return true;
    return this.variable(declaration, callerDepth);
  }

  /** What a function returns leaves with its result: a callback run in place into the call, a named function into each caller. */
  private returned(fn: ts.SignatureDeclaration | undefined, callerDepth: number): boolean {
    if (!fn) return true;
    const outer = fn.parent;
    if (isFunction(fn) && (ts.isCallExpression(outer) || ts.isNewExpression(outer)) && outer.arguments?.includes(fn)) {
      const name = ts.isCallExpression(outer) ? calleeName(outer) : undefined;
      // A callback given to a framework (`router.get`, `publicProcedure.query`) returns to the client.
      return !(name && (IN_PLACE.has(name) || ITERATION.has(name))) || this.list(outer, undefined, callerDepth);
    }
    if (callerDepth >= MAX_CALLER_DEPTH) return true;
    const callers = findCallers(this.analysis.project, fn).filter((caller) => !TEST_FILE.test(caller.getSourceFile().fileName));
    if (callers.length === 0) return true;
    return callers.some((caller) => this.list(caller, undefined, callerDepth + 1));
  }

  /** The loop variable of `for (const row of rows)`: its rows leave only if the body collects them. */
  private loopElements(initializer: ts.ForInitializer, callerDepth: number): boolean {
    if (!ts.isVariableDeclarationList(initializer)) return true;
    return initializer.declarations.some((declaration) => this.element(declaration.name, callerDepth));
  }

  /** An element of the rows (or a binding of its fields): it leaves only when collected into something that leaves. */
  private element(name: ts.BindingName, callerDepth: number): boolean {
    if (!ts.isIdentifier(name)) return name.elements.some((element) => !ts.isOmittedExpression(element) && this.element(element.name, callerDepth));
    const declaration = name.parent;
    if (!(ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isBindingElement(declaration))) return true;
    const scope = scopeOf(declaration);
    if (!scope) return true;
    return references(scope, declaration).some((reference) => this.row(reference, callerDepth));
  }

  /** One row, or a value read from it: `out.push(row)`, `byId[row.id] = row` collect it; anything else uses it. */
  private row(expression: ts.Node, callerDepth: number): boolean {
    if (++this.steps > BUDGET) return true;
    const { node, parent } = climbWrappers(expression);
    if (!parent) return true;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === node) {
      const call = parent.parent;
      if (ts.isCallExpression(call) && call.expression === parent) return false;
      return this.row(parent, callerDepth);
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
      const name = calleeName(parent);
      if (name && COLLECTING_METHODS.has(name)) return this.receiver(parent, callerDepth);
      if (name && SENDING_METHODS.has(name)) return false;
      return !querySiteOf(parent, this.analysis) && !isDiscarded(parent) && this.row(parent, callerDepth);
    }
    if (ts.isSpreadElement(parent) || ts.isArrayLiteralExpression(parent) || ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent)) {
      const outer = ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isSpreadAssignment(parent) ? parent.parent : parent;
      if (ts.isSpreadElement(outer) && ts.isCallExpression(outer.parent)) {
        const name = calleeName(outer.parent);
        if (name && COLLECTING_METHODS.has(name)) return this.receiver(outer.parent, callerDepth);
      }
      return this.row(outer, callerDepth);
    }
    if (ts.isConditionalExpression(parent) && parent.condition !== node) return this.row(parent, callerDepth);
    // `const id = row.id`, `for (const p of row.purchases)`: the value read from the row, followed further.
    if (ts.isVariableDeclaration(parent) && parent.initializer === node) return this.element(parent.name, callerDepth);
    if (ts.isForOfStatement(parent) && parent.expression === node) return this.loopElements(parent.initializer, callerDepth);
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.EqualsToken && parent.right === node) {
        const target = skipOuterExpressions(parent.left);
        // `byId[row.id] = row`, `result.items = rows`: the object now holds the row.
        return ts.isIdentifier(target) ? false : this.holder(target, callerDepth);
      }
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) return this.row(parent, callerDepth);
      return isArithmetic(operator);
    }
    return false;
  }
}

/** `+`, `-`, `*`, `/`, `%` and their compound assignments: a sum, a count, an average. */
function isArithmetic(operator: ts.SyntaxKind): boolean {
  return (
    (operator >= ts.SyntaxKind.PlusToken && operator <= ts.SyntaxKind.PercentToken) ||
    (operator >= ts.SyntaxKind.PlusEqualsToken && operator <= ts.SyntaxKind.PercentEqualsToken)
  );
}

function isOuter(node: ts.Node): node is ts.Expression {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node);
}

function isFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return ts.isIdentifier(callee) ? callee.text : undefined;
}

/** `await notify(rows);`: the call's result is dropped. */
function isDiscarded(call: ts.Node): boolean {
  let node = call;
  while (node.parent && (isOuter(node.parent) || ts.isAwaitExpression(node.parent))) node = node.parent;
  return ts.isExpressionStatement(node.parent) || ts.isVoidExpression(node.parent);
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current;
  return undefined;
}

/** Where a declaration's name can be used: its function, or nothing when it is module-level (shared with other code) or exported. */
function scopeOf(declaration: Declaration): ts.Node | undefined {
  if (ts.isParameter(declaration)) return declaration.parent;
  for (let current: ts.Node | undefined = declaration.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
    if (ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}

function references(scope: ts.Node, declaration: Declaration): ts.Identifier[] {
  const name = declaration.name as ts.Identifier;
  const found: ts.Identifier[] = [];
  forEachDescendant(scope, (node) => {
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && isReference(node) && resolveIdentifier(node) === declaration) found.push(node);
    return undefined;
  });
  return found;
}

/** Not a property name (`x.rows`, `{ rows: 1 }`): a use of the variable. */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  if (ts.isBindingElement(parent) && parent.propertyName === identifier) return false;
  return !((ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === identifier);
}

/** The outermost of `expression` and the parentheses, casts and `await`s around it, with what holds that. */
function climbWrappers(expression: ts.Node): { node: ts.Node; parent: ts.Node | undefined } {
  let node = expression;
  let parent = node.parent as ts.Node | undefined;
  while (parent && (isOuter(parent) || ts.isAwaitExpression(parent))) {
    node = parent;
    parent = node.parent;
  }
  return { node, parent };
}
