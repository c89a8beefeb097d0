/** Validates a loaded config object and normalises it into a ResolvedConfig with defaults applied. */
import {
  DEFAULT_ADMIN_MIDDLEWARE,
  DEFAULT_IDENTITY_SOURCES,
  DEFAULT_IGNORE,
  DEFAULT_NON_REQUEST_IGNORE,
  DEFAULT_LAYER_PRESET,
  DEFAULT_OWNER_FIELDS,
  DEFAULT_SECRET_FIELDS,
  DEFAULT_SOFT_DELETE_FIELDS,
  LAYER_PRESETS,
} from "./defaults.js";
import { problemsError, type Problem } from "./problems.js";
import { ruleProblems, toSeverity } from "./rule-options.js";
import { configSchema, type ConfigInput } from "./schema.js";
import type { ResolveContext, ResolvedConfig, RuleSetting, SoftDeleteModelSetting } from "./types.js";
import { zodIssuesToProblems } from "./zod-issues.js";

/**
 * Validates `raw` (an empty file, `undefined` or `null`, counts as `{}`) and returns the resolved config.
 * Throws one ConfigError listing every problem, one per line, sorted by path.
 */
export function resolveConfig(raw: unknown, context: ResolveContext): ResolvedConfig {
  const input = raw === undefined || raw === null ? {} : raw;
  const parsed = configSchema.safeParse(input, { reportInput: true });
  const rules = isRecord(input) ? input.rules : undefined;
  const { problems: ruleIssues, unknownIds } = ruleProblems(rules, context.rules);
  const problems: Problem[] = [
    // an unknown rule is reported once, not once more for the shape of its entry
    ...(parsed.success ? [] : zodIssuesToProblems(parsed.error.issues, configSchema)).filter(
      (problem) => !(problem.path[0] === "rules" && unknownIds.has(String(problem.path[1]))),
    ),
    ...ruleIssues,
    ...layerProblems(input),
  ];
  if (problems.length > 0 || !parsed.success) throw problemsError(problems, context.configFile);
  return deepFreeze(normalise(parsed.data, context));
}

function normalise(config: ConfigInput, context: ResolveContext): ResolvedConfig {
  const preset = config.layers?.preset ?? DEFAULT_LAYER_PRESET;
  const presetLayers = LAYER_PRESETS[preset];
  const resolved: ResolvedConfig = {
    rootDir: context.rootDir,
    ...(context.configFile === undefined ? {} : { configFile: context.configFile }),
    ...(config.prismaSchema === undefined ? {} : { prismaSchema: config.prismaSchema }),
    clientModules: [...(config.clientModules ?? [])],
    softDelete: {
      fields: toList(config.softDelete?.field) ?? [...DEFAULT_SOFT_DELETE_FIELDS],
      models: mapValues(config.softDelete?.models ?? {}, (setting): SoftDeleteModelSetting | false => {
        if (setting === false) return false;
        if (typeof setting === "string") return { field: setting };
        return setting.live === undefined ? { field: setting.field } : { field: setting.field, live: setting.live };
      }),
    },
    ownership: {
      fields: toList(config.ownership?.field) ?? [...DEFAULT_OWNER_FIELDS],
      models: { ...config.ownership?.models },
      ownerModels: [...(config.ownership?.ownerModels ?? [])],
      identitySources: [...(config.ownership?.identitySources ?? DEFAULT_IDENTITY_SOURCES)],
      secretFields: [...(config.ownership?.secretFields ?? DEFAULT_SECRET_FIELDS)],
      adminMiddleware: [...(config.ownership?.adminMiddleware ?? DEFAULT_ADMIN_MIDDLEWARE)],
      publicReads: { ...config.ownership?.publicReads },
    },
    layers: {
      preset,
      definitions: {
        ...mapValues(presetLayers.definitions, (globs) => [...globs]),
        ...mapValues(config.layers?.definitions ?? {}, (globs) => toList(globs) ?? []),
      },
      allow: {
        ...mapValues(presetLayers.allow, (layers) => [...layers]),
        ...mapValues(config.layers?.allow ?? {}, (layers) => [...layers]),
      },
      allowTypeImports: config.layers?.allowTypeImports ?? true,
    },
    rules: mapValues(config.rules ?? {}, (entry): RuleSetting => {
      const [severity, ...options] = Array.isArray(entry) ? entry : [entry];
      return { severity: toSeverity(severity) ?? "error", options: copy(options) };
    }),
    ignore: [...new Set([...(config.ignore ?? []), ...DEFAULT_IGNORE, ...DEFAULT_NON_REQUEST_IGNORE])],
  };
  return resolved;
}

/** `layers.allow` may only name layers that exist (the preset's plus `layers.definitions`). */
function layerProblems(input: unknown): Problem[] {
  if (!isRecord(input) || !isRecord(input.layers)) return [];
  const { preset, definitions, allow } = input.layers;
  if (!isRecord(allow)) return [];
  const presetName = preset === "two-layer" || preset === "three-layer" ? preset : DEFAULT_LAYER_PRESET;
  const layers = new Set([
    ...Object.keys(LAYER_PRESETS[presetName].definitions),
    ...(isRecord(definitions) ? Object.keys(definitions) : []),
  ]);
  const known = `(defined layers: ${[...layers].sort().map((layer) => JSON.stringify(layer)).join(", ")})`;
  const problems: Problem[] = [];
  for (const [from, targets] of Object.entries(allow)) {
    if (!layers.has(from)) problems.push({ path: ["layers", "allow", from], message: `unknown layer ${known}` });
    if (!Array.isArray(targets)) continue;
    targets.forEach((target, index) => {
      if (typeof target === "string" && target !== "" && !layers.has(target)) {
        problems.push({ path: ["layers", "allow", from, index], message: `unknown layer ${JSON.stringify(target)} ${known}` });
      }
    });
  }
  return problems;
}

function toList(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? [value] : [...value];
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

/** Options are frozen with the config: copy them so the objects of a JS config module stay the user's. */
function copy(options: unknown[]): unknown[] {
  try {
    return structuredClone(options);
  } catch {
    return options; // functions or class instances: keep as they are
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The resolved config is cached and shared by every caller: freeze it so nobody can change it for the others. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
