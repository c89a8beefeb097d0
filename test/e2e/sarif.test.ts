/**
 * SARIF that GitHub code scanning accepts: validated with Microsoft's SARIF multitool (its `validate`
 * command checks the SARIF 2.1.0 schema, the spec's rules and GitHub's ingestion rules), on the
 * reference API's real `check --format sarif` (with its code flows), on a baseline run (suppressed
 * results) and on a result with a trace; and `--format sarif` / `--format github` from the built bin.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/engine/findings.js";
import { sarif, type SarifLog, type SarifResult } from "../../src/reporters/sarif.js";
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
  UNFILTERED_MESSAGE,
} from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

/** The multitool's native binary for this platform, or why there is none. */
function findMultitool(): { binary: string } | { missing: string } {
  try {
    const binary = createRequire(import.meta.url)("@microsoft/sarif-multitool") as string;
    return fs.existsSync(binary) ? { binary } : { missing: `${binary} does not exist` };
  } catch (error) {
    return { missing: `@microsoft/sarif-multitool has no binary for ${process.platform}: ${(error as Error).message.split("\n")[0]}` };
  }
}

const multitool = findMultitool();
if ("missing" in multitool) console.warn(`Skipping the SARIF multitool validation: ${multitool.missing}`);
const describeMultitool = "binary" in multitool ? describe : describe.skip;

const work = fs.mkdtempSync(path.join(os.tmpdir(), "bc-sarif-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * Every problem the multitool reports (errors, warnings and notes, one line each) for the schema, the
 * SARIF spec (`Sarif`) and GitHub's ingestion rules (`Gh`, `Ghas`). The multitool exits 0 either way, so
 * its report is read instead.
 */
function validate(log: unknown, name: string): string[] {
  if (!("binary" in multitool)) throw new Error("no multitool");
  const file = path.join(work, `${name}.sarif`);
  fs.writeFileSync(file, typeof log === "string" ? log : JSON.stringify(log, null, 2));
  const run = spawnSync(multitool.binary, ["validate", "--rule-kind", "Sarif;Gh;Ghas", file], { encoding: "utf8", timeout: 120_000 });
  if (run.error) throw run.error;
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== 0 || !output.includes("Analysis completed successfully.")) {
    throw new Error(`the multitool failed (exit ${run.status}):\n${output}`);
  }
  return output
    .split("\n")
    .filter((line) => /: (error|warning|note) [A-Za-z]+\d+/.test(line))
    .map((line) => line.slice(line.indexOf(": ") + 2));
}

/** A finding reached from an endpoint (a trace), and a file that does not parse. */
function tracedResult(): CheckResult {
  return {
    files: [
      {
        filePath: path.join(repoRoot, "fixtures/reference-api/src/repositories/item-repository.ts"),
        source: "export class ItemRepository {\n  findById(id: string) {\n    return prisma.item.findUnique({ where: { id } });\n  }\n}\n",
        findings: [
          {
            ruleId: "require-owner-scope",
            severity: 2,
            message: "findUnique on owned model Item is not scoped to the caller",
            line: 3,
            column: 24,
            endLine: 3,
            endColumn: 34,
            trace: [
              { label: "GET /items/:id", filePath: path.join(repoRoot, "fixtures/reference-api/src/routes/items.ts"), line: 10, column: 3 },
              { label: "ItemService.get", filePath: path.join(repoRoot, "fixtures/reference-api/src/services/item-service.ts"), line: 20, column: 5 },
              { label: "prisma.item.findUnique", filePath: path.join(repoRoot, "fixtures/reference-api/src/repositories/item-repository.ts"), line: 3, column: 24 },
            ],
          },
          { ruleId: "valid-enum-value", severity: 1, message: "a warning without an end", line: 1, column: 1 },
        ],
      },
      {
        filePath: path.join(repoRoot, "fixtures/reference-api/src/broken.ts"),
        source: "export const = ;\n",
        findings: [{ ruleId: null, fatal: true, severity: 2, message: "Parsing error: Variable declaration expected.", line: 1, column: 14 }],
      },
    ],
    stats: { filesChecked: 2, querySites: 1, unknownSites: 0 },
  };
}

describeMultitool("the SARIF multitool accepts our SARIF (schema, spec and GitHub ingestion rules)", () => {
  it("catches a broken log (so that a silent validator cannot pass these tests)", () => {
    const broken = JSON.parse(sarif(tracedResult(), { cwd: repoRoot, color: false, root: repoRoot })) as SarifLog;
    broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    delete (broken.runs[0].tool.driver as { rules?: unknown }).rules;
    const problems = validate(broken, "broken");
    expect(problems.some((line) => line.startsWith("error JSON1008: runs[0].results[0].locations[0].physicalLocation.region.startLine"))).toBe(true);
    expect(problems.some((line) => line.startsWith("error GH1018: runs[0].tool.driver"))).toBe(true);
  });

  it("on the reference API: the real check --format sarif, with code flows from the endpoints", () => {
    const run = runCli(path.join(repoRoot, "fixtures/reference-api"), ["check", "--format", "sarif"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const { results } = (JSON.parse(run.stdout) as SarifLog).runs[0];
    // every finding the reference API plants (test/fixture-expectations.test.ts); those inside code an endpoint reaches have a code flow
    expect(results).toHaveLength(65);
    expect(results.filter((r) => r.codeFlows)).toHaveLength(46);
    const at = (r: SarifResult) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn}`;
    const step = (label: string, file: string, line: number, column: number) => ({
      location: {
        physicalLocation: {
          artifactLocation: { uri: `fixtures/reference-api/src/${file}`, uriBaseId: "%SRCROOT%" },
          region: { startLine: line, startColumn: column, endLine: line, endColumn: column },
        },
        message: { text: label },
      },
    });
    // the IDOR of the summary card: GET /items/:id/summary → ItemService.summary → ItemRepository.findLiveById → the query
    const idor = results.find((r) => r.ruleId === "require-owner-scope" && at(r) === "fixtures/reference-api/src/repositories/item-repository.ts:58:29");
    expect(idor?.codeFlows).toEqual([
      {
        threadFlows: [
          {
            locations: [
              step("GET /items/:id/summary", "routes/items.ts", 41, 1),
              step("ItemService.summary", "services/item-service.ts", 41, 9),
              step("ItemRepository.findLiveById", "repositories/item-repository.ts", 56, 3),
              step("this.prisma.item.findFirst", "repositories/item-repository.ts", 58, 29),
            ],
          },
        ],
      },
    ]);
    // every owner-scope finding is on a query an endpoint reaches: its flow starts at a route and ends at the finding
    for (const result of results.filter((r) => r.ruleId === "require-owner-scope")) {
      const locations = result.codeFlows![0].threadFlows[0].locations;
      expect(locations[0].location.message?.text).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \//);
      const last = locations.at(-1)!.location.physicalLocation;
      expect(`${last.artifactLocation.uri}:${last.region.startLine}:${last.region.startColumn}`).toBe(at(result));
    }
    expect(validate(run.stdout, "reference-api")).toEqual([]);
  });

  it("with --cache the results come from the cache and carry no code flows (as the README says)", () => {
    const cacheDir = fs.mkdtempSync(path.join(work, "cache-"));
    const cwd = path.join(repoRoot, "fixtures/reference-api");
    for (const round of ["cold", "warm"]) {
      const run = runCli(cwd, ["check", "--format", "sarif", "--cache", "--cache-location", cacheDir]);
      expect(run.status, round).toBe(1);
      const { results } = (JSON.parse(run.stdout) as SarifLog).runs[0];
      expect([results.length, results.filter((r) => r.codeFlows).length], round).toEqual([65, 0]);
    }
  });

  it("with --baseline, baselined results are present and marked with an external suppression", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "--baseline", "bc-baseline.json", "--update-baseline"]).status).toBe(0);
    fs.writeFileSync(path.join(dir, "src/remove.ts"), ITEMS_HARD_DELETE_TS);
    const run = runCli(dir, ["check", "--baseline", "bc-baseline.json", "--format", "sarif"]);
    // the new finding fails the run; the baselined one does not
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("1 finding suppressed by the baseline bc-baseline.json\n");
    const { results } = (JSON.parse(run.stdout) as SarifLog).runs[0];
    expect(results.map((r) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.suppressions])).toEqual([
      ["require-soft-delete-filter", "src/items.ts", [{ kind: "external", justification: "in the baseline bc-baseline.json" }]],
      ["no-hard-delete", "src/remove.ts", undefined],
    ]);
    expect(validate(run.stdout, "baseline")).toEqual([]);
  });

  it("on a result with a trace (code flow), a warning without an end, and a parse error", () => {
    const output = sarif(tracedResult(), { cwd: repoRoot, color: false, root: repoRoot });
    const log = JSON.parse(output) as SarifLog;
    expect(log.runs[0].results.map((r) => [r.ruleId, r.codeFlows?.[0].threadFlows[0].locations.length])).toEqual([
      ["parse-error", undefined],
      ["valid-enum-value", undefined],
      ["require-owner-scope", 3],
    ]);
    expect(validate(output, "traced")).toEqual([]);
  });

  it("a path with a space is percent-encoded in the artifact URI, and validates", () => {
    const result = tracedResult();
    result.files[1].filePath = path.join(repoRoot, "fixtures/reference-api/src/my routes/broken file.ts");
    const output = sarif(result, { cwd: repoRoot, color: false, root: repoRoot });
    const log = JSON.parse(output) as SarifLog;
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe("fixtures/reference-api/src/my%20routes/broken%20file.ts");
    expect(validate(output, "space")).toEqual([]);
  });
});

describe("check --format sarif and --format github (built bin)", () => {
  // the messages end with the period the rules write (stylish drops it, like ESLint's)
  const files = () => ({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, "src/remove.ts": ITEMS_HARD_DELETE_TS });

  it("--format sarif prints SARIF with locations relative to the project root, and exits 1", () => {
    const dir = createProject(files());
    const run = runCli(path.join(dir, "src"), ["check", "--format", "sarif"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    const log = JSON.parse(run.stdout) as SarifLog;
    expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: `file://${dir}/` } });
    expect(
      log.runs[0].results.map((r) => [r.ruleId, r.message.text, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region]),
    ).toEqual([
      ["require-soft-delete-filter", `${UNFILTERED_MESSAGE}.`, "src/items.ts", { startLine: 4, startColumn: 22, endLine: 4, endColumn: 31 }],
      ["no-hard-delete", `${HARD_DELETE_MESSAGE}.`, "src/remove.ts", { startLine: 4, startColumn: 22, endLine: 4, endColumn: 28 }],
    ]);
    if ("binary" in multitool) expect(validate(run.stdout, "cli")).toEqual([]);
  });

  it("--format github prints workflow annotations", () => {
    const dir = createProject(files());
    expect(runCli(dir, ["check", "--format", "github"])).toEqual({
      status: 1,
      stderr: "",
      stdout: [
        `::error file=src/items.ts,line=4,col=22,endLine=4,endColumn=31,title=require-soft-delete-filter::${UNFILTERED_MESSAGE}.`,
        `::error file=src/remove.ts,line=4,col=22,endLine=4,endColumn=28,title=no-hard-delete::${HARD_DELETE_MESSAGE}.`,
        "",
      ].join("\n"),
    });
  });

  it("a clean project: --format github prints nothing, --format sarif an empty result list", () => {
    const dir = createProject({ ...baseProject() });
    expect(runCli(dir, ["check", "--format", "github"])).toEqual({ status: 0, stdout: "", stderr: "" });
    const run = runCli(dir, ["check", "--format", "sarif"]);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as SarifLog).runs[0].results).toEqual([]);
  });
});
