/**
 * Severities from the tool's config in ESLint. ESLint takes a message's severity from its own config, which
 * cannot know `backend-conventions.config.*` (one per package in a monorepo, edited while the editor runs).
 * So the plugin's configs turn every rule on at "error" and add this processor: each rule records, per file,
 * the severity the tool's config gives it (`configuredSeverity`, the CLI's function; a rule the config turns
 * off does not run), and `postprocess` gives each of the plugin's messages that severity. A config or
 * schema problem stays an error. Other plugins' messages pass through untouched.
 */
import path from "node:path";
import type { Linter } from "eslint";
import { packageInfo } from "../package-info.js";

const PREFIX = "backend-conventions/";

/** The message of a config or schema problem, which every rule can report (once per problem, see `claimProblem` in to-eslint-rule.ts). */
export const PROBLEM_MESSAGE_ID = "projectProblem";

/** file → rule id → severity, from the rules' run on the file until the processor reads it. */
const recorded = new Map<string, Map<string, 1 | 2>>();

export function recordSeverity(fileName: string, rule: string, severity: "warn" | "error"): void {
  const key = path.resolve(fileName);
  let byRule = recorded.get(key);
  if (!byRule) recorded.set(key, (byRule = new Map()));
  byRule.set(rule, severity === "warn" ? 1 : 2);
}

export const severitiesProcessor: Linter.Processor = {
  meta: { name: `${packageInfo.name}/severities`, version: packageInfo.version },
  supportsAutofix: true,
  preprocess: (text) => [text],
  postprocess(messageLists, fileName) {
    const key = path.resolve(fileName);
    const byRule = recorded.get(key);
    recorded.delete(key);
    return messageLists.flat().map((message) => {
      if (!message.ruleId?.startsWith(PREFIX) || message.messageId === PROBLEM_MESSAGE_ID) return message;
      const severity = byRule?.get(message.ruleId.slice(PREFIX.length));
      return severity === undefined || severity === message.severity ? message : { ...message, severity };
    });
  },
};
