/**
 * Relation positions whose deleted rows need no filter, decided from the schema and the project's own deletes.
 *
 * A to-one relation read from the side that holds the foreign key (`subscription.tier`, `purchase.album`) reaches
 * the parent of a child row. When the project soft-deletes the parent somewhere and no such delete ever deletes
 * the children with it (not on any path, not in a function it calls), the children are meant to outlive their
 * parent: a subscription to a withdrawn tier still bills, a sale of a removed album is still a sale. A filter on
 * the parent (`tier: { profileId }`) then selects which live children belong where, and leaving the children of
 * a deleted parent out would be the bug. When some delete of the parent does delete its children (`deleteAll`),
 * the project means them to go together, and a child of a deleted parent reached this way is still reported.
 */
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import type { AnalysisContext } from "../../src/engine/rule.js";
import { CallGraph, hasBody } from "../../src/analysis/call-graph.js";
import { ts } from "../../src/engine/ts.js";
import type { RelationInfo, SchemaModelInfo } from "../../src/schema/index.js";
import { owningFunction } from "../utils/soft-delete-rows.js";
import type { SoftDeletePractice } from "../utils/soft-delete-practice.js";

/** `model.relation` points at the parent `related` of a child row that the project lets outlive it. */
export function childOutlivesParent(practice: SoftDeletePractice, model: SchemaModelInfo, relation: RelationInfo, related: SchemaModelInfo): boolean {
  return !relation.toMany && relation.fromFields.length > 0 && practice.neverDeletedWith(related.name, model.name);
}

/**
 * An included to-many relation (`include: { subscriptionTiers: true }`) matters only where its rows are seen: rows
 * that leave (returned, sent, stored: `rowsLeave`, as `require-bounded-list` decides it) carry the deleted children
 * to the caller, and code that reads the relation (`user.profiles.length`, `const { tracks } = album`), in the query's
 * function or in one it calls up to two deep (`serializeUser(user)` destructuring `profiles`), decides something from
 * them or sends them on. Rows that stay inside where nothing names the relation are included for nothing (a
 * leftover of a shared include): the engine cannot prove it of code it did not follow, so the site is unknown, not a finding.
 */
export function includedRelationUnseen(site: QuerySite, relations: ReadonlySet<string>, analysis: AnalysisContext, leaves: () => boolean): boolean {
  if (relations.size === 0) return false;
  const fn = owningFunction(site.call);
  if (!fn?.body || leaves()) return false;
  // A graph per question, as the other walks make theirs: its resolutions are recorded as this file's reads, so --cache
  // and the editor re-check the query when a function it hands the rows to changes.
  const graph = new CallGraph(analysis);
  const reached = hasBody(fn) ? [...graph.reach([fn], CALL_DEPTH).keys()] : [];
  return ![fn as ts.FunctionLikeDeclaration, ...reached].some((within) => !!within.body && readsRelation(within.body, relations, site.call));
}

/** How many calls deep the functions the rows are handed to are searched for a read of the relation. */
const CALL_DEPTH = 2;

/** `row.tracks`, `row["tracks"]`, `const { tracks } = row` in `body`, outside the query itself. */
function readsRelation(body: ts.Node, relations: ReadonlySet<string>, query: ts.Node): boolean {
  let read = false;
  forEachDescendant(
    body,
    (node) => {
      if (node.pos >= query.pos && node.end <= query.end && node.getSourceFile() === query.getSourceFile()) return undefined;
      if (ts.isPropertyAccessExpression(node)) read = relations.has(node.name.text);
      else if (ts.isElementAccessExpression(node)) read = ts.isStringLiteralLike(node.argumentExpression) && relations.has(node.argumentExpression.text);
      else if (ts.isBindingElement(node)) {
        const key = node.propertyName ?? node.name;
        read = (ts.isIdentifier(key) || ts.isStringLiteralLike(key)) && relations.has(key.text);
      }
      return read ? "stop" : undefined;
    },
    RELATION_READS,
  );
  return read;
}

const RELATION_READS = kindSet(ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression, ts.SyntaxKind.BindingElement);
