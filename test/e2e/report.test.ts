/** `backend-conventions report`: the built bin on the reference API and on small projects. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, baseProject, createProject, ITEMS_UNFILTERED_TS, removeProjects, repoRoot, runCli } from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

const referenceApi = path.join(repoRoot, "fixtures/reference-api");

describe("report on the reference API", () => {
  it("--format markdown prints the report on stdout and exits 0 despite the planted defects", () => {
    const result = runCli(referenceApi, ["report", "--format", "markdown"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^# backend-conventions report\n/);
    expect(result.stdout).toContain("| Method | Path | Auth | Owner scope | Soft delete | Findings | Handler | Declared at |\n");
    expect(result.stdout).toMatch(/\n```mermaid\nflowchart TD\n[\s\S]*?\n```\n/);
    expect(result.stdout).toContain("linkStyle ");
    // the findings in fix order: an IDOR first
    expect(result.stdout).toMatch(/\n## Findings, what to fix first\n\n.*\n\n### Security\n\n- <a id="finding-1"><\/a>\*\*#1\*\* ❌ \*\*error\*\* \[require-owner-scope\]/);
  });

  it("--output-file writes the HTML report to that file", () => {
    const dir = createProject({});
    const result = runCli(referenceApi, ["report", "--output-file", path.join(dir, "x.html")]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`Report written to ${path.join(dir, "x.html")}\n`);
    const page = fs.readFileSync(path.join(dir, "x.html"), "utf8");
    expect(page.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(page).toContain(`<table class="endpoints">`);
    expect(page).toContain(`<path class="edge forbidden"`);
    expect(page).not.toMatch(/<script|<link\b|<img\b|\bsrc=/i);
  });
});

describe("report on a small project", () => {
  it("writes backend-conventions-report.html in the working directory by default and exits 0 with findings", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["report"]);
    expect(result).toEqual({ status: 0, stderr: "", stdout: "Report written to backend-conventions-report.html\n" });
    const page = fs.readFileSync(path.join(dir, "backend-conventions-report.html"), "utf8");
    expect(page).toContain("require-soft-delete-filter");
    expect(page).toContain("<code>src/items.ts:4:22</code>");
  });

  it("--format markdown --output writes the Markdown to the file and nothing else to stdout", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["report", "-f", "markdown", "-o", "report.md"]);
    expect(result).toEqual({ status: 0, stderr: "", stdout: "Report written to report.md\n" });
    expect(fs.readFileSync(path.join(dir, "report.md"), "utf8")).toContain("`src/items.ts:4:22`");
  });

  it("exits 2 on an unknown format, without writing anything", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["report", "--format", "pdf"]);
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown report format "pdf" (expected one of: html, markdown)\n',
    });
    expect(fs.existsSync(path.join(dir, "backend-conventions-report.html"))).toBe(false);
  });

  it("exits 2 on a config error", () => {
    const dir = createProject({ ...baseProject(), ".backend-conventionsrc.json": `{ "softDelete": { "field": 3 } }\n` });
    const result = runCli(dir, ["report", "--format", "markdown"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Config error: .*softDelete\.field/);
  });

  it("--output, the report's first name for --output-file, still works; the two naming different files is a usage error", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["report", "-f", "markdown", "--output", "old.md"])).toEqual({ status: 0, stderr: "", stdout: "Report written to old.md\n" });
    expect(fs.readFileSync(path.join(dir, "old.md"), "utf8")).toContain("`src/items.ts:4:22`");
    expect(runCli(dir, ["report", "--output", "a.html", "--output-file", "b.html"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: --output-file and --output name two files: give one\n",
    });
  });

  it("exits 2 when the output cannot be written", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["report", "--output", "missing/dir/report.html"]);
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: cannot write the report to missing/dir/report.html: the folder does not exist\n",
    });
  });
});
