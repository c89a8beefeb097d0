import fs from "node:fs";
import path from "node:path";
import { checkWithTraces } from "../../analysis/analyze.js";
import { UsageError } from "../../errors.js";
import type { CheckResult } from "../../engine/findings.js";
import { packageInfo } from "../../package-info.js";
import { pluralize } from "../../reporters/counts.js";
import { loadReporter, reporterNames } from "../../reporters/index.js";
import { allRules } from "../../rule-registry.js";
import { applyBaseline, baselineProblem, createBaseline, formatBaseline, readBaseline, type Baseline } from "../baseline.js";
import { runCachedCheck } from "../cached-check.js";
import { runCheck } from "../check.js";
import { Timings } from "../timings.js";
import { EXIT } from "../exit-codes.js";
import type { Command } from "./types.js";
import { writeFailure } from "../../file-errors.js";

export const checkCommand: Command = {
  name: "check",
  usage: "check [paths...]",
  summary: "Check files, folders or globs (default: the tsconfig's files)",
  help: `  -c, --config <file>     Use this config file instead of searching for one
  --schema <path>         The Prisma schema file or folder (default: the config's prismaSchema,
                          else where Prisma looks)
  -f, --format <name>     Output format: ${reporterNames.join(", ")} (default: stylish)
  --max-warnings <n>      Exit with 1 when there are more than n warnings
  --baseline <file>       Report and fail only on findings not in this baseline file
  --update-baseline       Write every finding to the --baseline file and exit 0
  --cache                 Only check files that changed or read something that changed since the last --cache run
  --cache-location <dir>  Where the cache lives (default: .backend-conventions-cache in the project root)
  --timings               Print the time of each stage (config, schema, parse, index, each rule, report) to stderr`,
  options: {
    config: { type: "string", short: "c" },
    schema: { type: "string" },
    format: { type: "string", short: "f", default: "stylish" },
    "max-warnings": { type: "string" },
    baseline: { type: "string" },
    "update-baseline": { type: "boolean" },
    timings: { type: "boolean" },
    cache: { type: "boolean" },
    "cache-location": { type: "string" },
  },
  async run(values, paths, io) {
    const format = values.format as string;
    const reporter = await loadReporter(format);
    if (!reporter) throw new UsageError(`unknown format "${format}" (expected one of: ${reporterNames.join(", ")})`);
    const maxWarnings = parseMaxWarnings(values["max-warnings"] as string | undefined);
    const baselineArg = values.baseline as string | undefined;
    const update = values["update-baseline"] === true;
    if (update && baselineArg === undefined) throw new UsageError("--update-baseline needs --baseline <file>");
    const baselinePath = baselineArg === undefined ? undefined : path.resolve(io.cwd, baselineArg);
    // read before the run: a missing or malformed baseline fails fast
    const baseline = baselinePath === undefined || update ? undefined : readBaseline(baselinePath, baselineArg!);

    const timings = values.timings === true ? new Timings() : undefined;
    const checkOptions = { cwd: io.cwd, paths, configPath: values.config as string | undefined, schemaPath: values.schema as string | undefined, timings };
    // SARIF's code flows are the traces from the endpoints: the analyzer walks them (not from the cache: see README)
    const traced = format === "sarif";
    const checked =
      values.cache === true
        ? (await runCachedCheck({ ...checkOptions, cacheLocation: values["cache-location"] as string | undefined })).result
        : await (traced ? checkWithTraces : runCheck)(checkOptions);
    for (const warning of checked.warnings ?? []) io.stderr(`Warning: ${warning}\n`);
    const root = sourceRoot(checked.config.rootDir);
    if (update) {
      const written = createBaseline(checked, root, packageInfo.version, previousBaseline(baselinePath!));
      try {
        fs.mkdirSync(path.dirname(baselinePath!), { recursive: true });
        fs.writeFileSync(baselinePath!, formatBaseline(written));
      } catch (error) {
        throw new UsageError(`cannot write the baseline ${baselineArg}: ${writeFailure(error)}`);
      }
      io.stderr(`Wrote ${pluralize(written.entries.length, "finding")} to the baseline ${baselineArg}\n`);
      return EXIT.clean;
    }

    let result: CheckResult = checked;
    if (baseline) {
      const outcome = applyBaseline(checked, baseline, root, baselineArg!);
      result = outcome.result;
      io.stderr(baselineSummary(baselineArg!, outcome.suppressed, outcome.unmatched));
    }
    const ruleDocs = Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.docs.url]));
    const report = () => reporter(result, { cwd: io.cwd, color: io.color, ruleDocs, root });
    const output = timings ? timings.measure("report", report) : report();
    if (output) io.stdout(output.endsWith("\n") ? output : `${output}\n`);
    if (timings) io.stderr(timings.format());
    return exitCodeFor(result, maxWarnings);
  },
};

/**
 * The root that SARIF locations, annotations and fingerprints are relative to: the enclosing git
 * repository (GitHub resolves paths against its checkout), else the project root.
 */
export function sourceRoot(projectRoot: string): string {
  for (let dir = projectRoot; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return projectRoot;
  }
}

/** The baseline being replaced, when there is a valid one: its entries for files this run did not check are kept. */
function previousBaseline(filePath: string): Baseline | undefined {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(filePath, "utf8"));
  } catch {
    return undefined;
  }
  return baselineProblem(value) === undefined ? (value as Baseline) : undefined;
}

function baselineSummary(shownPath: string, suppressed: number, unmatched: number): string {
  const stale =
    unmatched === 0
      ? ""
      : `; ${pluralize(unmatched, "entry", "entries")} no longer ${unmatched === 1 ? "matches" : "match"} (fixed or changed: --update-baseline drops ${unmatched === 1 ? "it" : "them"})`;
  return `${pluralize(suppressed, "finding")} suppressed by the baseline ${shownPath}${stale}\n`;
}

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
