/**
 * `npm run bench:realworld`: the tool on public repositories we did not write, scored against our labels.
 *
 * For each repository of `corpus.json` (work trees in the git-ignored `repos/`): the config a user would
 * have — the corpus's own in `configs/<dir>.mjs` where a user would have had to edit what `init` wrote,
 * else what `init` writes — then `check --format json`, timed, with its peak memory. Findings are scored
 * against `labels.json`; per rule and per repository to stdout, and with `--write` to `results.md`.
 *
 *   node --import tsx bench/realworld/run.ts [--only dir,dir] [--bin path/to/bin.js] [--keep-config] [--write] [--unlabelled] [--findings <rule,rule|all>]
 *
 * `--keep-config` checks with the config already in the project (written by an earlier run's `init`),
 * so several runs at once never rewrite it under each other.
 *
 * Labels: `labels/<dir>.json` per repository (`{ "labels": [...] }`), so labelling one repository
 * touches one file.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { measureCommand } from "../measure.js";
import { percent, placeKey, score, scoreTable, type CorpusFinding, type Label } from "./score.js";

const here = import.meta.dirname;
const repoRoot = path.resolve(here, "../..");
let bin = path.join(repoRoot, "dist/src/cli/bin.js");
const CONFIG_NAME = "backend-conventions.config.mjs";
/** The first line of what `init` writes: such a file is ours to replace on the next run. */
const INIT_MARK = "// backend-conventions config, written by `backend-conventions init`";

interface CorpusEntry {
  repo: string;
  commit: string;
  dir: string;
  framework: string;
  prisma: string;
  layout: string;
  projectRoot: string;
  schema: string;
  softDelete: string;
  multiTenant: string;
  notes: string;
}

interface RepoRun {
  entry: CorpusEntry;
  config: "init" | "corpus" | "kept";
  initExit: number | undefined;
  exit: number;
  files: number;
  wall: number;
  rssMb: number;
  findings: CorpusFinding[];
  stderr: string;
}

interface EslintJsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; message: string }[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = valueOf(args, "--only")?.split(",");
  bin = path.resolve(valueOf(args, "--bin") ?? bin);
  const corpus = (JSON.parse(fs.readFileSync(path.join(here, "corpus.json"), "utf8")) as { repositories: CorpusEntry[] }).repositories;
  const labels = readLabels(corpus.map((entry) => entry.dir));
  const runs: RepoRun[] = [];
  for (const entry of corpus.filter((candidate) => !only || only.includes(candidate.dir))) {
    const linked = path.join(here, "repos", entry.dir);
    if (!fs.existsSync(linked)) {
      process.stderr.write(`skipped ${entry.repo}: no work tree at ${linked} (see bench/realworld/README.md)\n`);
      continue;
    }
    // The real path: the CLI reports real paths, and repos/ may be a symlink (a second work tree sharing the corpus).
    const workTree = fs.realpathSync(linked);
    process.stderr.write(`${entry.repo} …\n`);
    runs.push(await runRepository(entry, workTree, args.includes("--keep-config")));
  }

  const findings = runs.flatMap((run) => run.findings);
  // Only the repositories run: with --only, the others' labels are neither stale nor missed.
  const commits = new Map(runs.map((run) => [run.entry.repo, run.entry.commit]));
  const result = score(findings, labels, commits);
  const report = [
    `# Real-world corpus: results`,
    "",
    `Measured at ${gitCommit()} on ${os.cpus()[0]?.model ?? "unknown CPU"} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB), Node ${process.version}; one run per repository.`,
    "",
    "## Per rule",
    "",
    scoreTable(result),
    "",
    "## Per repository",
    "",
    "| Repository | Framework | Prisma | Config | init exit | check exit | Files | Findings | Wall (s) | Peak RSS (MB) |",
    "| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...runs.map(
      (run) =>
        `| ${run.entry.repo} | ${run.entry.framework} | ${run.entry.prisma} | ${run.config} | ${run.initExit ?? "–"} | ${run.exit} | ${run.files} | ${run.findings.length} | ${run.wall.toFixed(2)} | ${Math.round(run.rssMb)} |`,
    ),
    "",
    `Labelled: ${result.total.true + result.total.false + result.total.debatable} of ${result.total.findings} findings (${percent(result.total.findings === 0 ? undefined : 1 - result.total.unlabelled / result.total.findings)}); ${result.stale.length} labels of findings that are gone.`,
    "",
  ].join("\n");
  process.stdout.write(report);
  for (const run of runs.filter((candidate) => candidate.exit > 1)) process.stdout.write(`\n${run.entry.repo}: exit ${run.exit}: ${run.stderr.trim()}\n`);
  for (const label of result.stale) process.stdout.write(`stale label: ${label.repo} ${label.file}:${label.line} ${label.rule} (${label.verdict})\n`);
  const listed = valueOf(args, "--findings");
  if (listed !== undefined) {
    const byPlace = new Map(labels.map((label) => [placeKey(label), label]));
    const rules = new Set(listed.split(","));
    for (const finding of findings.filter((candidate) => listed === "all" || rules.has(candidate.rule))) {
      const label = byPlace.get(placeKey(finding));
      process.stdout.write(`${label?.verdict ?? "unlabelled"} ${finding.rule} ${finding.repo} ${finding.file}:${finding.line} ${label?.reason ?? finding.message}\n`);
    }
  }
  if (args.includes("--unlabelled")) {
    for (const finding of result.unlabelled) process.stdout.write(`${finding.repo} ${finding.file}:${finding.line} ${finding.rule} ${finding.message}\n`);
  }
  if (args.includes("--write")) fs.writeFileSync(path.join(here, "results.md"), report);
}

async function runRepository(entry: CorpusEntry, workTree: string, keepConfig: boolean): Promise<RepoRun> {
  const cwd = path.join(workTree, entry.projectRoot);
  const configFile = path.join(cwd, CONFIG_NAME);
  const corpusConfig = path.join(here, "configs", `${entry.dir}.mjs`);
  const kept = keepConfig && fs.existsSync(configFile);
  if (!kept && fs.existsSync(configFile) && fs.readFileSync(configFile, "utf8").startsWith(INIT_MARK)) fs.rmSync(configFile);
  let initExit: number | undefined;
  if (kept) initExit = undefined;
  else if (fs.existsSync(corpusConfig)) fs.copyFileSync(corpusConfig, configFile);
  else initExit = (await measureCommand(process.execPath, [bin, "init"], { cwd, runs: 1, okExitCodes: [0, 2] })).exitCode;

  const measured = await measureCommand(process.execPath, [bin, "check", "--format", "json"], { cwd, runs: 1, okExitCodes: [0, 1, 2] });
  let results: EslintJsonResult[] = [];
  try {
    results = JSON.parse(measured.stdout) as EslintJsonResult[];
  } catch {
    // exit 2: nothing on stdout; the stderr line says why
  }
  const findings = results.flatMap((result) =>
    result.messages
      .filter((message) => message.ruleId !== null)
      .map((message) => ({
        repo: entry.repo,
        file: path.relative(workTree, result.filePath).split(path.sep).join("/"),
        line: message.line,
        rule: message.ruleId!.replace(/^backend-conventions\//, ""),
        message: message.message,
      })),
  );
  return {
    entry,
    config: kept ? "kept" : initExit === undefined ? "corpus" : "init",
    initExit,
    exit: measured.exitCode,
    files: results.length,
    wall: measured.wall[0] ?? 0,
    rssMb: measured.rss[0] ?? 0,
    findings,
    stderr: measured.stderr,
  };
}

/** Every label file, each repository's main file (`<dir>.json`) before its topic files (`<dir>.<topic>.json`), whose labels override it. */
function readLabels(dirs: readonly string[]): Label[] {
  const folder = path.join(here, "labels");
  if (!fs.existsSync(folder)) return [];
  const main = new Set(dirs.map((dir) => `${dir}.json`));
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort((a, b) => Number(!main.has(a)) - Number(!main.has(b)) || a.localeCompare(b))
    .flatMap((name) => (JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")) as { labels: Label[] }).labels);
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  } catch {
    return "an unknown commit";
  }
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

await main();
