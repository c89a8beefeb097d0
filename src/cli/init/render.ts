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
      "  // schema.prisma, prisma/**/*.prisma). `check` needs one: set prismaSchema to its path, and softDelete",
      "  // and ownership by hand (or remove this file and run init again once the schema is in place).",
      '  // prismaSchema: "prisma/schema.prisma",',
    ];
  }
  const { inspection: found } = schema;
  return [
    `  // Prisma schema ${schema.source}: ${count(found.modelCount, "model")}, ${count(found.enumCount, "enum")}.`,
    `  prismaSchema: ${q(schema.path)},`,
    "",
    ...softDeleteSection(inspection),
    "",
    ...ownershipSection(inspection),
  ];
}

function softDeleteSection({ schema }: ProjectInspection): string[] {
  const found = schema!.inspection;
  const archived = found.archiveFields.length > 0
    ? [
        `    // Also found ${found.archiveFields.map((use) => `${use.field} (${use.models.join(", ")})`).join(", ")}: archived rows`,
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
  const overrides = Object.entries(found.softDeleteOverrides);
  return [
    "  softDelete: {",
    "    // Soft-delete fields (nullable DateTime or Boolean named like deletedAt/isDeleted/removedAt), most used",
    "    // first; a model with one of them is soft-deletable: reads must filter deleted rows out, deletes must not delete.",
    ...found.softDeleteFields.map((use) => `    //   ${use.field}: ${use.models.join(", ")}`),
    ...archived,
    `    field: ${oneOrList(found.softDeleteFields.map((use) => use.field))},`,
    ...(overrides.length > 0
      ? [
          "    // These models have a listed field that is not a soft-delete flag (wrong type): their own field, or false.",
          "    models: {",
          ...overrides.map(([model, value]) => `      ${key(model)}: ${value === false ? "false" : q(value)},`),
          "    },",
        ]
      : []),
    "  },",
  ];
}

function ownershipSection({ schema, identitySources }: ProjectInspection): string[] {
  const found = schema!.inspection;
  const identity = identitySourcesLines(identitySources);
  if (found.identityModels.length === 0 || found.ownerFields.length === 0) {
    return [
      "  ownership: {",
      "    // No identity model (User, Device, Tenant, Organization, Account…) that other models point to with a",
      "    // foreign key, so the default owner fields apply; set ownership.field and ownerModels if rows have owners.",
      ...identity,
      "  },",
    ];
  }
  const throughParent = Object.entries(found.ownedThroughParent);
  return [
    "  ownership: {",
    "    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own",
    "    // must be scoped to the authenticated caller.",
    ...found.identityModels.map((model) => `    //   ${model.name}: referenced by ${model.referencedBy.join(", ")}`),
    `    ownerModels: ${list(found.identityModels.map((model) => model.name))},`,
    "    // Owner fields: the foreign keys to them, most used first.",
    ...found.ownerFields.map((use) => `    //   ${use.field} → ${use.ownerModel}: ${use.models.join(", ")}`),
    `    field: ${oneOrList(found.ownerFields.map((use) => use.field))},`,
    ...(throughParent.length > 0
      ? [
          "    // Owned only through a parent (no owner field, a required relation to an owned model). Check that each",
          "    // path leads to the right owner, then uncomment:",
          "    // models: {",
          ...throughParent.map(([model, relationPath]) => `    //   ${key(model)}: ${q(relationPath)},`),
          "    // },",
        ]
      : []),
    ...(found.globalModels.length > 0
      ? [`    // No owner found, so global (any caller may read them): ${found.globalModels.join(", ")}.`]
      : []),
    ...identity,
    "  },",
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
  const suffixes = layers.suffixFiles.map((entry) => `${count(entry.count, "file")} ${entry.pattern} (${entry.layer})`);
  const why =
    layers.preset === "three-layer"
      ? "    // A repositories layer exists, so the three-layer preset: routes → services → repositories → data."
      : "    // No repositories layer, so the two-layer preset: routes → services → data.";
  const definitions = Object.entries(layers.definitions);
  return [
    "  layers: {",
    found.length > 0 || suffixes.length > 0
      ? `    // Layers found under ${layers.searched}: ${[...found, ...suffixes].join(", ")}.`
      : `    // No layer folders (routes, controllers, services, repositories, db, prisma) under ${layers.searched}.`,
    why,
    `    preset: ${q(layers.preset)},`,
    ...(definitions.length > 0
      ? [
          "    // Folders the preset's globs miss, added to their layer (with the preset's globs of that layer):",
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
