/**
 * The project's file list comes from its tsconfig as `tsc` reads it. Layouts that used to leave the
 * engine with no files (and lose every cross-file finding, silently): a solution-style tsconfig
 * (`files: []` plus `references`), none at all, an unparsable one. Each keeps every finding of the
 * plain layout and says on stderr what it did.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, repoRoot, runCli } from "./helpers.js";

const referenceApi = path.join(repoRoot, "fixtures/reference-api");
const copies: string[] = [];

/** A copy of the reference API whose tsconfig files are replaced by `tsconfigs` (a null removes one). */
function referenceApiWith(tsconfigs: Record<string, string | null>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-tsconfig-")));
  copies.push(dir);
  fs.cpSync(referenceApi, dir, { recursive: true });
  for (const [name, content] of Object.entries(tsconfigs)) {
    if (content === null) fs.rmSync(path.join(dir, name));
    else {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
  }
  return dir;
}

/** The JSON findings as (file relative to the project, line, rule), sorted. */
function findingsOf(dir: string): { status: number | null; findings: string[]; stderr: string } {
  const run = runCli(dir, ["check", "--format", "json"]);
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; ruleId: string }[] }[];
  const findings = results.flatMap((result) => result.messages.map((message) => `${path.relative(dir, result.filePath)}:${message.line} ${message.ruleId}`)).sort();
  return { status: run.status, findings, stderr: run.stderr };
}

const plainTsconfig = fs.readFileSync(path.join(referenceApi, "tsconfig.json"), "utf8");
const appTsconfig = plainTsconfig.replace('"include": ["src", "prisma.config.ts"]', '"include": ["../src", "../prisma.config.ts"]').replace('"rootDir": "."', '"rootDir": ".."');

let plain: ReturnType<typeof findingsOf>;

beforeAll(() => {
  assertBuilt();
  plain = findingsOf(referenceApiWith({}));
});

afterAll(() => {
  for (const dir of copies.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("the tsconfig's files", () => {
  it("the reference API as it is: its findings, nothing on stderr", () => {
    expect(plain.status).toBe(1);
    expect(plain.findings.length).toBeGreaterThan(40);
    expect(plain.stderr).toBe("");
  });

  it("a solution-style tsconfig (files: [] plus references) is followed to its projects: the same findings, nothing on stderr", () => {
    expect(appTsconfig).not.toBe(plainTsconfig);
    const dir = referenceApiWith({
      "tsconfig.json": '{ "files": [], "references": [{ "path": "./app" }] }\n',
      "app/tsconfig.json": appTsconfig,
    });
    expect(findingsOf(dir)).toEqual(plain);
  });

  it("references to a file by name, through two levels, are followed too", () => {
    const dir = referenceApiWith({
      "tsconfig.json": '{ "files": [], "references": [{ "path": "./tsconfig.solution.json" }] }\n',
      "tsconfig.solution.json": '{ "files": [], "references": [{ "path": "./app/tsconfig.app.json" }] }\n',
      "app/tsconfig.app.json": appTsconfig,
    });
    expect(findingsOf(dir)).toEqual(plain);
  });

  it("no tsconfig: every TypeScript file under the project, the same findings, and a warning that says so", () => {
    const dir = referenceApiWith({ "tsconfig.json": null });
    expect(findingsOf(dir)).toEqual({
      ...plain,
      stderr: `Warning: no tsconfig.json in ${dir} or above: analysing every TypeScript file under it\n`,
    });
  });

  it("an unparsable tsconfig: a warning naming its file and position, and every finding", () => {
    const dir = referenceApiWith({ "tsconfig.json": '{\n  "compilerOptions": { "strict": true\n' });
    const run = findingsOf(dir);
    expect(run.findings).toEqual(plain.findings);
    expect(run.stderr).toMatch(new RegExp(`^Warning: ${escape(path.join(dir, "tsconfig.json"))}:3:1: '}' expected; analysing every TypeScript file under ${escape(dir)}\\n$`));
  });

  it("a tsconfig that includes nothing, nor by its references: a warning, and every finding", () => {
    const dir = referenceApiWith({ "tsconfig.json": '{ "files": [], "references": [{ "path": "./missing" }] }\n' });
    expect(findingsOf(dir)).toEqual({
      ...plain,
      stderr: [
        `Warning: ${path.join(dir, "missing/tsconfig.json")}: referenced, but there is no such file`,
        `Warning: ${path.join(dir, "tsconfig.json")}: no files are included, nor by its references; analysing every TypeScript file under ${dir}`,
        "",
      ].join("\n"),
    });
  });

  it("a path alias to a missing folder is a warning; the findings stay", () => {
    const withAlias = plainTsconfig.replace('"noEmit": true,', '"noEmit": true,\n    "paths": { "@lib/*": ["./lib/*"], "@src/*": ["./src/*"] },');
    expect(withAlias).not.toBe(plainTsconfig);
    const dir = referenceApiWith({ "tsconfig.json": withAlias });
    expect(findingsOf(dir)).toEqual({
      ...plain,
      stderr: `Warning: ${path.join(dir, "tsconfig.json")}: the path alias "@lib/*" points at "./lib/*", which does not exist: imports through it are not followed\n`,
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
