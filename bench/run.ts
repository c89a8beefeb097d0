/**
 * The benchmark: `check` side by side with our ESLint plugin, tsc, typescript-eslint's typed
 * rules and a bare parse of every file, on generated corpora of several sizes. Every tool runs as
 * a whole fresh process, as a user or CI would run it. The findings of `check` and the plugin are
 * compared with the planted defects, so a speed-up that loses findings shows up as a failure.
 *
 *   node --import tsx bench/run.ts [--sizes 50,200,1000] [--runs 5] [--only check,parse-only]
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { glob } from "tinyglobby";
import { allRules } from "../src/rule-registry.js";
import { readAnnotations } from "./annotations.js";
import { generateCorpus } from "./corpus/generate.js";
import {
  formatMb,
  formatRatio,
  formatSeconds,
  machineSection,
  markdownTable,
  measureCommand,
  renderResults,
  summarize,
  type Measurement,
} from "./measure.js";

const REPO = path.resolve(import.meta.dirname, "..");
const OUT_DIR = path.join(REPO, "bench", "out");
const RESULTS_FILE = path.join(REPO, "bench", "results.md");
const CLI_BIN = path.join(REPO, "dist", "src", "cli", "bin.js");
const ESLINT_BIN = path.join(REPO, "node_modules", "eslint", "bin", "eslint.js");
const TSC_BIN = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const PARSE_ONLY = path.join(REPO, "bench", "parse-only.mjs");
const PLUGIN_PREFIX = "backend-conventions/";

const TOOL_NAMES = ["check", "eslint-plugin", "tsc", "eslint-typed", "eslint-recommended", "eslint-recommended+plugin", "parse-only"] as const;
type ToolName = (typeof TOOL_NAMES)[number];

interface Tool {
  name: ToolName;
  /** A Node script and its arguments, run with the Node binary running this benchmark. */
  args: string[];
  /** check and ESLint exit 1 when they report findings, which the corpus always has; 2 is a crash. */
  okExitCodes: number[];
  /** For tools that run our rules: the planted defects among all annotations they must report. */
  mustFind?: (annotations: readonly string[]) => string[];
}

const TOOLS: readonly Tool[] = [
  { name: "check", args: [CLI_BIN, "check", "-f", "json"], okExitCodes: [0, 1], mustFind: (all) => [...all] },
  {
    name: "eslint-plugin",
    args: [ESLINT_BIN, "-f", "json", "."],
    okExitCodes: [0, 1],
    // ESLint lints only TypeScript, so the schema's defects are check's alone.
    mustFind: (all) => all.filter((key) => !/\.prisma:\d+$/.test(key)),
  },
  // The corpus must type-check cleanly, or the typed tools would be measured on broken code.
  { name: "tsc", args: [TSC_BIN, "-p", ".", "--noEmit"], okExitCodes: [0] },
  { name: "eslint-typed", args: [ESLINT_BIN, "-c", "eslint.typed.config.js", "-f", "json", "."], okExitCodes: [0, 1] },
  // What the plugin costs a team that runs `eslint .`: typescript-eslint's recommended rules, without and with ours.
  { name: "eslint-recommended", args: [ESLINT_BIN, "-c", "eslint.recommended.config.js", "-f", "json", "."], okExitCodes: [0, 1] },
  { name: "eslint-recommended+plugin", args: [ESLINT_BIN, "-c", "eslint.recommended-plugin.config.js", "-f", "json", "."], okExitCodes: [0, 1] },
  { name: "parse-only", args: [PARSE_ONLY], okExitCodes: [0] },
];

interface Options {
  sizes: number[];
  runs: number;
  tools: Tool[];
}

interface FindingsCheck {
  planted: number;
  missed: string[];
  extra: string[];
}

interface ToolResult {
  tool: ToolName;
  measurement: Measurement;
  findings?: FindingsCheck;
}

interface SizeResult {
  modules: number;
  files: number;
  lines: number;
  planted: number;
  results: ToolResult[];
}

const USAGE = `usage: node --import tsx bench/run.ts [--sizes 50,200,1000] [--runs 5] [--only ${TOOL_NAMES.join(",")}]`;

function parseOptions(argv: string[]): Options {
  const values = parseFlags(argv);
  const sizes = values.sizes.split(",").map((size) => positiveInteger(size, "--sizes"));
  const runs = positiveInteger(values.runs, "--runs");
  const only = new Set(values.only.split(",").map((name) => name.trim()));
  const unknown = [...only].filter((name) => !TOOL_NAMES.includes(name as ToolName));
  if (unknown.length > 0) throw new UsageError(`unknown tool ${unknown.join(", ")} in --only`);
  return { sizes, runs, tools: TOOLS.filter((tool) => only.has(tool.name)) };
}

function parseFlags(argv: string[]): { sizes: string; runs: string; only: string } {
  try {
    return parseArgs({
      args: argv,
      options: {
        sizes: { type: "string", default: "50,200,1000" },
        runs: { type: "string", default: "5" },
        only: { type: "string", default: TOOL_NAMES.join(",") },
      },
      strict: true,
    }).values;
  } catch (error) {
    // parseArgs' errors (unknown flag, missing value) are the user's, not a bug: no stack trace.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

class UsageError extends Error {}

function positiveInteger(text: string, flag: string): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag}: "${text}" is not a positive integer`);
  return value;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function benchmarkSize(modules: number, options: Options, knownRules: ReadonlySet<string>): Promise<SizeResult> {
  const corpusDir = path.join(OUT_DIR, `corpus-${modules}`);
  const files = generateCorpus(corpusDir, modules, { repoRoot: REPO });
  const lines = await countLines(corpusDir);
  const annotations = readAnnotations(corpusDir, ["src", "prisma"], knownRules);
  log(`\n${modules} modules: ${files} files, ${lines} lines, ${annotations.length} planted defects in ${path.relative(REPO, corpusDir)}`);

  const results: ToolResult[] = [];
  for (const tool of options.tools) {
    log(`  ${tool.name}`);
    const measurement = await measureCommand(process.execPath, tool.args, {
      cwd: corpusDir,
      runs: options.runs,
      okExitCodes: tool.okExitCodes,
      // Every run starts cold: a cache left by the previous run would make runs 2..N warm runs.
      beforeRun: () => fs.rmSync(path.join(corpusDir, ".backend-conventions-cache"), { recursive: true, force: true }),
      onRun: (run, wall) => log(`    run ${run + 1}/${options.runs}: ${formatSeconds(wall)} s`),
    });
    const findings = tool.mustFind && checkFindings(tool.name, measurement.stdout, corpusDir, tool.mustFind(annotations));
    results.push({ tool: tool.name, measurement, findings });
  }
  return { modules, files, lines, planted: annotations.length, results };
}

async function countLines(dir: string): Promise<number> {
  const files = await glob("**/*", { cwd: dir, dot: true, absolute: true });
  return files.reduce((total, file) => total + fs.readFileSync(file, "utf8").split("\n").length - 1, 0);
}

/** Compares a tool's ESLint-format JSON with the planted defects, logging every difference. */
function checkFindings(tool: ToolName, json: string, corpusDir: string, expected: readonly string[]): FindingsCheck {
  const actual = findingKeys(json, corpusDir);
  const result = { planted: expected.length, missed: multisetDifference(expected, actual), extra: multisetDifference(actual, expected) };
  for (const key of result.missed) log(`    missed by ${tool}: ${key}`);
  for (const key of result.extra) log(`    extra from ${tool}: ${key}`);
  log(`    findings = planted: ${findingsVerdict(result)}`);
  return result;
}

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number }[];
}

/** `<rule> <path relative to the corpus>:<line>`, sorted: the shape readAnnotations returns. */
function findingKeys(json: string, corpusDir: string): string[] {
  const results = JSON.parse(json) as LintResult[];
  return results
    .flatMap((result) => {
      const file = path.relative(corpusDir, path.resolve(corpusDir, result.filePath)).split(path.sep).join("/");
      // A message without a rule (a parse error, an unused disable directive) never matches a planted defect.
      return result.messages.map((message) => `${message.ruleId?.replace(PLUGIN_PREFIX, "") ?? "(no rule)"} ${file}:${message.line}`);
    })
    .sort();
}

/** The items of `from` not matched one for one in `remove`: a finding reported twice is one too many. */
function multisetDifference(from: readonly string[], remove: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const key of remove) counts.set(key, (counts.get(key) ?? 0) + 1);
  return from.filter((key) => {
    const count = counts.get(key) ?? 0;
    if (count > 0) counts.set(key, count - 1);
    return count === 0;
  });
}

function findingsMatch(findings: FindingsCheck): boolean {
  return findings.missed.length === 0 && findings.extra.length === 0;
}

function findingsVerdict(findings: FindingsCheck): string {
  if (findingsMatch(findings)) return `yes (${findings.planted} planted)`;
  return `no (${findings.planted} planted, ${findings.missed.length} missed, ${findings.extra.length} extra)`;
}

function medianWall(size: SizeResult, tool: ToolName): number | undefined {
  const result = size.results.find((candidate) => candidate.tool === tool);
  return result && summarize(result.measurement.wall).median;
}

function medianRss(size: SizeResult, tool: ToolName): number | undefined {
  const result = size.results.find((candidate) => candidate.tool === tool);
  return result && summarize(result.measurement.rss).median;
}

function corpusSection(sizes: readonly SizeResult[]): string {
  const rows = sizes.map((size) => [String(size.modules), String(size.files), String(size.lines), String(size.planted)]);
  return `## Corpora\n\nGenerated by \`bench/corpus/generate.ts\` into \`bench/out/\`.\n\n${markdownTable(["modules", "files", "lines", "planted defects"], rows)}`;
}

function sizeSection(size: SizeResult): string {
  const parseOnly = medianWall(size, "parse-only");
  const tsc = medianWall(size, "tsc");
  const ratio = (wall: number, base: number | undefined): string => (base === undefined ? "–" : formatRatio(wall / base));
  const rows = size.results.map(({ tool, measurement }) => {
    const wall = summarize(measurement.wall);
    return [
      tool,
      formatSeconds(wall.median),
      formatSeconds(wall.min),
      formatSeconds(wall.max),
      formatMb(summarize(measurement.rss).median),
      ratio(wall.median, parseOnly),
      ratio(wall.median, tsc),
    ];
  });
  const headers = ["tool", "wall median (s)", "min (s)", "max (s)", "peak RSS (MB)", "× parse-only", "× tsc"];
  const findings = size.results
    .filter((result) => result.findings)
    .map((result) => `- ${result.tool}: findings = planted: ${findingsVerdict(result.findings!)}`);
  const findingsText = findings.length > 0 ? `\n\n${findings.join("\n")}` : "";
  return `## ${size.modules} modules (${size.files} files, ${size.lines} lines)\n\n${markdownTable(headers, rows)}${findingsText}`;
}

interface Target {
  label: string;
  value: number | undefined;
  limit: number;
}

function targetsSection(sizes: readonly SizeResult[]): string {
  const heading = "## Targets (1000 modules)";
  const large = sizes.find((size) => size.modules === 1000);
  if (!large) return `${heading}\n\nNot evaluated: this run did not include 1000 modules.`;
  const medium = sizes.find((size) => size.modules === 200);
  const check = medianWall(large, "check");
  const ratioTo = (base: number | undefined): number | undefined => (check === undefined || base === undefined ? undefined : check / base);
  const checkMedium = medium && medianWall(medium, "check");
  const targets: Target[] = [
    { label: "check / parse-only (wall)", value: ratioTo(medianWall(large, "parse-only")), limit: 3 },
    { label: "check / tsc (wall)", value: ratioTo(medianWall(large, "tsc")), limit: 0.5 },
    { label: "check wall 1000 / wall 200", value: ratioTo(checkMedium), limit: 5.5 },
    { label: "check peak RSS / tsc peak RSS", value: rssRatio(large), limit: 1 },
    // The plugin's cost in a team's own `eslint .`: the same run with and without `conventions.configs.recommended`.
    { label: "eslint with the plugin / without it (wall)", value: wallRatio(large, "eslint-recommended+plugin", "eslint-recommended"), limit: 1.3 },
    { label: "eslint with the plugin / without it (peak RSS)", value: peakRatio(large, "eslint-recommended+plugin", "eslint-recommended"), limit: 1.5 },
  ];
  const rows = targets.flatMap(({ label, value, limit }) =>
    value === undefined ? [] : [[label, formatRatio(value), `≤ ${formatRatio(limit)}`, value <= limit ? "met" : "not met"]],
  );
  if (rows.length === 0) return `${heading}\n\nNot evaluated: the tools they compare were not all measured.`;
  return `${heading}\n\n${markdownTable(["target", "value", "limit", "status"], rows)}`;
}

function wallRatio(size: SizeResult, tool: ToolName, base: ToolName): number | undefined {
  const a = medianWall(size, tool);
  const b = medianWall(size, base);
  return a === undefined || b === undefined ? undefined : a / b;
}

function peakRatio(size: SizeResult, tool: ToolName, base: ToolName): number | undefined {
  const a = medianRss(size, tool);
  const b = medianRss(size, base);
  return a === undefined || b === undefined ? undefined : a / b;
}

function rssRatio(size: SizeResult): number | undefined {
  const check = medianRss(size, "check");
  const tsc = medianRss(size, "tsc");
  return check === undefined || tsc === undefined ? undefined : check / tsc;
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(CLI_BIN)) throw new UsageError(`${path.relative(REPO, CLI_BIN)} is missing: run \`npm run build\` first (or \`npm run bench\`)`);
  const knownRules = new Set(allRules.map((rule) => rule.name));

  const sizes: SizeResult[] = [];
  for (const modules of options.sizes) sizes.push(await benchmarkSize(modules, options, knownRules));

  const document = renderResults([machineSection(options.runs), corpusSection(sizes), ...sizes.map(sizeSection), targetsSection(sizes)]);
  fs.writeFileSync(RESULTS_FILE, document);
  process.stdout.write(`\n${document}`);
  log(`\nWrote ${path.relative(REPO, RESULTS_FILE)}`);

  const mismatched = sizes.flatMap((size) => size.results.filter((result) => result.findings && !findingsMatch(result.findings)));
  if (mismatched.length > 0) {
    log(`Findings differ from the planted defects in ${mismatched.length} tool and size pair(s): see "missed by" / "extra from" above.`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) log(`${error.message}\n${USAGE}`);
  else log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 2;
}
