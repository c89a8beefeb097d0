/**
 * What `init` reads from the Prisma schema: soft-delete fields, the identity models and their foreign
 * keys (owner fields), models owned only through a parent, and models with no owner at all.
 * Pure functions of the schema model; `render.ts` turns the result into the config text.
 */
import type { PrismaSchema, SchemaField, SchemaModelInfo } from "../../schema/index.js";

/** `deletedAt`, `deleted_at`, `isDeleted`, `is_deleted`, `deleted`, `removedAt`, `removed_at`, `isRemoved`… */
const SOFT_DELETE_NAME = /^(?:is_?)?(?:deleted|removed)(?:_?at)?$/i;
/** Archiving usually keeps rows readable, so these are only mentioned, never configured. */
const ARCHIVE_NAME = /^(?:is_?)?archived(?:_?at)?$/i;
/** Models that are an identity a row can belong to. */
const IDENTITY_MODEL = /^(?:user|device|tenant|organi[sz]ation|org|account|workspace|team|company|customer)$/i;
/** A foreign-key field: `userId`, `owner_id`. */
const FK_NAME = /(?:Id|_id)$/;

/** A field name and the models that have it, most models first. */
export interface FieldUse {
  field: string;
  models: string[];
}

export interface OwnerFieldUse extends FieldUse {
  /** the identity model the field points to */
  ownerModel: string;
}

export interface IdentityModel {
  name: string;
  /** the other models with a foreign key to it */
  referencedBy: string[];
}

export interface SchemaInspection {
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
  /** identity models, most referenced first */
  identityModels: IdentityModel[];
  /** foreign keys to the identity models, most models first */
  ownerFields: OwnerFieldUse[];
  /** models with no owner field but a required relation to an owned model: model → relation path */
  ownedThroughParent: Record<string, string>;
  /** models that are neither identities nor owned */
  globalModels: string[];
}

export function inspectSchema(schema: PrismaSchema): SchemaInspection {
  const models = [...schema.models.values()];
  const softDeleteFields = fieldUses(models, isSoftDeleteField);
  const identityModels = findIdentityModels(models);
  const ownerFields = findOwnerFields(models, new Set(identityModels.map((model) => model.name)));
  const ownerFieldNames = ownerFields.map((use) => use.field);
  const identityNames = new Set(identityModels.map((model) => model.name));
  const ownedThroughParent = findOwnedThroughParent(models, ownerFieldNames, identityNames);
  const globalModels = models
    .filter(
      (model) =>
        !identityNames.has(model.name) &&
        !ownerFieldNames.some((field) => isScalar(model.fields.get(field))) &&
        !Object.hasOwn(ownedThroughParent, model.name),
    )
    .map((model) => model.name);
  return {
    modelCount: models.length,
    enumCount: schema.enums.size,
    softDeleteFields,
    softDeleteOverrides: softDeleteOverrides(models, softDeleteFields.map((use) => use.field)),
    archiveFields: fieldUses(models, (field) => ARCHIVE_NAME.test(field.name) && isFlagType(field)),
    identityModels,
    ownerFields,
    ownedThroughParent,
    globalModels,
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

function isScalar(field: SchemaField | undefined): boolean {
  return field?.kind === "scalar";
}

/** Each field name matching `test`, with the models having it; most models first, then by name. */
function fieldUses(models: readonly SchemaModelInfo[], test: (field: SchemaField) => boolean): FieldUse[] {
  const byName = new Map<string, string[]>();
  for (const model of models) {
    for (const field of model.fields.values()) {
      if (!test(field)) continue;
      const list = byName.get(field.name) ?? [];
      list.push(model.name);
      byName.set(field.name, list);
    }
  }
  return [...byName].map(([field, users]) => ({ field, models: users.sort() })).sort(byUseCount);
}

function byUseCount(a: FieldUse, b: FieldUse): number {
  return b.models.length - a.models.length || a.field.localeCompare(b.field);
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

/** The to-one relations of a model that hold their foreign key on this side. */
function foreignKeyRelations(model: SchemaModelInfo): SchemaField[] {
  return [...model.fields.values()].filter((field) => field.relation && !field.isList && field.relation.fromFields.length > 0);
}

/** Identity-named models that other models point to, most referenced first. */
function findIdentityModels(models: readonly SchemaModelInfo[]): IdentityModel[] {
  const referencedBy = new Map<string, Set<string>>();
  for (const model of models) {
    for (const field of foreignKeyRelations(model)) {
      const target = field.relation!.model;
      if (target === model.name) continue;
      const set = referencedBy.get(target) ?? new Set();
      set.add(model.name);
      referencedBy.set(target, set);
    }
  }
  return [...referencedBy]
    .filter(([name]) => IDENTITY_MODEL.test(name))
    .map(([name, users]) => ({ name, referencedBy: [...users].sort() }))
    .sort((a, b) => b.referencedBy.length - a.referencedBy.length || a.name.localeCompare(b.name));
}

/** Single-column foreign keys named `…Id` of relations to an identity model, most models first. */
function findOwnerFields(models: readonly SchemaModelInfo[], identities: ReadonlySet<string>): OwnerFieldUse[] {
  const byField = new Map<string, { ownerModel: string; models: string[] }>();
  for (const model of models) {
    if (identities.has(model.name)) continue;
    for (const field of foreignKeyRelations(model)) {
      const relation = field.relation!;
      if (!identities.has(relation.model) || relation.fromFields.length !== 1) continue;
      const fk = relation.fromFields[0];
      if (!FK_NAME.test(fk)) continue;
      const use = byField.get(fk) ?? { ownerModel: relation.model, models: [] };
      // the same name pointing to two identity models keeps the first; the comment names that one
      if (use.ownerModel === relation.model && !use.models.includes(model.name)) use.models.push(model.name);
      byField.set(fk, use);
    }
  }
  return [...byField]
    .map(([field, use]) => ({ field, ownerModel: use.ownerModel, models: use.models.sort() }))
    .sort(byUseCount);
}

/**
 * Models without an owner field reached through required to-one relations, nearest owner first:
 * `Portion` → `product.deviceId`. A worklist over the models, one relation level per round.
 */
function findOwnedThroughParent(
  models: readonly SchemaModelInfo[],
  ownerFields: readonly string[],
  identities: ReadonlySet<string>,
): Record<string, string> {
  const pathTo = new Map<string, string>(); // model → its owner field, or the relation path to it
  for (const model of models) {
    const field = ownerFields.find((name) => isScalar(model.fields.get(name)));
    if (field !== undefined && !identities.has(model.name)) pathTo.set(model.name, field);
  }
  const throughParent: Record<string, string> = {};
  let pending = models.filter((model) => !pathTo.has(model.name) && !identities.has(model.name));
  for (let changed = true; changed && pending.length > 0; ) {
    changed = false;
    const found = new Map<string, string>();
    for (const model of pending) {
      const via = foreignKeyRelations(model).find((field) => field.isRequired && pathTo.has(field.relation!.model));
      if (via) found.set(model.name, `${via.name}.${pathTo.get(via.relation!.model)}`);
    }
    for (const [model, relationPath] of found) {
      pathTo.set(model, relationPath);
      throughParent[model] = relationPath;
      changed = true;
    }
    pending = pending.filter((model) => !found.has(model.name));
  }
  return throughParent;
}
