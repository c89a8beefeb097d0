/**
 * The zod schema of the config file: the single source of truth for validation and for the
 * published JSON Schema (`backend-conventions.schema.json`, see `json-schema.ts`).
 * It only validates; `resolve.ts` normalises and applies defaults.
 * Unions carry their own message (`expected …, got …`) because the formatter in `issues.ts`
 * never uses zod's default English.
 */
import { z } from "zod";
import {
  DEFAULT_ADMIN_MIDDLEWARE,
  DEFAULT_IDENTITY_SOURCES,
  DEFAULT_IGNORE,
  DEFAULT_NON_REQUEST_IGNORE,
  DEFAULT_OWNER_FIELDS,
  DEFAULT_SECRET_FIELDS,
  DEFAULT_SOFT_DELETE_FIELDS,
  LAYER_PRESETS,
  quoteList,
} from "./defaults.js";
import { globProblem } from "./globs.js";
import { describeValue, typeOf } from "./value-type.js";

/** The message of a union whose input matched none of its shapes. */
function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => `expected ${what}, got ${typeOf(issue.input)}`;
}

const name = () => z.string().min(1);

const glob = () =>
  z.string().superRefine((value, ctx) => {
    const problem = globProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: `invalid glob ${JSON.stringify(value)}: ${problem}`, input: value });
  });

const names = () => z.array(name());

const globs = () => z.array(glob());

const nameOrNames = () =>
  z.union([name(), z.array(name())], { error: expected("string or array of strings") });

const globOrGlobs = () => z.union([glob(), z.array(glob())], { error: expected("string or array of strings") });

export const SEVERITY_EXPECTED = `"off", "warn", "error", 0, 1, 2`;
export const RULE_ENTRY_EXPECTED = `${SEVERITY_EXPECTED} or [severity, ...options]`;

const severity = z
  .union([z.enum(["off", "warn", "error"]), z.literal([0, 1, 2])], {
    error: (issue) =>
      issue.input === undefined
        ? `required (the severity: "off", "warn", "error", 0, 1 or 2)`
        : `expected "off", "warn", "error", 0, 1 or 2, got ${describeValue(issue.input)}`,
  })
  .describe('"off" (0), "warn" (1) or "error" (2)');

const ruleEntry = z
  .union([severity, z.tuple([severity], z.unknown())], { error: () => `expected ${RULE_ENTRY_EXPECTED}` })
  .describe("A severity, or an array of a severity followed by the rule's options (as in ESLint)");

const softDeleteModel = z
  .union(
    [
      name().describe("The soft-delete field of this model"),
      z
        .strictObject({
          field: name().describe("The soft-delete field of this model"),
          live: z
            .union([z.null(), z.boolean()], { error: expected("null or boolean") })
            .optional()
            .describe(
              'The value of the field meaning "not deleted"; default: derived from the field type (Boolean → false, otherwise null)',
            ),
        })
        .describe("The soft-delete field of this model and its live value"),
      z.literal(false).describe("The model is not soft-deletable"),
    ],
    { error: expected("field name, { field, live } or false") },
  )
  .describe("A field name, { field, live }, or false when the model is not soft-deletable");

const ownershipModel = z
  .union(
    [
      name().describe('The owner field, or a relation path to it such as "account.orgId"'),
      z.literal(false).describe("The model is global (not owned by an identity)"),
    ],
    { error: expected("field name, relation path or false") },
  )
  .describe('The owner field or relation path (such as "account.orgId"), or false for a global model');

const publicRead = z
  .union(
    [
      z.literal(true).describe("Every read of the model is public"),
      z
        .record(name(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
        .describe('The field values a where must require for its rows to be public, such as { published: true }'),
    ],
    { error: expected("true or { field: value }") },
  )
  .describe("true, or the field values that mark public rows");

const threeLayer = LAYER_PRESETS["three-layer"];

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("The JSON Schema of this file, for editor completion"),
    prismaSchema: name()
      .optional()
      .describe("Path of the Prisma schema file or folder, relative to the config file; default: auto-discovered"),
    clientModules: globs()
      .optional()
      .describe("Modules that export the Prisma client, as paths or globs relative to the config file; default: []"),
    softDelete: z
      .strictObject({
        field: nameOrNames()
          .optional()
          .describe(
            `The soft-delete field name, or a list tried in order; a model with it is soft-deletable once the code sets it (to a date or true); default: ${quoteList(DEFAULT_SOFT_DELETE_FIELDS)}`,
          ),
        models: z
          .record(name(), softDeleteModel)
          .optional()
          .describe("Per model (by Prisma model name): its soft-delete field or { field, live } (soft-deletable whether or not the code sets it), or false"),
      })
      .optional()
      .describe("How soft-deleted rows are recognised"),
    ownership: z
      .strictObject({
        field: nameOrNames()
          .optional()
          .describe(`The owner field name, or a list tried in order; default: ${quoteList(DEFAULT_OWNER_FIELDS)}`),
        models: z
          .record(name(), ownershipModel)
          .optional()
          .describe("Per model (by Prisma model name): its owner field or relation path, or false for a global model"),
        ownerModels: names()
          .optional()
          .describe('Models that are the identity itself, such as "User" or "Device"; default: []'),
        identitySources: names()
          .optional()
          .describe(`Expressions that carry the authenticated identity; default: ${quoteList(DEFAULT_IDENTITY_SOURCES)}`),
        secretFields: names()
          .optional()
          .describe(`Fields that hold secrets (a lookup by them is authentication); default: ${quoteList(DEFAULT_SECRET_FIELDS)}`),
        adminMiddleware: names()
          .optional()
          .describe(`Middleware names that mark admin-only routes; default: ${quoteList(DEFAULT_ADMIN_MIDDLEWARE)}`),
        publicReads: z
          .record(name(), publicRead)
          .optional()
          .describe('Per model (by Prisma model name): reads anyone may make, true for every read or the field values that mark public rows ({ published: true }); writes stay owner-scoped'),
      })
      .optional()
      .describe("How rows are scoped to the authenticated identity"),
    layers: z
      .strictObject({
        preset: z
          .enum(["three-layer", "two-layer"])
          .optional()
          .describe(
            'The layer preset: "three-layer" (routes → services → repositories → data) or "two-layer" (routes → services → data); default: "three-layer"',
          ),
        definitions: z
          .record(name(), globOrGlobs().describe("Globs of the files in this layer, relative to the config file"))
          .optional()
          .describe(
            `Layer name → globs relative to the config file; an entry replaces the preset's globs of that layer. Preset layers: ${quoteList(Object.keys(threeLayer.definitions))}`,
          ),
        allow: z
          .record(name(), names().describe("The layers this layer may import"))
          .optional()
          .describe("Layer name → the layers it may import; an entry replaces the preset's list of that layer"),
        allowTypeImports: z
          .boolean()
          .optional()
          .describe("Whether `import type` across layers is allowed; default: true"),
      })
      .optional()
      .describe("The layers of the API and which may import which"),
    rules: z
      .record(z.string(), ruleEntry)
      .optional()
      .describe('Rule id → severity or [severity, ...options], as in ESLint; for example { "no-hard-delete": "warn" }'),
    ignore: globs()
      .optional()
      .describe(
        `Globs of files not to check, relative to the config file; always added: ${quoteList(DEFAULT_IGNORE)}; added unless a negated pattern ("!**/scripts/**") puts them back: ${quoteList(DEFAULT_NON_REQUEST_IGNORE)}`,
      ),
  })
  .describe("Configuration of backend-conventions");

export type ConfigInput = z.input<typeof configSchema>;
