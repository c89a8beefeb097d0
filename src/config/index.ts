/** Configuration: finding, loading, validating and normalising the backend-conventions config. */
export type {
  LoadConfigOptions,
  ResolvedConfig,
  RuleOptionsSchemas,
  RuleSetting,
  RuleSeverity,
  SoftDeleteModelSetting,
} from "./types.js";
export { clearConfigCache, loadConfig } from "./load.js";
export { resolveConfig } from "./resolve.js";
export { configSchema } from "./schema.js";
