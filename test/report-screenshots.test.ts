import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../scripts/generated-files.js";

/**
 * scripts/report-screenshots.mjs renders the reference API's HTML report in headless Chromium; CI
 * does not depend on a browser, so without one the script says so and succeeds. (The CSS that holds
 * at 390 px is checked without a browser in test/reporters/html.test.ts.)
 */
describe("report-screenshots script", () => {
  it("skips with a message and exit 0 when no browser is found", () => {
    const missing = path.join(repoRoot, "no-such-chromium");
    const run = spawnSync(process.execPath, [path.join(repoRoot, "scripts/report-screenshots.mjs")], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, CHROMIUM_PATH: missing },
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`report-screenshots: skipped, no Chromium at ${missing} (install chromium or set CHROMIUM_PATH)\n`);
    expect(run.stderr).toBe("");
  });
});
