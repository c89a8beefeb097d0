/**
 * The only module that talks to Prisma's own schema parser (`@prisma/prisma-schema-wasm`).
 * It turns the parser's results into plain JSON and its failures into a `SchemaError`
 * naming the first problem with its file, line and column.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { SchemaError } from "../errors.js";

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
let loaded: PrismaSchemaWasm | undefined;

/**
 * The 3 MB WebAssembly module is compiled when first needed, not when this module is imported: a
 * command without a schema never pays for it, and the CLI has chosen V8's compiler tier by then.
 */
function prismaSchemaWasm(): PrismaSchemaWasm {
  return (loaded ??= createRequire(import.meta.url)("@prisma/prisma-schema-wasm") as PrismaSchemaWasm);
}

function callWasm<T>(call: (wasm: PrismaSchemaWasm) => T): T {
  const wasm = prismaSchemaWasm();
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

/** Parses the schema; throws `SchemaError` (first diagnostic, with position) when it is invalid. */
export function parseDatamodel(sources: SchemaSource[]): DmmfDatamodel {
  let datamodel: string;
  try {
    // `get_datamodel` validates like `get_dmmf` but skips the query schema and operation mappings,
    // which are ~25× larger than the datamodel and made up 95% of the time on a 1000-model schema.
    datamodel = callWasm((wasm) => wasm.get_datamodel(JSON.stringify({ prismaSchema: sources })));
  } catch (error) {
    throw toSchemaError(sources, error);
  }
  return JSON.parse(datamodel) as DmmfDatamodel;
}

/** Absolute output directories of the generators; call only on a schema that parsed. */
export function generatorOutputs(sources: SchemaSource[]): string[] {
  const result = callWasm((wasm) =>
    wasm.get_config(
      JSON.stringify({ prismaSchema: sources, datasourceOverrides: {}, ignoreEnvVarErrors: true, env: {} }),
    ),
  );
  const { config } = JSON.parse(result) as { config?: { generators?: GeneratorConfig[] } };
  const outputs: string[] = [];
  for (const generator of config?.generators ?? []) {
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

function toSchemaError(sources: SchemaSource[], error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  let rendered: string;
  try {
    const parsed = JSON.parse(error.message) as { message?: unknown };
    if (typeof parsed.message !== "string") return error;
    rendered = parsed.message.replace(ANSI, "");
  } catch {
    return error; // not Prisma's validation error: a bug somewhere, keep it as is
  }

  const errors = lintErrors(sources);
  const first = errors[0];
  if (first) {
    const content = sources.find(([file]) => file === first.file_name)?.[1];
    const position = content === undefined ? {} : lineAndColumn(content, first.start);
    return new SchemaError(withMore(first.text, errors.length), { file: first.file_name, ...position });
  }
  return fromRenderedMessage(rendered, sources);
}

function lintErrors(sources: SchemaSource[]): Diagnostic[] {
  try {
    const diagnostics = JSON.parse(callWasm((wasm) => wasm.lint(JSON.stringify(sources)))) as Diagnostic[];
    return diagnostics.filter((diagnostic) => !diagnostic.is_warning);
  } catch {
    return [];
  }
}

/** Fallback when `lint` finds nothing: read `error: <text>` and `-->  file:line` from Prisma's rendered message (ANSI codes removed). */
export function fromRenderedMessage(rendered: string, sources: SchemaSource[]): SchemaError {
  const blocks = [...rendered.matchAll(/^error: (.*)\n\s*-->\s+(.+?):(\d+)\s*$/gm)];
  const first = blocks[0];
  if (first) {
    return new SchemaError(withMore(first[1], blocks.length), { file: first[2], line: Number(first[3]) });
  }
  const messages = [...rendered.matchAll(/^error: (.*)$/gm)];
  const text = messages[0]?.[1] ?? rendered.split("\n")[0] ?? "invalid schema";
  return new SchemaError(withMore(text, messages.length), { file: sources[0]?.[0] ?? "" });
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
