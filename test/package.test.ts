/**
 * The package users install: packed, installed into a fresh project with the reference API, and run
 * both ways (`npx backend-conventions check`, `npx eslint .` with the README's config). Slow (an npm
 * install), so it runs once, through the script CI users can run too.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../scripts/generated-files.js";

describe("the packed package, installed into a fresh project", () => {
  it("gives the same findings from the CLI and from ESLint, ships no tests or fixtures, and lints no generated client", () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, "scripts/package-smoke.mjs")], { cwd: repoRoot, encoding: "utf8", timeout: 300_000 });
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ unwantedInTarball: [], checkExit: 1, eslintExit: 1, lintedGenerated: 0, onlyCli: [], onlyEslint: [], stderr: "" });
    expect(report.cliFindings).toBe(report.eslintFindings);
    expect(report.cliFindings).toBeGreaterThan(40);
    expect(run.status).toBe(0);
  }, 300_000);
});
