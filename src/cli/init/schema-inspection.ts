/**
 * What `init` reads from the Prisma schema: its size, soft-delete fields, and ownership
 * (`ownership-inspection.ts`). Pure functions of the schema model; `render.ts` turns the result into
 * the config text.
 */
import type { PrismaSchema, SchemaField, SchemaModelInfo } from "../../schema/index.js";
import { fieldUses, type FieldUse } from "./field-uses.js";
import { inspectOwnership, type OwnershipInspection } from "./ownership-inspection.js";

export type { FieldUse } from "./field-uses.js";
export type { KeyToOwner, OwnerFieldUse, OwnerModel } from "./ownership-inspection.js";

/** `deletedAt`, `deleted_at`, `isDeleted`, `is_deleted`, `deleted`, `removedAt`, `removed_at`, `isRemoved`… */
const SOFT_DELETE_NAME = /^(?:is_?)?(?:deleted|removed)(?:_?at)?$/i;
/** Archiving usually keeps rows readable, so these are only mentioned, never configured. */
const ARCHIVE_NAME = /^(?:is_?)?archived(?:_?at)?$/i;

export interface SchemaInspection extends OwnershipInspection {
  modelCount: number;
  enumCount: number;
  /** nullable DateTime or Boolean fields named like a soft-delete flag, most models first */
  softDeleteFields: FieldUse[];
  /**
   * Models the `softDelete.field` list would give the wrong field (the first listed field they have
   * is not a soft-delete flag there): their own soft-delete field, or false.
   */
  softDeleteOverrides: Record<string, string | false>;
  /** fields named like archive flags; mentioned in a comment only */
  archiveFields: FieldUse[];
}

export function inspectSchema(schema: PrismaSchema): SchemaInspection {
  const models = [...schema.models.values()];
  const softDeleteFields = fieldUses(models, isSoftDeleteField);
  return {
    modelCount: models.length,
    enumCount: schema.enums.size,
    softDeleteFields,
    softDeleteOverrides: softDeleteOverrides(models, softDeleteFields.map((use) => use.field)),
    archiveFields: fieldUses(models, (field) => ARCHIVE_NAME.test(field.name) && isFlagType(field)),
    ...inspectOwnership(models),
  };
}

function isSoftDeleteField(field: SchemaField): boolean {
  return SOFT_DELETE_NAME.test(field.name) && isFlagType(field);
}

/** A nullable DateTime (null = live) or a Boolean (false = live). */
function isFlagType(field: SchemaField): boolean {
  if (field.kind !== "scalar" || field.isList) return false;
  return (field.type === "DateTime" && !field.isRequired) || field.type === "Boolean";
}

/** The engine takes the first listed field a model has; where that is not a soft-delete flag, say what is. */
function softDeleteOverrides(models: readonly SchemaModelInfo[], listed: readonly string[]): Record<string, string | false> {
  const overrides: Record<string, string | false> = {};
  for (const model of models) {
    const picked = listed.find((name) => model.fields.has(name));
    if (picked === undefined || isSoftDeleteField(model.fields.get(picked)!)) continue;
    const own = listed.find((name) => {
      const field = model.fields.get(name);
      return field !== undefined && isSoftDeleteField(field);
    });
    overrides[model.name] = own ?? false;
  }
  return overrides;
}
