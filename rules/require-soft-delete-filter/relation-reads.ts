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
import type { RelationInfo, SchemaModelInfo } from "../../src/schema/index.js";
import type { SoftDeletePractice } from "../utils/soft-delete-practice.js";

/** `model.relation` points at the parent `related` of a child row that the project lets outlive it. */
export function childOutlivesParent(practice: SoftDeletePractice, model: SchemaModelInfo, relation: RelationInfo, related: SchemaModelInfo): boolean {
  return !relation.toMany && relation.fromFields.length > 0 && practice.neverDeletedWith(related.name, model.name);
}
