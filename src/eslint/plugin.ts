import type { TSESLint } from "@typescript-eslint/utils";
// First: the parser loads the project's `typescript`, which the engine (imported below, through the
// rules) then takes as its own, so the trees the parser builds are the engine's (engine/typescript.cjs).
import tsParser from "@typescript-eslint/parser";
import { packageInfo } from "../package-info.js";
import { allRules } from "../rule-registry.js";
import { severitiesProcessor } from "./severities.js";
import { SETTINGS_KEY, toEslintRule } from "./to-eslint-rule.js";

const { name, version } = packageInfo;

const PREFIX = "backend-conventions";

/** Where `prisma generate` writes a client by default or by convention (the config's `ignore` has the same). */
export const GENERATED_CLIENT_GLOBS = ["**/generated/prisma/**", "**/.prisma/**"] as const;

const rules = Object.fromEntries(allRules.map((rule) => [rule.name, toEslintRule(rule)]));

/**
 * Both configs turn every rule on in ESLint; the tool's config (backend-conventions.config.*, found from
 * each linted file) decides which run and at which severity, as in the CLI. The preset says what a rule
 * the tool's config does not name does: `recommended`, the CLI's defaults; `strict`, every rule at "error".
 */
function configFor(level: "recommended" | "strict"): TSESLint.FlatConfig.Config {
  return {
    name: `${PREFIX}/${level}`,
    files: ["**/*.{ts,tsx,mts,cts}"],
    // a generated Prisma client is neither checked nor parsed: thousands of lines no one writes
    ignores: [...GENERATED_CLIENT_GLOBS],
    plugins: { [PREFIX]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    languageOptions: { parser: tsParser },
    processor: `${PREFIX}/severities`,
    settings: { [SETTINGS_KEY]: { preset: level } },
    rules: Object.fromEntries(allRules.map((rule) => [`${PREFIX}/${rule.name}`, "error"])),
  };
}

export const plugin = {
  meta: { name, version, namespace: PREFIX },
  rules,
  processors: { severities: severitiesProcessor },
  configs: {} as { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config },
};
plugin.configs.recommended = configFor("recommended");
plugin.configs.strict = configFor("strict");
