/** The command line itself: commands, flags, which files a run covers, and usage errors (exit 2). */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  baseProject,
  createProject,
  ITEMS_FILTERED_TS,
  ITEMS_UNFILTERED_TS,
  removeProjects,
  repoRoot,
  runCli,
  SUGGESTIONS_LINE,
  UNFILTERED_MESSAGE,
} from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

/** stylish output for one unfiltered findMany at 4:22 of `shownPath`. */
function oneFinding(shownPath: string): string {
  return [
    "",
    shownPath,
    `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
    "",
    "✖ 1 problem (1 error, 0 warnings)",
    SUGGESTIONS_LINE,
    "",
  ].join("\n");
}

describe("--help and --version", () => {
  it("--help prints the usage on stdout and exits 0", () => {
    const dir = createProject({});
    const result = runCli(dir, ["--help"]);
    expect(result).toEqual({
      status: 0,
      stderr: "",
      stdout: `Usage: backend-conventions <command> [options]

Checks an Express + Prisma project for the backend conventions: soft delete,
owner scope, fresh after write, enum values and layers.

Commands:
  check [paths...]        Check files, folders or globs (default: the tsconfig's files)
  report [paths...]       Write the reviewer's report (endpoints, layer graph, findings)
  init                    Inspect the project and write a commented config to review

Options of check:
  -c, --config <file>     Use this config file instead of searching for one
  --schema <path>         The Prisma schema file or folder (default: the config's prismaSchema,
                          else where Prisma looks)
  -f, --format <name>     Output format: stylish, json, sarif, github (default: stylish)
  --max-warnings <n>      Exit with 1 when there are more than n warnings
  --baseline <file>       Report and fail only on findings not in this baseline file
  --update-baseline       Write every finding to the --baseline file and exit 0
  --cache                 Only check files that changed or read something that changed since the last --cache run
  --cache-location <dir>  Where the cache lives (default: .backend-conventions-cache in the project root)
  --timings               Print the time of each stage (config, schema, parse, index, each rule, report) to stderr
  --report-unused-disable-directives
                          Report eslint-disable comments for our rules that silence nothing, as errors (as ESLint)
  --report-unused-disable-directives-severity <level>
                          The same at this severity: off, warn, error, 0, 1 or 2 (default: off)

Options of report:
  -c, --config <file>     Use this config file instead of searching for one
  --schema <path>         The Prisma schema file or folder (default: the config's prismaSchema,
                          else where Prisma looks)
  -f, --format <name>     Report format: html, markdown (default: html)
  -o, --output <file>     Write the report to this file (default: html to
                          backend-conventions-report.html, markdown to stdout)

Options of init:
  --config-file <name>    Write this file instead of backend-conventions.config.mjs
                          (a .js, .mjs or .cjs name the config search finds)
  --schema <path>         The Prisma schema file or folder (default: where Prisma looks, then the
                          workspace packages of a monorepo)

Global options:
  --debug                 Print stack traces of unexpected errors
  -h, --help              Show this help
  -v, --version           Show the version

Exit codes: 0 no error-level finding, 1 findings, 2 usage, config or schema error.
`,
    });
  });

  it("-h is --help, and wins over a command", () => {
    const dir = createProject({});
    const result = runCli(dir, ["check", "-h"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.startsWith("Usage: backend-conventions <command> [options]\n")).toBe(true);
  });

  it("--version prints the version of package.json", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const dir = createProject({});
    expect(runCli(dir, ["--version"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("-v is --version", () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    const dir = createProject({});
    expect(runCli(dir, ["-v"])).toEqual({ status: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("usage errors exit 2 with one line on stderr", () => {
  it("no command", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, [])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: missing command (expected: check, report, init) (see --help)\n",
    });
  });

  it("an unknown command", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, ["lint"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown command "lint" (expected: check, report, init) (see --help)\n',
    });
  });

  it("an unknown format", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "--format", "xml"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown format "xml" (expected one of: stylish, json, sarif, github)\n',
    });
  });

  it("--format without its value", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, ["check", "--format"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: Option '-f, --format <value>' argument missing (see --help)\n",
    });
  });

  it("an unknown flag (the first line of Node's parseArgs message, then a pointer to --help)", () => {
    const dir = createProject(baseProject());
    const result = runCli(dir, ["check", "--frobnicate"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith("Usage error: Unknown option '--frobnicate'.")).toBe(true);
    expect(result.stderr.endsWith(" (see --help)\n")).toBe(true);
    expect(result.stderr.split("\n")).toHaveLength(2);
  });

  it("--max-warnings with a non-number", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, ["check", "--max-warnings", "abc"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: --max-warnings expects a non-negative integer, got "abc"\n',
    });
  });

  it("--max-warnings with a negative number", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, ["check", "--max-warnings=-1"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: --max-warnings expects a non-negative integer, got "-1"\n',
    });
  });

  it("--max-warnings with a fraction", () => {
    const dir = createProject(baseProject());
    expect(runCli(dir, ["check", "--max-warnings", "1.5"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: --max-warnings expects a non-negative integer, got "1.5"\n',
    });
  });

  it("a file that does not exist", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "src/nope.ts"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: no such file or directory: src/nope.ts\n",
    });
  });

  it("a missing path next to an existing one still fails the run", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "src/items.ts", "lib"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: no such file or directory: lib\n",
    });
  });

  it("a glob that matches nothing", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "lib/**/*.ts"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: no TypeScript files match "lib/**/*.ts"\n',
    });
  });

  it("a file that is not TypeScript", () => {
    const dir = createProject({ ...baseProject(), "src/notes.md": "# notes\n" });
    expect(runCli(dir, ["check", "src/notes.md"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: no TypeScript files match "src/notes.md"\n',
    });
  });

  it("a folder without TypeScript files", () => {
    const dir = createProject({ ...baseProject(), "docs/readme.md": "# docs\n" });
    expect(runCli(dir, ["check", "docs"])).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: no TypeScript files match "docs"\n',
    });
  });
});

describe("which files a run covers", () => {
  it("an explicit file: only that file is checked", () => {
    const dir = createProject({
      ...baseProject(),
      "src/one.ts": ITEMS_UNFILTERED_TS,
      "src/two.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(dir, ["check", "src/one.ts"])).toEqual({ status: 1, stdout: oneFinding("src/one.ts"), stderr: "" });
  });

  it("an explicit clean file: exit 0 and no output, even though another file has findings", () => {
    const dir = createProject({
      ...baseProject(),
      "src/one.ts": ITEMS_FILTERED_TS,
      "src/two.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(dir, ["check", "src/one.ts"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("a folder: every TypeScript file under it, and nothing outside it", () => {
    // folders named after no layer, so that only the soft-delete rule speaks
    const dir = createProject({
      ...baseProject(),
      "src/jobs/items.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../db.js"),
      "src/jobs/nested/more.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../../db.js"),
      "src/other.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(dir, ["check", "src/jobs"])).toEqual({
      status: 1,
      stdout: [
        "",
        "src/jobs/items.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "src/jobs/nested/more.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 2 problems (2 errors, 0 warnings)",
        "  2 problems have suggestions or fixes in the editor (ESLint plugin).",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("a glob: the matching files only", () => {
    const dir = createProject({
      ...baseProject(),
      "src/items.job.ts": ITEMS_UNFILTERED_TS,
      "src/items.task.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(dir, ["check", "src/*.job.ts"])).toEqual({
      status: 1,
      stdout: oneFinding("src/items.job.ts"),
      stderr: "",
    });
  });

  it("the same file named twice is checked and reported once", () => {
    const dir = createProject({ ...baseProject(), "src/one.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check", "src/one.ts", "src", "src/*.ts"])).toEqual({
      status: 1,
      stdout: oneFinding("src/one.ts"),
      stderr: "",
    });
  });

  it("no paths: the files of the tsconfig (a file outside its include is not checked)", () => {
    const dir = createProject({
      ...baseProject(),
      "src/items.ts": ITEMS_UNFILTERED_TS,
      "scripts/seed.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../src/db.js"),
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: oneFinding("src/items.ts"), stderr: "" });
  });

  it("no paths and no tsconfig: every TypeScript file under the project, except node_modules and .d.ts", () => {
    const { "tsconfig.json": _tsconfig, ...files } = baseProject();
    const dir = createProject({
      ...files,
      "src/items.ts": ITEMS_UNFILTERED_TS,
      "tools/backfill.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../src/db.js"),
      "node_modules/some-lib/index.ts": ITEMS_UNFILTERED_TS,
      "src/types.d.ts": "declare const x: number;\n",
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 1,
      stdout: [
        "",
        "src/items.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "tools/backfill.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 2 problems (2 errors, 0 warnings)",
        "  2 problems have suggestions or fixes in the editor (ESLint plugin).",
        "",
      ].join("\n"),
      stderr: `Warning: no tsconfig.json in ${dir} or above: analysing every TypeScript file under it\n`,
    });
  });

  it("tests, seeds, migrations and scripts are not request code: not checked unless a negated ignore puts them back", () => {
    const outside = ITEMS_UNFILTERED_TS.replace("./db.js", "../src/db.js");
    const files = {
      ...baseProject(),
      "tsconfig.json": '{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true } }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
      "src/items.test.ts": ITEMS_UNFILTERED_TS,
      "src/__tests__/items.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../db.js"),
      "test/items.ts": outside,
      "e2e/items.ts": outside,
      "prisma/seed.ts": outside,
      "scripts/backfill.ts": outside,
    };
    expect(runCli(createProject(files), ["check"])).toEqual({ status: 1, stdout: oneFinding("src/items.ts"), stderr: "" });
    const putBack = createProject({ ...files, ".backend-conventionsrc.json": '{ "ignore": ["!**/scripts/**"] }\n' });
    expect(runCli(putBack, ["check"]).stdout.split("\n").filter((line) => /^\S/.test(line))).toStrictEqual([
      "scripts/backfill.ts",
      "src/items.ts",
      "✖ 2 problems (2 errors, 0 warnings)",
    ]);
  });

  it("paths are shown relative to the working directory", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": "{}\n",
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(path.join(dir, "src"), ["check", "items.ts"])).toEqual({
      status: 1,
      stdout: oneFinding("items.ts"),
      stderr: "",
    });
  });

  it("run from a subfolder of a project without a config file, the project root's schema is found", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(path.join(dir, "src"), ["check", "items.ts"])).toEqual({
      status: 1,
      stdout: oneFinding("items.ts"),
      stderr: "",
    });
  });
});
