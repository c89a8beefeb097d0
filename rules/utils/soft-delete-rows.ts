/**
 * What the soft-delete rules ask about the rows a query touches: whether a write changes their deletion
 * state (a soft delete or a restore), whether a `where` selects deleted rows only (a purge), which names a
 * `where` is keyed by, and which other queries of the same function work on the same rows.
 */
import type { SoftDeleteInfo } from "../../src/schema/index.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { isDeleteOperation, isUpdateOperation, type QuerySite } from "../../src/engine/query-sites.js";
import type { AnalysisContext } from "../../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../../src/engine/where.js";
import { setValue } from "../../src/analysis/soft-delete-writes.js";

/**
 * Whether a write sets one of the flags (`data: { deletedAt: new Date() }`, `{ deletedAt: null }`, an
 * upsert's `update: { isDeleted }`): it decides the row's deletion state itself, so it needs no live filter.
 */
export function writesDeletionState(site: QuerySite, args: AbsValue, flags: readonly SoftDeleteInfo[]): "soft-delete" | "restore" | "sets" | undefined {
  if (!isUpdateOperation(site.operation)) return undefined;
  const data = site.operation === "upsert" ? propertyOf(args, "update") : propertyOf(args, "data");
  for (const flag of flags) {
    const value = propertyOf(data, flag.field);
    // `undefined` writes nothing; nor does a property only guessed on an object the engine cannot see
    if ((value.kind === "literal" && value.value === undefined) || (value.kind === "unknown" && (!value.node || (value.path?.length ?? 0) > 0))) continue;
    if (value.kind === "literal") return value.value === flag.live ? "restore" : "soft-delete";
    // `new Date()`, `now()`: a date for now
    return value.kind === "unknown" && value.node && ts.isExpression(value.node) && setValue(value.node) ? "soft-delete" : "sets";
  }
  return undefined;
}

/**
 * Whether a `where` keeps deleted rows only: `deletedAt: { not: null }`, `deletedAt: { lt: cutoff }`,
 * `isDeleted: true`. A hard delete of those is the purge of the soft delete, not a violation of it.
 */
export function selectsDeletedRows(where: AbsValue, flags: readonly SoftDeleteInfo[]): boolean {
  return flags.some((flag) => whereConstrains(where, flag.field, (value) => isDeletedValue(value, flag)) === "yes");
}

const COMPARISONS = ["lt", "lte", "gt", "gte"];

function isDeletedValue(value: AbsValue, flag: SoftDeleteInfo): Verdict {
  return onEveryPath(value, (option) => {
    if (option.kind === "literal") return option.value !== undefined && option.value !== null && option.value !== flag.live ? "yes" : "no";
    if (option.kind !== "object") return "unknown";
    const not = option.props.get("not")?.value;
    if (not?.kind === "literal" && not.value === flag.live) return "yes";
    const equals = option.props.get("equals")?.value;
    if (equals?.kind === "literal" && equals.value !== undefined && equals.value !== null && equals.value !== flag.live) return "yes";
    // a date range can only hold for rows that have a date
    if (flag.live === null && COMPARISONS.some((key) => option.props.has(key))) return "yes";
    return "no";
  });
}

// ---------------------------------------------------------------------------------------------------------
// The rows a query works on

/**
 * The function a query belongs to: its innermost enclosing function, or the function around a callback
 * passed to a call (`$transaction(async (tx) => …)`, `wrapInQueue(id, async () => …)`, `.map(…)`).
 */
export function owningFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  let found: ts.FunctionLikeDeclaration | undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (!ts.isFunctionLike(current) || !("body" in current) || !current.body) continue;
    found = current;
    const isCallback = (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) && ts.isCallExpression(current.parent) && current.parent.arguments.includes(current);
    if (!isCallback) return found;
  }
  return found;
}

/** The `where` of a query as written: the property of its argument object, or of the object a variable holds. */
export function whereExpression(site: QuerySite): ts.Expression | undefined {
  const args = site.args && objectLiteralOf(site.args);
  if (!args) return site.args;
  const where = args.properties.find((property) => property.name && staticPropertyName(property.name) === "where");
  if (!where) return undefined;
  if (ts.isPropertyAssignment(where)) return where.initializer;
  return ts.isShorthandPropertyAssignment(where) ? where.name : undefined;
}

function objectLiteralOf(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = resolveIdentifier(inner);
  const initializer = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && skipOuterExpressions(declaration.initializer);
  return initializer && ts.isObjectLiteralExpression(initializer) ? initializer : undefined;
}

/** A name a `where` is keyed by: a declaration and the properties read from it (`input.pollId`). */
export interface KeyName {
  declaration: ts.Node;
  path: string;
}

const NAME_KINDS = kindSet(ts.SyntaxKind.Identifier);

/**
 * The names a `where` reads its values from (`{ id: input.pollId, parentId }` → `input.pollId`, `parentId`),
 * following a `where` built in a local constant. Globals and property keys are not names.
 */
export function keyNames(expression: ts.Expression | undefined, depth = 0): KeyName[] {
  if (!expression) return [];
  const names: KeyName[] = [];
  const visit = (identifier: ts.Identifier) => {
    const parent = identifier.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === identifier) || (ts.isPropertyAssignment(parent) && parent.name === identifier)) return;
    const declaration = resolveIdentifier(identifier);
    if (!declaration) return;
    let top: ts.Node = identifier;
    const path: string[] = [];
    while (ts.isPropertyAccessExpression(top.parent) && top.parent.expression === top) {
      path.push(top.parent.name.text);
      top = top.parent;
    }
    const initializer = ts.isVariableDeclaration(declaration) && declaration.initializer ? skipOuterExpressions(declaration.initializer) : undefined;
    if (initializer && ts.isObjectLiteralExpression(initializer) && path.length === 0 && depth < 2) names.push(...keyNames(initializer, depth + 1));
    else names.push({ declaration, path: path.join(".") });
  };
  if (ts.isIdentifier(expression)) visit(expression);
  else forEachDescendant(expression, (node) => void visit(node as ts.Identifier), NAME_KINDS);
  return names;
}

export function sameKey(a: KeyName, b: KeyName): boolean {
  return a.declaration === b.declaration && a.path === b.path;
}

/**
 * The variable a query's result is stored in: `const row = await prisma.item.findUnique(…)`, or a `let` it is
 * assigned to (`user = await prisma.user.findFirst(…)`).
 */
export function resultVariable(call: ts.CallExpression): ts.VariableDeclaration | undefined {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent)) return ts.isIdentifier(parent.name) && parent.initializer === node ? parent : undefined;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node && ts.isIdentifier(parent.left)) {
    const declaration = resolveIdentifier(parent.left);
    return declaration && ts.isVariableDeclaration(declaration) ? declaration : undefined;
  }
  return undefined;
}

/**
 * Whether an expression's value comes from `source`: it names it, or names a local variable computed from it
 * (`ids = rows.map((row) => row.id)`), a step or two away.
 */
export function derivesFrom(expression: ts.Node | undefined, source: ts.Node, within: ts.Node, depth = 0): boolean {
  if (!expression) return false;
  let found = false;
  const visit = (node: ts.Node): boolean | "stop" | void => {
    if (!ts.isIdentifier(node)) return;
    const declaration = resolveIdentifier(node);
    if (declaration === source) found = true;
    else if (declaration && ts.isVariableDeclaration(declaration) && depth < 2 && declaration !== expression) {
      found = derivesFrom(declaration.initializer, source, within, depth + 1) || assignedValues(declaration, within).some((value) => derivesFrom(value, source, within, depth + 1));
    }
    return found ? "stop" : undefined;
  };
  if (ts.isIdentifier(expression)) visit(expression);
  else forEachDescendant(expression, visit, NAME_KINDS);
  return found;
}

const ASSIGNMENT_KINDS = kindSet(ts.SyntaxKind.BinaryExpression);

/** The values a `let` is assigned after its declaration, inside `within`. */
function assignedValues(declaration: ts.VariableDeclaration, within: ts.Node): ts.Expression[] {
  if (!ts.isIdentifier(declaration.name)) return [];
  const name = declaration.name.text;
  const values: ts.Expression[] = [];
  forEachDescendant(
    within,
    (node) => {
      const binary = node as ts.BinaryExpression;
      if (binary.operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isIdentifier(binary.left) || binary.left.text !== name) return;
      if (resolveIdentifier(binary.left) === declaration) values.push(binary.right);
    },
    ASSIGNMENT_KINDS,
  );
  return values;
}

/**
 * Whether `other` works on the rows `site` selects: every name `other`'s `where` is keyed by is one of
 * `site`'s (`{ id }` and `{ id, workspaceId }`), or `other`'s `where` is built from what `site` returned
 * (`{ id: { in: rows.map((row) => row.id) } }`).
 */
export function onSameRows(site: QuerySite, other: QuerySite, fn: ts.Node): boolean {
  const otherWhere = whereExpression(other);
  const result = resultVariable(site.call);
  if (result && derivesFrom(otherWhere, result, fn)) return true;
  const keys = keyNames(whereExpression(site));
  const otherKeys = keyNames(otherWhere);
  return otherKeys.length > 0 && otherKeys.every((key) => keys.some((candidate) => sameKey(candidate, key)));
}

/** Whether a query changes rows' deletion state: a hard delete, or a write that sets a flag. */
export function changesDeletionState(site: QuerySite, analysis: AnalysisContext, flags: readonly SoftDeleteInfo[]): boolean {
  if (isDeleteOperation(site.operation)) return true;
  return writesDeletionState(site, analysis.evaluator.evaluate(site.args), flags) !== undefined;
}
