/** `check --baseline` / `--update-baseline` with the built bin: the round trip a team adopting the tool goes through. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "../../src/engine/fingerprint.js";
import { packageInfo } from "../../src/package-info.js";
import {
  assertBuilt,
  baseProject,
  createProject,
  HARD_DELETE_MESSAGE,
  ITEMS_HARD_DELETE_TS,
  ITEMS_UNFILTERED_TS,
  removeProjects,
  repoRoot,
  runCli,
  SUGGESTIONS_LINE,
  UNFILTERED_MESSAGE,
} from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

const BASELINE = "bc-baseline.json";
const UPDATE = ["check", "--baseline", BASELINE, "--update-baseline"];
const CHECK = ["check", "--baseline", BASELINE];

describe("baseline round trip", () => {
  it("writes the baseline, then suppresses its findings, reports only new ones, and survives unrelated edits", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });

    // 1. write the baseline: exit 0, nothing on stdout
    expect(runCli(dir, UPDATE)).toEqual({ status: 0, stdout: "", stderr: `Wrote 1 finding to the baseline ${BASELINE}\n` });
    expect(JSON.parse(fs.readFileSync(path.join(dir, BASELINE), "utf8"))).toEqual({
      version: 1,
      toolVersion: packageInfo.version,
      entries: [
        {
          ruleId: "require-soft-delete-filter",
          file: "src/items.ts",
          fingerprint: fingerprint({
            ruleId: "require-soft-delete-filter",
            file: "src/items.ts",
            lineText: "return prisma.item.findFirst();",
            occurrence: 0,
          }),
          message: `${UNFILTERED_MESSAGE}.`,
        },
      ],
    });

    // 2. the same code: exit 0, nothing reported
    expect(runCli(dir, CHECK)).toEqual({ status: 0, stdout: "", stderr: `1 finding suppressed by the baseline ${BASELINE}\n` });

    // 3. a new violation: exit 1 with only the new one
    fs.writeFileSync(path.join(dir, "src/remove.ts"), ITEMS_HARD_DELETE_TS);
    expect(runCli(dir, CHECK)).toEqual({
      status: 1,
      stdout: [
        "",
        "src/remove.ts",
        `  4:22  error  ${HARD_DELETE_MESSAGE}  no-hard-delete`,
        "",
        "✖ 1 problem (1 error, 0 warnings)",
        SUGGESTIONS_LINE,
        "",
      ].join("\n"),
      stderr: `1 finding suppressed by the baseline ${BASELINE}\n`,
    });
    fs.rmSync(path.join(dir, "src/remove.ts"));

    // 4. unrelated lines inserted above the old violation: still suppressed
    fs.writeFileSync(path.join(dir, "src/items.ts"), `// a new comment\nexport const PAGE_SIZE = 20;\n\n${ITEMS_UNFILTERED_TS}`);
    expect(runCli(dir, CHECK)).toEqual({ status: 0, stdout: "", stderr: `1 finding suppressed by the baseline ${BASELINE}\n` });

    // 5. the flagged line itself changed: reported again, and the stale entry is counted
    fs.writeFileSync(path.join(dir, "src/items.ts"), ITEMS_UNFILTERED_TS.replace("findFirst()", "findFirst({ take: 10 })"));
    const changed = runCli(dir, CHECK);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toContain("src/items.ts\n  4:22  error  findFirst on soft-deletable model Item");
    expect(changed.stderr).toBe(
      `0 findings suppressed by the baseline ${BASELINE}; 1 entry no longer matches (fixed or changed: --update-baseline drops it)\n`,
    );
  });

  it("applies to the exit code in every format: SARIF keeps the baselined finding marked suppressed, JSON in suppressedMessages, github hides it", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, UPDATE).status).toBe(0);
    type Log = { runs: { results: { ruleId: string; suppressions?: unknown }[] }[] };
    const suppressions = [{ kind: "external", justification: `in the baseline ${BASELINE}` }];

    // only the baselined finding: exit 0, and SARIF still lists it, suppressed
    const clean = runCli(dir, [...CHECK, "--format", "sarif"]);
    expect(clean.status).toBe(0);
    expect((JSON.parse(clean.stdout) as Log).runs[0].results.map((r) => [r.ruleId, r.suppressions])).toEqual([["require-soft-delete-filter", suppressions]]);

    fs.writeFileSync(path.join(dir, "src/remove.ts"), ITEMS_HARD_DELETE_TS);
    const run = runCli(dir, [...CHECK, "--format", "sarif"]);
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as Log).runs[0].results.map((r) => [r.ruleId, r.suppressions])).toEqual([
      ["require-soft-delete-filter", suppressions],
      ["no-hard-delete", undefined],
    ]);

    const json = runCli(dir, [...CHECK, "--format", "json"]);
    expect(json.status).toBe(1);
    const results = JSON.parse(json.stdout) as { filePath: string; messages: { ruleId: string }[]; suppressedMessages: { ruleId: string; suppressions: unknown }[]; errorCount: number }[];
    expect(results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => m.ruleId), r.suppressedMessages.map((m) => [m.ruleId, m.suppressions]), r.errorCount])).toEqual([
      ["src/db.ts", [], [], 0],
      ["src/items.ts", [], [["require-soft-delete-filter", [{ kind: "file", justification: `in the baseline ${BASELINE}` }]]], 0],
      ["src/remove.ts", ["no-hard-delete"], [], 1],
    ]);

    expect(runCli(dir, [...CHECK, "--format", "github"]).stdout).toBe(
      `::error file=src/remove.ts,line=4,col=22,endLine=4,endColumn=28,title=no-hard-delete::${HARD_DELETE_MESSAGE}.\n`,
    );
  });

  it("--update-baseline on some paths keeps the entries of the other files", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, "src/remove.ts": ITEMS_HARD_DELETE_TS });
    expect(runCli(dir, UPDATE).stderr).toBe(`Wrote 2 findings to the baseline ${BASELINE}\n`);
    expect(runCli(dir, [...UPDATE, "src/items.ts"]).stderr).toBe(`Wrote 2 findings to the baseline ${BASELINE}\n`);
    expect(runCli(dir, CHECK)).toEqual({ status: 0, stdout: "", stderr: `2 findings suppressed by the baseline ${BASELINE}\n` });
  });

  it("round-trips on the reference API (the baseline written outside the repository)", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bc-baseline-")), "baseline.json");
    const cwd = path.join(repoRoot, "fixtures/reference-api");
    try {
      const written = runCli(cwd, ["check", "--baseline", file, "--update-baseline"]);
      expect(written.status).toBe(0);
      const { entries } = JSON.parse(fs.readFileSync(file, "utf8")) as { entries: { file: string }[] };
      expect(entries.length).toBeGreaterThan(10);
      // relative to the repository root, as GitHub shows them
      expect(entries.every((entry) => entry.file.startsWith("fixtures/reference-api/"))).toBe(true);
      expect(runCli(cwd, ["check", "--baseline", file])).toEqual({
        status: 0,
        stdout: "",
        stderr: `${entries.length} findings suppressed by the baseline ${file}\n`,
      });
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

describe("baseline usage errors exit 2", () => {
  it("a missing baseline file", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, CHECK)).toEqual({
      status: 2,
      stdout: "",
      stderr: `Usage error: baseline file not found: ${BASELINE} (write it with --update-baseline)\n`,
    });
  });

  it("a baseline that is a device (or a FIFO) is not read forever", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "--baseline", "/dev/zero"])).toEqual({ status: 2, stdout: "", stderr: "Usage error: cannot read baseline file /dev/zero: not a regular file\n" });
  });

  it("a baseline that is not JSON", () => {
    const dir = createProject({ ...baseProject(), [BASELINE]: "{ not json" });
    expect(runCli(dir, CHECK)).toEqual({ status: 2, stdout: "", stderr: `Usage error: baseline file ${BASELINE} is not valid JSON\n` });
  });

  it("a malformed baseline", () => {
    const dir = createProject({ ...baseProject(), [BASELINE]: '{ "version": 1, "toolVersion": "0.1.0", "entries": [{ "ruleId": "x" }] }' });
    expect(runCli(dir, CHECK)).toEqual({
      status: 2,
      stdout: "",
      stderr: `Usage error: baseline file ${BASELINE} is malformed: entries[0].file: expected a string\n`,
    });
  });

  it("--update-baseline without --baseline", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, ["check", "--update-baseline"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: --update-baseline needs --baseline <file>\n",
    });
  });

  it("--update-baseline replaces a malformed baseline", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, [BASELINE]: "{ not json" });
    expect(runCli(dir, UPDATE).status).toBe(0);
    expect(runCli(dir, CHECK).status).toBe(0);
  });
});
