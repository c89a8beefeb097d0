import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corpusFiles, generateCorpus } from "../bench/corpus/generate.js";
import { readAnnotations } from "../bench/annotations.js";
import { runCachedCheck } from "../src/cli/cached-check.js";
import { checkProject, runCheck } from "../src/cli/check.js";
import { memoisation } from "../src/engine/dependencies.js";
import type { CheckResult } from "../src/engine/findings.js";
import { plugin } from "../src/eslint/plugin.js";
import { allRules } from "../src/rule-registry.js";
import { repoRoot } from "../scripts/generated-files.js";

/**
 * Every optimisation must leave the findings as they are: memoised cross-file facts, the
 * reused parse, and `--cache` (cold, warm, and after an edit) give the findings of a plain
 * run, on the reference API and on a generated corpus. Performance guards count work (files
 * parsed, files re-checked), never time.
 */
const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
const corpusModules = 40;
let corpusDir: string;
let cacheDir: string;

beforeAll(() => {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-corpus-")));
  corpusDir = path.join(base, "corpus");
  cacheDir = path.join(base, "cache");
  generateCorpus(corpusDir, corpusModules, { repoRoot });
});

afterAll(() => {
  fs.rmSync(path.dirname(corpusDir), { recursive: true, force: true });
});

function findings(result: CheckResult, root: string): string[] {
  return result.files.flatMap((file) => file.findings.map((f) => `${f.ruleId} ${path.relative(root, file.filePath)}:${f.line}:${f.column} ${f.message}`)).sort();
}

const known = new Set(allRules.map((rule) => rule.name));

describe("the generated corpus", () => {
  it("has exactly its planted defects as findings", async () => {
    const result = await runCheck({ cwd: corpusDir });
    const found = result.files.flatMap((file) => file.findings.map((f) => `${f.ruleId} ${path.relative(corpusDir, file.filePath)}:${f.line}`)).sort();
    expect(found).toEqual(readAnnotations(corpusDir, ["src", "prisma"], known));
    expect(new Set(found.map((entry) => entry.split(" ")[0]))).toEqual(known);
  });

  it("is checked with one parse per project file, shared by every rule and every cross-file fact", async () => {
    const { analysis, files } = await checkProject({ cwd: corpusDir });
    // The generated client is no source of the program: not checked, and not even parsed.
    expect(analysis.project.tsconfigFiles.filter((file) => !analysis.project.programFiles.includes(file)).map((file) => path.relative(corpusDir, file))).toEqual([
      path.join("src", "generated", "prisma", "client.ts"),
    ]);
    expect(analysis.project.filesParsed).toBe(analysis.project.programFiles.length);
    expect(files.length).toBe(analysis.project.programFiles.length);
  });

  it("gives the CLI's findings under ESLint", async () => {
    const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict as never] });
    const fromEslint = (await eslint.lintFiles(["src/**/*.ts"]))
      .flatMap((result) => result.messages.map((m) => `${m.ruleId?.replace("backend-conventions/", "")} ${path.relative(corpusDir, result.filePath)}:${m.line}:${m.column} ${m.message}`))
      .sort();
    const fromCli = findings(await runCheck({ cwd: corpusDir }), corpusDir).filter((entry) => !entry.includes(".prisma:"));
    expect(fromEslint).toEqual(fromCli);
  });
});

describe.each([
  ["the reference API", () => fixtureDir],
  ["the generated corpus", () => corpusDir],
])("on %s, findings are the same", (_name, dir) => {
  it("with and without memoised cross-file facts", async () => {
    const memoised = findings(await runCheck({ cwd: dir() }), dir());
    memoisation.enabled = false;
    try {
      expect(findings(await runCheck({ cwd: dir() }), dir())).toEqual(memoised);
    } finally {
      memoisation.enabled = true;
    }
    expect(memoised.length).toBeGreaterThan(0);
    // Without memoisation every cross-file fact is recomputed per question: a correctness check, given time.
  }, 180_000);

  it("with --cache, cold and warm", async () => {
    const cacheLocation = path.join(cacheDir, path.basename(dir()));
    fs.rmSync(cacheLocation, { recursive: true, force: true });
    const plain = findings(await runCheck({ cwd: dir() }), dir());
    const cold = await runCachedCheck({ cwd: dir(), cacheLocation });
    expect(findings(cold.result, dir())).toEqual(plain);
    const warm = await runCachedCheck({ cwd: dir(), cacheLocation });
    expect(warm.rechecked).toEqual([]);
    expect(findings(warm.result, dir())).toEqual(plain);
  });
});

describe("--cache when a file appears or disappears where an unchanged file's import resolves", () => {
  // Import resolution is an input of a result: the importer's findings went through the file, or through nothing.
  it.each(["src/services/item-service.ts", "src/repositories/scope.ts"])("%s removed, then put back: each cached run finds what a plain run finds", async (file) => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-resolution-")));
    try {
      fs.cpSync(fixtureDir, dir, { recursive: true });
      const cacheLocation = path.join(dir, ".cache");
      const full = path.join(dir, file);
      const text = fs.readFileSync(full, "utf8");
      const withFile = findings(await runCheck({ cwd: dir }), dir);
      await runCachedCheck({ cwd: dir, cacheLocation });

      fs.rmSync(full);
      const without = findings(await runCheck({ cwd: dir }), dir);
      expect(without).not.toEqual(withFile);
      expect(findings((await runCachedCheck({ cwd: dir, cacheLocation })).result, dir)).toEqual(without);

      fs.writeFileSync(full, text);
      expect(findings((await runCachedCheck({ cwd: dir, cacheLocation })).result, dir)).toEqual(withFile);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--cache after an edit", () => {
  const edit = (file: string, from: string, to: string) => {
    const full = path.join(corpusDir, file);
    const text = fs.readFileSync(full, "utf8");
    expect(text).toContain(from);
    fs.writeFileSync(full, text.replace(from, to));
  };

  it("re-checks the edited repository and the files whose findings went through it, and finds what a cold run finds", async () => {
    const cacheLocation = path.join(cacheDir, "edits");
    await runCachedCheck({ cwd: corpusDir, cacheLocation });
    // order0 is a class module; dropping the scope of findOwned plants two defects on its line.
    edit("src/modules/order0/order0.repository.ts", "findFirst({ where: { id, ...owned(userId) } })", "findFirst({ where: { id } })");
    const after = await runCachedCheck({ cwd: corpusDir, cacheLocation });
    expect(after.rechecked.map((file) => path.relative(corpusDir, file))).toEqual([
      "src/modules/order0/order0.repository.ts",
      "src/modules/order0/order0.routes.ts",
      "src/modules/order0/order0.service.ts",
    ]);
    const cold = findings(await runCheck({ cwd: corpusDir }), corpusDir);
    expect(findings(after.result, corpusDir)).toEqual(cold);
    expect(cold.filter((entry) => entry.includes("order0.repository.ts:11:"))).toEqual([
      expect.stringMatching(/^require-owner-scope src\/modules\/order0\/order0.repository.ts:\d+:\d+ /),
      expect.stringMatching(/^require-soft-delete-filter src\/modules\/order0\/order0.repository.ts:\d+:\d+ /),
    ]);
  });

  it("re-checks what looked up the callers of a function when a new file starts calling it", async () => {
    const cacheLocation = path.join(cacheDir, "new-file");
    await runCachedCheck({ cwd: corpusDir, cacheLocation });
    fs.writeFileSync(
      path.join(corpusDir, "src/modules/invoice1/invoice1.export.ts"),
      'import { findOwned } from "./invoice1.repository.js";\nexport const exportOne = (userId: string, id: string) => findOwned(userId, id);\n',
    );
    const after = await runCachedCheck({ cwd: corpusDir, cacheLocation });
    expect(findings(after.result, corpusDir)).toEqual(findings(await runCheck({ cwd: corpusDir }), corpusDir));
    // Who imports `findOwned` is looked up by name: the new file changes that lookup for every
    // function module (odd modules export a findOwned), never for the class modules (even ones).
    // The lookup is made by each function module's repository (its findOwned) and routes (their handlers).
    const functionModuleFiles = [...corpusFiles(corpusModules, "").keys()].filter((file) => {
      const match = /^src\/modules\/\D+(\d+)\/\D+\d+\.(repository|routes)\.ts$/.exec(file);
      return match !== null && Number(match[1]) % 2 === 1;
    });
    expect(functionModuleFiles).toHaveLength(corpusModules); // half the modules, two files each
    const rechecked = after.rechecked.map((file) => path.relative(corpusDir, file)).sort();
    expect(rechecked).toEqual(["src/modules/invoice1/invoice1.export.ts", ...functionModuleFiles].sort());
  });
});
