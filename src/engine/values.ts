import type { MemoEntry } from "./dependencies.js";
import { findCallers } from "./callers.js";
import { forEachDescendant, isNestedScopeKind, kindSet, SKIP_CHILDREN } from "./file-index.js";
import { findExport, resolveImport } from "./modules.js";
import type { ProjectModel } from "./project.js";
import { resolveIdentifier, skipOuterExpressions, staticKey, staticPropertyName, type Declaration } from "./scope.js";
import { ts } from "./ts.js";

/**
 * An abstract value: what the engine can tell about an expression without running it.
 * `oneOf` keeps every path (a conditional, several callers); rules ask whether a property
 * holds on all of them. `unknown` is never "safe" nor "violation": the rule decides.
 */
export type AbsValue = ObjectValue | ArrayValue | LiteralValue | OneOfValue | UnknownValue | FunctionValue;

export interface Property {
  value: AbsValue;
  /** the key as written, to report on the shortest span */
  keyNode: ts.Node;
}
export interface ObjectValue {
  kind: "object";
  props: Map<string, Property>;
  /** a spread or computed key the engine could not see through */
  opaque: boolean;
  node: ts.Node;
}
export interface ArrayValue {
  kind: "array";
  elements: AbsValue[];
  opaque: boolean;
  node: ts.Node;
}
export interface LiteralValue {
  kind: "literal";
  value: string | number | boolean | bigint | null | undefined;
  node?: ts.Node;
}
export interface OneOfValue {
  kind: "oneOf";
  options: AbsValue[];
}
export interface UnknownValue {
  kind: "unknown";
  /** the expression the trail ended at (`req.params.id`, a call result, an unresolved parameter) */
  node?: ts.Node;
  /** properties read from `node` after the trail ended: `const { id } = req.params` is `req.params` + ["id"] */
  path?: string[];
  /**
   * The request expression `node` stands for when it is not written that way: `req.params.id` for
   * a NestJS `@Param("id") id`, `req.user` for `@CurrentUser() user`. Set by a framework adapter.
   */
  source?: string;
}
export interface FunctionValue {
  kind: "function";
  node: ts.FunctionLikeDeclaration;
}

const MAX_DEPTH = 8;
const MAX_OPTIONS = 16;

interface Env {
  bindings: ReadonlyMap<ts.Node, AbsValue>;
  depth: number;
  active: Trail | undefined;
}
const ROOT_ENV: Env = { bindings: new Map(), depth: 0, active: undefined };

/**
 * The declarations and functions being evaluated, innermost first: a cycle guard that is
 * extended far more often than searched, so a shared linked list rather than a copied set.
 */
interface Trail {
  readonly node: ts.Node;
  readonly outer: Trail | undefined;
}

function onTrail(trail: Trail | undefined, node: ts.Node): boolean {
  for (let step = trail; step; step = step.outer) if (step.node === node) return true;
  return false;
}

export const UNKNOWN: UnknownValue = { kind: "unknown" };

/** Where a trail ended: at `node`, or nowhere in particular. */
function unknownAt(node: ts.Node | undefined): UnknownValue {
  return node ? { kind: "unknown", node } : UNKNOWN;
}

export function oneOf(options: AbsValue[]): AbsValue {
  // Most lists hold no nested oneOf: they are used as they are, without a copy.
  const flat = options.some((option) => option.kind === "oneOf") ? options.flatMap((option) => (option.kind === "oneOf" ? option.options : [option])) : options;
  if (flat.length === 1) return flat[0];
  if (flat.length > MAX_OPTIONS) return UNKNOWN;
  return { kind: "oneOf", options: flat };
}

/** Counts how much the evaluator looked at; performance guards count work, not time. */
export const evaluationStats = { evaluations: 0 };

/** What a framework passes for a parameter of a function it calls and no code of the program does (see `FrameworkAdapter.passedByFramework`). */
export type FrameworkParameters = (parameter: ts.ParameterDeclaration, project: ProjectModel | undefined) => AbsValue | undefined;

export class Evaluator {
  constructor(
    private readonly project: ProjectModel | undefined,
    private readonly frameworkParameters: FrameworkParameters = () => undefined,
  ) {}

  /**
   * Values asked for from outside (a query's arguments, a callee) are memoised with what they
   * read: several rules ask for the same query's `where`, and a value that follows parameters
   * to every caller is the costly part of evaluating it.
   */
  private readonly memoised = new WeakMap<ts.Expression, MemoEntry<AbsValue>>();

  evaluate(expression: ts.Expression | undefined): AbsValue {
    if (!expression) return { kind: "literal", value: undefined };
    if (!this.project) return this.eval(expression, ROOT_ENV);
    return this.project.dependencies.memo(this.memoised, expression, () => this.eval(expression, ROOT_ENV));
  }

  /** The object a property of `value` holds on every path, for `args.where` and friends. */
  property(value: AbsValue, name: string): AbsValue {
    return propertyOf(value, name);
  }

  private eval(raw: ts.Expression, env: Env): AbsValue {
    evaluationStats.evaluations++;
    const expression = skipOuterExpressions(raw);
    if (env.depth > MAX_DEPTH) return { kind: "unknown", node: expression };
    switch (expression.kind) {
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.object(expression as ts.ObjectLiteralExpression, env);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.array(expression as ts.ArrayLiteralExpression, env);
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return { kind: "literal", value: (expression as ts.StringLiteralLike).text, node: expression };
      case ts.SyntaxKind.NumericLiteral:
        return { kind: "literal", value: Number((expression as ts.NumericLiteral).text), node: expression };
      case ts.SyntaxKind.TrueKeyword:
        return { kind: "literal", value: true, node: expression };
      case ts.SyntaxKind.FalseKeyword:
        return { kind: "literal", value: false, node: expression };
      case ts.SyntaxKind.NullKeyword:
        return { kind: "literal", value: null, node: expression };
      case ts.SyntaxKind.Identifier:
        return this.identifier(expression as ts.Identifier, env);
      case ts.SyntaxKind.ConditionalExpression: {
        const conditional = expression as ts.ConditionalExpression;
        return oneOf([this.eval(conditional.whenTrue, env), this.eval(conditional.whenFalse, env)]);
      }
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(expression as ts.BinaryExpression, env);
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        return this.member(expression as ts.PropertyAccessExpression | ts.ElementAccessExpression, env);
      case ts.SyntaxKind.CallExpression:
        return this.call(expression as ts.CallExpression, env);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { kind: "function", node: expression as ts.ArrowFunction | ts.FunctionExpression };
      case ts.SyntaxKind.VoidExpression:
        return { kind: "literal", value: undefined, node: expression };
      default:
        return { kind: "unknown", node: expression };
    }
  }

  private object(literal: ts.ObjectLiteralExpression, env: Env): AbsValue {
    // Each spread of a value with several paths multiplies the shapes; keep them all, capped.
    let shapes: ObjectValue[] = [{ kind: "object", props: new Map(), opaque: false, node: literal }];
    for (const member of literal.properties) {
      if (ts.isSpreadAssignment(member)) {
        const spread = this.eval(member.expression, env);
        const options = spread.kind === "oneOf" ? spread.options : [spread];
        const next: ObjectValue[] = [];
        for (const shape of shapes) {
          for (const option of options) next.push(spreadInto(shape, option));
        }
        if (next.length > MAX_OPTIONS) return { kind: "unknown", node: literal };
        shapes = next;
        continue;
      }
      let key: string | undefined;
      let value: AbsValue;
      if (ts.isPropertyAssignment(member)) {
        key = staticPropertyName(member.name);
        value = this.eval(member.initializer, env);
      } else if (ts.isShorthandPropertyAssignment(member)) {
        key = member.name.text;
        value = this.identifier(member.name, env);
      } else {
        key = member.name ? staticPropertyName(member.name) : undefined;
        value = ts.isMethodDeclaration(member) ? { kind: "function", node: member } : UNKNOWN;
      }
      for (const shape of shapes) {
        if (key === undefined) shape.opaque = true;
        else shape.props.set(key, { value, keyNode: member.name ?? member });
      }
    }
    return shapes.length === 1 ? shapes[0] : oneOf(shapes);
  }

  private array(literal: ts.ArrayLiteralExpression, env: Env): AbsValue {
    const elements: AbsValue[] = [];
    let opaque = false;
    for (const element of literal.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.eval(element.expression, env);
        if (spread.kind === "array") {
          elements.push(...spread.elements);
          opaque ||= spread.opaque;
        } else opaque = true;
      } else if (!ts.isOmittedExpression(element)) {
        elements.push(this.eval(element, env));
      }
    }
    return { kind: "array", elements, opaque, node: literal };
  }

  private binary(expression: ts.BinaryExpression, env: Env): AbsValue {
    switch (expression.operatorToken.kind) {
      case ts.SyntaxKind.AmpersandAmpersandToken:
        // `cond && { ... }`: either a falsy value (spreads to nothing) or the right side.
        return oneOf([{ kind: "literal", value: false, node: expression.left }, this.eval(expression.right, env)]);
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken: {
        const left = this.eval(expression.left, env);
        if (left.kind === "object" || left.kind === "array") return left;
        return oneOf([left, this.eval(expression.right, env)]);
      }
      case ts.SyntaxKind.CommaToken:
        return this.eval(expression.right, env);
      default:
        return { kind: "unknown", node: expression };
    }
  }

  /** `params[name]` inside `getParam(req, "workspaceId")`: a key bound to a literal by the call being evaluated. */
  private literalKey(key: ts.Expression, env: Env): string | undefined {
    const inner = skipOuterExpressions(key);
    if (!ts.isIdentifier(inner) || env.bindings.size === 0) return undefined;
    const value = this.eval(inner, env);
    return value.kind === "literal" && (typeof value.value === "string" || typeof value.value === "number") ? String(value.value) : undefined;
  }

  private member(expression: ts.PropertyAccessExpression | ts.ElementAccessExpression, env: Env): AbsValue {
    const written = ts.isPropertyAccessExpression(expression) ? expression.name.text : staticKey(expression.argumentExpression);
    const bound = written === undefined && ts.isElementAccessExpression(expression) ? this.literalKey(expression.argumentExpression, env) : undefined;
    const name = written ?? bound;
    if (name === undefined) return { kind: "unknown", node: expression };
    const target = skipOuterExpressions(expression.expression);
    let owner: AbsValue;
    if (ts.isIdentifier(target)) {
      const declaration = resolveIdentifier(target);
      if (declaration && ts.isNamespaceImport(declaration) && this.project) {
        const exported = this.namespaceMember(declaration, name);
        return exported ? this.target(exported, env) : { kind: "unknown", node: expression };
      }
      evaluationStats.evaluations++; // as `eval(target)` counts it
      owner = env.depth > MAX_DEPTH ? { kind: "unknown", node: target } : this.declared(target, declaration, env);
    } else if (target.kind === ts.SyntaxKind.ThisKeyword) {
      const method = classMember(expression, name);
      if (method) return this.target(method, env);
      return { kind: "unknown", node: expression };
    } else owner = this.eval(target, env);
    const value = propertyOf(owner, name);
    if (value.kind !== "unknown") return value;
    // Keep the trail's origin when the owner came from elsewhere (`body.deviceId` where body = req.body), or the key
    // is a bound name (`parse(req.params)[name]` is `parse(req.params).workspaceId` for this call).
    // A value a framework says stands for a request source (`ctx.session.user` is `req.user`) keeps it.
    return value.node && ((owner.kind === "unknown" && (owner.node !== target || bound !== undefined)) || value.source !== undefined) ? value : { kind: "unknown", node: expression };
  }

  private namespaceMember(declaration: ts.NamespaceImport, name: string) {
    const specifier = declaration.parent.parent.moduleSpecifier;
    if (!this.project || !ts.isStringLiteral(specifier)) return undefined;
    const file = this.project.resolveSpecifier(specifier);
    const sourceFile = file ? this.project.getSourceFile(file) : undefined;
    return sourceFile ? findExport(this.project, sourceFile, name) : undefined;
  }

  private identifier(identifier: ts.Identifier, env: Env): AbsValue {
    return this.declared(identifier, resolveIdentifier(identifier), env);
  }

  /** An identifier's value, its declaration already resolved (a member access resolves its object once). */
  private declared(identifier: ts.Identifier, declaration: Declaration | undefined, env: Env): AbsValue {
    if (identifier.text === "undefined") return { kind: "literal", value: undefined, node: identifier };
    if (!declaration) return { kind: "unknown", node: identifier };
    const bound = env.bindings.get(declaration);
    if (bound) return bound;
    return this.target(declaration, env, identifier);
  }

  /** The value a declaration (or an exported expression) stands for. */
  private target(node: ts.Node, env: Env, usedAs?: ts.Node): AbsValue {
    // Most declarations have a value: the "unknown" ending is built only when one does not.
    const unknownNode = usedAs ?? node;
    if (onTrail(env.active, node)) return unknownAt(unknownNode);
    const inner: Env = { bindings: env.bindings, depth: env.depth, active: { node, outer: env.active } };
    if (ts.isVariableDeclaration(node)) {
      if (!node.initializer || isReassigned(node)) return unknownAt(unknownNode);
      const initial = this.eval(node.initializer, inner);
      const usedAt = usedAs && usedAs.getSourceFile() === node.getSourceFile() ? usedAs.pos : Number.POSITIVE_INFINITY;
      return withAssignedProperties(initial, node, usedAt, (value) => this.eval(value, inner));
    }
    if (ts.isBindingElement(node)) return isReassigned(node) ? unknownAt(unknownNode) : this.bindingElement(node, inner, unknownNode);
    if (ts.isParameter(node)) return this.parameter(node, inner, unknownNode);
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)) {
      return { kind: "function", node };
    }
    if (ts.isImportSpecifier(node) || ts.isImportClause(node)) {
      const exported = resolveImport(this.project, node);
      return exported ? this.target(exported, inner, usedAs) : unknownAt(unknownNode);
    }
    if (ts.isExpression(node)) return this.eval(node, inner);
    return unknownAt(unknownNode);
  }

  private bindingElement(element: ts.BindingElement, env: Env, unknownNode: ts.Node): AbsValue {
    const pattern = element.parent;
    const source = this.patternSource(pattern, env);
    if (!source || ts.isArrayBindingPattern(pattern) || element.dotDotDotToken) return unknownAt(unknownNode);
    const key = element.propertyName ? staticPropertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
    if (key === undefined) return unknownAt(unknownNode);
    const value = propertyOf(source, key);
    if (value.kind === "literal" && value.value === undefined && element.initializer) return this.eval(element.initializer, env);
    return value.kind === "unknown" && !value.node ? unknownAt(unknownNode) : value;
  }

  private patternSource(pattern: ts.BindingPattern, env: Env): AbsValue | undefined {
    const holder = pattern.parent;
    if (ts.isVariableDeclaration(holder)) {
      return holder.initializer && !isReassigned(holder) ? this.eval(holder.initializer, env) : undefined;
    }
    if (ts.isParameter(holder)) return this.parameter(holder, env, undefined);
    if (ts.isBindingElement(holder)) {
      const outer = this.patternSource(holder.parent, env);
      const key = holder.propertyName ? staticPropertyName(holder.propertyName) : undefined;
      return outer && key ? propertyOf(outer, key) : undefined;
    }
    return undefined;
  }

  /** A parameter is whatever its callers pass: every call site is one path. */
  private parameter(parameter: ts.ParameterDeclaration, env: Env, unknownNode: ts.Node | undefined): AbsValue {
    if (!this.project || !asksFromItsName(env, parameter)) return this.passed(parameter, env) ?? unknownAt(unknownNode);
    // Asked about from its own name at the root, a parameter's value does not depend on who asks:
    // several rules ask about the same parameter, each from its own query argument.
    return this.project.dependencies.memo(this.passedValues, parameter, () => this.passed(parameter, env)) ?? unknownAt(unknownNode);
  }

  private readonly passedValues = new WeakMap<ts.ParameterDeclaration, MemoEntry<AbsValue | undefined>>();

  /** What the callers pass for a parameter, on every path; undefined when the engine cannot tell. */
  private passed(parameter: ts.ParameterDeclaration, env: Env): AbsValue | undefined {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    if (parameter.dotDotDotToken || env.depth >= MAX_DEPTH) return undefined;
    const callers = findCallers(this.project, fn);
    if (callers.length === 0) return this.frameworkParameters(parameter, this.project) ?? (parameter.initializer ? this.eval(parameter.initializer, env) : undefined);
    const next: Env = { bindings: env.bindings, depth: env.depth + 1, active: env.active };
    const options: AbsValue[] = [];
    for (const call of callers) {
      const argument = call.arguments[index];
      if (call.arguments.slice(0, index + 1).some(ts.isSpreadElement)) return undefined;
      if (argument) options.push(this.eval(argument, next));
      else options.push(parameter.initializer ? this.eval(parameter.initializer, env) : { kind: "literal", value: undefined });
    }
    return oneOf(options);
  }

  private mapCall(call: ts.CallExpression, env: Env): AbsValue | undefined {
    const callback = isMapCall(call);
    if (!callback || onTrail(env.active, callback)) return undefined;
    const bindings = new Map(env.bindings);
    for (const parameter of callback.parameters) bindings.set(parameter, { kind: "unknown", node: parameter.name });
    const inner: Env = { bindings, depth: env.depth + 1, active: { node: callback, outer: env.active } };
    const element = oneOf(returnedExpressions(callback).map((expression) => (expression ? this.eval(expression, inner) : { kind: "literal" as const, value: undefined })));
    return { kind: "array", elements: [element], opaque: false, node: call };
  }

  private call(call: ts.CallExpression, env: Env): AbsValue {
    const unknown: UnknownValue = { kind: "unknown", node: call };
    if (env.depth >= MAX_DEPTH) return unknown;
    const mapped = this.mapCall(call, env);
    if (mapped) return mapped;
    const callee = this.eval(call.expression, env);
    const functions = callee.kind === "oneOf" ? callee.options : [callee];
    const results: AbsValue[] = [];
    for (const candidate of functions) {
      if (candidate.kind !== "function" || !candidate.node.body) return unknown;
      const fn = candidate.node;
      if (onTrail(env.active, fn)) return unknown;
      const bindings = new Map(env.bindings);
      fn.parameters.forEach((parameter, index) => {
        const argument = call.arguments[index];
        const value = argument && !ts.isSpreadElement(argument) ? this.eval(argument, env) : parameter.initializer ? this.eval(parameter.initializer, env) : { kind: "literal" as const, value: undefined };
        if (ts.isIdentifier(parameter.name)) bindings.set(parameter, value);
        else bindPattern(parameter.name, value, bindings);
      });
      const inner: Env = { bindings, depth: env.depth + 1, active: { node: fn, outer: env.active } };
      const returned = returnedExpressions(fn);
      if (returned.length === 0) return unknown;
      for (const expression of returned) results.push(expression ? this.eval(expression, inner) : { kind: "literal", value: undefined });
    }
    return oneOf(results);
  }
}

/** The state of a parameter's own name evaluated from the root: nothing bound, nothing else on the trail. */
function asksFromItsName(env: Env, parameter: ts.ParameterDeclaration): boolean {
  return env.depth === 0 && env.bindings.size === 0 && env.active?.node === parameter && env.active.outer === undefined;
}

/** `rows.map((row) => ({ ...row, deviceId }))`: an array whose every element has the callback's shape. */
function isMapCall(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const callee = skipOuterExpressions(call.expression);
  const callback = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "map" || !callback) return undefined;
  return ts.isArrowFunction(callback) || ts.isFunctionExpression(callback) ? callback : undefined;
}

function bindPattern(pattern: ts.BindingName, value: AbsValue, bindings: Map<ts.Node, AbsValue>): void {
  if (ts.isIdentifier(pattern) || ts.isArrayBindingPattern(pattern)) return;
  for (const element of pattern.elements) {
    const key = element.propertyName ? staticPropertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
    if (key === undefined || element.dotDotDotToken) continue;
    const property = propertyOf(value, key);
    if (ts.isIdentifier(element.name)) bindings.set(element, property);
    else bindPattern(element.name, property, bindings);
  }
}

export function propertyOf(value: AbsValue, name: string): AbsValue {
  switch (value.kind) {
    case "object": {
      const property = value.props.get(name);
      if (property) return property.value;
      return value.opaque ? UNKNOWN : { kind: "literal", value: undefined };
    }
    case "oneOf":
      return oneOf(value.options.map((option) => propertyOf(option, name)));
    case "literal":
      return { kind: "literal", value: undefined };
    case "unknown":
      return value.node ? { kind: "unknown", node: value.node, path: [...(value.path ?? []), name], ...(value.source === undefined ? {} : { source: value.source }) } : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** The source text an unknown value stands for, `req.params` + ["id"] → `req.params.id`. */
export function originText(value: UnknownValue): string | undefined {
  if (!value.node) return undefined;
  return [value.source ?? value.node.getText(), ...(value.path ?? [])].join(".");
}

function spreadInto(shape: ObjectValue, spread: AbsValue): ObjectValue {
  const copy: ObjectValue = { ...shape, props: new Map(shape.props) };
  if (spread.kind === "object") {
    for (const [key, property] of spread.props) copy.props.set(key, property);
    copy.opaque ||= spread.opaque;
  } else if (spread.kind === "literal") {
    // Spreading null, undefined, false or "" adds nothing.
  } else {
    copy.opaque = true;
  }
  return copy;
}

const RETURN_KINDS = kindSet(ts.SyntaxKind.ReturnStatement, isNestedScopeKind);
const returnedByFunction = new WeakMap<ts.FunctionLikeDeclaration, readonly (ts.Expression | undefined)[]>();

/**
 * Expressions a function can return (undefined for a bare `return;`), not counting nested functions.
 * Remembered per function: the evaluator and the rules ask again for each call they follow into it.
 */
export function returnedExpressions(fn: ts.FunctionLikeDeclaration): readonly (ts.Expression | undefined)[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  let found = returnedByFunction.get(fn);
  if (!found) {
    const returned: (ts.Expression | undefined)[] = [];
    forEachDescendant(body, (node) => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return SKIP_CHILDREN;
      if (ts.isReturnStatement(node)) returned.push(node.expression);
      return undefined;
    }, RETURN_KINDS);
    returnedByFunction.set(fn, (found = returned));
  }
  return found;
}

function classMember(node: ts.Node, name: string): ts.MethodDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  if (!current) return undefined;
  for (const member of current.members) {
    if (ts.isMethodDeclaration(member) && member.name && staticPropertyName(member.name) === name) return member;
  }
  return undefined;
}

const ASSIGNING_KINDS = kindSet(
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.PostfixUnaryExpression,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
);
const assignedIdentifiers = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

/** A `let` (or a destructured `let`, `let { email } = req.body`) that is assigned again somewhere has no single value; the engine does not guess which. */
function isReassigned(declaration: ts.VariableDeclaration | ts.BindingElement): boolean {
  if (!ts.isIdentifier(declaration.name)) return false;
  let list: ts.Node = declaration.parent;
  while (ts.isBindingElement(list) || ts.isObjectBindingPattern(list) || ts.isArrayBindingPattern(list) || ts.isVariableDeclaration(list)) list = list.parent;
  if (ts.isVariableDeclarationList(list) && list.flags & ts.NodeFlags.Const) return false;
  const sourceFile = declaration.getSourceFile();
  let byName = assignedIdentifiers.get(sourceFile);
  if (!byName) {
    const found = new Map<string, ts.Identifier[]>();
    const add = (identifier: ts.Identifier) => found.set(identifier.text, [...(found.get(identifier.text) ?? []), identifier]);
    const addTargets = (target: ts.Expression): void => {
      const inner = skipOuterExpressions(target);
      if (ts.isIdentifier(inner)) add(inner);
      else if (ts.isObjectLiteralExpression(inner)) {
        for (const property of inner.properties) {
          if (ts.isShorthandPropertyAssignment(property)) add(property.name);
          else if (ts.isPropertyAssignment(property)) addTargets(property.initializer);
          else if (ts.isSpreadAssignment(property)) addTargets(property.expression);
        }
      } else if (ts.isArrayLiteralExpression(inner)) {
        for (const element of inner.elements) addTargets(ts.isSpreadElement(element) ? element.expression : element);
      } else if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        addTargets(inner.left); // a default in a destructuring target: `{ where = {} } = options`
      }
    };
    forEachDescendant(sourceFile, (node) => {
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) addTargets(node.left);
      else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)) add(node.operand);
      else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) addTargets(node.initializer);
    }, ASSIGNING_KINDS);
    byName = found;
    assignedIdentifiers.set(sourceFile, found);
  }
  return (byName.get(declaration.name.text) ?? []).some((identifier) => resolveIdentifier(identifier) === declaration);
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

const PROPERTY_WRITE_KINDS = kindSet(ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.CallExpression, (kind) => ts.isFunctionLike({ kind } as ts.Node));

/**
 * `const where = {}; where.deletedAt = null;` — assignments to the object's properties
 * after its declaration. One in the declaring block holds on every path; one inside an
 * `if` holds on some paths only.
 */
function withAssignedProperties(
  initial: AbsValue,
  declaration: ts.VariableDeclaration,
  /** only assignments written before the use count: `where.deletedAt = null` after the query does not filter it */
  usedAt: number,
  evaluate: (expression: ts.Expression) => AbsValue,
): AbsValue {
  if (initial.kind !== "object" || !ts.isIdentifier(declaration.name)) return initial;
  const statement = declaration.parent.parent;
  const block = statement.parent;
  const name = declaration.name.text;
  let result: ObjectValue | undefined;
  forEachDescendant(block, (node) => {
    if (ts.isFunctionLike(node)) return SKIP_CHILDREN;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      (ts.isPropertyAccessExpression(node.left) || ts.isElementAccessExpression(node.left)) &&
      ts.isIdentifier(node.left.expression) &&
      node.left.expression.text === name &&
      node.pos > declaration.end &&
      node.end <= usedAt &&
      resolveIdentifier(node.left.expression) === declaration
    ) {
      const key = ts.isPropertyAccessExpression(node.left) ? node.left.name.text : staticKey(node.left.argumentExpression);
      result ??= { ...initial, props: new Map(initial.props) };
      if (key === undefined) {
        result.opaque = true;
      } else {
        const value = evaluate(node.right);
        const unconditional = ts.isExpressionStatement(node.parent) && node.parent.parent === block;
        const previous = result.props.get(key)?.value ?? { kind: "literal" as const, value: undefined };
        result.props.set(key, { value: unconditional ? value : oneOf([previous, value]), keyNode: node.left });
      }
    }
    if (ts.isCallExpression(node) && isObjectAssignTo(node, name)) {
      result ??= { ...initial, props: new Map(initial.props) };
      result.opaque = true;
    }
    return undefined;
  }, PROPERTY_WRITE_KINDS);
  return result ?? initial;
}

function isObjectAssignTo(call: ts.CallExpression, name: string): boolean {
  const callee = call.expression;
  const first = call.arguments[0];
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === "assign" &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "Object" &&
    !!first &&
    ts.isIdentifier(first) &&
    first.text === name
  );
}
