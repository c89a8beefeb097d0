/** The Prisma schema model: where the schema is, and what its models, fields, relations and enums are. */
export type {
  PrismaSchema,
  RelationInfo,
  SchemaEnumInfo,
  SchemaField,
  SchemaIndex,
  SchemaModelInfo,
  SoftDeleteInfo,
  SoftDeleteSettings,
} from "./types.js";
export { locateSchema } from "./locate.js";
export { delegateName, loadPrismaSchema } from "./load.js";
export { clearPrismaSchemaCache, loadPrismaSchemaCached } from "./cache.js";
export { detectPrismaVersion, majorOf, PRISMA_MAJORS, type PrismaMajor, type PrismaVersion } from "./prisma-version.js";
