import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCachedCheck } from "../../src/cli/cached-check.js";
import { eslintIn, messagesOf, removeTemporaryProjects, temporaryProject, writeFile } from "./helpers.js";

afterAll(removeTemporaryProjects);

/**
 * The behaviour README's "ESLint's --cache" paragraph documents: ESLint's cache keys each file by its own
 * text and the ESLint config, so a finding that came from another file outlives the fix of that file;
 * the CLI's `--cache` records what each file's findings read and gives the exact findings.
 */
describe("ESLint's --cache and cross-file findings", () => {
  it("keeps a finding whose cause was fixed in another file; the CLI's --cache does not", async () => {
    const dir = temporaryProject();
    // parity.ts line 9 spreads liveRows from helpers.ts: with liveRows broken, that findMany reads deleted rows.
    writeFile(dir, "src/helpers.ts", 'export const liveRows = {};\nexport function notDeleted() {\n  return { deletedAt: null };\n}\nexport const withPortions = { portions: true };\n');
    const cacheLocation = path.join(dir, ".eslintcache");
    const lint = async () =>
      messagesOf(await eslintIn(dir, { cache: true, cacheLocation }).lintFiles(["src/parity.ts", "src/helpers.ts"]), dir).filter((line) => line.startsWith("src/parity.ts:9:"));
    const cli = async () =>
      (await runCachedCheck({ cwd: dir, paths: ["src/parity.ts"], cacheLocation: ".bc-cache" })).result.files[0].findings.filter((f) => f.line === 9).map((f) => `${f.line}:${f.column} ${f.ruleId}`);

    expect(await lint()).toEqual(["src/parity.ts:9:38 2 require-bounded-list", "src/parity.ts:9:38 2 require-soft-delete-filter"]);
    expect(await cli()).toEqual(["9:38 require-bounded-list", "9:38 require-soft-delete-filter"]);

    // The fix is in helpers.ts; parity.ts is unchanged.
    writeFile(dir, "src/helpers.ts", 'export const liveRows = { deletedAt: null };\nexport function notDeleted() {\n  return { deletedAt: null };\n}\nexport const withPortions = { portions: true };\n');
    expect(await lint()).toEqual(["src/parity.ts:9:38 2 require-bounded-list", "src/parity.ts:9:38 2 require-soft-delete-filter"]); // stale
    expect(await cli()).toEqual(["9:38 require-bounded-list"]); // exact

    // Without ESLint's cache, the plugin sees the fix too.
    const fresh = messagesOf(await eslintIn(dir).lintFiles(["src/parity.ts"]), dir).filter((line) => line.startsWith("src/parity.ts:9:"));
    expect(fresh).toEqual(["src/parity.ts:9:38 2 require-bounded-list"]);
  });
});
