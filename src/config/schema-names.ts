/**
 * Names in the config that must exist in the Prisma schema: models and fields the user typed. A typo
 * (`ownerModels: ["Devise"]`, `softDelete.field: "deletd_at"`) would otherwise switch a rule off for
 * every model without a word. Defaults are not checked: they are candidates, not claims.
 */
import type { PrismaSchema } from "../schema/types.js";
import { DEFAULT_OWNER_FIELDS, DEFAULT_SOFT_DELETE_FIELDS } from "./defaults.js";
import { didYouMeanClosest, problemsError, type PathSegment, type Problem } from "./problems.js";
import type { ResolvedConfig } from "./types.js";

/** One problem per name the schema lacks; empty when every name is there (or the schema has no model to check against). */
export function configNameProblems(config: ResolvedConfig, schema: PrismaSchema): Problem[] {
  if (schema.models.size === 0) return [];
  const problems: Problem[] = [];
  const add = (path: readonly PathSegment[], message: string) => problems.push({ path, message });
  const modelNames = [...schema.models.keys()];
  const allFields = new Set([...schema.models.values()].flatMap((model) => [...model.fields.keys()]));

  // A list of candidate fields is tried on each model: it is a mistake only when no model has any of them.
  const candidates = (key: readonly PathSegment[], fields: readonly string[], defaults: readonly string[]) => {
    if (sameList(fields, defaults) || fields.some((field) => allFields.has(field))) return;
    for (const field of fields) add(key, `no model of the schema has a field "${field}"${didYouMeanClosest(field, allFields)}`);
  };
  candidates(["softDelete", "field"], config.softDelete.fields, DEFAULT_SOFT_DELETE_FIELDS);
  candidates(["ownership", "field"], config.ownership.fields, DEFAULT_OWNER_FIELDS);

  for (const [index, name] of config.ownership.ownerModels.entries()) {
    if (!schema.models.has(name)) add(["ownership", "ownerModels", index], `the Prisma schema has no model "${name}"${didYouMeanClosest(name, modelNames)}`);
  }
  for (const [name, owner] of Object.entries(config.ownership.models)) {
    const model = schema.models.get(name);
    if (!model) {
      add(["ownership", "models", name], `the Prisma schema has no model "${name}"${didYouMeanClosest(name, modelNames)}`);
      continue;
    }
    if (owner === false) continue;
    const first = owner.split(".")[0];
    if (!model.fields.has(first)) add(["ownership", "models", name], `model ${name} has no field "${first}"${didYouMeanClosest(first, model.fields.keys())}`);
  }
  return problems;
}

/** Throws the problems as one config error, at the first one's key in the config file. */
export function assertConfigNamesInSchema(config: ResolvedConfig, schema: PrismaSchema): void {
  const problems = configNameProblems(config, schema);
  if (problems.length > 0) throw problemsError(problems, config.configFile);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
