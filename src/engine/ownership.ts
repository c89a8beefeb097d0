import type { PrismaSchema, SchemaModelInfo } from "../schema/index.js";
import type { AnalysisContext } from "./rule.js";

/** How a model is owned: the owner field, reached through `relations` (empty for a field of the model itself). */
export interface OwnerSpec {
  relations: string[];
  field: string;
  /** the relation field holding the owner field as its foreign key (`device` for `deviceId`), when the schema has one */
  ownerRelation?: string;
}

/**
 * The owner of a model, from the config: a per-model field or relation path first, then the
 * first of the owner field names the model has. Models with neither are global.
 */
export function ownerSpecFor(model: SchemaModelInfo, schema: PrismaSchema, analysis: AnalysisContext, ownerFields: readonly string[]): OwnerSpec | undefined {
  const { ownership } = analysis.config;
  if (ownership.ownerModels.includes(model.name)) return undefined;
  const configured = ownership.models[model.name];
  if (configured === false) return undefined;
  if (typeof configured === "string") {
    const segments = configured.split(".");
    return { relations: segments.slice(0, -1), field: segments[segments.length - 1] };
  }
  const fields = ownerFields.length > 0 ? ownerFields : ownership.fields;
  const field = fields.find((name) => model.fields.get(name)?.kind === "scalar");
  if (!field) return undefined;
  const ownerRelation = [...model.fields.values()].find((f) => f.relation?.fromFields.includes(field))?.name;
  return { relations: [], field, ownerRelation };
}
