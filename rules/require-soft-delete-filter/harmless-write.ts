/**
 * Writes that show nothing on a deleted row and hand no row back to the caller. The engine cannot tell whether a
 * field is visible somewhere, so such a write is counted as unknown, never reported:
 *
 * - `updateMany({ where: { profileId: profile.id }, data: { platformPercent } })`: a parent's setting handed down to
 *   all its children, selected by the one foreign key that points at the parent. `updateMany` returns a count,
 *   never rows; the deleted children get the setting too, which every read leaves out, and are in step when
 *   restored. A write to the deletion's own record (`deleteReason`, `deletedBy`) changes what the deleted rows say,
 *   and a where with more than the parent's key picks rows by what they are: both stay checked.
 * - `update({ where: { id }, data: { orderIndex: index + 1 } })`: only the row's position among its siblings (a
 *   drag-and-drop reorder). The position of a row no list shows is shown nowhere.
 * - `updateMany({ where: { userId: guestId }, data: { userId } })`: rows moved to (or linked with) another parent,
 *   the data setting only foreign keys. The deleted rows move with the live ones, so a restore finds them where
 *   their siblings are; nothing of them is shown.
 */
import type { SchemaModelInfo } from "../../src/schema/index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";

/** Fields that only place a row among its siblings. */
const POSITION_FIELD = /^(?:order|ordering|orderIndex|position|pos|sort|sortOrder|sortIndex|sortKey|displayOrder|rank|seq|sequence|index)$/i;
/** Fields that record the deletion itself. */
const DELETION_RECORD = /delet|remov|trash|archiv|cancel|revok/i;

export function isHarmlessWrite(site: QuerySite, args: AbsValue): boolean {
  const data = propertyOf(args, "data");
  if (data.kind !== "object" || data.opaque || data.props.size === 0) return false;
  const fields = [...data.props.keys()];
  if (fields.some((field) => DELETION_RECORD.test(field))) return false;
  if ((site.operation === "update" || site.operation === "updateMany") && fields.every((field) => POSITION_FIELD.test(field))) return true;
  if (site.operation !== "updateMany") return false;
  return selectsChildrenOfOneParent(site.model, propertyOf(args, "where")) || fields.every((field) => isForeignKey(site.model, field));
}

function isForeignKey(model: SchemaModelInfo, key: string): boolean {
  return [...model.fields.values()].some((field) => !!field.relation && !field.relation.toMany && field.relation.fromFields.includes(key));
}

/** A where of exactly one field, a foreign key of the model (`{ trackGroupId }`). */
function selectsChildrenOfOneParent(model: SchemaModelInfo, where: AbsValue): boolean {
  if (where.kind !== "object" || where.opaque || where.props.size !== 1) return false;
  const [key] = where.props.keys();
  return isForeignKey(model, key);
}
