/** Everything `init` inspects in a project: the schema, the layer folders and the identity sources. */
import fs from "node:fs";
import path from "node:path";
import { SchemaError } from "../../errors.js";
import { loadPrismaSchema, locateSchema, type PrismaMajor } from "../../schema/index.js";
import { locateNearbySchemas } from "../../schema/workspaces.js";
import { inspectIdentitySources, type IdentitySource } from "./identity-inspection.js";
import { inspectLayers, type LayerInspection } from "./layer-inspection.js";
import { inspectSchema, type SchemaInspection } from "./schema-inspection.js";
import { inspectSoftDelete, type SoftDeleteInspection } from "./soft-delete-writes.js";

export interface FoundSchema {
  /** the file, or the folder of a multi-file schema, relative to the root with `/` */
  path: string;
  /** how it was found, for the comment */
  source: string;
  /** the Prisma major whose parser read it */
  prismaMajor: PrismaMajor;
  /** in a monorepo, the schemas of the other workspace packages (relative paths), for the comment */
  otherWorkspaceSchemas: string[];
  inspection: SchemaInspection;
  /** which of the soft-delete fields the code writes, and for which models */
  softDelete: SoftDeleteInspection;
}

export interface ProjectInspection {
  /** undefined when no schema was found (`missingSchema` says what was looked for) */
  schema?: FoundSchema;
  missingSchema?: string;
  layers: LayerInspection;
  identitySources: IdentitySource[];
}

/**
 * Inspects the project at `root`. No schema is not an error here (the config gets a placeholder and
 * the command warns); a schema that exists but does not parse is a SchemaError, as in `check`.
 */
export async function inspectProject(root: string, options: InspectOptions = {}): Promise<ProjectInspection> {
  const located = findSchema(root, options);
  const loaded = located.files && loadPrismaSchema(located.files, { fields: [], models: {} });
  const inspection = loaded && inspectSchema(loaded);
  const schema = located.files &&
    loaded &&
    inspection && {
      path: schemaPath(root, located.files),
      source: located.source,
      prismaMajor: loaded.prismaMajor,
      otherWorkspaceSchemas: located.others,
      inspection,
      softDelete: await inspectSoftDelete(root, loaded, inspection.softDeleteFields),
    };
  const missingSchema = located.missing;
  const [layers, identitySources] = await Promise.all([inspectLayers(root), inspectIdentitySources(root)]);
  return { schema, missingSchema, layers, identitySources };
}

export interface InspectOptions {
  /** `--schema <path>`, absolute: the schema file or folder, instead of looking for it */
  schemaPath?: string;
}

interface LocatedSchema {
  files?: string[];
  source: string;
  /** schemas of other workspace packages, relative to the root */
  others: string[];
  missing?: string;
}

/** Where Prisma would find it; in a monorepo's root, in the workspace packages; or where `--schema` says. */
function findSchema(root: string, options: InspectOptions): LocatedSchema {
  if (options.schemaPath !== undefined) return { files: locateSchema(root, options.schemaPath), source: "named by --schema", others: [] };
  try {
    return { files: locateSchema(root), source: schemaSource(root), others: [] };
  } catch (error) {
    if (!(error instanceof SchemaError) || !error.message.startsWith("no Prisma schema found")) throw error;
    const [first, ...others] = locateNearbySchemas(root);
    if (!first) return { source: "", others: [], missing: error.message };
    return { files: first.files, source: first.how, others: others.map((other) => schemaPath(root, other.files)) };
  }
}

/** One file, or the deepest folder holding all the files of a multi-file schema. */
function schemaPath(root: string, files: readonly string[]): string {
  let target = files[0];
  if (files.length > 1) {
    target = path.dirname(files[0]);
    while (!files.every((file) => file.startsWith(target + path.sep))) target = path.dirname(target);
  }
  return path.relative(root, target).split(path.sep).join("/") || ".";
}

/** Which of Prisma's places named the schema, in the order `locateSchema` tries them. */
function schemaSource(root: string): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { prisma?: { schema?: unknown } };
    if (typeof pkg.prisma?.schema === "string") return 'named by package.json "prisma.schema"';
  } catch {
    // no package.json, or one locateSchema ignored as well
  }
  const configFile = ["prisma.config.ts", "prisma.config.mts", "prisma.config.js", "prisma.config.mjs", "prisma.config.cjs"].find((name) =>
    fs.existsSync(path.join(root, name)),
  );
  return configFile ? `found through ${configFile}` : "found at Prisma's default location";
}
