/**
 * The ESLint plugin on each TypeScript a user may have (our peer range, >=4.8.4 <6.1.0): the reference
 * API linted through ESLint in a child process whose `typescript` is that version (an npm alias of the
 * devDependencies, mapped by `typescript-alias.cjs`), for typescript-eslint's parser and the engine
 * alike. The BUILT package is linted, as users run it; `npm test` builds first.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { assertBuilt, repoRoot } from "../e2e/helpers.js";

const fixtureDir = path.join(repoRoot, "fixtures/reference-api");

interface Run {
  parserTypescript: string;
  engineTypescript: string;
  eslint: string[];
  /** the findings of an unsaved edit of src/repositories/product-repository.ts, read from ESLint's tree */
  edited: string[];
  cli: string[];
  stderr: string;
}

/** One ESLint run and one `check` of the reference API with `typescript` mapped to `alias`. */
async function lintWith(alias: string): Promise<Run> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--require", path.join(import.meta.dirname, "typescript-alias.cjs"), path.join(import.meta.dirname, "lint-reference-api.mjs")],
    { cwd: repoRoot, env: { ...process.env, BC_TYPESCRIPT: alias }, maxBuffer: 16 * 1024 * 1024 },
  );
  return { ...(JSON.parse(stdout) as Omit<Run, "stderr">), stderr };
}

describe("the ESLint plugin on each supported TypeScript", () => {
  let reference: string[];
  beforeAll(async () => {
    assertBuilt();
    // The CLI's findings in this process (the repository's TypeScript 6.0): what every version must give.
    const check = await runCheck({ cwd: fixtureDir });
    reference = check.files
      .filter((file) => !file.filePath.endsWith(".prisma"))
      .flatMap((file) => file.findings.map((f) => `${path.relative(fixtureDir, file.filePath).split(path.sep).join("/")}:${f.line} backend-conventions/${f.ruleId}`))
      .sort();
  });

  // Each run: both front-ends give exactly the reference findings, on the saved files and on an unsaved
  // edit (read from typescript-eslint's tree alone), and ESLint and the engine load the same TypeScript
  // (no fallback to the bundled one, so no second parse and nothing said on stderr).
  it.each([
    ["typescript-4.9", "4.9.5"],
    ["typescript-5.0", "5.0.4"],
    ["typescript-5.4", "5.4.5"],
    ["typescript-5.9", "5.9.3"],
    ["typescript", createRequire(import.meta.url)("typescript/package.json").version as string],
  ])("%s: ESLint gives the CLI's findings, read with TypeScript %s", async (alias, version) => {
    const run = await lintWith(alias);
    expect(reference.length).toBeGreaterThan(40);
    expect(run.eslint).toEqual(reference);
    expect(run.edited).toEqual(reference.filter((finding) => finding.startsWith("src/repositories/product-repository.ts:")));
    expect(run.edited.length).toBeGreaterThan(5);
    expect(run.cli).toEqual(reference);
    expect({ parser: run.parserTypescript, engine: run.engineTypescript, stderr: run.stderr }).toEqual({ parser: version, engine: version, stderr: "" });
  }, 60_000);
});
