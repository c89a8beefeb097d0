/**
 * The ESLint plugin on each TypeScript of the peer range: for TypeScript 4.9, 5.0, 5.4, 5.9 and 6.0
 * (the npm aliases of the devDependencies, mapped by test/eslint/typescript-alias.cjs), one process
 * each that
 * - lints the reference API through ESLint (configs.strict) and checks it with the CLI's runCheck,
 *   and compares the findings (file, line, rule);
 * - then re-lints one repository file in the warm ESLint instance: its saved text again (`unchanged`), and
 *   alternately an edited text (a comment added) and the saved one (`edited`), as an editor does while
 *   one types; an edited text is read from ESLint's tree alone, the saved one from the project's parse.
 * Prints a markdown table. The built package is measured (`npm run build` first); `--package DIR`
 * measures another build of the package, and `--vs DIR` measures that one too, in turn with the first
 * for each version (a built checkout of main, for the numbers before a change).
 *
 * Run: `node --import tsx bench/eslint-ts-versions.ts [--package DIR] [--vs DIR] [--runs N]`
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { markdownTable, summarize } from "./measure.js";

const repoRoot = path.resolve(import.meta.dirname, "..");
const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
const relintedFile = path.join(fixtureDir, "src/repositories/product-repository.ts");
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const packageRoot = path.resolve(option("package", repoRoot));
const runs = Number(option("runs", "30"));
const VERSIONS = ["typescript-4.9", "typescript-5.0", "typescript-5.4", "typescript-5.9", "typescript"];

interface ChildResult {
  parser: string;
  engine: string;
  eslint: string[];
  cli: string[];
  firstLintMs: number;
  unchangedMs: number[];
  unchangedCpuMs: number[];
  editedMs: number[];
  editedCpuMs: number[];
  editedFindings: string;
}

async function child(): Promise<void> {
  const { ESLint } = await import("eslint");
  const { default: plugin, runCheck } = await import(path.join(packageRoot, "dist/src/index.js"));
  const { ts } = await import(path.join(packageRoot, "dist/src/engine/ts.js"));
  const { createRequire } = await import("node:module");
  const fromParser = createRequire(createRequire(import.meta.url).resolve("@typescript-eslint/parser"));
  const parserTypescript = createRequire(fromParser.resolve("@typescript-eslint/typescript-estree"))("typescript") as { version: string };
  const relative = (file: string) => path.relative(fixtureDir, file).split(path.sep).join("/");

  const eslint = new ESLint({ cwd: fixtureDir, overrideConfigFile: true, overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict] });
  let start = performance.now();
  const results = await eslint.lintFiles(["src/**/*.ts"]);
  const firstLintMs = performance.now() - start;
  const eslintFindings = results
    .flatMap((result) =>
      result.messages.filter((m) => m.ruleId === null || m.ruleId.startsWith("backend-conventions/")).map((m) => `${relative(result.filePath)}:${m.line} ${m.ruleId ?? "(no rule)"}`),
    )
    .sort();
  const check = await runCheck({ cwd: fixtureDir });
  const cliFindings = (check.files as { filePath: string; findings: { line: number; ruleId: string }[] }[])
    .filter((file) => !file.filePath.endsWith(".prisma"))
    .flatMap((file) => file.findings.map((f) => `${relative(file.filePath)}:${f.line} backend-conventions/${f.ruleId}`))
    .sort();

  const saved = fs.readFileSync(relintedFile, "utf8");
  // An edit that changes no finding: a comment at the end.
  const edited = `${saved}\n// edited\n`;
  // Wall and CPU time of each lint: on a busy machine the CPU time of the process says more.
  const time = async (text: (run: number) => string) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    let findings = 0;
    for (let run = 0; run < runs; run++) {
      const current = text(run);
      const cpuStart = process.cpuUsage();
      start = performance.now();
      const [result] = await eslint.lintText(current, { filePath: relintedFile });
      wall.push(performance.now() - start);
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
      if (current === edited) findings = result.messages.length;
    }
    return { wall, cpu, findings };
  };
  const unchanged = await time(() => saved);
  const editedRuns = await time((run) => (run % 2 === 0 ? edited : saved));
  // The edited text is linted through ESLint's tree alone (the project knows only the saved one): its findings, and the saved file's.
  const savedFindings = eslintFindings.filter((finding) => finding.startsWith(`${relative(relintedFile)}:`)).length;
  const result: ChildResult = {
    parser: parserTypescript.version,
    engine: ts.version,
    eslint: eslintFindings,
    cli: cliFindings,
    firstLintMs,
    unchangedMs: unchanged.wall,
    unchangedCpuMs: unchanged.cpu,
    editedMs: editedRuns.wall,
    editedCpuMs: editedRuns.cpu,
    editedFindings: `${editedRuns.findings} of ${savedFindings}`,
  };
  process.stdout.write(JSON.stringify(result));
}

function measure(alias: string, root: string): ChildResult {
  const stdout = execFileSync(
    process.execPath,
    ["--require", path.join(repoRoot, "test/eslint/typescript-alias.cjs"), "--import", "tsx", import.meta.filename, "--child", "--package", root, "--runs", String(runs)],
    { cwd: repoRoot, env: { ...process.env, BC_TYPESCRIPT: alias }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as ChildResult;
}

function row(label: string, result: ChildResult): string[] {
  const onlyEslint = result.eslint.filter((finding) => !result.cli.includes(finding)).length;
  const onlyCli = result.cli.filter((finding) => !result.eslint.includes(finding)).length;
  const same = JSON.stringify(result.eslint) === JSON.stringify(result.cli);
  const ms = (values: number[]) => `${summarize(values).median.toFixed(1)} (${summarize(values).min.toFixed(1)})`;
  return [
    label,
    result.parser,
    result.engine,
    String(result.eslint.length),
    String(result.cli.length),
    same ? "yes" : `no (${onlyEslint} only ESLint, ${onlyCli} only CLI)`,
    (result.firstLintMs / 1000).toFixed(2),
    ms(result.unchangedMs),
    ms(result.unchangedCpuMs),
    ms(result.editedMs),
    ms(result.editedCpuMs),
    result.editedFindings,
  ];
}

function parent(): void {
  const vs = args.includes("--vs") ? path.resolve(option("vs", "")) : undefined;
  const name = (root: string) => path.relative(repoRoot, root) || "this build";
  const rows: string[][] = [];
  for (const alias of VERSIONS) {
    process.stderr.write(`${alias}…\n`);
    // With --vs, the two builds in turn for each version, so a machine that slows down slows both.
    if (vs) rows.push(row(name(vs), measure(alias, vs)));
    rows.push(row(name(packageRoot), measure(alias, packageRoot)));
  }
  process.stdout.write(
    `## The ESLint plugin per TypeScript version\n\n` +
      `Reference API, configs.strict; re-lint of \`${path.relative(fixtureDir, relintedFile)}\` in the warm ESLint instance, ${runs} runs: median (min), wall and CPU time of the process.\n\n` +
      markdownTable(
        ["build", "typescript-eslint's TypeScript", "engine's TypeScript", "ESLint findings", "CLI findings", "same findings", "first lint (s)", "re-lint unchanged (ms)", "CPU (ms)", "re-lint edited (ms)", "CPU (ms)", "edited file's findings"],
        rows,
      ) +
      "\n",
  );
}

if (args.includes("--child")) await child();
else parent();
