import { UsageError } from "../../errors.js";
import type { CheckResult } from "../../engine/findings.js";
import { loadReporter, reporterNames } from "../../reporters/index.js";
import { allRules } from "../../rule-registry.js";
import { runCheck } from "../check.js";
import { EXIT } from "../exit-codes.js";
import type { Command } from "./types.js";

export const checkCommand: Command = {
  name: "check",
  usage: "check [paths...]",
  summary: "Check files, folders or globs (default: the tsconfig's files)",
  help: `  -c, --config <file>     Use this config file instead of searching for one
  -f, --format <name>     Output format: ${reporterNames.join(", ")} (default: stylish)
  --max-warnings <n>      Exit with 1 when there are more than n warnings`,
  options: {
    config: { type: "string", short: "c" },
    format: { type: "string", short: "f", default: "stylish" },
    "max-warnings": { type: "string" },
  },
  async run(values, paths, io) {
    const format = values.format as string;
    const reporter = await loadReporter(format);
    if (!reporter) throw new UsageError(`unknown format "${format}" (expected one of: ${reporterNames.join(", ")})`);
    const maxWarnings = parseMaxWarnings(values["max-warnings"] as string | undefined);
    const result = await runCheck({ cwd: io.cwd, paths, configPath: values.config as string | undefined });
    const ruleDocs = Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.docs.url]));
    const output = reporter(result, { cwd: io.cwd, color: io.color, ruleDocs });
    if (output) io.stdout(output.endsWith("\n") ? output : `${output}\n`);
    return exitCodeFor(result, maxWarnings);
  },
};

function parseMaxWarnings(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${raw}"`);
  return Number(raw);
}

export function exitCodeFor(result: CheckResult, maxWarnings?: number): number {
  const findings = result.files.flatMap((file) => file.findings);
  if (findings.some((finding) => finding.severity === 2)) return EXIT.findings;
  const warnings = findings.filter((finding) => finding.severity === 1).length;
  return maxWarnings !== undefined && warnings > maxWarnings ? EXIT.findings : EXIT.clean;
}
