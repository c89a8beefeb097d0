/**
 * The command line in process (`main` with a captured stdout and stderr): per-command help, usage
 * errors with a did-you-mean, and check's output flags (--output-file and several --format, --quiet,
 * --color / --no-color, --max-warnings), each with its output and exit code. The built bin is run in
 * test/e2e/cli.test.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { checkCommand } from "../../src/cli/commands/check.js";
import { main } from "../../src/cli/main.js";
import {
  ANSI,
  baseProject,
  createProject,
  HARD_DELETE_MESSAGE,
  ITEMS_FILTERED_TS,
  ITEMS_HARD_DELETE_TS,
  ITEMS_UNFILTERED_TS,
  removeProjects,
  UNFILTERED_MESSAGE,
} from "../e2e/helpers.js";

afterAll(() => removeProjects());

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** `main` in `cwd`; `color` is what the environment says (the bin's colorFromEnvironment). */
async function run(cwd: string, args: string[], color = false): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { cwd, color, stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) });
  return { status, stdout, stderr };
}

const WARN_HARD_DELETE = '{ "rules": { "no-hard-delete": "warn" } }\n';

/** One error (src/items.ts 4:22) and one warning (src/remove.ts 4:22). */
function errorAndWarning(): string {
  return createProject({
    ...baseProject(),
    "backend-conventions.config.json": WARN_HARD_DELETE,
    "src/items.ts": ITEMS_UNFILTERED_TS,
    "src/remove.ts": ITEMS_HARD_DELETE_TS,
  });
}

/** Two warnings, no error. */
function twoWarnings(): string {
  return createProject({
    ...baseProject(),
    "backend-conventions.config.json": WARN_HARD_DELETE,
    "src/items.ts": ITEMS_FILTERED_TS,
    "src/remove.ts": ITEMS_HARD_DELETE_TS,
    "src/remove-again.ts": ITEMS_HARD_DELETE_TS,
  });
}

const ERROR_ANNOTATION = `::error file=src/items.ts,line=4,col=22,endLine=4,endColumn=31,title=require-soft-delete-filter::${UNFILTERED_MESSAGE}.`;
const WARNING_ANNOTATION = `::warning file=src/remove.ts,line=4,col=22,endLine=4,endColumn=28,title=no-hard-delete::${HARD_DELETE_MESSAGE}.`;

const STYLISH_ERROR_AND_WARNING = [
  "",
  "src/items.ts",
  `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
  "",
  "src/remove.ts",
  `  4:22  warning  ${HARD_DELETE_MESSAGE}  no-hard-delete`,
  "",
  "✖ 2 problems (1 error, 1 warning)",
  "  2 problems have suggestions or fixes in the editor (ESLint plugin).",
  "",
].join("\n");

const STYLISH_ERROR_ONLY = [
  "",
  "src/items.ts",
  `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
  "",
  "✖ 1 problem (1 error, 0 warnings)",
  "  1 problem has suggestions or fixes in the editor (ESLint plugin).",
  "",
].join("\n");

describe("per-command help", () => {
  it("check --help: check's usage, options and exit codes, nothing of the other commands", async () => {
    expect(await run(createProject({}), ["check", "--help"])).toStrictEqual({
      status: 0,
      stderr: "",
      stdout: `Usage: backend-conventions check [options] [paths...]

Check files, folders or globs (default: the tsconfig's files)

Options:
  -c, --config <file>       Use this config file instead of searching for one
  --schema <path>           The Prisma schema file or folder (default: the
                            config's prismaSchema, else where Prisma looks)
  -f, --format <name>       Output format: stylish, json, sarif, github
                            (default: stylish); repeat it for several outputs in
                            one run
  -o, --output-file <path>  Write the --format given just before it to this file
                            instead of stdout (its folder is created)
  --quiet                   Report errors only, not warnings (--max-warnings
                            still counts them)
  --max-warnings <n>        Exit with 1, and say so, when there are more than n
                            warnings
  --color                   Colour stdout even when it is not a terminal
  --no-color                Never colour (default: colour on a terminal;
                            FORCE_COLOR and NO_COLOR are honoured)
  --baseline <file>         Report and fail only on findings not in this
                            baseline file
  --update-baseline         Write every finding to the --baseline file and exit
                            0
  --cache                   Only check files that changed or read something that
                            changed since the last --cache run
  --cache-location <dir>    Where the cache lives (default:
                            .backend-conventions-cache in the project root)
  --timings                 Print the time of each stage (config, schema, parse,
                            index, each rule, report) to stderr
  --report-unused-disable-directives
                            Report eslint-disable comments for our rules that
                            silence nothing, as errors (as ESLint)
  --report-unused-disable-directives-severity <level>
                            The same at this severity: off, warn, error, 0, 1 or
                            2 (default: warn, as ESLint)
  -h, --help                Show this help

Global Options:
  -v, --version             Show the version
  --debug                   Print stack traces of unexpected errors

Examples:
  backend-conventions check src/routes
  backend-conventions check --format json --output-file findings.json
  backend-conventions check --format github --format sarif --output-file results.sarif
      (CI: annotations on stdout and SARIF in a file, from one run)

Exit codes: 0 no error-level finding, 1 findings (or more warnings than
--max-warnings), 2 usage, config or schema error, or an --output-file
that could not be written.
`,
    });
  });

  it("report --help", async () => {
    expect(await run(createProject({}), ["report", "--help"])).toStrictEqual({
      status: 0,
      stderr: "",
      stdout: `Usage: backend-conventions report [options] [paths...]

Write the reviewer's report (endpoints, layer graph, findings)

Options:
  -c, --config <file>       Use this config file instead of searching for one
  --schema <path>           The Prisma schema file or folder (default: the
                            config's prismaSchema, else where Prisma looks)
  -f, --format <name>       Report format: html, markdown (default: html)
  -o, --output-file <file>  Write the report to this file (default: html to
                            backend-conventions-report.html, markdown to stdout)
  -h, --help                Show this help

Global Options:
  -v, --version             Show the version
  --debug                   Print stack traces of unexpected errors

Exit codes: 0 the report was written (findings never fail it), 2 usage, config or
schema error.
`,
    });
  });

  it("init -h", async () => {
    expect(await run(createProject({}), ["init", "-h"])).toStrictEqual({
      status: 0,
      stderr: "",
      stdout: `Usage: backend-conventions init [options]

Inspect the project and write a commented config to review

Options:
  --config-file <name>  Write this file instead of
                        backend-conventions.config.mjs (a .js, .mjs or .cjs name
                        the config search finds)
  --schema <path>       The Prisma schema file or folder (default: where Prisma
                        looks, then the workspace packages of a monorepo)
  -h, --help            Show this help

Global Options:
  -v, --version         Show the version
  --debug               Print stack traces of unexpected errors

Exit codes: 0 the config was written, 2 a config exists already, or a usage or
schema error.
`,
    });
  });

  it("--help wins over the rest of the line: no check runs, no usage error", async () => {
    const result = await run(createProject({}), ["check", "--format", "xml", "--help", "--bogus"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")[0]).toBe("Usage: backend-conventions check [options] [paths...]");
  });

  it("the width of a terminal wraps the help", async () => {
    let stdout = "";
    const io = { cwd: createProject({}), color: false, columns: 140, stdout: (text: string) => void (stdout += text), stderr: () => undefined };
    expect(await main(["check", "--help"], io)).toBe(0);
    expect(stdout).toContain(
      "  --schema <path>           The Prisma schema file or folder (default: the config's prismaSchema, else where Prisma looks)\n",
    );
  });
});

describe("usage errors: one line, exit 2", () => {
  it("a flag of another command: says whose it is", async () => {
    expect(await run(createProject({}), ["report", "--max-warnings", "0"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "--max-warnings" for report (an option of check) (see backend-conventions report --help)\n',
    });
  });

  it("the start of a flag: did you mean the whole of it", async () => {
    expect(await run(createProject({}), ["check", "--output", "out.json"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "--output" for check (did you mean "--output-file"?) (see backend-conventions check --help)\n',
    });
  });

  it("a negated flag misspelt", async () => {
    expect(await run(createProject({}), ["check", "--no-colour"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "--no-colour" for check (did you mean "--no-color"?) (see backend-conventions check --help)\n',
    });
  });

  it("help is a flag here, not a command", async () => {
    expect(await run(createProject({}), ["help", "check"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown command "help" (did you mean "--help"?) (see --help)\n',
    });
  });

  it("a value given to a flag that takes none", async () => {
    expect(await run(createProject({}), ["check", "--color=always"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: option "--color" takes no value, got "--color=always" (see backend-conventions check --help)\n',
    });
  });

  it("an unknown flag with a value: named without the value", async () => {
    expect(await run(createProject({}), ["check", "--formats=json"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "--formats" for check (did you mean "--format"?) (see backend-conventions check --help)\n',
    });
  });

  it("an unknown short flag", async () => {
    expect(await run(createProject({}), ["check", "-x"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "-x" for check (see backend-conventions check --help)\n',
    });
  });

  it("an unknown flag before the command", async () => {
    expect(await run(createProject({}), ["--verbose", "check"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "--verbose" (see --help)\n',
    });
  });

  it("a misspelt global flag after the command", async () => {
    expect(await run(createProject({}), ["check", "--debgu"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: unknown option "--debgu" for check (did you mean "--debug"?) (see backend-conventions check --help)\n',
    });
  });

  it("--output-file without its value", async () => {
    expect(await run(createProject({}), ["check", "-f", "json", "--output-file"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: option '-o, --output-file <path>' argument missing (see backend-conventions check --help)\n",
    });
  });

  it("two formats for stdout: fails before checking anything", async () => {
    expect(await run(createProject({}), ["check", "--format", "github", "--format", "sarif"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr:
        "Usage error: --format github and --format sarif would both write to stdout: give an --output-file after all but one --format\n",
    });
  });

  it("a value that starts with a dash is the option's value, not a flag", async () => {
    expect(await run(createProject({}), ["check", "--max-warnings", "-1"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: --max-warnings expects a non-negative integer, got "-1"\n',
    });
  });
});

describe("--output-file", () => {
  it("-f json -o: the JSON goes to the file (its folder created), nothing to stdout, the exit code of the findings", async () => {
    const dir = errorAndWarning();
    const toStdout = await run(dir, ["check", "-f", "json"]);
    const result = await run(dir, ["check", "-f", "json", "-o", "reports/findings.json"]);
    expect(result).toStrictEqual({ status: 1, stdout: "", stderr: "" });
    expect(fs.readFileSync(path.join(dir, "reports/findings.json"), "utf8")).toBe(toStdout.stdout);
  });

  it("-o before -f, as ESLint takes it; a file gets no colour even with --color", async () => {
    const dir = errorAndWarning();
    expect(await run(dir, ["check", "-o", "findings.txt", "--color", "-f", "stylish"], true)).toStrictEqual({ status: 1, stdout: "", stderr: "" });
    expect(fs.readFileSync(path.join(dir, "findings.txt"), "utf8")).toBe(STYLISH_ERROR_AND_WARNING);
  });

  it("a clean run writes an empty file over the previous run's", async () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_FILTERED_TS, "annotations.txt": `${ERROR_ANNOTATION}\n` });
    expect(await run(dir, ["check", "--format", "github", "--output-file", "annotations.txt"])).toStrictEqual({ status: 0, stdout: "", stderr: "" });
    expect(fs.readFileSync(path.join(dir, "annotations.txt"), "utf8")).toBe("");
  });

  it("a file that cannot be written: one line, the other outputs still written, exit 2", async () => {
    const dir = errorAndWarning();
    fs.mkdirSync(path.join(dir, "taken.json"));
    const result = await run(dir, ["check", "-f", "github", "-f", "json", "-o", "taken.json", "-f", "sarif", "-o", "results.sarif"]);
    expect(result).toStrictEqual({
      status: 2,
      stdout: `${ERROR_ANNOTATION}\n${WARNING_ANNOTATION}\n`,
      stderr: "Usage error: cannot write --format json to --output-file taken.json: it is a directory\n",
    });
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, "results.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0].results.map((entry) => entry.ruleId)).toStrictEqual(["require-soft-delete-filter", "no-hard-delete"]);
  });
});

describe("several outputs in one run", () => {
  it("the CI recipe: annotations on stdout and SARIF in a file, exit 1 for the error", async () => {
    const dir = errorAndWarning();
    const result = await run(dir, ["check", "--format", "github", "--format", "sarif", "--output-file", "out/results.sarif"]);
    expect(result).toStrictEqual({ status: 1, stdout: `${ERROR_ANNOTATION}\n${WARNING_ANNOTATION}\n`, stderr: "" });
    const sarifAlone = await run(dir, ["check", "--format", "sarif"]);
    expect(fs.readFileSync(path.join(dir, "out/results.sarif"), "utf8")).toBe(sarifAlone.stdout);
  });

  it("each format to its own file, stylish to stdout", async () => {
    const dir = errorAndWarning();
    const result = await run(dir, ["check", "-f", "json", "-o", "a.json", "-f", "stylish", "-f", "github", "-o", "b.txt"]);
    expect(result).toStrictEqual({ status: 1, stdout: STYLISH_ERROR_AND_WARNING, stderr: "" });
    expect((JSON.parse(fs.readFileSync(path.join(dir, "a.json"), "utf8")) as unknown[]).length).toBe(3); // db.ts, items.ts, remove.ts
    expect(fs.readFileSync(path.join(dir, "b.txt"), "utf8")).toBe(`${ERROR_ANNOTATION}\n${WARNING_ANNOTATION}\n`);
  });

  it("--quiet applies to every output", async () => {
    const dir = errorAndWarning();
    const result = await run(dir, ["check", "--quiet", "-f", "github", "-f", "sarif", "-o", "results.sarif"]);
    expect(result).toStrictEqual({ status: 1, stdout: `${ERROR_ANNOTATION}\n`, stderr: "" });
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, "results.sarif"), "utf8")) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0].results.map((entry) => entry.ruleId)).toStrictEqual(["require-soft-delete-filter"]);
  });
});

describe("check called from code, without the command line's order", () => {
  it("the n-th --output-file goes with the n-th --format", async () => {
    const dir = errorAndWarning();
    let stdout = "";
    const io = { cwd: dir, color: false, stdout: (text: string) => void (stdout += text), stderr: () => undefined };
    expect(await checkCommand.run({ format: ["sarif", "github"], "output-file": ["results.sarif"] }, [], io)).toBe(1);
    expect(stdout).toBe(`${ERROR_ANNOTATION}\n${WARNING_ANNOTATION}\n`);
    expect(fs.existsSync(path.join(dir, "results.sarif"))).toBe(true);
  });
});

describe("--quiet", () => {
  it("errors only; the exit code of the errors", async () => {
    expect(await run(errorAndWarning(), ["check", "--quiet"])).toStrictEqual({ status: 1, stdout: STYLISH_ERROR_ONLY, stderr: "" });
  });

  it("warnings only: nothing printed, exit 0", async () => {
    expect(await run(twoWarnings(), ["check", "--quiet"])).toStrictEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("with --max-warnings the warnings still count, unprinted (as in ESLint)", async () => {
    expect(await run(twoWarnings(), ["check", "--quiet", "--max-warnings", "1"])).toStrictEqual({
      status: 1,
      stdout: "",
      stderr: "backend-conventions found too many warnings: 2 (maximum: 1).\n",
    });
  });

  it("the JSON of ESLint's --quiet: warnings left out of messages and counts", async () => {
    const result = await run(errorAndWarning(), ["check", "--quiet", "--format", "json"]);
    expect(result.status).toBe(1);
    const files = JSON.parse(result.stdout) as { filePath: string; messages: { ruleId: string }[]; warningCount: number; errorCount: number }[];
    expect(files.map((file) => [path.basename(file.filePath), file.messages.map((m) => m.ruleId), file.errorCount, file.warningCount])).toStrictEqual([
      ["db.ts", [], 0, 0],
      ["items.ts", ["require-soft-delete-filter"], 1, 0],
      ["remove.ts", [], 0, 0],
    ]);
  });
});

describe("--max-warnings", () => {
  it("more warnings than allowed: exit 1, and stderr says why", async () => {
    const result = await run(twoWarnings(), ["check", "--max-warnings", "1"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✖ 2 problems (0 errors, 2 warnings)\n");
    expect(result.stderr).toBe("backend-conventions found too many warnings: 2 (maximum: 1).\n");
  });

  it("exactly as many as allowed: exit 0, nothing on stderr", async () => {
    const result = await run(twoWarnings(), ["check", "--max-warnings", "2"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("✖ 2 problems (0 errors, 2 warnings)\n");
    expect(result.stderr).toBe("");
  });

  it("with errors too: exit 1 for the errors, and the warnings are still said to be too many", async () => {
    expect(await run(errorAndWarning(), ["check", "--max-warnings", "0"])).toStrictEqual({
      status: 1,
      stdout: STYLISH_ERROR_AND_WARNING,
      stderr: "backend-conventions found too many warnings: 1 (maximum: 0).\n",
    });
  });
});

describe("--color / --no-color", () => {
  it("--color: ANSI codes when the environment says none", async () => {
    const result = await run(errorAndWarning(), ["check", "--color"], false);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("\u001b[31merror\u001b[39m");
    expect(stripVTControlCharacters(result.stdout)).toBe(STYLISH_ERROR_AND_WARNING);
  });

  it("--no-color: none when the environment says colour", async () => {
    expect(await run(errorAndWarning(), ["check", "--no-color"], true)).toStrictEqual({ status: 1, stdout: STYLISH_ERROR_AND_WARNING, stderr: "" });
  });

  it("neither: what the environment says", async () => {
    const dir = errorAndWarning();
    expect((await run(dir, ["check"], true)).stdout).toMatch(ANSI);
    expect((await run(dir, ["check"], false)).stdout).toBe(STYLISH_ERROR_AND_WARNING);
  });

  it("the last of the two wins", async () => {
    expect((await run(errorAndWarning(), ["check", "--no-color", "--color"], false)).stdout).toMatch(ANSI);
  });
});
