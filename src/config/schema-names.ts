/**
 * Names in the config that must exist in the Prisma schema: models and fields the user typed. A typo
 * (`ownerModels: ["Devise"]`, `softDelete.field: "deletd_at"`) would otherwise switch a rule off for
 * every model without a word. Defaults are not checked: they are candidates, not claims.
 */
import { ConfigError } from "../errors.js";
import type { PrismaSchema } from "../schema/types.js";
import { DEFAULT_OWNER_FIELDS, DEFAULT_SOFT_DELETE_FIELDS } from "./defaults.js";
import { didYouMeanClosest } from "./problems.js";
import type { ResolvedConfig } from "./types.js";

/** One line per name the schema lacks; empty when every name is there (or the schema has no model to check against). */
export function configNameProblems(config: ResolvedConfig, schema: PrismaSchema): string[] {
  if (schema.models.size === 0) return [];
  const problems: string[] = [];
  const modelNames = [...schema.models.keys()];
  const allFields = new Set([...schema.models.values()].flatMap((model) => [...model.fields.keys()]));

  // A list of candidate fields is tried on each model: it is a mistake only when no model has any of them.
  const candidates = (key: string, fields: readonly string[], defaults: readonly string[]) => {
    if (sameList(fields, defaults) || fields.some((field) => allFields.has(field))) return;
    for (const field of fields) problems.push(`${key}: no model of the schema has a field "${field}"${didYouMeanClosest(field, allFields)}`);
  };
  candidates("softDelete.field", config.softDelete.fields, DEFAULT_SOFT_DELETE_FIELDS);
  candidates("ownership.field", config.ownership.fields, DEFAULT_OWNER_FIELDS);

  for (const [index, name] of config.ownership.ownerModels.entries()) {
    if (!schema.models.has(name)) problems.push(`ownership.ownerModels[${index}]: the Prisma schema has no model "${name}"${didYouMeanClosest(name, modelNames)}`);
  }
  for (const [name, owner] of Object.entries(config.ownership.models)) {
    const model = schema.models.get(name);
    if (!model) {
      problems.push(`ownership.models.${name}: the Prisma schema has no model "${name}"${didYouMeanClosest(name, modelNames)}`);
      continue;
    }
    if (owner === false) continue;
    const first = owner.split(".")[0];
    if (!model.fields.has(first)) problems.push(`ownership.models.${name}: model ${name} has no field "${first}"${didYouMeanClosest(first, model.fields.keys())}`);
  }
  return problems;
}

/** Throws the problems as one config error (the caller names the file). */
export function assertConfigNamesInSchema(config: ResolvedConfig, schema: PrismaSchema): void {
  const problems = configNameProblems(config, schema);
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
