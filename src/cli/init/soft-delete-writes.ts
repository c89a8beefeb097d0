/**
 * Which soft-delete fields the code actually writes, and for which models. A model is soft-deletable only
 * when some code sets its flag: to a date (`new Date()`, `Date.now()`, `dayjs()`, `now`) or to `true`, as in
 * `prisma.post.update({ data: { deletedAt: new Date() } })`, `{ isDeleted: true }` or `row.deleted_at = now`.
 * A column every model has and nothing sets is no soft delete, and a project that writes `isDeleted` but never
 * `deletedAt` uses `isDeleted`. Tests, seeds, scripts and migrations do not count (`source-files.ts`).
 *
 * The scan is the analysis's (`check` decides the same way which models are soft-deletable); `init` adds the
 * file discovery and the decision of what to suggest. A write is tied to its model when the code says which
 * (`prisma.post.update({ data: … })` → Post); a write whose model cannot be told counts for every model with
 * the field. A write counts for a field of its type only: a date for a DateTime, `true` for a Boolean.
 */
import fs from "node:fs";
import path from "node:path";
import { scanSoftDeleteWrites as scanWrites, suitsField } from "../../analysis/soft-delete-writes.js";
import { parseSourceFile } from "../../engine/project.js";
import { findQuerySites } from "../../engine/query-sites.js";
import { escapeRegExp } from "../../engine/regexp.js";
import type { PrismaSchema } from "../../schema/index.js";
import { byUseCount, type FieldUse } from "./field-uses.js";
import { apiSourceFiles, JS_EXTENSIONS, TS_EXTENSIONS } from "./source-files.js";

/** One place the code sets a soft-delete field. */
export interface SoftDeleteWrite {
  field: string;
  /** what it sets the field to: a date for now, or `true` */
  value: "date" | "true";
  /** the model written (`prisma.post.update({ data: … })` → Post); undefined when the code does not say */
  model?: string;
  /** `src/services/posts.ts:12` */
  at: string;
}

export interface SoftDeleteScan {
  /** in file order */
  writes: SoftDeleteWrite[];
  /** the models some code runs a Prisma operation on (`prisma.post.findMany(…)`), sorted */
  queriedModels: string[];
}

/** A soft-delete field the code writes, and the models it makes soft-deletable. */
export interface WrittenField extends FieldUse {
  /** the first place the code sets it */
  writtenAt: string;
}

/** A model the `softDelete.field` list would give a field that is not its soft-delete flag. */
export interface SoftDeleteOverride {
  model: string;
  /** its own soft-delete field, or false */
  value: string | false;
  /** the listed field the model would otherwise get */
  field: string;
  /** why that field is no soft-delete flag of this model */
  reason: "not-a-flag" | "never-written";
}

export interface SoftDeleteInspection {
  /** fields the code writes, with the models they make soft-deletable, most models first */
  written: WrittenField[];
  /**
   * models taken as soft-deletable although no write names them, because no code queries them at all:
   * nothing says otherwise, so they follow the field the rest of the code writes
   */
  unqueried: string[];
  /** soft-delete fields in the schema that the code never writes, with the models left out, most models first */
  neverWritten: FieldUse[];
  overrides: SoftDeleteOverride[];
}

/**
 * `candidates`: the nullable DateTime and Boolean fields named like a soft-delete flag, with their models
 * (`SchemaInspection.softDeleteFields`).
 */
export async function inspectSoftDelete(root: string, schema: PrismaSchema, candidates: readonly FieldUse[]): Promise<SoftDeleteInspection> {
  const scan = candidates.length === 0 ? { writes: [], queriedModels: [] } : await scanSoftDeleteWrites(root, schema, candidates.map((use) => use.field));
  return decideSoftDelete(schema, candidates, scan);
}

// ---------------------------------------------------------------------------------------------------------
// The scan

/**
 * The writes in the API's source files, found by the analysis's own scan (`analysis/soft-delete-writes.ts`)
 * over the engine's parse of each file that names a field or a model's delegate.
 */
export async function scanSoftDeleteWrites(root: string, schema: PrismaSchema, fields: readonly string[]): Promise<SoftDeleteScan> {
  const fieldSet = new Set(fields);
  const delegates = [...schema.models.values()].map((model) => model.delegate);
  // cheap pre-filter: only files that name a field or use a model's delegate are parsed
  const mentions = new RegExp(`\\b(?:${fields.map(escapeRegExp).join("|")})\\b|\\.\\s*(?:${delegates.map(escapeRegExp).join("|") || "(?!)"})\\s*\\.`);
  const writes: SoftDeleteWrite[] = [];
  const queried = new Set<string>();
  for (const file of await apiSourceFiles(root, ".", [...TS_EXTENSIONS, ...JS_EXTENSIONS])) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    if (!mentions.test(text)) continue;
    const sourceFile = parseSourceFile(file, text);
    for (const write of scanWrites(sourceFile, schema, fieldSet)) {
      const line = sourceFile.getLineAndCharacterOfPosition(write.node.getStart(sourceFile)).line + 1;
      writes.push({ field: write.field, value: write.value, ...(write.model === undefined ? {} : { model: write.model }), at: `${file}:${line}` });
    }
    for (const site of findQuerySites(sourceFile, schema)) queried.add(site.model.name);
  }
  return { writes, queriedModels: [...queried].sort() };
}

// ---------------------------------------------------------------------------------------------------------
// The decision

/**
 * Per candidate field: the models whose flag the code writes (a write tied to the model, or a write whose model
 * cannot be told), plus the models no code queries while the field is written elsewhere. The rest are listed as
 * never written. Then the `softDelete.models` overrides the field list needs, as the engine takes the first
 * listed field a model has.
 */
export function decideSoftDelete(schema: PrismaSchema, candidates: readonly FieldUse[], scan: SoftDeleteScan): SoftDeleteInspection {
  const queried = new Set(scan.queriedModels);
  const written: WrittenField[] = [];
  const neverWritten: FieldUse[] = [];
  const unqueried = new Set<string>();
  for (const use of candidates) {
    const fieldType = (model: string) => schema.models.get(model)?.fields.get(use.field)?.type;
    // A write counts for a model when it names it or names none, and sets a value of the field's type.
    const writesTo = (model: string) => (write: SoftDeleteWrite) => (write.model === undefined || write.model === model) && suitsField(write.value, fieldType(model));
    const writes = scan.writes.filter((write) => write.field === use.field && use.models.some((model) => writesTo(model)(write)));
    const models = use.models.filter((model) => writes.some(writesTo(model)));
    const notQueried = writes.length > 0 ? use.models.filter((model) => !models.includes(model) && !queried.has(model)) : [];
    const rest = use.models.filter((model) => !models.includes(model) && !notQueried.includes(model));
    if (models.length === 0) {
      neverWritten.push(use);
      continue;
    }
    written.push({ field: use.field, models: [...models, ...notQueried].sort(), writtenAt: writes[0].at });
    for (const model of notQueried) unqueried.add(model);
    if (rest.length > 0) neverWritten.push({ field: use.field, models: rest });
  }
  written.sort(byUseCount);
  neverWritten.sort(byUseCount);

  const listed = written.map((use) => use.field);
  const softDeletable = (model: string, field: string) => written.some((use) => use.field === field && use.models.includes(model));
  const isFlag = (model: string, field: string) => candidates.some((use) => use.field === field && use.models.includes(model));
  const overrides: SoftDeleteOverride[] = [];
  for (const model of schema.models.values()) {
    const field = listed.find((name) => model.fields.has(name));
    if (field === undefined || softDeletable(model.name, field)) continue;
    const own = listed.find((name) => softDeletable(model.name, name));
    overrides.push({ model: model.name, value: own ?? false, field, reason: isFlag(model.name, field) ? "never-written" : "not-a-flag" });
  }
  return { written, unqueried: [...unqueried].sort(), neverWritten, overrides };
}
