/**
 * The incremental half of the benchmark, on a corpus `run.ts` generated (default: 1000 modules):
 * - the editor: one warm ESLint process lints the whole corpus once, then re-lints one
 *   ~300-line file the way an editor does, alternating an edited and the saved text;
 * - `check --cache`: a cold run, a run with no change, and a run after one repository edit.
 * Appends its sections to bench/results.md. Run: `node --import tsx bench/incremental.ts [--modules N] [--runs N]`.
 */
import fs from "node:fs";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { formatSeconds, markdownTable, measureCommand, summarize } from "./measure.js";
import { plugin } from "../src/eslint/plugin.js";

const repoRoot = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const modules = option("modules", 1000);
const relints = option("runs", 40);
const corpusDir = path.join(repoRoot, `bench/out/corpus-${modules}`);
if (!fs.existsSync(corpusDir)) {
  process.stderr.write(`${path.relative(repoRoot, corpusDir)} does not exist: run bench/run.ts with --sizes ${modules} first\n`);
  process.exit(2);
}

/** The longest service of the corpus, padded with a comment block to 300 lines: the file an editor re-lints. */
function editedFile(): { file: string; text: string } {
  const file = path.join(corpusDir, "src/modules/order0/order0.service.ts");
  const text = fs.readFileSync(file, "utf8");
  const lines = text.split("\n").length;
  const padding = Array.from({ length: Math.max(0, 300 - lines) }, (_, index) => `// note ${index}: kept so the file has the size of a real service`).join("\n");
  return { file, text: `${text}\n${padding}\n` };
}

async function editorSection(): Promise<string> {
  // An editor's ESLint server is a long-lived process, whatever CI or the shell says (see src/eslint/single-run.ts).
  process.env.TSESTREE_SINGLE_RUN = "false";
  const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict as Linter.Config] });
  const warmStart = performance.now();
  await eslint.lintFiles(["src/**/*.ts"]);
  const warmSeconds = (performance.now() - warmStart) / 1000;
  const { file, text } = editedFile();
  const saved = fs.readFileSync(file, "utf8");
  const times: number[] = [];
  let findings = 0;
  for (let run = 0; run < relints; run++) {
    // An edit changes the file's text (a renamed local), so cross-file facts that read it are recomputed.
    const current = run % 2 === 0 ? text.replace(/\brow\b/g, "record") : saved;
    const start = performance.now();
    const [result] = await eslint.lintText(current, { filePath: file });
    times.push(performance.now() - start);
    findings = result.messages.length;
  }
  const stats = summarize(times);
  return `## Editor: re-linting one file in a warm ESLint process (${modules} modules)

The whole corpus is linted once (${formatSeconds(warmSeconds)} s), then \`${path.relative(corpusDir, file)}\` (300 lines) is re-linted ${relints} times with \`lintText\`, alternating an edited text and the saved one, with every rule of \`configs.strict\` (cross-file rules included). Last run: ${findings} findings.

${markdownTable(["", "median", "min", "max"], [["re-lint (ms)", stats.median.toFixed(1), stats.min.toFixed(1), stats.max.toFixed(1)]])}

Target ≤ 50 ms median: ${stats.median <= 50 ? "met" : "not met"}.`;
}

async function cacheSection(): Promise<string> {
  const bin = path.join(repoRoot, "dist/src/cli/bin.js");
  const cacheDir = path.join(corpusDir, ".backend-conventions-cache");
  const command = ["check", "--cache", "-f", "json"];
  const measure = (runs: number, beforeRun?: () => void) => measureCommand(process.execPath, [bin, ...command], { cwd: corpusDir, runs, okExitCodes: [0, 1], beforeRun });
  const cold = await measure(3, () => fs.rmSync(cacheDir, { recursive: true, force: true }));
  await measure(1);
  const unchanged = await measure(3);
  const repository = path.join(corpusDir, "src/modules/order0/order0.repository.ts");
  const original = fs.readFileSync(repository, "utf8");
  let edits = 0;
  const edited = await measure(3, () => {
    // Each run sees one changed file: the repository alternates between two texts.
    edits++;
    fs.writeFileSync(repository, edits % 2 === 1 ? original.replace("take: 100 });", "take: 50 });") : original);
  });
  fs.writeFileSync(repository, original);
  const plain = await measureCommand(process.execPath, [bin, "check", "-f", "json"], { cwd: corpusDir, runs: 1, okExitCodes: [0, 1] });
  const identical = JSON.stringify(JSON.parse(unchanged.stdout)) === JSON.stringify(JSON.parse(plain.stdout));
  const coldMedian = summarize(cold.wall).median;
  const row = (name: string, wall: number[], rss: number[]) => {
    const stats = summarize(wall);
    return [name, formatSeconds(stats.median), formatSeconds(stats.min), formatSeconds(stats.max), summarize(rss).median.toFixed(0), `${((stats.median / coldMedian) * 100).toFixed(0)}%`];
  };
  const unchangedShare = summarize(unchanged.wall).median / coldMedian;
  return `## check --cache (${modules} modules)

${markdownTable(
  ["run", "wall median (s)", "min (s)", "max (s)", "peak RSS (MB)", "of cold"],
  [row("cold (no cache)", cold.wall, cold.rss), row("no file changed", unchanged.wall, unchanged.rss), row("one repository edited", edited.wall, edited.rss)],
)}

- Second run with no change ≤ 20% of the first: ${unchangedShare <= 0.2 ? "met" : "not met"} (${(unchangedShare * 100).toFixed(0)}%).
- Findings of the cached run equal those of a run without --cache: ${identical ? "yes" : "NO"}.
- After one repository edit, the files re-checked are the repository, its service and its routes (asserted on a generated corpus in \`test/optimisations.test.ts\`, with findings equal to a cold run).`;
}

const sections = [await editorSection(), await cacheSection()];
const resultsFile = path.join(repoRoot, "bench/results.md");
const previous = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8").replace(/\n## Editor:[\s\S]*$/, "\n") : "# Benchmark results\n";
fs.writeFileSync(resultsFile, `${previous.trimEnd()}\n\n${sections.join("\n\n")}\n`);
process.stdout.write(`${sections.join("\n\n")}\n`);
