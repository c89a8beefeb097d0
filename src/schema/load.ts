/** Reads the schema files, parses them with Prisma's parser and builds the model the rules query. */
import fs from "node:fs";
import { didYouMeanClosest, problemsError } from "../config/problems.js";
import { SchemaError } from "../errors.js";
import { readFailure } from "../file-errors.js";
import { detectPrismaVersion, type PrismaVersion } from "./prisma-version.js";
import { generatorOutputs, parseDatamodel, type DmmfModel, type SchemaSource } from "./parser.js";
import type {
  PrismaSchema,
  SchemaEnumInfo,
  SchemaField,
  SchemaIndex,
  SchemaModelInfo,
  SoftDeleteInfo,
  SoftDeleteSettings,
} from "./types.js";

/**
 * `version` is the Prisma the project runs (`detectPrismaVersion`, the default); its major's parser
 * judges the schema.
 */
export function loadPrismaSchema(
  files: string[],
  softDelete: SoftDeleteSettings,
  version: PrismaVersion | undefined = files[0] === undefined ? undefined : detectPrismaVersion(files[0]),
): PrismaSchema {
  const sources = files.map((file): SchemaSource => [file, readSchemaFile(file)]);
  const { datamodel, major } = parseDatamodel(sources, version);

  const models = new Map<string, SchemaModelInfo>();
  for (const model of datamodel.models) models.set(model.name, buildModel(model));
  linkInverseRelations(models);
  applySoftDelete(models, softDelete);

  const enums = new Map<string, SchemaEnumInfo>();
  for (const { name, values } of datamodel.enums) enums.set(name, { name, values: values.map((value) => value.name) });

  const byDelegate = new Map([...models.values()].map((model) => [model.delegate, model]));
  return {
    files: [...files],
    models,
    enums,
    modelByDelegate: (delegate) => byDelegate.get(delegate),
    generatorOutputs: generatorOutputs(sources, major),
    prismaMajor: major,
    indexes: datamodel.indexes as SchemaIndex[],
  };
}

function readSchemaFile(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new SchemaError(`prisma schema ${file} does not exist`, { file });
    }
    throw new SchemaError(`cannot read the Prisma schema: ${readFailure(error)}`, { file });
  }
}

/** The Prisma client's property for a model: `UserProfile` -> `prisma.userProfile`. */
export function delegateName(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}

function buildModel(model: DmmfModel): SchemaModelInfo {
  const fields = new Map<string, SchemaField>();
  for (const field of model.fields) {
    const info: SchemaField = {
      name: field.name,
      type: field.type,
      kind: field.kind,
      isList: field.isList,
      isRequired: field.isRequired,
      isId: field.isId,
      isUnique: field.isUnique,
      hasDefault: field.hasDefaultValue,
      isUpdatedAt: field.isUpdatedAt ?? false,
    };
    if (field.kind === "object") {
      info.relation = {
        model: field.type,
        toMany: field.isList,
        fromFields: field.relationFromFields ?? [],
        toFields: field.relationToFields ?? [],
        name: field.relationName ?? "",
      };
    }
    fields.set(field.name, info);
  }

  const idFields = model.primaryKey
    ? [...model.primaryKey.fields]
    : model.fields.filter((field) => field.isId).map((field) => field.name);
  const uniqueFields = [
    ...model.fields.filter((field) => field.isUnique).map((field) => [field.name]),
    ...model.uniqueFields.map((fieldNames) => [...fieldNames]),
  ];
  return { name: model.name, delegate: delegateName(model.name), fields, uniqueFields, idFields };
}

/** Both sides of a relation share its name; for a self-relation the other side is the other field. */
function linkInverseRelations(models: Map<string, SchemaModelInfo>): void {
  for (const model of models.values()) {
    for (const field of model.fields.values()) {
      const relation = field.relation;
      if (!relation) continue;
      const target = models.get(relation.model);
      if (!target) continue;
      for (const candidate of target.fields.values()) {
        if (candidate.relation?.name !== relation.name || candidate.relation.model !== model.name) continue;
        if (target === model && candidate === field) continue;
        relation.inverseField = candidate.name;
        break;
      }
    }
  }
}

function applySoftDelete(models: Map<string, SchemaModelInfo>, settings: SoftDeleteSettings): void {
  for (const [name, override] of Object.entries(settings.models)) {
    if (!models.has(name)) {
      throw problemsError([{ path: ["softDelete", "models", name], message: `the Prisma schema has no model "${name}"${didYouMeanClosest(name, models.keys())}` }], undefined);
    }
    if (override !== false && !models.get(name)?.fields.has(override.field)) {
      const message = `model ${name} has no field "${override.field}"${didYouMeanClosest(override.field, models.get(name)!.fields.keys())}`;
      throw problemsError([{ path: ["softDelete", "models", name, "field"], message }], undefined);
    }
  }
  for (const model of models.values()) {
    const info = softDeleteOf(model, settings);
    if (info) model.softDelete = info;
  }
}

function softDeleteOf(model: SchemaModelInfo, settings: SoftDeleteSettings): SoftDeleteInfo | undefined {
  const override = Object.hasOwn(settings.models, model.name) ? settings.models[model.name] : undefined;
  if (override === false) return undefined;
  const fieldName = override ? override.field : settings.fields.find((candidate) => model.fields.has(candidate));
  if (fieldName === undefined) return undefined;
  const field = model.fields.get(fieldName);
  const live = override?.live !== undefined ? override.live : field?.type === "Boolean" ? false : null;
  return { field: fieldName, live };
}
