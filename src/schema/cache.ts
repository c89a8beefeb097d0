/**
 * `loadPrismaSchema` memoised for the ESLint plugin, which asks for the schema once per linted file.
 * The key holds the file list, each file's size and nanosecond mtime, and the settings, so an edited
 * schema is parsed again; a broken schema's error is cached the same way and thrown again.
 */
import fs from "node:fs";
import { loadPrismaSchema } from "./load.js";
import type { PrismaSchema, SoftDeleteSettings } from "./types.js";

type Outcome = { schema: PrismaSchema } | { error: unknown };

/** One entry per (files, settings); a changed file replaces its entry rather than adding one. */
const cache = new Map<string, { stamp: string; outcome: Outcome }>();

export function loadPrismaSchemaCached(files: string[], softDelete: SoftDeleteSettings): PrismaSchema {
  const key = JSON.stringify([files, softDelete]);
  const stamp = files.map(fileStamp).join("|");
  let entry = cache.get(key);
  if (entry?.stamp !== stamp) {
    let outcome: Outcome;
    try {
      outcome = { schema: loadPrismaSchema(files, softDelete) };
    } catch (error) {
      outcome = { error };
    }
    entry = { stamp, outcome };
    cache.set(key, entry);
  }
  if ("error" in entry.outcome) throw entry.outcome.error;
  return entry.outcome.schema;
}

/** Forgets every cached schema (for tests and long-running processes). */
export function clearPrismaSchemaCache(): void {
  cache.clear();
}

function fileStamp(file: string): string {
  try {
    const stat = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    return stat ? `${stat.size}:${stat.mtimeNs}` : "missing";
  } catch {
    return "unreadable"; // reading it says why
  }
}
