import { rules } from "../rules/index.js";
import type { RuleDefinition } from "./engine/rule.js";

/** Every rule, by id. Both front-ends read this one list. */
export const allRules: readonly RuleDefinition[] = Object.values(rules) as unknown as RuleDefinition[];

export const ruleOptionSchemas: Record<string, unknown> = Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.schema]));

export function ruleById(id: string): RuleDefinition | undefined {
  return allRules.find((rule) => rule.name === id);
}
