/**
 * `where: { ...criteria.where, ...(showDeleted ? {} : { deletedAt: null }) }`: the filter is switched by a
 * "with deleted" option (`includeDeleted`, `showDeleted`, `withTrashed`…). Leaving deleted rows in is then
 * the caller's explicit choice, not an oversight; the query is not reported.
 */
import type { SoftDeleteInfo } from "../../src/schema/index.js";
import { forEachDescendant, kindSet, someDescendant } from "../../src/engine/file-index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { owningFunction } from "../utils/soft-delete-rows.js";

/** A name for the option of including deleted rows: `includeDeleted`, `showDeleted`, `withTrashed`, `with_deleted`. */
const WITH_DELETED = /^(?:include|show|with|only|return|fetch|get)_?(?:soft_?)?(?:deleted|trashed|removed|archived)(?:_?(?:rows|items|records))?$/i;

const SWITCH_KINDS = kindSet(ts.SyntaxKind.IfStatement, ts.SyntaxKind.ConditionalExpression, ts.SyntaxKind.BinaryExpression);
const NAME_KINDS = kindSet(ts.SyntaxKind.Identifier);

export function hasWithDeletedSwitch(site: QuerySite, flags: readonly SoftDeleteInfo[]): boolean {
  const scope = owningFunction(site.call);
  if (!scope?.body) return false;
  const fields = new Set(flags.map((flag) => flag.field));
  let found = false;
  forEachDescendant(
    scope.body,
    (node) => {
      const parts = switched(node);
      if (!parts || !namesWithDeleted(parts.condition)) return;
      if (parts.branches.some((branch) => namesFlag(branch, fields)) || isFlagValue(node, fields)) found = true;
      return found ? "stop" : undefined;
    },
    SWITCH_KINDS,
  );
  return found;
}

/** The condition and the branches of an `if`, a ternary or `cond && value`. */
function switched(node: ts.Node): { condition: ts.Expression; branches: ts.Node[] } | undefined {
  if (ts.isIfStatement(node)) return { condition: node.expression, branches: [node.thenStatement, ...(node.elseStatement ? [node.elseStatement] : [])] };
  if (ts.isConditionalExpression(node)) return { condition: node.condition, branches: [node.whenTrue, node.whenFalse] };
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return { condition: node.left, branches: [node.right] };
  return undefined;
}

function namesWithDeleted(condition: ts.Expression): boolean {
  if (ts.isIdentifier(condition)) return WITH_DELETED.test(condition.text);
  return someDescendant(condition, (node) => WITH_DELETED.test((node as ts.Identifier).text), NAME_KINDS);
}

/** A branch that sets or filters a flag: `{ deletedAt: null }`, `where.deletedAt = null`. */
function namesFlag(branch: ts.Node, fields: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(branch)) return fields.has(branch.text);
  return someDescendant(branch, (node) => fields.has((node as ts.Identifier).text), NAME_KINDS);
}

/** `deletedAt: includeDeleted ? undefined : null`: the switch is the flag's own value. */
function isFlagValue(node: ts.Node, fields: ReadonlySet<string>): boolean {
  const parent = node.parent;
  const key = ts.isPropertyAssignment(parent) && parent.initializer === node ? staticPropertyName(parent.name) : undefined;
  return key !== undefined && fields.has(key);
}
