import { plugin } from "./eslint/plugin.js";

/** The ESLint plugin: `import conventions from "backend-conventions"; export default [conventions.configs.recommended]`. */
export default plugin;
export { allRules, ruleById } from "./rule-registry.js";
export type { CheckResult, FileResult, Finding } from "./engine/findings.js";
export { runCheck, type CheckOptions } from "./cli/check.js";
