/**
 * The config file `init` writes: a JS module (so it can carry comments) whose comments say what was found
 * and why each key is set. Deterministic: the same project gives the same text.
 */
import { DEFAULT_IDENTITY_SOURCES } from "../../config/defaults.js";
import type { ProjectInspection } from "./inspect.js";

export type ModuleFormat = "esm" | "commonjs";

export const SCHEMA_URL = "./node_modules/backend-conventions/backend-conventions.schema.json";

const q = (value: string): string => JSON.stringify(value);
const list = (values: readonly string[]): string => `[${values.map(q).join(", ")}]`;
/** A string for one value, else a list: `field: "deviceId"` or `field: ["deletedAt", "isDeleted"]`. */
const oneOrList = (values: readonly string[]): string => (values.length === 1 ? q(values[0]) : list(values));
/** An object key, quoted only when it must be. */
const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : q(name));

export function renderConfig(inspection: ProjectInspection, format: ModuleFormat): string {
  const lines = [
    "// backend-conventions config, written by `backend-conventions init` from what it found in this project.",
    "// Review it: each comment says what was found and why the key is set. A key left out takes its default",
    "// (README, Configuration). Then run `npx backend-conventions check`.",
    "",
    format === "esm" ? "export default {" : "module.exports = {",
    `  $schema: ${q(SCHEMA_URL)},`,
    "",
    ...schemaSection(inspection),
    "",
    ...layersSection(inspection),
    "};",
    "",
  ];
  return lines.join("\n");
}

function schemaSection(inspection: ProjectInspection): string[] {
  const { schema } = inspection;
  if (!schema) {
    return [
      "  // No Prisma schema found (looked for package.json \"prisma.schema\", prisma.config.ts, prisma/schema.prisma,",
      "  // schema.prisma, prisma/**/*.prisma, also in workspace packages). `check` needs one: set prismaSchema to its",
      "  // path (or run init --schema <path>), and softDelete and ownership by hand (or remove this file and run init",
      "  // again once the schema is in place).",
      '  // prismaSchema: "prisma/schema.prisma",',
    ];
  }
  const { inspection: found } = schema;
  const others = schema.otherWorkspaceSchemas;
  return [
    `  // Prisma schema ${schema.source}: ${count(found.modelCount, "model")}, ${count(found.enumCount, "enum")}, read as Prisma ${schema.prismaMajor} reads it.`,
    ...(others.length > 0 ? [`  // Other workspace packages have schemas too: ${others.join(", ")} (run init in that package, or with --schema).`] : []),
    `  prismaSchema: ${q(schema.path)},`,
    "",
    ...softDeleteSection(inspection),
    "",
    ...ownershipSection(inspection),
  ];
}

function softDeleteSection({ schema }: ProjectInspection): string[] {
  const found = schema!.inspection;
  const { written, neverWritten, unqueried, overrides } = schema!.softDelete;
  const archived = found.archiveFields.length > 0
    ? [
        `    // Also found ${fieldUses(found.archiveFields)}: archived rows`,
        "    // usually stay readable, so they are not soft-delete fields here; add them to the list if they are.",
      ]
    : [];
  if (found.softDeleteFields.length === 0) {
    return [
      "  // Soft delete: no nullable DateTime or Boolean field named like deletedAt/isDeleted/removedAt, so no model",
      "  // is soft-deletable; set softDelete.field if yours has another name.",
      ...archived.map((line) => line.slice(2)),
      '  // softDelete: { field: "deletedAt" },',
    ];
  }
  const never = neverWritten.length > 0 ? [`    // In the schema, never written: ${fieldUses(neverWritten)}.`] : [];
  if (written.length === 0) {
    return [
      "  // Soft delete: the schema has nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt,",
      "  // but no code sets one (to a date or true; tests and seeds aside), so no model is soft-deletable. List the",
      "  // field here once the code soft-deletes rows.",
      ...never.map((line) => line.slice(2)),
      ...archived.map((line) => line.slice(2)),
      "  softDelete: { field: [] },",
    ];
  }
  return [
    "  softDelete: {",
    "    // Soft-delete fields: nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt that the",
    "    // code sets (to a date or true), most used first. A model with one is soft-deletable: reads must filter",
    "    // deleted rows out, deletes must not delete.",
    ...written.map((use) => `    //   ${use.field}: ${use.models.join(", ")} (set in ${use.writtenAt})`),
    ...(unqueried.length > 0 ? [`    // No code queries ${unqueried.join(", ")}: taken as soft-deletable like the rest.`] : []),
    ...never,
    ...archived,
    `    field: ${oneOrList(written.map((use) => use.field))},`,
    ...(overrides.length > 0
      ? [
          "    // Models the field list would give a field that is not their soft-delete flag: their own field, or false.",
          "    models: {",
          ...overrides.map(
            (override) =>
              `      ${key(override.model)}: ${override.value === false ? "false" : q(override.value)}, // ${
                override.reason === "not-a-flag"
                  ? `${override.field} is not a nullable DateTime or Boolean here`
                  : `the code never sets its ${override.field}`
              }`,
          ),
          "    },",
        ]
      : []),
    "  },",
  ];
}

/** `deletedAt (Comment, Post), isDeleted (Tag)` */
function fieldUses(uses: readonly { field: string; models: readonly string[] }[]): string {
  return uses.map((use) => `${use.field} (${use.models.join(", ")})`).join(", ");
}

function ownershipSection({ schema, identitySources }: ProjectInspection): string[] {
  const found = schema!.inspection;
  const identity = identitySourcesLines(identitySources);
  if (found.identityModels.length === 0 || found.ownerFields.length === 0) {
    const names = found.identityModels.map((model) => model.name).join(", ");
    return [
      "  ownership: {",
      ...(found.identityModels.length === 0
        ? [
            "    // No identity model (User, Device, Tenant, Organization, Account…) that other models point to with a",
            "    // foreign key, so the default owner fields apply; set ownership.field and ownerModels if rows have owners.",
          ]
        : [
            `    // Identity models found (${names}), but no model has a required foreign key to them, so the default`,
            "    // owner fields apply; set ownership.field and ownerModels if rows have owners.",
          ]),
      ...reviewSummaryLines(found),
      ...identity,
      "  },",
    ];
  }
  const hasTenant = found.identityModels.some((model) => model.role === "tenant");
  const listed = new Set(found.ownerFieldList);
  return [
    "  ownership: {",
    "    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own",
    "    // must be scoped to the authenticated caller.",
    ...found.identityModels.map((model) =>
      model.role === "tenant"
        ? `    //   ${model.name} (a tenant: users join it through ${model.reachedThrough!.join(", ")}): referenced by ${model.referencedBy.join(", ")}`
        : `    //   ${model.name}: referenced by ${model.referencedBy.join(", ")}`,
    ),
    `    ownerModels: ${list(found.identityModels.map((model) => model.name))},`,
    hasTenant
      ? "    // Owner fields: the foreign keys to them, a tenant's first (a model with both is its tenant's), most used first."
      : "    // Owner fields: the foreign keys to them, most used first.",
    ...found.ownerFields.map(
      (use) =>
        `    //   ${use.field} → ${use.ownerModel}: ${use.models.join(", ")}${listed.has(use.field) ? "" : " (a name of its own: set in models)"}`,
    ),
    `    field: ${oneOrList(found.ownerFieldList)},`,
    ...(found.actorFields.length > 0
      ? [
          "    // Actor keys (who created or changed a row, not whose row it is) are never owner fields:",
          ...found.actorFields.map((use) => `    //   ${use.field} → ${use.ownerModel}: ${use.models.join(", ")}`),
        ]
      : []),
    ...ownershipModelsLines(found),
    ...publicReadsLines(found),
    ...(found.globalModels.length > 0
      ? [`    // No owner found, so global (any caller may read them): ${found.globalModels.join(", ")}.`]
      : []),
    ...identity,
    "  },",
  ];
}

type SchemaFindings = NonNullable<ProjectInspection["schema"]>["inspection"];

/** `ownership.publicReads`, commented out: owned models with a Boolean that marks public rows. */
function publicReadsLines(found: SchemaFindings): string[] {
  const flags = Object.entries(found.publicFlags);
  if (flags.length === 0) return [];
  return [
    "    // For review: owned models with a Boolean that looks like it marks rows anyone may read. A read whose where",
    "    // requires it is public (writes stay owner-scoped); if so, uncomment:",
    "    // publicReads: {",
    ...flags.map(([model, field]) => `    //   ${key(model)}: { ${key(field)}: true },`),
    "    // },",
  ];
}

const keysText = (keys: readonly { field: string; ownerModel: string }[]): string =>
  keys.map((entry) => `${entry.field} → ${entry.ownerModel}`).join(", ");

/**
 * `ownership.models`: the entries the field list needs (a model's own owner field, or false where the list
 * would take a nullable or actor key), with the models to review and the relation paths to owned parents
 * as commented-out entries. Only paths to parents: the commented-out block as a whole.
 */
function ownershipModelsLines(found: SchemaFindings): string[] {
  const { ownerOverrides: overrides } = found;
  const ownFields = Object.entries(overrides).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  // false where the list would take the key, else the key as a suggestion
  const entry = (model: string, keys: readonly { field: string; ownerModel: string }[]) =>
    overrides[model] === false
      ? `      ${key(model)}: false, // ${keysText(keys)}`
      : `      // ${key(model)}: ${q(keys[0].field)}, // → ${keys[0].ownerModel}${keys.length > 1 ? `; or ${keysText(keys.slice(1))}` : ""}`;
  // the path as a suggestion; in place of false where the list would take a nullable or actor key
  const parentEntry = ([model, relationPath]: [string, string]) =>
    overrides[model] === false ? `      ${key(model)}: false, // or ${q(relationPath)}` : `      // ${key(model)}: ${q(relationPath)},`;
  const nullable = Object.entries(found.nullableOwners);
  const actorOnly = Object.entries(found.actorOnlyOwners);
  const throughParent = Object.entries(found.ownedThroughParent);
  const parentComment = [
    "Owned only through a parent (no owner field, a required relation to an owned model). Check that each",
    `path leads to the right owner, then uncomment${throughParent.some(([model]) => overrides[model] === false) ? " (or put it in place of false)" : ""}:`,
  ];
  if (Object.keys(overrides).length === 0 && nullable.length === 0 && actorOnly.length === 0) {
    if (throughParent.length === 0) return [];
    return [
      ...parentComment.map((line) => `    // ${line}`),
      "    // models: {",
      ...throughParent.map(([model, relationPath]) => `    //   ${key(model)}: ${q(relationPath)},`),
      "    // },",
    ];
  }
  return [
    "    models: {",
    ...(ownFields.length > 0
      ? [
          "      // Owned by a foreign key the field list does not find first (a name of its own, or the list finds another):",
          ...ownFields.map(([model, field]) => `      ${key(model)}: ${q(field)},`),
        ]
      : []),
    ...(nullable.length > 0
      ? [
          "      // For review: only nullable keys to an owner (rows without one may be shared, like built-in templates, or",
          "      // each row has one of them), so not owned here; to scope the rows to their owner, set the field:",
          ...nullable.map(([model, keys]) => entry(model, keys)),
        ]
      : []),
    ...(actorOnly.length > 0
      ? [
          "      // For review: only actor keys to an owner (who created or changed a row, not whose it is), so not owned",
          "      // here; if the rows belong to that caller, set the field:",
          ...actorOnly.map(([model, keys]) => entry(model, keys)),
        ]
      : []),
    ...(throughParent.length > 0
      ? [
          ...parentComment.map((line) => `      // ${line}`),
          ...throughParent.map(parentEntry),
        ]
      : []),
    "    },",
  ];
}

/** The models to review, when no owner field was found: comments only. */
function reviewSummaryLines(found: SchemaFindings): string[] {
  const nullable = Object.entries(found.nullableOwners);
  const actorOnly = Object.entries(found.actorOnlyOwners);
  return [
    ...(nullable.length > 0
      ? [`    // For review, only nullable keys to an owner: ${nullable.map(([model, keys]) => `${model} (${keysText(keys)})`).join(", ")}.`]
      : []),
    ...(actorOnly.length > 0
      ? [`    // For review, only actor keys to an owner: ${actorOnly.map(([model, keys]) => `${model} (${keysText(keys)})`).join(", ")}.`]
      : []),
  ];
}

function identitySourcesLines(sources: ProjectInspection["identitySources"]): string[] {
  if (sources.length === 0) {
    return [
      `    // Where the identity comes from: the defaults (${DEFAULT_IDENTITY_SOURCES.join(", ")}); no other assignment found.`,
      `    // identitySources: ${list(DEFAULT_IDENTITY_SOURCES)},`,
    ];
  }
  return [
    "    // Where the identity comes from: the defaults, plus what this project's middleware assigns:",
    ...sources.map((source) => `    //   ${source.expression} (${source.assignedAt})`),
    `    identitySources: ${list([...DEFAULT_IDENTITY_SOURCES, ...sources.flatMap((source) => [source.expression, `${source.expression}.*`])])},`,
  ];
}

function layersSection({ layers }: ProjectInspection): string[] {
  const found = layers.folders.map((folder) => `${folder.folder} (${folder.layer})`);
  const named = layers.namedFiles.map((entry) => `${count(entry.count, "file")} ${entry.pattern} (${entry.layer})`);
  const why =
    layers.preset === "three-layer"
      ? "    // A repositories layer exists, so the three-layer preset: routes → services → repositories → data."
      : "    // No repositories layer, so the two-layer preset: routes → services → data.";
  const definitions = Object.entries(layers.definitions);
  const missed = [
    ...(layers.folders.some((folder) => !folder.coveredByPreset && Object.hasOwn(layers.definitions, folder.layer)) ? ["Folders"] : []),
    ...(layers.namedFiles.some((entry) => !entry.coveredByPreset && Object.hasOwn(layers.definitions, entry.layer)) ? ["file names"] : []),
  ];
  return [
    "  layers: {",
    ...(found.length > 0 || named.length > 0
      ? [`    // Layers found under ${layers.searched}: ${[...found, ...named].join(", ")}.`]
      : [
          "    // No layer folders (routes, controllers, services, repositories, dao, db, prisma) or files named by layer",
          `    // (*.controller.ts, *.router.ts, *.service.ts, *.repository.ts…) under ${layers.searched}.`,
        ]),
    why,
    `    preset: ${q(layers.preset)},`,
    ...(definitions.length > 0
      ? [
          `    // ${missed.join(" and ").replace(/^f/, "F")} the preset's globs miss, added to their layer (with the preset's globs of that layer):`,
          "    definitions: {",
          ...definitions.map(([layer, globs]) => `      ${key(layer)}: ${list(globs)},`),
          "    },",
        ]
      : []),
    "  },",
  ];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
