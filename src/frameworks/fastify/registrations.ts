import { fileIndexOf } from "../../engine/file-index.js";
import { importSpecifierOf } from "../../engine/modules.js";
import type { AnalysisContext } from "../../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import type { AbsValue } from "../../engine/values.js";
import type { CallGraph, GraphFunction } from "../../analysis/call-graph.js";

/**
 * What one file registers on Fastify instances, each registration with the encapsulation contexts
 * it is made on. A context is the `Fastify()` call that creates the root instance, or a plugin
 * function (its first parameter is the instance Fastify gives it). The instance a call is made on is
 * followed as a value (the Evaluator: variables, imports, parameters back to their callers), so
 * `ticketRoutes(server)` in another file registers on `server`'s context, and `map.get(key, …)` or an
 * Express router registers nothing here.
 */

/** The hooks that run before the handler, in the order Fastify runs them. */
export const PHASES = ["onRequest", "preParsing", "preValidation", "preHandler"] as const;
export type Phase = (typeof PHASES)[number];

/** The root instance's creating call, or a plugin function. */
export type Context = ts.Node;

export interface PluginRef {
  fn: GraphFunction;
  /** false for a plugin wrapped with `fastify-plugin`: it shares its parent's context (its hooks, decorators and routes are the parent's) */
  encapsulated: boolean;
}

export interface HookRef {
  phase: Phase;
  /** the hook function as written (an inline function, a name, `fastify.authenticate`) */
  node: ts.Expression;
}

export type Registration =
  | {
      kind: "route";
      methods: string[];
      path: string;
      node: ts.CallExpression;
      /** the hooks of the route's own options, in phase order */
      hooks: HookRef[];
      handler: ts.Expression;
    }
  | { kind: "hook"; hook: HookRef; node: ts.CallExpression }
  | { kind: "register"; plugins: PluginRef[]; prefix: string; node: ts.CallExpression }
  | { kind: "decorate"; name: string; value: ts.Expression; node: ts.CallExpression };

export type FileRegistrations = readonly { context: Context; registration: Registration }[];

const SHORTHAND_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "all"]);
const REGISTERING = new Set([...SHORTHAND_METHODS, "route", "register", "addHook", "decorate"]);
const FASTIFY_MODULES = new Set(["fastify"]);
const PLUGIN_MODULES = new Set(["fastify-plugin"]);
const PHASE_NAMES: ReadonlySet<string> = new Set(PHASES);

/** A file without one of these calls registers nothing on a Fastify instance. */
export const FASTIFY_SHAPED = /\.(get|post|put|patch|delete|head|options|all|route|register|addHook|decorate)\s*\(/;

export class FileScan {
  /** per declaration of the file, the contexts it holds: a file names its instance once per registration */
  private readonly byDeclaration = new Map<ts.Node, Context[]>();

  constructor(
    private readonly analysis: AnalysisContext,
    private readonly graph: CallGraph,
  ) {}

  registrations(sourceFile: ts.SourceFile): FileRegistrations {
    this.byDeclaration.clear();
    const found: { context: Context; registration: Registration }[] = [];
    for (const call of fileIndexOf(sourceFile).calls) {
      const callee = skipOuterExpressions(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !REGISTERING.has(callee.name.text)) continue;
      const registration = this.registration(call, callee.name.text);
      if (!registration) continue;
      for (const context of this.contextsOf(callee.expression)) found.push({ context, registration });
    }
    return found;
  }

  private registration(call: ts.CallExpression, name: string): Registration | undefined {
    const args = call.arguments;
    if (name === "addHook") {
      const phase = args[0] && stringOf(args[0]);
      return phase !== undefined && PHASE_NAMES.has(phase) && args[1] ? { kind: "hook", hook: { phase: phase as Phase, node: args[1] }, node: call } : undefined;
    }
    if (name === "decorate") {
      const decorated = args[0] && stringOf(args[0]);
      return decorated !== undefined && args[1] ? { kind: "decorate", name: decorated, value: args[1], node: call } : undefined;
    }
    if (name === "register") {
      if (!args[0]) return undefined;
      const plugins = this.pluginsOf(args[0]);
      const options = args[1] && objectOf(args[1]);
      const prefix = options && propertyValue(options, "prefix");
      return plugins.length > 0 ? { kind: "register", plugins, prefix: (prefix && stringOf(prefix)) ?? "", node: call } : undefined;
    }
    if (name === "route") {
      const options = args.length === 1 ? objectOf(args[0]) : undefined;
      if (!options) return undefined;
      const method = propertyValue(options, "method");
      const url = propertyValue(options, "url") ?? propertyValue(options, "path");
      const routePath = url && stringOf(url);
      const handler = handlerOf(options);
      const methods = method ? methodsOf(method) : [];
      if (routePath === undefined || !handler || methods.length === 0) return undefined;
      return { kind: "route", methods, path: routePath, node: call, hooks: hooksOf(options), handler };
    }
    // `fastify.get(path, handler)`, `fastify.get(path, options, handler)`, `fastify.get(path, { handler, … })`
    const routePath = args[0] && stringOf(args[0]);
    if (routePath === undefined || args.length < 2 || args.length > 3) return undefined;
    const options = args.length === 3 ? objectOf(args[1]) : objectOf(args[1]);
    const handler = args.length === 3 ? args[2] : options ? handlerOf(options) : args[1];
    if (!handler) return undefined;
    return { kind: "route", methods: [name.toUpperCase()], path: routePath, node: call, hooks: options ? hooksOf(options) : [], handler };
  }

  /** The contexts an instance expression may be: a `Fastify()` call, or the first parameter of a plugin function. */
  private contextsOf(expression: ts.Expression): Context[] {
    const inner = skipOuterExpressions(expression);
    if (ts.isCallExpression(inner)) return isCreation(inner) ? [inner] : [];
    if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) return [];
    const declaration = ts.isIdentifier(inner) ? resolveIdentifier(inner) : undefined;
    const known = declaration && this.byDeclaration.get(declaration);
    if (known) return known;
    const contexts: Context[] = [];
    for (const origin of originsOf(this.analysis.evaluator.evaluate(inner))) {
      const context = isCreation(origin) ? origin : pluginOf(origin);
      if (context && !contexts.includes(context)) contexts.push(context);
    }
    if (declaration) this.byDeclaration.set(declaration, contexts);
    return contexts;
  }

  /** `register(routes)`, `register(async (instance) => …)`, `register(fp(plugin))`, a name bound to one, imported or not. */
  private pluginsOf(expression: ts.Expression): PluginRef[] {
    const direct = this.graph.functionReference(expression);
    if (direct.length > 0) return direct.map((fn) => ({ fn, encapsulated: !skipsOverride(fn) }));
    const plugins: PluginRef[] = [];
    for (const origin of originsOf(this.analysis.evaluator.evaluate(skipOuterExpressions(expression)))) {
      if (!ts.isCallExpression(origin) || !isPluginWrapper(origin) || !origin.arguments[0]) continue;
      for (const fn of this.graph.functionReference(origin.arguments[0])) plugins.push({ fn, encapsulated: false });
    }
    return plugins;
  }
}

/** `Fastify()`, `fastify()`, `Fastify.fastify()`, `require("fastify")()`: the root instance, made by the fastify package. */
export function isCreation(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipOuterExpressions(node.expression);
  if (ts.isCallExpression(callee)) return isRequireOf(callee, FASTIFY_MODULES);
  if (ts.isIdentifier(callee)) return importedFrom(callee, FASTIFY_MODULES, ["default", "fastify", "*", "require"]);
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === "fastify" || callee.name.text === "default") && ts.isIdentifier(callee.expression) && importedFrom(callee.expression, FASTIFY_MODULES, ["default", "*", "require"]);
}

/** `fp(plugin)`, `fastifyPlugin(plugin, { name })` with the wrapper from `fastify-plugin`. */
function isPluginWrapper(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return importedFrom(callee, PLUGIN_MODULES, ["default", "fastifyPlugin", "*", "require"]);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && importedFrom(callee.expression, PLUGIN_MODULES, ["*", "require", "default"]);
}

/** `plugin[Symbol.for("skip-override")] = true`: what `fastify-plugin` does, written by hand. */
function skipsOverride(fn: GraphFunction): boolean {
  const holder = ts.isFunctionDeclaration(fn) ? fn.name : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name : undefined;
  if (!holder) return false;
  return fn.getSourceFile().text.includes(`${holder.text}[Symbol.for("skip-override")]`) || fn.getSourceFile().text.includes(`${holder.text}[Symbol.for('skip-override')]`);
}

function importedFrom(identifier: ts.Identifier, modules: ReadonlySet<string>, kinds: readonly string[]): boolean {
  const declaration = resolveIdentifier(identifier);
  if (!declaration) return false;
  if (ts.isVariableDeclaration(declaration)) {
    const initializer = declaration.initializer && skipOuterExpressions(declaration.initializer);
    if (!initializer) return false;
    // `const Fastify = require("fastify")`, `const { fastify } = require("fastify")` is a binding element, below
    return kinds.includes("require") && ts.isCallExpression(initializer) && isRequireOf(initializer, modules);
  }
  if (ts.isBindingElement(declaration)) {
    const pattern = declaration.parent;
    const holder = pattern.parent;
    const initializer = ts.isVariableDeclaration(holder) && holder.initializer ? skipOuterExpressions(holder.initializer) : undefined;
    const key = declaration.propertyName ? staticPropertyName(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    return !!initializer && ts.isCallExpression(initializer) && isRequireOf(initializer, modules) && key !== undefined && kinds.includes(key);
  }
  let kind: string | undefined;
  if (ts.isImportClause(declaration)) kind = "default";
  else if (ts.isNamespaceImport(declaration)) kind = "*";
  else if (ts.isImportSpecifier(declaration)) kind = (declaration.propertyName ?? declaration.name).text;
  else if (ts.isImportEqualsDeclaration(declaration)) {
    const reference = declaration.moduleReference;
    return kinds.includes("require") && ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) && modules.has(reference.expression.text);
  } else return false;
  const specifier = importSpecifierOf(declaration);
  return kinds.includes(kind) && !!specifier && modules.has(specifier);
}

function isRequireOf(call: ts.CallExpression, modules: ReadonlySet<string>): boolean {
  const callee = skipOuterExpressions(call.expression);
  const first = call.arguments[0];
  return ts.isIdentifier(callee) && callee.text === "require" && !!first && ts.isStringLiteralLike(first) && modules.has(first.text);
}

/** The plugin function whose instance parameter a value's trail ended at: the plugin's context. */
function pluginOf(origin: ts.Node): Context | undefined {
  let declaration: ts.Node | undefined = origin;
  if (ts.isIdentifier(origin)) declaration = ts.isParameter(origin.parent) && origin.parent.name === origin ? origin.parent : resolveIdentifier(origin);
  if (!declaration || !ts.isParameter(declaration)) return undefined;
  const fn = declaration.parent;
  return ts.isFunctionLike(fn) && fn.parameters[0] === declaration && "body" in fn && fn.body ? fn : undefined;
}

/** Where the trail of a value ended, on each of its paths: an instance is an opaque call result or a parameter nobody passes. */
function originsOf(value: AbsValue): ts.Node[] {
  const options = value.kind === "oneOf" ? value.options : [value];
  return options.flatMap((option) => (option.kind === "unknown" && option.node && !option.path?.length ? [option.node] : []));
}

/** An object literal written in place or bound to a constant: route options, register options. */
export function objectOf(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  let inner = skipOuterExpressions(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = resolveIdentifier(inner);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) inner = skipOuterExpressions(declaration.initializer);
  }
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

/** A property's value: `key: value`, the shorthand `{ key }`, or the method `key() {}` (its name stands for it). */
export function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const property = object.properties.find((candidate) => candidate.name !== undefined && staticPropertyName(candidate.name) === key);
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

/** The route's handler: `handler: fn`, `{ handler }`, or the method `handler(request, reply) {}` (as a function expression would be). */
function handlerOf(options: ts.ObjectLiteralExpression): ts.Expression | undefined {
  const method = options.properties.find((property) => ts.isMethodDeclaration(property) && property.name && staticPropertyName(property.name) === "handler");
  if (method && ts.isMethodDeclaration(method) && ts.isIdentifier(method.name)) return method.name;
  return propertyValue(options, "handler");
}

/** The hooks of route options, phase by phase, each a function or an array of them. */
function hooksOf(options: ts.ObjectLiteralExpression): HookRef[] {
  const hooks: HookRef[] = [];
  for (const phase of PHASES) {
    const value = propertyValue(options, phase);
    if (!value) continue;
    const inner = skipOuterExpressions(value);
    const elements = ts.isArrayLiteralExpression(inner) ? inner.elements.filter((element) => !ts.isSpreadElement(element)) : [value];
    for (const node of elements) hooks.push({ phase, node });
  }
  return hooks;
}

function methodsOf(expression: ts.Expression): string[] {
  const inner = skipOuterExpressions(expression);
  const elements = ts.isArrayLiteralExpression(inner) ? [...inner.elements] : [inner];
  return elements.flatMap((element) => {
    const text = stringOf(element);
    return text ? [text.toUpperCase()] : [];
  });
}

function stringOf(expression: ts.Expression): string | undefined {
  const inner = skipOuterExpressions(expression);
  return ts.isStringLiteralLike(inner) ? inner.text : undefined;
}
