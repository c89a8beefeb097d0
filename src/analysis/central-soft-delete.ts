/**
 * Soft delete done once, in the client: a client built with `$extends({ query: … })`, or one with `$use`
 * middleware, whose handler adds the live filter to reads (`args.where.deletedAt = null`) and turns a
 * delete into an update setting the flag (`return base[model].update({ where, data: { deletedAt: new Date() } })`).
 * Reads through such a client are filtered, deletes through it are soft, for the models and operations the
 * handler covers: the string literals its guards compare with (`operation === "findMany"`,
 * `params.model === "Post"`, `case "delete":`, an early `if (operation !== "delete") return query(args)`),
 * else the operation the handler is keyed by, else every operation.
 *
 * Which client a query goes through is a value question: its client expression evaluates (across files, and
 * into the project's own workspace packages) to the `$extends(…)` call that built it, or to the client `$use`
 * was called on.
 */
import type { PrismaSchema } from "../schema/index.js";
import type { AnalysisContext } from "../engine/rule.js";
import { fileIndexOf, forEachDescendant, kindSet } from "../engine/file-index.js";
import { findExport, importSpecifierOf } from "../engine/modules.js";
import { DELETE_OPERATIONS, READ_OPERATIONS, UPDATE_OPERATIONS, CREATE_OPERATIONS, isTransactionCall, memberAccess } from "../engine/query-sites.js";
import { alwaysExits, resolveIdentifier, skipOuterExpressions, staticKey, staticPropertyName } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import { propertyOf, type AbsValue } from "../engine/values.js";
import { resolveWorkspaceImport } from "../engine/workspace-imports.js";
import { setValue } from "./soft-delete-writes.js";

/** Models and operations one effect of a handler covers; `undefined` means all of them. */
export interface CentralScope {
  models: ReadonlySet<string> | undefined;
  operations: ReadonlySet<string> | undefined;
  /** the flags it writes: a filter on `deletedAt` does not filter by `isDeleted` */
  fields: ReadonlySet<string>;
}

export interface CentralSoftDelete {
  /** what a client built with it evaluates to: the `$extends(…)` call, or the origin of the client `$use` is called on */
  origin: ts.Node;
  /** reads (and writes) it adds the live filter to */
  filters: CentralScope[];
  /** deletes it turns into an update that sets the flag */
  softDeletes: CentralScope[];
}

/** The text a file needs for a central soft delete: cheap, and what `--cache` re-decides on an edit. */
export const CENTRAL_CLIENT_TEXT = /\$extends\s*\(|\$use\s*\(/;

const ALL_OPERATIONS: ReadonlySet<string> = new Set([...READ_OPERATIONS, ...UPDATE_OPERATIONS, ...CREATE_OPERATIONS, ...DELETE_OPERATIONS]);
const DELETES: ReadonlySet<string> = new Set(DELETE_OPERATIONS);

/** The central soft deletes declared in a file (`fields`: the soft-delete flags the config lists). */
export function centralSoftDeletesIn(sourceFile: ts.SourceFile, analysis: AnalysisContext, fields: ReadonlySet<string>): CentralSoftDelete[] {
  const found: CentralSoftDelete[] = [];
  for (const call of fileIndexOf(sourceFile).calls) {
    const access = memberAccess(skipOuterExpressions(call.expression));
    if (access?.name === "$extends" && call.arguments[0]) {
      const handlers = queryHandlers(analysis, call.arguments[0]);
      const central = centralOf(call, handlers, analysis.schema, fields);
      if (central) found.push(central);
    } else if (access?.name === "$use" && call.arguments[0]) {
      const handler = functionOf(analysis, call.arguments[0]);
      const origins = clientOrigins(analysis, access.object);
      for (const origin of handler ? origins : []) {
        const central = centralOf(origin, [{ fn: handler!, models: undefined, operations: undefined }], analysis.schema, fields);
        if (central) found.push(central);
      }
    }
  }
  return found;
}

interface Handler {
  fn: ts.FunctionLikeDeclaration;
  /** the model key it is registered under; undefined for `$allModels` */
  models: ReadonlySet<string> | undefined;
  /** the operation key; undefined for `$allOperations` */
  operations: ReadonlySet<string> | undefined;
}

function centralOf(origin: ts.Node, handlers: readonly Handler[], schema: PrismaSchema, fields: ReadonlySet<string>): CentralSoftDelete | undefined {
  const filters: CentralScope[] = [];
  const softDeletes: CentralScope[] = [];
  for (const handler of handlers) {
    for (const write of flagWrites(handler.fn, fields)) {
      const guard = guardOf(write.node, handler.fn, schema);
      const models = intersect(handler.models, guard.models);
      if (write.effect === "filter") {
        filters.push({ models, operations: intersect(handler.operations, guard.operations), fields: new Set([write.field]) });
      } else {
        const operations = intersect(handler.operations, guard.operations) ?? DELETES;
        softDeletes.push({ models, operations, fields: new Set([write.field]) });
      }
    }
  }
  return filters.length > 0 || softDeletes.length > 0 ? { origin, filters, softDeletes } : undefined;
}

/** `query: { $allModels: { $allOperations() {} }, user: { findMany() {} }, $allOperations() {} }`. */
function queryHandlers(analysis: AnalysisContext, argument: ts.Expression): Handler[] {
  const extension = extensionValue(analysis, argument);
  const query = propertyOf(extension, "query");
  const handlers: Handler[] = [];
  for (const shape of objects(query)) {
    for (const [key, property] of shape.props) {
      if (property.value.kind === "function" && key === "$allOperations") {
        handlers.push({ fn: property.value.node, models: undefined, operations: undefined });
        continue;
      }
      const models = key === "$allModels" ? undefined : modelNamed(analysis.schema, key);
      if (models === null) continue;
      for (const operations of objects(property.value)) {
        for (const [operation, handler] of operations.props) {
          if (handler.value.kind !== "function") continue;
          handlers.push({ fn: handler.value.node, models, operations: operation === "$allOperations" ? undefined : new Set([operation]) });
        }
      }
    }
  }
  return handlers;
}

/** The extension object: the argument itself, or what `Prisma.defineExtension(…)` was given. */
function extensionValue(analysis: AnalysisContext, argument: ts.Expression): AbsValue {
  const value = analysis.evaluator.evaluate(argument);
  if (value.kind === "unknown" && value.node && ts.isCallExpression(value.node) && memberAccess(skipOuterExpressions(value.node.expression))?.name === "defineExtension") {
    return value.node.arguments[0] ? analysis.evaluator.evaluate(value.node.arguments[0]) : value;
  }
  return value;
}

function functionOf(analysis: AnalysisContext, expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const value = analysis.evaluator.evaluate(expression);
  return value.kind === "function" ? value.node : undefined;
}

function modelNamed(schema: PrismaSchema, key: string): ReadonlySet<string> | null {
  const model = schema.modelByDelegate(key) ?? schema.models.get(key);
  return model ? new Set([model.name]) : null;
}

function objects(value: AbsValue): Extract<AbsValue, { kind: "object" }>[] {
  if (value.kind === "object") return [value];
  if (value.kind === "oneOf") return value.options.flatMap(objects);
  return [];
}

// ---------------------------------------------------------------------------------------------------------
// What a handler writes

interface FlagWrite {
  field: string;
  effect: "filter" | "soft-delete";
  node: ts.Node;
}

const WRITE_KINDS = kindSet(ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.ShorthandPropertyAssignment, ts.SyntaxKind.BinaryExpression);

/**
 * The flags a handler sets: to the live value where the query's filter is (`args.where.deletedAt = null`,
 * `where: { ...args.where, deletedAt: null }`), or to a deleted value (`data: { deletedAt: new Date() }`,
 * `params.args.data.deleted = true`). A live value under `data` restores; it filters nothing.
 */
function flagWrites(fn: ts.FunctionLikeDeclaration, fields: ReadonlySet<string>): FlagWrite[] {
  const writes: FlagWrite[] = [];
  if (!fn.body) return writes;
  const classify = (field: string, value: ts.Expression, node: ts.Node, underData: boolean) => {
    if (setValue(value)) writes.push({ field, effect: "soft-delete", node });
    else if (isLiveLiteral(value) && !underData) writes.push({ field, effect: "filter", node });
  };
  forEachDescendant(
    fn.body,
    (node) => {
      if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
        const field = staticPropertyName(node.name);
        if (field === undefined || !fields.has(field)) return;
        classify(field, ts.isPropertyAssignment(node) ? node.initializer : node.name, node, underDataKey(node, fn));
      } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = skipOuterExpressions(node.left);
        const access = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? memberAccess(target) : undefined;
        if (!access || !fields.has(access.name)) return;
        classify(access.name, node.right, node, /\bdata\b/.test(access.object.getText()));
      }
    },
    WRITE_KINDS,
  );
  return writes;
}

function isLiveLiteral(expression: ts.Expression): boolean {
  const value = skipOuterExpressions(expression);
  return value.kind === ts.SyntaxKind.NullKeyword || value.kind === ts.SyntaxKind.FalseKeyword;
}

/** Whether a property sits in an object under a `data` key, up to the handler. */
function underDataKey(node: ts.Node, fn: ts.Node): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isPropertyAssignment(current) && staticPropertyName(current.name) === "data") return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Guards: which models and operations reach a write

interface Guard {
  models: ReadonlySet<string> | undefined;
  operations: ReadonlySet<string> | undefined;
}

/**
 * The string literals the conditions that lead to `node` compare with, sorted into model names and operation
 * names: the `if` whose then-branch holds it, the `case` labels, a ternary's or `&&`'s condition, and the
 * early exits before it in each enclosing block (`if (operation !== "delete") return query(args)`).
 */
function guardOf(node: ts.Node, fn: ts.Node, schema: PrismaSchema): Guard {
  let models: Set<string> | undefined;
  let operations: Set<string> | undefined;
  const narrow = (literals: readonly string[]) => {
    const named = literals.flatMap((literal) => {
      const model = schema.models.get(literal) ?? schema.modelByDelegate(literal);
      return model ? [model.name] : [];
    });
    const ops = literals.filter((literal) => ALL_OPERATIONS.has(literal));
    if (named.length > 0) models = intersect(models, new Set(named));
    if (ops.length > 0) operations = intersect(operations, new Set(ops));
  };
  let child: ts.Node = node;
  for (let parent = node.parent; parent && child !== fn; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && parent.thenStatement === child) narrow(literalsWhenTrue(parent.expression));
    else if (ts.isConditionalExpression(parent) && parent.whenTrue === child) narrow(literalsWhenTrue(parent.condition));
    else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === child) {
      narrow(literalsWhenTrue(parent.left));
    } else if (ts.isCaseClause(parent)) narrow(caseLabels(parent));
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent)) {
      for (const statement of parent.statements) {
        if (statement.pos >= child.pos) break;
        if (ts.isIfStatement(statement) && !statement.elseStatement && alwaysExits(statement.thenStatement)) narrow(literalsWhenFalse(statement.expression));
      }
    }
  }
  return { models, operations };
}

/** `x === "a"`, `"a" == x`, `["a", "b"].includes(x)`, and either side of `||` / `&&`. */
function literalsWhenTrue(condition: ts.Expression): string[] {
  const expression = skipOuterExpressions(condition);
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      return [...literalsWhenTrue(expression.left), ...literalsWhenTrue(expression.right)];
    }
    if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) return comparedLiteral(expression);
    return [];
  }
  if (ts.isCallExpression(expression)) return includedLiterals(expression);
  return [];
}

/** `x !== "a"`, `!["a"].includes(x)`, and both sides of `&&` (`x !== "a" && x !== "b"`) / `||`. */
function literalsWhenFalse(condition: ts.Expression): string[] {
  const expression = skipOuterExpressions(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) return literalsWhenTrue(expression.operand);
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      return [...literalsWhenFalse(expression.left), ...literalsWhenFalse(expression.right)];
    }
    if (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken) return comparedLiteral(expression);
  }
  return [];
}

function comparedLiteral(expression: ts.BinaryExpression): string[] {
  const left = skipOuterExpressions(expression.left);
  const right = skipOuterExpressions(expression.right);
  if (ts.isStringLiteralLike(right)) return [right.text];
  if (ts.isStringLiteralLike(left)) return [left.text];
  return [];
}

function includedLiterals(call: ts.CallExpression): string[] {
  const access = memberAccess(skipOuterExpressions(call.expression));
  const list = access?.name === "includes" ? skipOuterExpressions(access.object) : undefined;
  if (!list || !ts.isArrayLiteralExpression(list)) return [];
  return list.elements.flatMap((element) => (ts.isStringLiteralLike(element) ? [element.text] : []));
}

/** A case's own label and the labels of the empty cases that fall through into it. */
function caseLabels(clause: ts.CaseClause): string[] {
  const clauses = clause.parent.clauses;
  const labels: string[] = [];
  for (let index = clauses.indexOf(clause); index >= 0; index--) {
    const current = clauses[index];
    if (index !== clauses.indexOf(clause) && current.statements.length > 0) break;
    if (ts.isCaseClause(current)) {
      const key = staticKey(current.expression);
      if (key !== undefined) labels.push(key);
    }
  }
  return labels;
}


/** The members both hold; `undefined` stands for every member. */
function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): Set<string> | undefined {
  if (!a) return b && new Set(b);
  if (!b) return new Set(a);
  return new Set([...a].filter((member) => b.has(member)));
}

// ---------------------------------------------------------------------------------------------------------
// Which client a query goes through

/**
 * What a client expression evaluates to, each path: the `$extends(…)` call that built it, the construction,
 * or where the trail ended. A `$transaction` callback's client is the client the transaction was started on;
 * a client imported from a workspace package of the monorepo is followed into that package.
 */
export function clientOrigins(analysis: AnalysisContext, client: ts.Expression, depth = 0): ts.Node[] {
  const expression = skipOuterExpressions(client);
  if (depth > 4) return [expression];
  if (ts.isIdentifier(expression)) {
    const declaration = resolveIdentifier(expression);
    const transaction = declaration && ts.isParameter(declaration) ? transactionOf(declaration) : undefined;
    if (transaction) {
      const access = memberAccess(skipOuterExpressions(transaction.expression));
      return access ? clientOrigins(analysis, access.object, depth + 1) : [expression];
    }
  }
  const value = analysis.evaluator.evaluate(expression);
  const options = value.kind === "oneOf" ? value.options : [value];
  return options.flatMap((option) => {
    if (option.kind !== "unknown" || !option.node || (option.path && option.path.length > 0)) return [];
    const workspace = ts.isIdentifier(option.node) ? workspaceExport(analysis, option.node) : undefined;
    return workspace ? clientOrigins(analysis, workspace, depth + 1) : [option.node];
  });
}

/** The `$transaction(…)` call whose callback declares this parameter. */
function transactionOf(parameter: ts.ParameterDeclaration): ts.CallExpression | undefined {
  const fn = parameter.parent;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) && isTransactionCall(call) ? call : undefined;
}

/** `import prisma from "@acme/db"` where `@acme/db` is a package of the monorepo: what it exports under that name. */
function workspaceExport(analysis: AnalysisContext, identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration || !(ts.isImportClause(declaration) || ts.isImportSpecifier(declaration))) return undefined;
  const specifier = importSpecifierOf(declaration);
  const file = specifier && resolveWorkspaceImport(analysis.config.rootDir, specifier);
  const sourceFile = file ? analysis.project.getSourceFile(file) : undefined;
  if (!sourceFile) return undefined;
  const name = ts.isImportClause(declaration) ? "default" : (declaration.propertyName ?? declaration.name).text;
  const target = findExport(analysis.project, sourceFile, name);
  if (!target) return undefined;
  if (ts.isVariableDeclaration(target)) return target.initializer;
  return ts.isExpression(target) ? target : undefined;
}
