/**
 * The only module that talks to Prisma's own schema parser (`@prisma/prisma-schema-wasm`).
 * It turns the parser's results into plain JSON and its failures into a `SchemaError`
 * naming the first problem with its file, line and column.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { SchemaError } from "../errors.js";
import type { PrismaMajor, PrismaVersion } from "./prisma-version.js";

/** A schema file as given to the parser: [absolute path, content]. */
export type SchemaSource = [file: string, content: string];

export interface DmmfField {
  name: string;
  kind: "scalar" | "object" | "enum" | "unsupported";
  isList: boolean;
  isRequired: boolean;
  isUnique: boolean;
  isId: boolean;
  hasDefaultValue: boolean;
  type: string;
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  isUpdatedAt?: boolean;
}

export interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
  uniqueFields: string[][];
  uniqueIndexes: { name: string | null; fields: string[] }[];
}

export interface DmmfEnum {
  name: string;
  values: { name: string; dbName: string | null }[];
}

export interface DmmfDatamodel {
  models: DmmfModel[];
  enums: DmmfEnum[];
  types: unknown[];
  indexes: unknown[];
}

interface Diagnostic {
  file_name: string;
  start: number;
  end: number;
  text: string;
  is_warning: boolean;
}

interface GeneratorConfig {
  name: string;
  output: { value: string | null; fromEnvVar: string | null } | null;
  sourceFilePath?: string;
}

interface PanicRegistry {
  set_message(message: string): void;
}

const globals = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry };

/** The WASM module reports a Rust panic through this global before it throws; without it the panic becomes a TypeError. */
function ensurePanicRegistry(): void {
  globals.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      lastPanic = message;
    },
  };
}

let lastPanic: string | undefined;

type PrismaSchemaWasm = typeof import("@prisma/prisma-schema-wasm");

/**
 * One WebAssembly build of Prisma's schema parser per major, each the one its last release ships
 * (`@prisma/engines-version`): a schema is judged by the rules of the Prisma the project runs.
 * Prisma 7 refuses the datasource `url`, `directUrl` and `shadowDatabaseUrl` that 4 to 6 require;
 * Prisma 4's build (still called prisma-fmt-wasm) reads one file and reports byte offsets.
 */
interface ParserBuild {
  module: string;
  /** takes `[file, content][]` (5.15 and later); else one schema string */
  multiFile: boolean;
  /** `get_datamodel` (5.x and later); else `get_dmmf(...).datamodel` */
  hasGetDatamodel: boolean;
}

const BUILDS: Record<PrismaMajor, ParserBuild> = {
  4: { module: "prisma-schema-wasm-4", multiFile: false, hasGetDatamodel: false },
  5: { module: "prisma-schema-wasm-5", multiFile: true, hasGetDatamodel: true },
  6: { module: "prisma-schema-wasm-6", multiFile: true, hasGetDatamodel: true },
  7: { module: "@prisma/prisma-schema-wasm", multiFile: true, hasGetDatamodel: true },
};

/** Without a known version: the newest first; among failures, the major with the fewest errors speaks. */
const UNKNOWN_VERSION_ORDER: readonly PrismaMajor[] = [7, 6];

const loaded = new Map<PrismaMajor, PrismaSchemaWasm>();

/**
 * A 3 MB WebAssembly module is compiled when first needed, not when this module is imported: a
 * command without a schema never pays for it, and the CLI has chosen V8's compiler tier by then.
 */
function prismaSchemaWasm(major: PrismaMajor): PrismaSchemaWasm {
  let wasm = loaded.get(major);
  if (!wasm) {
    wasm = createRequire(import.meta.url)(BUILDS[major].module) as PrismaSchemaWasm;
    loaded.set(major, wasm);
  }
  return wasm;
}

function callWasm<T>(major: PrismaMajor, call: (wasm: PrismaSchemaWasm) => T): T {
  const wasm = prismaSchemaWasm(major);
  ensurePanicRegistry();
  lastPanic = undefined;
  try {
    return call(wasm);
  } catch (error) {
    if (lastPanic !== undefined) {
      // A crash of Prisma's parser, not a mistake in the user's schema.
      throw new Error(`Prisma's schema parser panicked: ${lastPanic}`, { cause: error });
    }
    throw error;
  }
}

/** Prisma 4 reads one file: a multi-file schema there is read by the oldest build that can (5). */
function buildFor(sources: readonly SchemaSource[], major: PrismaMajor): PrismaMajor {
  return sources.length > 1 && !BUILDS[major].multiFile ? 5 : major;
}

/** What a build takes as `prismaSchema`: the files, or the one file's text. */
function schemaInput(sources: readonly SchemaSource[], major: PrismaMajor): SchemaSource[] | string {
  return BUILDS[major].multiFile ? [...sources] : (sources[0]?.[1] ?? "");
}

export interface ParsedDatamodel {
  datamodel: DmmfDatamodel;
  /** the major whose parser read it */
  major: PrismaMajor;
}

/**
 * Parses the schema with the parser of `version` (or, unknown, of the newest major that accepts it);
 * throws `SchemaError` (first diagnostic, with position) when it is invalid.
 */
export function parseDatamodel(sources: SchemaSource[], version?: PrismaVersion): ParsedDatamodel {
  const majors = version ? [version.major] : UNKNOWN_VERSION_ORDER;
  const failures: SchemaError[] = [];
  for (const major of majors) {
    const build = buildFor(sources, major);
    try {
      return { datamodel: readDatamodel(sources, build), major: build };
    } catch (error) {
      const known = toSchemaError(sources, error, build, version);
      if (!(known instanceof SchemaError)) throw known;
      failures.push(known);
    }
  }
  throw failures.reduce((fewest, failure) => (failure.errorCount < fewest.errorCount ? failure : fewest));
}

function readDatamodel(sources: readonly SchemaSource[], major: PrismaMajor): DmmfDatamodel {
  const prismaSchema = schemaInput(sources, major);
  if (BUILDS[major].hasGetDatamodel) {
    // `get_datamodel` validates like `get_dmmf` but skips the query schema and operation mappings,
    // which are ~25× larger than the datamodel and made up 95% of the time on a 1000-model schema.
    return JSON.parse(callWasm(major, (wasm) => wasm.get_datamodel(JSON.stringify({ prismaSchema })))) as DmmfDatamodel;
  }
  const { datamodel } = JSON.parse(callWasm(major, (wasm) => wasm.get_dmmf(JSON.stringify({ prismaSchema })))) as {
    datamodel: DmmfDatamodel;
  };
  // Prisma 4's DMMF has no `indexes`; Prisma 5 reads a Prisma 4 schema's `@@index` the same way.
  return { ...datamodel, indexes: datamodel.indexes ?? indexesFromPrisma5(sources) };
}

function indexesFromPrisma5(sources: readonly SchemaSource[]): unknown[] {
  try {
    return readDatamodel(sources, 5).indexes;
  } catch {
    return []; // valid for Prisma 4, not for 5: no index is known
  }
}

/** Absolute output directories of the generators; call only on a schema that parsed (with that major). */
export function generatorOutputs(sources: SchemaSource[], major: PrismaMajor = 7): string[] {
  const result = callWasm(major, (wasm) =>
    wasm.get_config(
      JSON.stringify({ prismaSchema: schemaInput(sources, major), datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {} }),
    ),
  );
  // Prisma 4 answers with the config itself, 5 and later wrap it in `config`.
  const parsed = JSON.parse(result) as { config?: { generators?: GeneratorConfig[] }; generators?: GeneratorConfig[] };
  const outputs: string[] = [];
  for (const generator of parsed.config?.generators ?? parsed.generators ?? []) {
    const output =
      generator.output?.value ??
      (generator.output?.fromEnvVar ? process.env[generator.output.fromEnvVar] : undefined);
    if (!output) continue;
    // Prisma resolves `output` relative to the file that declares the generator.
    const base = path.dirname(generator.sourceFilePath ?? sources[0]?.[0] ?? ".");
    outputs.push(path.resolve(base, output));
  }
  return outputs;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

function toSchemaError(sources: readonly SchemaSource[], error: unknown, major: PrismaMajor, version?: PrismaVersion): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  let rendered: string;
  try {
    const parsed = JSON.parse(error.message) as { message?: unknown };
    if (typeof parsed.message !== "string") return error;
    rendered = parsed.message.replace(ANSI, "");
  } catch {
    return error; // not Prisma's validation error: a bug somewhere, keep it as is
  }

  const errors = lintErrors(sources, major);
  const first = errors[0];
  const schemaError = first
    ? new SchemaError(withMore(first.text, errors.length) + versionNote(major, version), {
        file: first.file_name,
        ...positionOf(sources, first),
      })
    : fromRenderedMessage(rendered, sources, versionNote(major, version));
  schemaError.errorCount = Math.max(1, errors.length);
  return schemaError;
}

/** Which Prisma's rules judged the schema, when the project said which it runs. */
function versionNote(major: PrismaMajor, version: PrismaVersion | undefined): string {
  return version ? ` (Prisma ${major}, from ${version.source})` : "";
}

/** `lint`'s errors; Prisma 4's name no file (it reads one) and count bytes, not UTF-16 code units. */
function lintErrors(sources: readonly SchemaSource[], major: PrismaMajor): Diagnostic[] {
  try {
    const input = BUILDS[major].multiFile ? JSON.stringify(sources) : (sources[0]?.[1] ?? "");
    const diagnostics = JSON.parse(callWasm(major, (wasm) => wasm.lint(input))) as Diagnostic[];
    return diagnostics
      .filter((diagnostic) => !diagnostic.is_warning)
      .map((diagnostic) => (BUILDS[major].multiFile ? diagnostic : fromSingleFile(diagnostic, sources[0])));
  } catch {
    return [];
  }
}

function fromSingleFile(diagnostic: Diagnostic, [file, content]: SchemaSource = ["", ""]): Diagnostic {
  const utf16 = (byteOffset: number) => Buffer.from(content, "utf8").subarray(0, byteOffset).toString("utf8").length;
  return { ...diagnostic, file_name: file, start: utf16(diagnostic.start), end: utf16(diagnostic.end) };
}

function positionOf(sources: readonly SchemaSource[], diagnostic: Diagnostic): { line?: number; column?: number } {
  const content = sources.find(([file]) => file === diagnostic.file_name)?.[1];
  return content === undefined ? {} : lineAndColumn(content, diagnostic.start);
}

/** Fallback when `lint` finds nothing: read `error: <text>` and `-->  file:line` from Prisma's rendered message (ANSI codes removed). */
export function fromRenderedMessage(rendered: string, sources: readonly SchemaSource[], note = ""): SchemaError {
  const blocks = [...rendered.matchAll(/^error: (.*)\n\s*-->\s+(.+?):(\d+)\s*$/gm)];
  const first = blocks[0];
  if (first) {
    // Prisma 4 names its one file `schema.prisma`, whatever the file is called.
    const file = sources.length === 1 && !sources.some(([name]) => name === first[2]) ? sources[0][0] : first[2];
    return new SchemaError(withMore(first[1], blocks.length) + note, { file, line: Number(first[3]) });
  }
  const messages = [...rendered.matchAll(/^error: (.*)$/gm)];
  const text = messages[0]?.[1] ?? rendered.split("\n")[0] ?? "invalid schema";
  return new SchemaError(withMore(text, messages.length) + note, { file: sources[0]?.[0] ?? "" });
}

function withMore(text: string, count: number): string {
  return count > 1 ? `${text} (and ${count - 1} more)` : text;
}

/**
 * 1-based line and column of a `lint` diagnostic offset. This build of the WASM module reports offsets
 * in UTF-16 code units (measured: a `—` or an emoji before the error moves it by 1 or 2, not by 3 or 4 bytes),
 * which is also how ESLint counts columns. `test/schema/errors.test.ts` pins this with non-ASCII text.
 */
export function lineAndColumn(content: string, offset: number): { line: number; column: number } {
  const before = content.slice(0, offset);
  const lastNewline = before.lastIndexOf("\n");
  let line = 1;
  for (let index = before.indexOf("\n"); index !== -1; index = before.indexOf("\n", index + 1)) line++;
  return { line, column: before.length - lastNewline };
}
