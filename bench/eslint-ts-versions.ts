/**
 * The ESLint plugin on each TypeScript of the peer range: for TypeScript 4.9, 5.0, 5.4, 5.9 and 6.0
 * (the npm aliases of the devDependencies, mapped by test/eslint/typescript-alias.cjs), one process
 * each that
 * - lints the reference API through ESLint (configs.strict) and checks it with the CLI's runCheck,
 *   and compares the findings (file, line, rule);
 * - then re-lints one route file in the warm ESLint instance: its saved text again (`unchanged`), and
 *   alternately an edited text and the saved one (`edited`), as an editor does while one types.
 * Prints a markdown table. The built package is measured (`npm run build` first); `--package DIR`
 * measures another build of the package (a checkout of main, for the numbers before a change).
 *
 * Run: `node --import tsx bench/eslint-ts-versions.ts [--package DIR] [--runs N]`
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { markdownTable, summarize } from "./measure.js";

const repoRoot = path.resolve(import.meta.dirname, "..");
const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
const relintedFile = path.join(fixtureDir, "src/routes/products.ts");
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
  editedMs: number[];
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
  const edited = saved.replace(/\bproducts\b/g, "catalogue");
  const time = async (text: (run: number) => string) => {
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const current = text(run);
      start = performance.now();
      await eslint.lintText(current, { filePath: relintedFile });
      times.push(performance.now() - start);
    }
    return times;
  };
  const unchangedMs = await time(() => saved);
  const editedMs = await time((run) => (run % 2 === 0 ? edited : saved));
  const result: ChildResult = { parser: parserTypescript.version, engine: ts.version, eslint: eslintFindings, cli: cliFindings, firstLintMs, unchangedMs, editedMs };
  process.stdout.write(JSON.stringify(result));
}

function parent(): void {
  const rows: string[][] = [];
  for (const alias of VERSIONS) {
    process.stderr.write(`${alias}…\n`);
    const stdout = execFileSync(
      process.execPath,
      ["--require", path.join(repoRoot, "test/eslint/typescript-alias.cjs"), "--import", "tsx", import.meta.filename, "--child", "--package", packageRoot, "--runs", String(runs)],
      { cwd: repoRoot, env: { ...process.env, BC_TYPESCRIPT: alias }, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
    );
    const result = JSON.parse(stdout) as ChildResult;
    const onlyEslint = result.eslint.filter((finding) => !result.cli.includes(finding)).length;
    const onlyCli = result.cli.filter((finding) => !result.eslint.includes(finding)).length;
    const same = JSON.stringify(result.eslint) === JSON.stringify(result.cli);
    rows.push([
      result.parser,
      result.engine,
      String(result.eslint.length),
      String(result.cli.length),
      same ? "yes" : `no (${onlyEslint} only ESLint, ${onlyCli} only CLI)`,
      (result.firstLintMs / 1000).toFixed(2),
      summarize(result.unchangedMs).median.toFixed(1),
      summarize(result.editedMs).median.toFixed(1),
    ]);
  }
  process.stdout.write(
    `## The ESLint plugin per TypeScript version (${path.relative(repoRoot, packageRoot) || "this build"})\n\n` +
      `Reference API, configs.strict; re-lint of \`${path.relative(fixtureDir, relintedFile)}\` in the warm ESLint instance, ${runs} runs, median.\n\n` +
      markdownTable(
        ["typescript-eslint's TypeScript", "engine's TypeScript", "ESLint findings", "CLI findings", "same findings", "first lint (s)", "re-lint unchanged (ms)", "re-lint edited (ms)"],
        rows,
      ) +
      "\n",
  );
}

if (args.includes("--child")) await child();
else parent();
