import { classNamed } from "../../src/engine/callers.js";
import { resolveImport } from "../../src/engine/modules.js";
import { resolveIdentifier, skipOuterExpressions, staticKey, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { oneOf, propertyOf, returnedExpressions, UNKNOWN, type AbsValue, type Evaluator, type LiteralValue, type ObjectValue } from "../../src/engine/values.js";
import type { ProjectModel } from "../../src/engine/project.js";

/**
 * The engine's values, seen through what a rule knows beyond the engine: the arguments
 * of one particular call (parameters bound to them), the elements a `.map`/`.flatMap`
 * callback receives, and callbacks the engine leaves unknown (`rows.map(toRow)`).
 * Unknown leaves are resolved lazily, when a walk looks into them.
 */
export class ValueResolver {
  constructor(
    readonly evaluator: Evaluator,
    /** parameter (or destructured parameter element) → the value a call passes for it; shared with callbacks found on the way */
    private readonly bindings: Map<ts.Node, AbsValue | (() => AbsValue)> = new Map(),
    private readonly rawValues: Map<ts.Node, AbsValue> = new Map(),
  ) {}

  /** A resolver that also knows the parameters of one call of `fn`; each argument is evaluated when first needed. */
  bind(fn: ts.SignatureDeclaration, call: ts.CallExpression): ValueResolver {
    const inner = new ValueResolver(this.evaluator, new Map(this.bindings), this.rawValues);
    fn.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index];
      if (!argument || call.arguments.slice(0, index + 1).some(ts.isSpreadElement) || parameter.dotDotDotToken) return;
      let value: AbsValue | undefined;
      const argumentValue = () => (value ??= this.expression(argument));
      if (ts.isIdentifier(parameter.name)) inner.bindings.set(parameter, argumentValue);
      else if (ts.isObjectBindingPattern(parameter.name)) {
        for (const element of parameter.name.elements) {
          const key = element.propertyName ? staticPropertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
          if (key !== undefined && !element.dotDotDotToken) inner.bindings.set(element, () => propertyOf(argumentValue(), key));
        }
      }
    });
    return inner;
  }

  /** What the engine makes of an expression before any binding: the same for every call, so kept for the resolver family's lifetime (one file's check). */
  raw(expression: ts.Expression | undefined): AbsValue {
    if (!expression) return this.evaluator.evaluate(undefined);
    let value = this.rawValues.get(expression);
    if (!value) {
      value = this.evaluator.evaluate(expression);
      this.rawValues.set(expression, value);
    }
    return value;
  }

  expression(expression: ts.Expression): AbsValue {
    return this.resolve(this.raw(expression));
  }

  /** The value with an unknown leaf replaced by what this resolver knows of it (a bound parameter, a callback's results). */
  resolve(value: AbsValue, depth = 0): AbsValue {
    if (value.kind !== "unknown" || !value.node || depth >= 6) return value;
    let substituted = this.substitute(value.node, depth);
    // the properties read after the trail ended: `row.status` is `row` + ["status"]
    for (const name of value.path ?? []) substituted = substituted && propertyOf(this.resolve(substituted, depth + 1), name);
    return substituted ? this.resolve(substituted, depth + 1) : value;
  }

  /** Every path of a value, each resolved. */
  alternatives(value: AbsValue, depth = 0): AbsValue[] {
    const resolved = this.resolve(value);
    if (resolved.kind !== "oneOf") return [resolved];
    return depth > 6 ? [] : resolved.options.flatMap((option) => this.alternatives(option, depth + 1));
  }

  objects(value: AbsValue): ObjectValue[] {
    return this.alternatives(value).filter((option): option is ObjectValue => option.kind === "object");
  }

  /** What a list position holds: the elements of arrays, or a single object or literal given in place of a list. */
  elements(value: AbsValue): AbsValue[] {
    return this.alternatives(value).flatMap((option) => (option.kind === "array" ? option.elements : option.kind === "unknown" ? [] : [option]));
  }

  /** String literals with a node, on any path. */
  strings(value: AbsValue): (LiteralValue & { value: string; node: ts.Node })[] {
    return this.alternatives(value).filter((option): option is LiteralValue & { value: string; node: ts.Node } => option.kind === "literal" && typeof option.value === "string" && !!option.node);
  }

  private substitute(node: ts.Node, depth: number): AbsValue | undefined {
    if (ts.isIdentifier(node)) {
      const declaration = resolveIdentifier(node);
      if (!declaration) return undefined;
      return this.bound(declaration) ?? (ts.isParameter(declaration) ? this.mapElement(declaration) : undefined);
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      const name = ts.isPropertyAccessExpression(node) ? node.name.text : staticKey(node.argumentExpression);
      if (name === undefined) return undefined;
      const owner = this.resolve(this.evaluator.evaluate(node.expression), depth + 1);
      const value = propertyOf(owner, name);
      return value.kind === "unknown" ? undefined : value;
    }
    if (ts.isCallExpression(node)) return this.mapped(node);
    return undefined;
  }

  private bound(declaration: ts.Node): AbsValue | undefined {
    const binding = this.bindings.get(declaration);
    if (typeof binding !== "function") return binding;
    const value = binding();
    this.bindings.set(declaration, value);
    return value;
  }

  /** The element parameter of an inline `.map`/`.flatMap` callback: any element of the list it is called on. */
  private mapElement(parameter: ts.ParameterDeclaration): AbsValue | undefined {
    const fn = parameter.parent;
    const call = fn.parent;
    if (fn.parameters[0] !== parameter || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    const callee = mapCallee(call);
    return callee ? this.bindElement(parameter, callee.expression) : undefined;
  }

  private bindElement(parameter: ts.ParameterDeclaration, list: ts.Expression): AbsValue {
    const items = this.elements(this.expression(list));
    const value = items.length > 0 ? oneOf(items) : UNKNOWN;
    this.bindings.set(parameter, value);
    return value;
  }

  /** `rows.map(toRow)`: an array of what the callback returns (the engine follows inline callbacks itself). */
  private mapped(call: ts.CallExpression): AbsValue | undefined {
    const callee = mapCallee(call);
    if (!callee || !call.arguments[0]) return undefined;
    const callback = this.expression(call.arguments[0]);
    if (callback.kind !== "function") return undefined;
    const fn = callback.node;
    const item = fn.parameters[0];
    if (item && !this.bindings.has(item)) this.bindElement(item, callee.expression);
    const returned = returnedExpressions(fn).map((expression): AbsValue => (expression ? this.expression(expression) : { kind: "literal", value: undefined }));
    const elements = callee.name.text === "flatMap" ? returned.flatMap((value) => this.elements(value)) : returned;
    return { kind: "array", elements, opaque: false, node: call };
  }
}

function mapCallee(call: ts.CallExpression): ts.PropertyAccessExpression | undefined {
  const callee = skipOuterExpressions(call.expression);
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === "map" || callee.name.text === "flatMap") ? callee : undefined;
}

type Callable = ts.FunctionLikeDeclaration & { body: ts.Node };

/**
 * The functions a call may run: what the engine evaluates the callee to, or a method of
 * the class an instance is made from (`this.windows.completedOfType(...)` where
 * `windows = new FastingRepository()`, `service.list()` where `service: ItemService`).
 */
export function calleesOf(call: ts.CallExpression, evaluator: Evaluator, project: ProjectModel | undefined): Callable[] {
  const callee = skipOuterExpressions(call.expression);
  const value = evaluator.evaluate(callee);
  const options = value.kind === "oneOf" ? value.options : [value];
  const functions = options.flatMap((option) => (option.kind === "function" && option.node.body ? [option.node as Callable] : []));
  if (functions.length > 0) return functions;
  if (!ts.isPropertyAccessExpression(callee)) return [];
  const owner = classOfInstance(skipOuterExpressions(callee.expression), project);
  const method = owner && methodOf(owner, callee.name.text);
  return method ? [method] : [];
}

function methodOf(owner: ts.ClassLikeDeclaration, name: string): Callable | undefined {
  for (const member of owner.members) {
    if (!member.name || staticPropertyName(member.name) !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body) return member as Callable;
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const initializer = skipOuterExpressions(member.initializer);
      if ((ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) && initializer.body) return initializer as Callable;
    }
  }
  return undefined;
}

/** The class an expression is an instance of, from a `new` or a type annotation on the way. */
function classOfInstance(expression: ts.Expression, project: ProjectModel | undefined, depth = 0): ts.ClassLikeDeclaration | undefined {
  if (depth > 3) return undefined;
  if (ts.isNewExpression(expression)) return classNamed(project, expression.expression);
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const holder = enclosingClass(expression);
    return holder ? classOfMember(holder, expression.name.text, project, depth) : undefined;
  }
  if (!ts.isIdentifier(expression)) return undefined;
  let declaration: ts.Node | undefined = resolveIdentifier(expression);
  if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) declaration = resolveImport(project, declaration);
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration)) {
    return classOfDeclared(declaration, project, depth);
  }
  return undefined;
}

function classOfMember(holder: ts.ClassLikeDeclaration, name: string, project: ProjectModel | undefined, depth: number): ts.ClassLikeDeclaration | undefined {
  for (const member of holder.members) {
    if (ts.isPropertyDeclaration(member) && member.name && staticPropertyName(member.name) === name) return classOfDeclared(member, project, depth);
    if (ts.isConstructorDeclaration(member)) {
      const parameter = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length);
      if (parameter) return classOfDeclared(parameter, project, depth);
    }
  }
  return undefined;
}

function classOfDeclared(
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.PropertyDeclaration,
  project: ProjectModel | undefined,
  depth: number,
): ts.ClassLikeDeclaration | undefined {
  if (declaration.type && ts.isTypeReferenceNode(declaration.type) && ts.isIdentifier(declaration.type.typeName)) {
    const named = classNamed(project, declaration.type.typeName);
    if (named) return named;
  }
  return declaration.initializer ? classOfInstance(skipOuterExpressions(declaration.initializer), project, depth + 1) : undefined;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  return current;
}

/** Whether `node` lies inside `container` in the same parse. */
export function isWithin(node: ts.Node, container: ts.Node): boolean {
  return node.getSourceFile() === container.getSourceFile() && node.pos >= container.pos && node.end <= container.end;
}
