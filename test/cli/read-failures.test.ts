/**
 * A file that cannot be read when the run reaches it (deleted during the run, no permission) is one
 * fatal finding for that file — never a crash, and never a clean file, with or without `--cache`.
 * Deletion during a run is simulated by making that one read fail; the other files are read as usual.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { runCachedCheck } from "../../src/cli/cached-check.js";
import { runCheck } from "../../src/cli/check.js";
import { clearConfigCache } from "../../src/config/index.js";
import type { CheckResult } from "../../src/engine/findings.js";
import { baseProject, ITEMS_UNFILTERED_TS } from "../e2e/helpers.js";

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
  clearConfigCache();
});

function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-read-")));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

/** Reads of `file` fail with ENOENT from now on, as if it had been deleted after the file list was made. */
function deletedDuringTheRun(file: string): void {
  const read = fs.readFileSync;
  vi.spyOn(fs, "readFileSync").mockImplementation(((name: fs.PathOrFileDescriptor, options?: unknown) => {
    if (name === file) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: "ENOENT" });
    return read(name, options as BufferEncoding);
  }) as typeof fs.readFileSync);
}

function findingsOf(result: CheckResult, root: string): string[] {
  return result.files.flatMap((file) => file.findings.map((finding) => `${path.relative(root, file.filePath)}:${finding.line}:${finding.column} ${finding.ruleId ?? "fatal"} ${finding.message}`));
}

describe("a file that cannot be read during the run", () => {
  it("is one fatal finding for that file; the other files are checked as usual", async () => {
    const root = project({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, "src/other.ts": ITEMS_UNFILTERED_TS });
    const before = findingsOf(await runCheck({ cwd: root }), root).filter((line) => line.startsWith("src/other.ts"));
    clearConfigCache();
    deletedDuringTheRun(path.join(root, "src/items.ts"));
    const found = findingsOf(await runCheck({ cwd: root }), root);
    expect(found.filter((line) => line.startsWith("src/items.ts"))).toEqual(["src/items.ts:1:1 fatal Cannot read the file: no such file"]);
    expect(found.filter((line) => line.startsWith("src/other.ts"))).toEqual(before);
    expect(before).toHaveLength(1);
  });

  it("with --cache too: a finding, never clean, and read again on the next run", async () => {
    const root = project({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const cacheLocation = path.join(root, ".cache");
    await runCachedCheck({ cwd: root, cacheLocation });
    clearConfigCache();
    fs.appendFileSync(path.join(root, "src/items.ts"), "\n// edited\n");
    deletedDuringTheRun(path.join(root, "src/items.ts"));
    const unreadable = findingsOf((await runCachedCheck({ cwd: root, cacheLocation })).result, root);
    expect(unreadable).toContain("src/items.ts:1:1 fatal Cannot read the file: no such file");
    vi.restoreAllMocks();
    clearConfigCache();
    const again = await runCachedCheck({ cwd: root, cacheLocation });
    expect(again.rechecked.map((file) => path.relative(root, file))).toContain("src/items.ts");
    expect(findingsOf(again.result, root).filter((line) => line.startsWith("src/items.ts"))).toEqual([
      expect.stringMatching(/^src\/items\.ts:4:22 require-soft-delete-filter /),
    ]);
  });
});
