/** Field names and the models that have them, shared by init's schema inspections. */
import type { SchemaField, SchemaModelInfo } from "../../schema/index.js";

/** A field name and the models that have it, most models first. */
export interface FieldUse {
  field: string;
  models: string[];
}

export function isScalar(field: SchemaField | undefined): boolean {
  return field?.kind === "scalar";
}

/** Each field name matching `test`, with the models having it; most models first, then by name. */
export function fieldUses(models: readonly SchemaModelInfo[], test: (field: SchemaField) => boolean): FieldUse[] {
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

export function byUseCount(a: FieldUse, b: FieldUse): number {
  return b.models.length - a.models.length || a.field.localeCompare(b.field);
}
