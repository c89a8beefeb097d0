import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyBaseline, baselineProblem, createBaseline, formatBaseline, readBaseline, type Baseline } from "../../src/cli/baseline.js";
import type { CheckResult, Finding } from "../../src/engine/findings.js";
import { fileFingerprints, fingerprint } from "../../src/engine/fingerprint.js";

const root = "/proj";
const BASELINE_FILE = "bc-baseline.json";
const SOURCE = "a();\nprisma.item.findMany();\nprisma.item.delete();\nprisma.item.findMany();\n";

function f(ruleId: string | null, line: number, message = `${ruleId} at ${line}`): Finding {
  return { ruleId, severity: 2, message, line, column: 1 };
}

function result(findings: Finding[], source = SOURCE, filePath = "/proj/src/items.ts"): CheckResult {
  return { files: [{ filePath, source, findings }], stats: { filesChecked: 1, querySites: 0, unknownSites: 0 } };
}

const fp = (ruleId: string, lineText: string, occurrence = 0, file = "src/items.ts") => fingerprint({ ruleId, file, lineText, occurrence });

describe("createBaseline", () => {
  it("has an entry per finding, sorted by file then rule (then source order); parse errors are left out", () => {
    const run: CheckResult = {
      files: [
        result([f("soft", 4), f("hard", 3), f("soft", 2)]).files[0],
        { filePath: "/proj/src/a.ts", source: "x;\n", findings: [f("soft", 1), f(null, 1)] },
      ],
      stats: { filesChecked: 2, querySites: 0, unknownSites: 0 },
    };
    expect(createBaseline(run, root, "9.9.9")).toEqual({
      version: 1,
      toolVersion: "9.9.9",
      entries: [
        { ruleId: "soft", file: "src/a.ts", fingerprint: fp("soft", "x;", 0, "src/a.ts"), message: "soft at 1" },
        { ruleId: "hard", file: "src/items.ts", fingerprint: fp("hard", "prisma.item.delete();"), message: "hard at 3" },
        { ruleId: "soft", file: "src/items.ts", fingerprint: fp("soft", "prisma.item.findMany();", 0), message: "soft at 2" },
        { ruleId: "soft", file: "src/items.ts", fingerprint: fp("soft", "prisma.item.findMany();", 1), message: "soft at 4" },
      ],
    });
  });

  it("keeps the previous entries of files this run did not check, and replaces those of checked files", () => {
    const previous: Baseline = {
      version: 1,
      toolVersion: "0.0.1",
      entries: [
        { ruleId: "soft", file: "src/other.ts", fingerprint: "a".repeat(64), message: "kept" },
        { ruleId: "soft", file: "src/items.ts", fingerprint: "b".repeat(64), message: "replaced" },
      ],
    };
    expect(createBaseline(result([f("hard", 3)]), root, "1.0.0", previous).entries.map((e) => e.message)).toEqual(["hard at 3", "kept"]);
  });

  it("formats as pretty JSON with a final newline", () => {
    expect(formatBaseline({ version: 1, toolVersion: "1", entries: [] })).toBe('{\n  "version": 1,\n  "toolVersion": "1",\n  "entries": []\n}\n');
  });
});

describe("applyBaseline", () => {
  const baseline = createBaseline(result([f("soft", 2), f("hard", 3)]), root, "1.0.0");

  it("moves the findings in the baseline to the suppressed findings, with the baseline as justification, and counts them", () => {
    const outcome = applyBaseline(result([f("soft", 2), f("hard", 3), f("soft", 4)]), baseline, root, BASELINE_FILE);
    expect(outcome.suppressed).toBe(2);
    expect(outcome.unmatched).toBe(0);
    expect(outcome.result.files[0].findings).toEqual([f("soft", 4)]);
    const suppressions = [{ kind: "baseline", justification: "in the baseline bc-baseline.json" }];
    expect(outcome.result.files[0].suppressedFindings).toEqual([
      { ...f("soft", 2), suppressions },
      { ...f("hard", 3), suppressions },
    ]);
  });

  it("leaves a file without baselined findings as it was (no suppressed findings)", () => {
    const run = result([f("other", 4)]);
    expect(applyBaseline(run, baseline, root, BASELINE_FILE).result.files[0]).toBe(run.files[0]);
  });

  it("counts suppressed findings in the occurrences of fingerprints: the unsuppressed twin on an identical line keeps its own", () => {
    // lines 2 and 4 are identical: the baseline holds the first (occurrence 0); the second (occurrence 1) is new
    const onlyFirst = createBaseline(result([f("soft", 2)]), root, "1.0.0");
    const outcome = applyBaseline(result([f("soft", 2), f("soft", 4)]), onlyFirst, root, BASELINE_FILE);
    const file = outcome.result.files[0];
    const prints = fileFingerprints(file, root);
    expect(prints.get(file.findings[0])).toBe(fp("soft", "prisma.item.findMany();", 1));
    expect(prints.get(file.suppressedFindings![0])).toBe(fp("soft", "prisma.item.findMany();", 0));
    // and a second application suppresses nothing more
    expect(applyBaseline(outcome.result, onlyFirst, root, BASELINE_FILE).result.files[0].suppressedFindings).toHaveLength(1);
  });

  it("still matches after lines are inserted above", () => {
    const shifted = `// new\n// lines\n${SOURCE}`;
    const outcome = applyBaseline(result([f("soft", 4), f("hard", 5)], shifted), baseline, root, BASELINE_FILE);
    expect(outcome.result.files[0].findings).toEqual([]);
    expect(outcome.suppressed).toBe(2);
  });

  it("does not match once the flagged line changed, and counts the entry that no longer matches", () => {
    const edited = SOURCE.replace("prisma.item.delete();", "prisma.item.delete({ where: { id } });");
    const outcome = applyBaseline(result([f("soft", 2), f("hard", 3)], edited), baseline, root, BASELINE_FILE);
    expect(outcome.result.files[0].findings).toEqual([f("hard", 3)]);
    expect(outcome.suppressed).toBe(1);
    expect(outcome.unmatched).toBe(1);
  });

  it("does not match the same line under another rule or in another file", () => {
    expect(applyBaseline(result([f("other", 2)]), baseline, root, BASELINE_FILE).suppressed).toBe(0);
    expect(applyBaseline(result([f("soft", 2)], SOURCE, "/proj/src/copy.ts"), baseline, root, BASELINE_FILE).suppressed).toBe(0);
  });

  it("never drops a parse error", () => {
    const outcome = applyBaseline(result([f(null, 2)]), baseline, root, BASELINE_FILE);
    expect(outcome.result.files[0].findings).toEqual([f(null, 2)]);
  });

  it("counts as unmatched only the entries of files this run checked", () => {
    const outcome = applyBaseline(result([], "x;\n", "/proj/src/elsewhere.ts"), baseline, root, BASELINE_FILE);
    expect(outcome.unmatched).toBe(0);
  });
});

describe("baselineProblem", () => {
  const entry = { ruleId: "r", file: "f.ts", fingerprint: "0".repeat(64), message: "m" };
  it.each([
    [[], "expected an object with version, toolVersion and entries"],
    [{ version: 2, toolVersion: "1", entries: [] }, "version: expected 1, got 2 (write a new baseline with --update-baseline)"],
    [{ version: 1, entries: [] }, "toolVersion: expected a string"],
    [{ version: 1, toolVersion: "1", entries: {} }, "entries: expected an array"],
    [{ version: 1, toolVersion: "1", entries: [], extra: 1 }, "extra: unknown key"],
    [{ version: 1, toolVersion: "1", entries: [5] }, "entries[0]: expected an object"],
    [{ version: 1, toolVersion: "1", entries: [entry, { ...entry, line: 3 }] }, "entries[1].line: unknown key"],
    [{ version: 1, toolVersion: "1", entries: [{ ...entry, ruleId: null }] }, "entries[0].ruleId: expected a string"],
    [{ version: 1, toolVersion: "1", entries: [{ ...entry, fingerprint: "abc" }] }, "entries[0].fingerprint: expected a sha256 hex string"],
  ])("%j: %s", (value, problem) => {
    expect(baselineProblem(value)).toBe(problem);
  });

  it("accepts a valid baseline", () => {
    expect(baselineProblem({ version: 1, toolVersion: "1", entries: [entry] })).toBeUndefined();
  });
});

describe("readBaseline", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bc-baseline-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads a valid file", () => {
    const file = path.join(dir, "ok.json");
    const baseline: Baseline = { version: 1, toolVersion: "1", entries: [] };
    fs.writeFileSync(file, formatBaseline(baseline));
    expect(readBaseline(file, "ok.json")).toEqual(baseline);
  });

  it("a missing file is a usage error", () => {
    expect(() => readBaseline(path.join(dir, "nope.json"), "nope.json")).toThrow(
      "baseline file not found: nope.json (write it with --update-baseline)",
    );
  });

  it("a file that is not JSON is a usage error", () => {
    fs.writeFileSync(path.join(dir, "bad.json"), "{ nope");
    expect(() => readBaseline(path.join(dir, "bad.json"), "bad.json")).toThrow("baseline file bad.json is not valid JSON");
  });

  it("a malformed baseline is a usage error naming the problem", () => {
    fs.writeFileSync(path.join(dir, "old.json"), '{ "version": 0, "toolVersion": "1", "entries": [] }');
    expect(() => readBaseline(path.join(dir, "old.json"), "old.json")).toThrow(
      "baseline file old.json is malformed: version: expected 1, got 0 (write a new baseline with --update-baseline)",
    );
  });
});
