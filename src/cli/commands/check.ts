import fs from "node:fs";
import path from "node:path";
import { checkWithTraces } from "../../analysis/analyze.js";
import { UsageError } from "../../errors.js";
import type { CheckResult } from "../../engine/findings.js";
import { packageInfo } from "../../package-info.js";
import { isError, pluralize } from "../../reporters/counts.js";
import { loadReporter, reporterNames, type Reporter } from "../../reporters/index.js";
import { allRules } from "../../rule-registry.js";
import { applyBaseline, baselineProblem, createBaseline, formatBaseline, readBaseline, type Baseline } from "../baseline.js";
import { runCachedCheck } from "../cached-check.js";
import { runCheck } from "../check.js";
import { Timings } from "../timings.js";
import { EXIT } from "../exit-codes.js";
import { DEFAULT_FORMAT, planOutputs, writeOutputFile, type PlannedOutput } from "../outputs.js";
import type { Command, GivenOption, OptionValues } from "./types.js";
import { writeFailure } from "../../file-errors.js";
import type { UnusedDirectivesSeverity } from "../../engine/suppressions.js";

export const checkCommand: Command = {
  name: "check",
  arguments: "[paths...]",
  summary: "Check files, folders or globs (default: the tsconfig's files)",
  options: {
    config: { type: "string", short: "c", valueName: "file", description: "Use this config file instead of searching for one" },
    schema: {
      type: "string",
      valueName: "path",
      description: "The Prisma schema file or folder (default: the config's prismaSchema, else where Prisma looks)",
    },
    format: {
      type: "string",
      short: "f",
      valueName: "name",
      multiple: true,
      description: `Output format: ${reporterNames.join(", ")} (default: ${DEFAULT_FORMAT}); repeat it for several outputs in one run`,
    },
    "output-file": {
      type: "string",
      short: "o",
      valueName: "path",
      multiple: true,
      description: "Write the --format given just before it to this file instead of stdout (its folder is created)",
    },
    quiet: { type: "boolean", description: "Report errors only, not warnings (--max-warnings still counts them)" },
    "max-warnings": { type: "string", valueName: "n", description: "Exit with 1, and say so, when there are more than n warnings" },
    color: {
      type: "boolean",
      description: "Colour stdout even when it is not a terminal",
      negatable: { description: "Never colour (default: colour on a terminal; FORCE_COLOR and NO_COLOR are honoured)" },
    },
    baseline: { type: "string", valueName: "file", description: "Report and fail only on findings not in this baseline file" },
    "update-baseline": { type: "boolean", description: "Write every finding to the --baseline file and exit 0" },
    cache: { type: "boolean", description: "Only check files that changed or read something that changed since the last --cache run" },
    "cache-location": {
      type: "string",
      valueName: "dir",
      description: "Where the cache lives (default: .backend-conventions-cache in the project root)",
    },
    timings: { type: "boolean", description: "Print the time of each stage (config, schema, parse, index, each rule, report) to stderr" },
    "report-unused-disable-directives": {
      type: "boolean",
      description: "Report eslint-disable comments for our rules that silence nothing, as errors (as ESLint)",
    },
    "report-unused-disable-directives-severity": {
      type: "string",
      valueName: "level",
      description: "The same at this severity: off, warn, error, 0, 1 or 2 (default: warn, as ESLint)",
    },
  },
  helpAfter: `Examples:
  backend-conventions check src/routes
  backend-conventions check --format json --output-file findings.json
  backend-conventions check --format github --format sarif --output-file results.sarif
      (CI: annotations on stdout and SARIF in a file, from one run)

Exit codes: 0 no error-level finding, 1 findings (or more warnings than
--max-warnings), 2 usage, config or schema error, or an --output-file
that could not be written.`,
  async run(values, paths, io, given = givenFromValues(values)) {
    const outputs = planOutputs(given, reporterNames, io.cwd);
    const reporters = new Map<string, Reporter>();
    for (const { format } of outputs) reporters.set(format, (await loadReporter(format))!);
    const maxWarnings = parseMaxWarnings(values["max-warnings"] as string | undefined);
    const baselineArg = values.baseline as string | undefined;
    const update = values["update-baseline"] === true;
    if (update && baselineArg === undefined) throw new UsageError("--update-baseline needs --baseline <file>");
    const baselinePath = baselineArg === undefined ? undefined : path.resolve(io.cwd, baselineArg);
    // read before the run: a missing or malformed baseline fails fast
    const baseline = baselinePath === undefined || update ? undefined : readBaseline(baselinePath, baselineArg!);

    const timings = values.timings === true ? new Timings() : undefined;
    const checkOptions = {
      cwd: io.cwd,
      paths,
      configPath: values.config as string | undefined,
      schemaPath: values.schema as string | undefined,
      timings,
      reportUnusedDisableDirectives: unusedDirectivesSeverity(values["report-unused-disable-directives"] === true, values["report-unused-disable-directives-severity"] as string | undefined),
    };
    // SARIF's code flows are the traces from the endpoints: the analyzer walks them (not from the cache: see README)
    const traced = outputs.some((output) => output.format === "sarif");
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
    const shown = values.quiet === true ? errorsOnly(result) : result;
    const ruleDocs = Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.docs.url]));
    // colour is for a reader of stdout; a file never gets escape codes
    const stdoutColor = (values.color as boolean | undefined) ?? io.color;
    const render = (output: PlannedOutput) =>
      reporters.get(output.format)!(shown, { cwd: io.cwd, color: output.file === undefined && stdoutColor, ruleDocs, root });
    const texts = timings ? timings.measure("report", () => outputs.map(render)) : outputs.map(render);
    let unwritten = false;
    outputs.forEach((output, index) => {
      const text = texts[index];
      if (output.file === undefined) {
        if (text) io.stdout(text.endsWith("\n") ? text : `${text}\n`);
        return;
      }
      const failure = writeOutputFile(io.cwd, output.file, text);
      if (failure === undefined) return;
      unwritten = true;
      io.stderr(`${new UsageError(`cannot write --format ${output.format} to --output-file ${output.file}: ${failure}`).format()}\n`);
    });
    const warnings = countWarnings(result);
    if (maxWarnings !== undefined && warnings > maxWarnings) io.stderr(`${tooManyWarnings(warnings, maxWarnings)}\n`);
    if (timings) io.stderr(timings.format());
    return unwritten ? EXIT.error : exitCodeFor(result, maxWarnings);
  },
};

/** When `run` is called without the command line's order (from code): the n-th --output-file goes with the n-th --format. */
function givenFromValues(values: OptionValues): GivenOption[] {
  const list = (name: string) => [values[name] ?? []].flat().map((value) => ({ name, value: String(value) }));
  const formats = list("format");
  const files = list("output-file");
  return [...formats.flatMap((format, index) => (index < files.length ? [format, files[index]] : [format])), ...files.slice(formats.length)];
}

/** `--quiet`: the result with its warnings taken out, as ESLint's `--quiet` reports errors only. */
function errorsOnly(result: CheckResult): CheckResult {
  return { ...result, files: result.files.map((file) => ({ ...file, findings: file.findings.filter(isError) })) };
}

function countWarnings(result: CheckResult): number {
  return result.files.reduce((sum, file) => sum + file.findings.filter((finding) => finding.severity === 1).length, 0);
}

/** Why the run failed on warnings alone, in ESLint's words ("ESLint found too many warnings (maximum: 0)."). */
function tooManyWarnings(warnings: number, maxWarnings: number): string {
  return `backend-conventions found too many warnings: ${warnings} (maximum: ${maxWarnings}).`;
}

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

/** ESLint's two flags for unused `eslint-disable` comments: the first means "error", the second names the severity; not both. */
function unusedDirectivesSeverity(flag: boolean, severity: string | undefined): UnusedDirectivesSeverity {
  if (flag && severity !== undefined) {
    throw new UsageError("--report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together");
  }
  if (flag) return "error";
  // ESLint 9+ warns of unused directives by default (`linterOptions.reportUnusedDisableDirectives`): so does the CLI
  if (severity === undefined) return "warn";
  const level = ({ off: "off", warn: "warn", error: "error", "0": "off", "1": "warn", "2": "error" } as const)[severity];
  if (!level) throw new UsageError(`--report-unused-disable-directives-severity expects off, warn, error, 0, 1 or 2, got "${severity}"`);
  return level;
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
