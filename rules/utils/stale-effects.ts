import { classNamed, methodNamed, resolveMethodCall } from "../../src/engine/callers.js";
import { resolveImport } from "../../src/engine/modules.js";
import type { ProjectModel } from "../../src/engine/project.js";
import type { MemoEntry } from "../../src/engine/dependencies.js";
import { isTransactionCall, type QuerySite } from "../../src/engine/query-sites.js";
import { querySiteOf, type AnalysisContext } from "../../src/engine/rule.js";
import { calleeName, resolveIdentifier, skipOuterExpressions, staticPropertyName, type Declaration } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, returnedExpressions, type AbsValue } from "../../src/engine/values.js";
import type { SchemaModelInfo } from "../../src/schema/index.js";

/** How many functions deep a call is followed: a service method, then the repository method it calls. */
const MAX_LEVEL = 2;

const ROW_READS: ReadonlySet<string> = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "findMany"]);
const ROW_WRITES: ReadonlySet<string> = new Set(["create", "update", "upsert", "createManyAndReturn", "updateManyAndReturn"]);
/** writes whose result is a count, never the rows */
const BULK_WRITES: ReadonlySet<string> = new Set(["createMany", "updateMany", "deleteMany"]);
const DELETES: ReadonlySet<string> = new Set(["delete", "deleteMany"]);
/** writes whose `data` becomes a row: returning that data instead of the row loses the generated fields */
const INPUT_WRITES: ReadonlySet<string> = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert"]);
/** array methods whose result holds the receiver's elements */
const ELEMENT_METHODS: ReadonlySet<string> = new Set(["map", "filter", "slice", "concat"]);

/** A row (or rows) of a model that a call gives back: what a later write can make stale. */
export interface RowRecord {
  origin: "read" | "write";
  model: SchemaModelInfo;
  /** the model and the models of the relations it includes or selects: a write to any of them changes the record */
  models: ReadonlySet<string>;
  /** the relation fields of the model it includes or selects (`recipients` of `include: { recipients: true }`) */
  relations: ReadonlySet<string>;
}

export interface Write {
  site: QuerySite;
  /** the result is a count (`updateMany`, `createMany`, `deleteMany`), never the rows */
  bulk: boolean;
  isDelete: boolean;
  /** the write turns its `data` into rows (creates, updates, upserts) */
  takesInput: boolean;
}

export interface CallEffects {
  record?: RowRecord;
  writes: Write[];
  /** the operation (`update`) for a query, else the called function's name (`rename`) */
  name: string;
  /** a direct query site, when the call is one */
  site?: QuerySite;
  /** for a call of a function: the argument positions whose value becomes written data */
  inputArguments: ReadonlySet<number>;
}

interface FunctionEffects {
  record?: RowRecord;
  writes: Write[];
  inputParameters: Set<number>;
}

const NONE: CallEffects = { writes: [], name: "", inputArguments: new Set() };

/** Function effects by level, per analysis (see `QueryEffects.function`). */
type FunctionEffectsStore = Map<number, WeakMap<ts.FunctionLikeDeclaration, MemoEntry<FunctionEffects>>>;
const functionEffects = new WeakMap<AnalysisContext, FunctionEffectsStore>();

/**
 * What a call does to the database, as far as a stale record is concerned: the row it gives
 * back (a read, or a write's result) and the writes it performs, directly or in the function
 * it calls (one or two levels deep: a service method, then its repository method).
 */
export class QueryEffects {
  private readonly byCall = new Map<ts.CallExpression, Map<number, CallEffects>>();
  private readonly byFunction: FunctionEffectsStore;
  private readonly active = new Set<ts.Node>();
  /** how often a recursive call was cut short: a result computed meanwhile depends on where the walk began */
  private cuts = 0;

  constructor(private readonly analysis: AnalysisContext) {
    let store = functionEffects.get(analysis);
    if (!store) functionEffects.set(analysis, (store = new Map()));
    this.byFunction = store;
  }

  /** The effects of a call written in the analysed function, through wrappers such as `orNull(write)`. */
  of(call: ts.CallExpression): CallEffects {
    return this.resolved(call, 0).effects;
  }

  /** A call with no effects of its own whose only argument is a call (`orNull(write)`) stands for that call. */
  private resolved(call: ts.CallExpression, level: number): { call: ts.CallExpression; effects: CallEffects } {
    let current = call;
    let effects = this.call(current, level);
    for (let hops = 0; hops < 3 && !effects.record && effects.writes.length === 0 && current.arguments.length === 1; hops++) {
      const inner = skipOuterExpressions(current.arguments[0]);
      if (!ts.isCallExpression(inner)) break;
      current = inner;
      effects = this.call(current, level);
    }
    return { call: current, effects };
  }

  /**
   * Declarations (in the caller's scope) whose value becomes the data a call writes, each with how:
   * `"whole"` (the value, a spread, a mapped list) or `"field"` (only fields read from it: `ownerId: row.id`).
   */
  inputRoots(call: ts.CallExpression): Roots {
    const { call: inner, effects } = this.resolved(call, 0);
    const roots: Roots = new Map();
    if (effects.site) {
      if (INPUT_WRITES.has(effects.site.operation)) for (const data of dataExpressions(effects.site)) collectRoots(data, roots);
      return roots;
    }
    for (const index of effects.inputArguments) {
      const argument = inner.arguments[index];
      if (argument && !ts.isSpreadElement(argument)) collectRoots(argument, roots);
    }
    return roots;
  }

  private call(call: ts.CallExpression, level: number): CallEffects {
    let byLevel = this.byCall.get(call);
    const cached = byLevel?.get(level);
    if (cached) return cached;
    const effects = this.computeCall(call, level);
    if (!byLevel) this.byCall.set(call, (byLevel = new Map()));
    byLevel.set(level, effects);
    return effects;
  }

  private computeCall(call: ts.CallExpression, level: number): CallEffects {
    const site = this.siteOf(call);
    if (site) {
      const operation = site.operation;
      const write: Write | undefined =
        ROW_WRITES.has(operation) || BULK_WRITES.has(operation) || DELETES.has(operation)
          ? { site, bulk: BULK_WRITES.has(operation), isDelete: DELETES.has(operation), takesInput: INPUT_WRITES.has(operation) }
          : undefined;
      const record: RowRecord | undefined =
        ROW_READS.has(operation) || ROW_WRITES.has(operation)
          ? { origin: ROW_READS.has(operation) ? "read" : "write", model: site.model, ...this.recordModels(site) }
          : undefined;
      return { site, record, writes: write ? [write] : [], name: operation, inputArguments: new Set() };
    }
    if (level >= MAX_LEVEL) return NONE;
    const fn = this.callee(call);
    if (fn) {
      const effects = this.function(fn, level + 1);
      return { record: effects.record, writes: effects.writes, name: callName(call), inputArguments: effects.inputParameters };
    }
    // `prisma.$transaction(async (tx) => { ... })`, `rows.forEach(async (row) => ...)`: the callback runs the queries.
    const writes: Write[] = [];
    let record: RowRecord | undefined;
    if (DEFERRING.has(callName(call))) return { writes, name: callName(call), inputArguments: new Set() };
    for (const argument of call.arguments) {
      const inline = skipOuterExpressions(argument as ts.Expression);
      if (!ts.isArrowFunction(inline) && !ts.isFunctionExpression(inline)) continue;
      const effects = this.function(inline, level + 1);
      writes.push(...effects.writes);
      if (isTransactionCall(call)) record ??= effects.record;
    }
    return { record, writes, name: callName(call), inputArguments: new Set() };
  }

  /**
   * A function's effects are shared by every file whose calls reach it (memoised with what they
   * read, for the editor), except when a recursive call was cut short while computing them.
   */
  private function(fn: ts.FunctionLikeDeclaration, level: number): FunctionEffects {
    if (this.active.has(fn) || !fn.body) {
      if (fn.body) this.cuts++;
      return { writes: [], inputParameters: new Set() };
    }
    const body = fn.body;
    let store = this.byFunction.get(level);
    if (!store) this.byFunction.set(level, (store = new WeakMap()));
    const cutsBefore = this.cuts;
    const effects = this.analysis.project.dependencies.memo(store, fn, () => {
      this.active.add(fn);
      try {
        return this.computeFunction(fn, body, level);
      } finally {
        this.active.delete(fn);
      }
    });
    if (this.cuts !== cutsBefore) store.delete(fn);
    return effects;
  }

  private computeFunction(fn: ts.FunctionLikeDeclaration, body: ts.ConciseBody, level: number): FunctionEffects {
    const writes: Write[] = [];
    const inputParameters = new Set<number>();
    const addParameters = (roots: Roots) => {
      for (const root of roots.keys()) {
        if (ts.isParameter(root) && root.parent === fn) inputParameters.add(fn.parameters.indexOf(root));
      }
    };
    const visit = (node: ts.Node): void => {
      // A function written inside runs when something calls it (a call above follows its own inline callbacks);
      // one handed to `new CronJob(…)` or kept for later does not run here. A Promise executor runs at once.
      if (node !== body && isFunctionExpressionLike(node) && !isPromiseExecutor(node)) return;
      if (ts.isCallExpression(node)) {
        const effects = this.call(node, level);
        writes.push(...effects.writes);
        if (effects.site) {
          if (INPUT_WRITES.has(effects.site.operation)) {
            const roots: Roots = new Map();
            for (const data of dataExpressions(effects.site)) collectRoots(data, roots);
            addParameters(roots);
          }
        } else if (effects.inputArguments.size > 0) {
          const roots: Roots = new Map();
          for (const index of effects.inputArguments) {
            const argument = node.arguments[index];
            if (argument && !ts.isSpreadElement(argument)) collectRoots(argument, roots);
          }
          addParameters(roots);
        }
        // Inline callbacks were followed by the call itself; do not count their queries twice.
        node.arguments.forEach((argument) => {
          if (!ts.isArrowFunction(argument) && !ts.isFunctionExpression(argument)) visit(argument);
        });
        visit(node.expression);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    let record: RowRecord | undefined;
    for (const expression of returnedExpressions(fn)) {
      const returned = expression && this.recordOf(expression, fn, level, 0);
      if (!returned) continue;
      record = record ? { ...record, models: new Set([...record.models, ...returned.models]), relations: new Set([...record.relations, ...returned.relations]) } : returned;
    }
    return { record, writes, inputParameters };
  }

  /** The row an expression returned by `fn` holds: a query's result, directly or through a local variable. */
  private recordOf(raw: ts.Expression, fn: ts.FunctionLikeDeclaration, level: number, hops: number): RowRecord | undefined {
    const expression = skipOuterExpressions(raw);
    if (hops > 4) return undefined;
    if (ts.isCallExpression(expression)) return this.resolved(expression, level).effects.record;
    if (ts.isConditionalExpression(expression)) {
      return this.recordOf(expression.whenTrue, fn, level, hops + 1) ?? this.recordOf(expression.whenFalse, fn, level, hops + 1);
    }
    if (ts.isIdentifier(expression)) {
      const declaration = resolveIdentifier(expression);
      if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && isInside(declaration, fn)) {
        return this.recordOf(declaration.initializer, fn, level, hops + 1);
      }
    }
    return undefined;
  }

  /** The function a call runs, when it is known (see `callee`). */
  functionOf(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
    return this.siteOf(call) ? undefined : this.callee(call);
  }

  private siteOf(call: ts.CallExpression): QuerySite | undefined {
    return querySiteOf(call, this.analysis);
  }

  /** The function a call runs: a local or imported function, `this.method`, or a method of a known instance. */
  private callee(call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
    const callee = skipOuterExpressions(call.expression);
    let cheap = false;
    if (ts.isIdentifier(callee)) {
      const declaration = resolveIdentifier(callee);
      // A parameter is whatever its callers pass: not worth a project-wide search here.
      cheap = !!declaration && !ts.isParameter(declaration) && !ts.isBindingElement(declaration);
    } else if (ts.isPropertyAccessExpression(callee)) {
      const receiver = skipOuterExpressions(callee.expression);
      const declaration = ts.isIdentifier(receiver) ? resolveIdentifier(receiver) : undefined;
      cheap = receiver.kind === ts.SyntaxKind.ThisKeyword || (!!declaration && ts.isNamespaceImport(declaration));
      if (!cheap) {
        const method = resolveMethodCall(this.analysis.project, call) ?? moduleMethod(this.analysis.project, callee);
        if (method || !declaration || !isModuleObject(declaration)) return method;
        // a method of a module-level object: `export const itemStore = { archive(id) {…} }`
        cheap = true;
      }
    }
    if (!cheap) return undefined;
    const value = this.analysis.evaluator.evaluate(callee);
    return value.kind === "function" && value.node.body ? value.node : undefined;
  }

  /** The model, and the models and fields of relations the query includes or selects (`include: { portions: true }`). */
  private recordModels(site: QuerySite): { models: Set<string>; relations: Set<string> } {
    const models = new Set([site.model.name]);
    const relations = new Set<string>();
    if (!site.args || !mayIncludeRelations(site.args)) return { models, relations };
    const args = this.analysis.evaluator.evaluate(site.args);
    for (const key of ["include", "select"]) {
      for (const shape of options(propertyOf(args, key))) {
        if (shape.kind !== "object") continue;
        for (const [name, property] of shape.props) {
          const field = site.model.fields.get(name);
          if (!field?.relation) continue;
          if (property.value.kind === "literal" && (property.value.value === false || property.value.value === undefined)) continue;
          models.add(field.relation.model);
          relations.add(name);
        }
      }
    }
    return { models, relations };
  }
}

/**
 * Whether query arguments can hold `include` or `select`: not when they are an object literal
 * whose keys are all written out and none is one of them. Evaluating the arguments follows
 * parameters to every caller, which is the costly part of this rule on a large project.
 */
function mayIncludeRelations(raw: ts.Expression): boolean {
  const args = skipOuterExpressions(raw);
  if (!ts.isObjectLiteralExpression(args)) return true;
  return args.properties.some((property) => {
    if (ts.isSpreadAssignment(property)) return true;
    const key = property.name && staticPropertyName(property.name);
    return key === undefined || key === "include" || key === "select";
  });
}

function options(value: AbsValue): AbsValue[] {
  return value.kind === "oneOf" ? value.options : [value];
}

/**
 * The fields a write's `data` sets, when they are all written out (`data: { recipients: { connect } }`);
 * undefined when a spread or a value built elsewhere may set others.
 */
export function writtenFields(site: QuerySite, through?: { call: ts.CallExpression; fn: ts.FunctionLikeDeclaration }): Set<string> | undefined {
  const data = dataExpressions(site);
  if (data.length !== 1) return undefined;
  let value = skipOuterExpressions(data[0]);
  // `updateUser({ where, data: { lockedAt } })` of `updateUser = ({ where, data }) => prisma.user.update({ where, data })`
  if (ts.isIdentifier(value) && through) value = argumentFor(value, through.call, through.fn) ?? value;
  if (!ts.isObjectLiteralExpression(value)) return undefined;
  const fields = new Set<string>();
  for (const property of value.properties) {
    const key = !ts.isSpreadAssignment(property) && property.name ? staticPropertyName(property.name) : undefined;
    if (key === undefined) return undefined;
    fields.add(key);
  }
  return fields;
}

/** What a call passes for a parameter of the function it calls (or for a field of a destructured one), when written out. */
function argumentFor(identifier: ts.Identifier, call: ts.CallExpression, fn: ts.FunctionLikeDeclaration): ts.Expression | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration) return undefined;
  const parameter = ts.isBindingElement(declaration) ? declaration.parent.parent : declaration;
  if (!ts.isParameter(parameter) || parameter.parent !== fn) return undefined;
  const argument = call.arguments[fn.parameters.indexOf(parameter)];
  if (!argument || ts.isSpreadElement(argument)) return undefined;
  const value = skipOuterExpressions(argument);
  if (declaration === parameter) return value;
  if (!ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent) || !ts.isObjectLiteralExpression(value)) return undefined;
  const key = declaration.propertyName ? staticPropertyName(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
  for (const property of value.properties) {
    if (ts.isPropertyAssignment(property) && staticPropertyName(property.name) === key) return skipOuterExpressions(property.initializer);
  }
  return undefined;
}

/** The values a write turns into rows: `data`, and an upsert's `create` and `update`. */
function dataExpressions(site: QuerySite): ts.Expression[] {
  const args = site.args && skipOuterExpressions(site.args);
  if (!args || !ts.isObjectLiteralExpression(args)) return [];
  const found: ts.Expression[] = [];
  for (const property of args.properties) {
    const key = property.name && staticPropertyName(property.name);
    if (key !== "data" && key !== "create" && key !== "update") continue;
    if (ts.isPropertyAssignment(property)) found.push(property.initializer);
    else if (ts.isShorthandPropertyAssignment(property)) found.push(property.name);
  }
  return found;
}

/**
 * The variables and parameters a written value is made of: the value itself, what is spread
 * into it, the objects its fields are read from, the array it is mapped from, and — for a
 * local constant — what that constant was built from.
 */
export function collectRoots(raw: ts.Expression, roots: Roots, hops = 0, how: RootKind = "whole"): void {
  if (hops > 6) return;
  const expression = skipOuterExpressions(raw);
  const inner = (value: ts.Expression, through: RootKind = how) => collectRoots(value, roots, hops + 1, through);
  if (ts.isIdentifier(expression)) {
    const declaration = resolveIdentifier(expression);
    if (!declaration) return;
    const seen = roots.get(declaration);
    if (seen === "whole" || seen === how) return;
    roots.set(declaration, how);
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) inner(declaration.initializer);
    return;
  }
  if (ts.isObjectLiteralExpression(expression)) {
    for (const property of expression.properties) {
      if (ts.isSpreadAssignment(property)) inner(property.expression);
      else if (ts.isPropertyAssignment(property)) {
        const root = accessRoot(property.initializer);
        if (root) inner(root, "field");
      }
    }
    return;
  }
  if (ts.isArrayLiteralExpression(expression)) {
    for (const element of expression.elements) inner(ts.isSpreadElement(element) ? element.expression : element);
    return;
  }
  if (ts.isCallExpression(expression)) {
    const callee = skipOuterExpressions(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && ELEMENT_METHODS.has(callee.name.text)) inner(callee.expression);
    for (const argument of expression.arguments) {
      if (!ts.isSpreadElement(argument) && !ts.isFunctionLike(argument)) inner(argument);
    }
    return;
  }
  if (ts.isConditionalExpression(expression)) {
    inner(expression.whenTrue);
    inner(expression.whenFalse);
    return;
  }
  if (ts.isBinaryExpression(expression) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(expression.operatorToken.kind)) {
    inner(expression.left);
    inner(expression.right);
  }
}

/** How a written value is made of a declaration: the value itself (or spread, or mapped), or only fields read from it. */
export type RootKind = "whole" | "field";
export type Roots = Map<Declaration, RootKind>;

/** Calls that keep a callback for later (a timer, an event): its writes do not run before the caller goes on. */
const DEFERRING: ReadonlySet<string> = new Set(["setTimeout", "setInterval", "setImmediate", "nextTick", "queueMicrotask", "on", "once", "addListener", "schedule", "scheduleJob"]);

function isFunctionExpressionLike(node: ts.Node): boolean {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isClassLike(node);
}

/**
 * A method reached through a module-level holder the engine's method lookup leaves out: an imported
 * instance (`import { itemRepository }`, `export const itemRepository = new ItemRepository()`), a static
 * method (`ItemService.rename(…)`) or an instance in a static property (`ItemService.items.rename(…)`).
 */
function moduleMethod(project: ProjectModel | undefined, callee: ts.PropertyAccessExpression): ts.FunctionLikeDeclaration | undefined {
  const receiver = skipOuterExpressions(callee.expression);
  let owner: ts.ClassLikeDeclaration | undefined;
  if (ts.isIdentifier(receiver)) {
    let declaration: ts.Node | undefined = resolveIdentifier(receiver);
    if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) declaration = resolveImport(project, declaration);
    if (declaration && ts.isClassLike(declaration)) owner = declaration;
    else if (declaration && ts.isVariableDeclaration(declaration)) owner = classOfHolder(project, declaration);
  } else if (ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression)) {
    const holder = classNamed(project, receiver.expression);
    const property = holder?.members.find((member): member is ts.PropertyDeclaration => ts.isPropertyDeclaration(member) && !!member.name && staticPropertyName(member.name) === receiver.name.text);
    owner = property && classOfHolder(project, property);
  }
  return owner && methodNamed(owner, callee.name.text);
}

function classOfHolder(project: ProjectModel | undefined, holder: ts.VariableDeclaration | ts.PropertyDeclaration): ts.ClassLikeDeclaration | undefined {
  if (holder.type && ts.isTypeReferenceNode(holder.type)) {
    const named = classNamed(project, holder.type.typeName);
    if (named) return named;
  }
  const value = holder.initializer && skipOuterExpressions(holder.initializer);
  return value && ts.isNewExpression(value) ? classNamed(project, value.expression) : undefined;
}

/** A variable or import that may hold an object of functions (not a parameter: its value is whatever callers pass). */
function isModuleObject(declaration: Declaration): boolean {
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) return true;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  return ts.isObjectLiteralExpression(skipOuterExpressions(declaration.initializer));
}

/** `new Promise((resolve) => …)`: the executor runs before the constructor returns. */
function isPromiseExecutor(node: ts.Node): boolean {
  const parent = node.parent;
  return ts.isNewExpression(parent) && ts.isIdentifier(parent.expression) && parent.expression.text === "Promise";
}

/** `input.name` → `input`; `input.meta.note` → `input`. */
function accessRoot(raw: ts.Expression): ts.Identifier | undefined {
  let expression = skipOuterExpressions(raw);
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  while (ts.isPropertyAccessExpression(expression)) expression = skipOuterExpressions(expression.expression);
  return ts.isIdentifier(expression) ? expression : undefined;
}

function isInside(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end && node.getSourceFile() === container.getSourceFile();
}

/** How messages name a call: its callee's name, or its text when the callee has none. */
export function callName(call: ts.CallExpression): string {
  return calleeName(call) || call.expression.getText();
}
