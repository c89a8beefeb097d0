/** Public types of the resolved configuration (see `src/config/index.ts`). */

export type RuleSeverity = "off" | "warn" | "error";

export interface RuleSetting {
  severity: RuleSeverity;
  options: unknown[];
}

export interface SoftDeleteModelSetting {
  field: string;
  /** the value meaning "not deleted"; undefined = derive from the field type (Boolean → false, else null) */
  live?: null | boolean;
}

export type LayerPreset = "three-layer" | "two-layer";

export interface ResolvedConfig {
  /** directory that relative paths in the config resolve against: the config file's directory, else the search start directory */
  rootDir: string;
  /** absolute path of the config file (or package.json) it came from; undefined when none was found (all defaults) */
  configFile?: string;
  /** as written, relative to rootDir; undefined = auto-discover */
  prismaSchema?: string;
  /** modules that export the Prisma client, as paths/globs relative to rootDir (default []) */
  clientModules: string[];
  softDelete: {
    /** `softDelete.field` accepts a string or a list tried in order; default ["deletedAt"] */
    fields: string[];
    /** `softDelete.models`: per model a field name (string), `{ field, live }`, or `false` (not soft-deletable); strings normalised to { field } */
    models: Record<string, SoftDeleteModelSetting | false>;
  };
  ownership: {
    /** `ownership.field`: string or list tried in order */
    fields: string[];
    /** per model: owner field name or relation path ("account.orgId"), or false (global model) */
    models: Record<string, string | false>;
    /** models that are the identity itself (e.g. "User", "Device"); default [] */
    ownerModels: string[];
    /** expressions that carry the authenticated identity */
    identitySources: string[];
    /** fields that are secrets (lookup by them is authentication) */
    secretFields: string[];
    /** middleware names that mark admin-only routes */
    adminMiddleware: string[];
    /** per model: reads anyone may make, every read (true) or those whose where holds these field values (`{ published: true }`) */
    publicReads: Record<string, true | Record<string, string | number | boolean | null>>;
  };
  layers: {
    /** default "three-layer" */
    preset: LayerPreset;
    /** layer name -> globs relative to rootDir; preset defaults, user entries replace a preset layer's globs by name */
    definitions: Record<string, string[]>;
    /** layer -> layers it may import; preset defaults, user entries replace a preset layer's list by name */
    allow: Record<string, string[]>;
    /** `import type` across layers is allowed (default true) */
    allowTypeImports: boolean;
  };
  /** per rule id; only rules the user listed (the front-ends merge this over their defaults) */
  rules: Record<string, RuleSetting>;
  /** user globs (relative to rootDir) plus the default ignores */
  ignore: string[];
}

export interface RuleOptionsSchemas {
  /**
   * JSON Schema (draft-04 like ESLint's `meta.schema`): an array of schemas (positional) or a single
   * schema for the whole options array; `undefined` or `[]` = no options accepted, `false` = not validated.
   */
  [ruleId: string]: unknown;
}

export interface LoadConfigOptions {
  /** directory to search from (upwards to the project root: the nearest package.json, else the repository root) */
  searchFrom: string;
  /**
   * The run's working directory (ESLint's `cwd`, the CLI's): without a package.json or a `.git` above
   * `searchFrom`, the search goes up to it when `searchFrom` is inside it, and no further. Default `process.cwd()`.
   */
  cwd?: string;
  /** explicit config file (CLI --config): no search; a missing file is a ConfigError */
  configPath?: string;
  /** known rule ids with their options schema, to validate `rules` */
  rules: RuleOptionsSchemas;
  /**
   * A long-running process (the ESLint plugin in an editor): a cached result is used only while the files
   * it came from (every search place up to the project root, or the `configPath`) are unchanged; an edit,
   * a new or a removed config file loads again.
   */
  watch?: boolean;
}

export interface ResolveContext {
  rootDir: string;
  configFile?: string;
  rules: RuleOptionsSchemas;
}
