import path from "node:path";

const ESLINT_BINS = ["node_modules/.bin/eslint", "node_modules/eslint/bin/eslint.js"].map((bin) => path.normalize(bin));

/**
 * Whether this process lints once and exits (`eslint .` in a terminal, a CI job, a pre-commit hook)
 * rather than serving an editor. typescript-eslint decides the same question for its programs the
 * same way (`inferSingleRun`), so one setting steers both: `TSESTREE_SINGLE_RUN=true|false` wins;
 * otherwise CI (`CI=true`) and the `eslint` binary are a single run, unless `--fix` re-lints fixed text.
 * A single run analyses the whole project once and hands each file its findings (see project-findings.ts);
 * a long-lived process re-analyses what an edit changes.
 */
export function isSingleRun(): boolean {
  const declared = process.env.TSESTREE_SINGLE_RUN;
  if (declared === "false") return false;
  if (declared === "true") return true;
  const script = process.argv[1] ?? "";
  if (process.env.CI === "true" || ESLINT_BINS.some((bin) => script.endsWith(bin))) return !process.argv.includes("--fix");
  return false;
}
