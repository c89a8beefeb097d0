/**
 * `const row = await prisma.item.findUnique(…); if (!row || row.deletedAt) throw …` — the deleted row is
 * rejected right after the fetch, which is as good as filtering it. The check may be on any of the model's
 * flags, and may sit in the callers of a function that returns the row it fetched
 * (`return row` / `return prisma.item.findUnique(…)`): then every caller must check it.
 */
import type { SoftDeleteInfo } from "../../src/schema/index.js";
import { findCallers } from "../../src/engine/callers.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import type { ProjectModel } from "../../src/engine/project.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { resolveIdentifier } from "../../src/engine/scope.js";
import { isEqualityOperator, ts } from "../../src/engine/ts.js";
import { owningFunction } from "../utils/soft-delete-rows.js";

export function isCheckedAfterFetch(site: QuerySite, flags: readonly SoftDeleteInfo[], project: ProjectModel): boolean {
  const fields = new Set(flags.map((flag) => flag.field));
  return isCheckedAfter(site.call, fields, project, 0);
}

/** Whether the value of `call` (a query, or a call of a function returning one) is checked for a flag. */
function isCheckedAfter(call: ts.Expression, fields: ReadonlySet<string>, project: ProjectModel, depth: number): boolean {
  const { holder, top } = valueHolder(call);
  const fn = owningFunction(call);
  if (holder) {
    const scope = fn?.body ?? call.getSourceFile();
    if (isFlagTestedAfter(holder, fields, scope, call.end)) return true;
  }
  // returned to the callers: each of them must check it
  if (depth >= 1 || !fn || !isReturned(top, holder, fn)) return false;
  const callers = findCallers(project, fn);
  return callers.length > 0 && callers.every((caller) => isCheckedAfter(caller, fields, project, depth + 1));
}

/**
 * The variable the value ends up in, through `await`, parentheses, `as`, `!` and the branches of a ternary
 * (`const w = byId ? await getById(id) : await getBySlug(slug)`), and the outermost expression on the way.
 */
function valueHolder(call: ts.Expression): { holder: ts.VariableDeclaration | undefined; top: ts.Expression } {
  let node: ts.Expression = call;
  for (;;) {
    const parent = node.parent;
    if (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) node = parent;
    else if (ts.isConditionalExpression(parent) && parent.condition !== node) node = parent;
    else break;
  }
  const declaration = node.parent;
  const holder = ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer === node ? declaration : undefined;
  return { holder, top: node };
}

/** `return prisma.item.findUnique(…)`, an arrow's body, or `return row` of the variable holding it. */
function isReturned(top: ts.Expression, holder: ts.VariableDeclaration | undefined, fn: ts.FunctionLikeDeclaration): boolean {
  if (ts.isReturnStatement(top.parent) || top.parent === fn) return true;
  if (!holder || !fn.body) return false;
  let returned = false;
  forEachDescendant(
    fn.body,
    (node) => {
      const expression = (node as ts.ReturnStatement).expression;
      if (expression && ts.isIdentifier(expression) && resolveIdentifier(expression) === holder) returned = true;
      return returned ? "stop" : undefined;
    },
    RETURN_KINDS,
  );
  return returned;
}

const RETURN_KINDS = kindSet(ts.SyntaxKind.ReturnStatement);
const ACCESS_KINDS = kindSet(ts.SyntaxKind.PropertyAccessExpression);

/** `row.deletedAt` (or `row?.deleted`) read after `after` in a condition: an `if`, a ternary, or a `&&`/`||` chain. */
function isFlagTestedAfter(holder: ts.VariableDeclaration, fields: ReadonlySet<string>, scope: ts.Node, after: number): boolean {
  let found = false;
  forEachDescendant(
    scope,
    (node) => {
      const access = node as ts.PropertyAccessExpression;
      if (access.pos < after || !fields.has(access.name.text) || !ts.isIdentifier(access.expression)) return;
      if (resolveIdentifier(access.expression) !== holder || !isInCondition(access)) return;
      found = true;
      return "stop";
    },
    ACCESS_KINDS,
  );
  return found;
}

function isInCondition(node: ts.Expression): boolean {
  let current: ts.Node = node;
  for (;;) {
    const parent = current.parent;
    if (ts.isIfStatement(parent)) return parent.expression === current;
    if (ts.isConditionalExpression(parent)) return parent.condition === current;
    if (ts.isParenthesizedExpression(parent) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) {
      current = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && isLogicalOperator(parent.operatorToken.kind)) return true;
    if (ts.isBinaryExpression(parent) && isEqualityOperator(parent.operatorToken.kind)) {
      current = parent;
      continue;
    }
    return false;
  }
}

function isLogicalOperator(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken;
}
