import type { TSESLint } from "@typescript-eslint/utils";
// First: the parser loads the project's `typescript`, which the engine (imported below, through the
// rules) then takes as its own, so the trees the parser builds are the engine's (engine/typescript.cjs).
import tsParser from "@typescript-eslint/parser";
import { packageInfo } from "../package-info.js";
import { allRules } from "../rule-registry.js";
import { toEslintRule } from "./to-eslint-rule.js";

const { name, version } = packageInfo;

const PREFIX = "backend-conventions";

/** Where `prisma generate` writes a client by default or by convention (the config's `ignore` has the same). */
export const GENERATED_CLIENT_GLOBS = ["**/generated/prisma/**", "**/.prisma/**"] as const;

const rules = Object.fromEntries(allRules.map((rule) => [rule.name, toEslintRule(rule)]));

function configFor(level: "recommended" | "strict"): TSESLint.FlatConfig.Config {
  const included = allRules.filter((rule) => level === "strict" || rule.meta.docs.config === "recommended");
  return {
    name: `${PREFIX}/${level}`,
    files: ["**/*.{ts,tsx,mts,cts}"],
    // a generated Prisma client is neither checked nor parsed: thousands of lines no one writes
    ignores: [...GENERATED_CLIENT_GLOBS],
    plugins: { [PREFIX]: plugin as unknown as TSESLint.FlatConfig.Plugin },
    languageOptions: { parser: tsParser },
    rules: Object.fromEntries(included.map((rule) => [`${PREFIX}/${rule.name}`, "error"])),
  };
}

export const plugin = {
  meta: { name, version, namespace: PREFIX },
  rules,
  configs: {} as { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config },
};
plugin.configs.recommended = configFor("recommended");
plugin.configs.strict = configFor("strict");
