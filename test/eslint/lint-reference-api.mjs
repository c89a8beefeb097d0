// Lints the reference API through ESLint with the BUILT plugin (the strict config, as test/parity.test.ts
// does in-process), lints one file's unsaved edit (a comment added), and checks the API with the built CLI's
// runCheck in the same process; prints one JSON object: the TypeScript versions in play and the findings as
// "file:line rule", sorted.
// Run with `--require ./typescript-alias.cjs` and BC_TYPESCRIPT to choose the TypeScript.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
const { default: plugin, runCheck } = await import(path.join(repoRoot, "dist/src/index.js"));
const { ts } = await import(path.join(repoRoot, "dist/src/engine/ts.js"));

// The TypeScript typescript-eslint's parser loads: `typescript` as resolved from typescript-estree.
const fromParser = createRequire(createRequire(import.meta.url).resolve("@typescript-eslint/parser"));
const parserTypescript = createRequire(fromParser.resolve("@typescript-eslint/typescript-estree"))("typescript");

const relative = (file) => path.relative(fixtureDir, file).split(path.sep).join("/");
const eslint = new ESLint({ cwd: fixtureDir, overrideConfigFile: true, overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict] });
const results = await eslint.lintFiles(["src/**/*.ts"]);
// Our rules' findings, and any message of no rule (a parsing error, a crash); the fixture's disable
// comments for typescript-eslint's rules, which this config does not load, are not ours.
const eslintFindings = results
  .flatMap((result) => result.messages.filter((m) => m.ruleId === null || m.ruleId.startsWith("backend-conventions/")).map((m) => `${relative(result.filePath)}:${m.line} ${m.ruleId ?? `(no rule) ${m.message}`}`))
  .sort();

// An editor's lint of unsaved text: the project knows only the saved text, so the rules read ESLint's tree.
const editedFile = path.join(fixtureDir, "src/repositories/product-repository.ts");
const [edited] = await eslint.lintText(`${fs.readFileSync(editedFile, "utf8")}\n// edited\n`, { filePath: editedFile });
const editedFindings = edited.messages.map((m) => `${relative(editedFile)}:${m.line} ${m.ruleId ?? `(no rule) ${m.message}`}`).sort();

const check = await runCheck({ cwd: fixtureDir });
const cliFindings = check.files
  .filter((file) => !file.filePath.endsWith(".prisma"))
  .flatMap((file) => file.findings.map((f) => `${relative(file.filePath)}:${f.line} backend-conventions/${f.ruleId}`))
  .sort();

process.stdout.write(JSON.stringify({ parserTypescript: parserTypescript.version, engineTypescript: ts.version, eslint: eslintFindings, edited: editedFindings, cli: cliFindings }));
