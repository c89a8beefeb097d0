/** The Prisma schema as the rules see it: models, fields, relations, enums, soft delete. */
import type { PrismaMajor } from "./prisma-version.js";

export interface RelationInfo {
  /** the model at the other end */
  model: string;
  toMany: boolean;
  /**
   * The foreign-key fields, as Prisma reports them: filled on the side that holds the foreign key
   * (`author User @relation(fields: [authorId], ...)`), empty on the other side (`posts Post[]`).
   */
  fromFields: string[];
  /** the referenced fields of `model`; empty on the side without the foreign key */
  toFields: string[];
  /** the relation's name (Prisma's default is `<ModelA>To<ModelB>`) */
  name: string;
  /** the field of `model` that is the other side of this relation, when there is one */
  inverseField?: string;
}

export interface SchemaField {
  name: string;
  /** a scalar type (`String`, `DateTime`, ...), a model name or an enum name */
  type: string;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefault: boolean;
  isUpdatedAt: boolean;
  relation?: RelationInfo;
}

export interface SoftDeleteInfo {
  field: string;
  /** value meaning "live" (not deleted): null for a nullable timestamp, false for a Boolean flag such as isDeleted, or as configured */
  live: null | boolean;
}

export interface SchemaModelInfo {
  name: string;
  /** client property: first letter lower-cased, e.g. UserProfile -> userProfile */
  delegate: string;
  fields: Map<string, SchemaField>;
  /** every unique criterion: single `@unique` fields as `[field]`, then each `@@unique([...])` */
  uniqueFields: string[][];
  /** the `@id` field, or the fields of `@@id([...])` */
  idFields: string[];
  softDelete?: SoftDeleteInfo;
}

export interface SchemaEnumInfo {
  name: string;
  values: string[];
}

/** One entry of DMMF `datamodel.indexes`. */
export interface SchemaIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  /** true for `@id`/`@unique` on a field, false for `@@id`/`@@unique`/`@@index` */
  isDefinedOnField: boolean;
  name?: string;
  dbName?: string;
  fields: { name: string; sortOrder?: "asc" | "desc"; length?: number; operatorClass?: string }[];
}

export interface PrismaSchema {
  /** absolute paths of the .prisma files */
  files: string[];
  models: Map<string, SchemaModelInfo>;
  enums: Map<string, SchemaEnumInfo>;
  modelByDelegate(delegate: string): SchemaModelInfo | undefined;
  /** absolute output directories of the schema's generators (to ignore generated clients) */
  generatorOutputs: string[];
  /** the Prisma major whose parser read the schema (4 to 7) */
  prismaMajor: PrismaMajor;
  /** raw DMMF indexes (`@id`, `@unique`, `@@unique`, `@@index`, ...) */
  indexes: SchemaIndex[];
}

export interface SoftDeleteSettings {
  /** candidate field names, tried in order on each model */
  fields: string[];
  /** per model: `false` for no soft delete, or the field (and its live value) to use */
  models: Record<string, { field: string; live?: null | boolean } | false>;
}
