/** What a run reports and its exit code: stylish and json output, parse errors, severities from config, ignores, colour. */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANSI,
  assertBuilt,
  baseProject,
  createProject,
  HARD_DELETE_MESSAGE,
  ITEMS_FILTERED_TS,
  ITEMS_HARD_DELETE_TS,
  ITEMS_UNFILTERED_TS,
  removeProjects,
  runCli,
  SUGGESTIONS_LINE,
  UNFILTERED_MESSAGE,
} from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

describe("clean and dirty projects", () => {
  it("a clean project: exit 0, nothing on stdout or stderr", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_FILTERED_TS });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("a read of a soft-deletable model without the filter: exit 1 and stylish output", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check"])).toEqual({
      status: 1,
      stdout: [
        "",
        "src/items.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 1 problem (1 error, 0 warnings)",
        SUGGESTIONS_LINE,
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("a model without a soft-delete field is not checked", () => {
    const dir = createProject({
      ...baseProject(),
      "src/tags.ts": `import { prisma } from "./db.js";

export async function listTags() {
  return prisma.tag.findFirst();
}
`,
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("findings of several files and rules: files sorted by path, line numbers right-aligned, messages padded, summary counts all", () => {
    const dir = createProject({
      ...baseProject(),
      "src/b.ts": ITEMS_UNFILTERED_TS,
      "src/a.ts": `import { prisma } from "./db.js";

export async function removeItem(id: string) {
  return prisma.item.delete({ where: { id } });
}

export async function listItems() {
  return prisma.item.findFirst();
}

export async function countItems() {
  return prisma.item.count();
}
`,
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 1,
      stdout: [
        "",
        "src/a.ts",
        // the message column is as wide as the file's longest message
        `   4:22  error  ${HARD_DELETE_MESSAGE.padEnd(UNFILTERED_MESSAGE.length)}  no-hard-delete`,
        `   8:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        `  12:22  error  ${UNFILTERED_MESSAGE.replace("findFirst", "count").padEnd(UNFILTERED_MESSAGE.length)}  require-soft-delete-filter`,
        "",
        "src/b.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 4 problems (4 errors, 0 warnings)",
        "  4 problems have suggestions or fixes in the editor (ESLint plugin).",
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("NO_COLOR: no ANSI escape codes in findings output", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["check"], { NO_COLOR: "1" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✖ 1 problem (1 error, 0 warnings)");
    expect(result.stdout).not.toMatch(ANSI);
    expect(result.stderr).toBe("");
  });

  it("NO_COLOR: no ANSI escape codes in an error line", () => {
    const dir = createProject({ ...baseProject(), "backend-conventions.config.json": '{ "bogus": 1 }\n' });
    const result = runCli(dir, ["check"], { NO_COLOR: "1" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Config error: ");
    expect(result.stderr).not.toMatch(ANSI);
  });
});

describe("--format json", () => {
  it("clean files are listed too, with zero counts and without their source", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_FILTERED_TS });
    const result = runCli(dir, ["check", "--format", "json"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.endsWith("]\n")).toBe(true);
    const clean = {
      messages: [],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      usedDeprecatedRules: [],
    };
    expect(JSON.parse(result.stdout)).toEqual([
      { filePath: path.join(dir, "src/db.ts"), ...clean },
      { filePath: path.join(dir, "src/items.ts"), ...clean },
    ]);
  });

  it("a finding: ESLint's LintResult shape, with the suggestion as one fix", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["check", "-f", "json", "src/items.ts"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    const offset = ITEMS_UNFILTERED_TS.indexOf("findFirst()") + "findFirst(".length;
    expect(JSON.parse(result.stdout)).toEqual([
      {
        filePath: path.join(dir, "src/items.ts"),
        messages: [
          {
            ruleId: "require-soft-delete-filter",
            severity: 2,
            message: `${UNFILTERED_MESSAGE}.`,
            line: 4,
            column: 22,
            messageId: "missingFilter",
            endLine: 4,
            endColumn: 31,
            suggestions: [
              {
                messageId: "addFilter",
                fix: { range: [offset, offset], text: "{ where: { deletedAt: null } }" },
                desc: "Add `deletedAt: null` to the where.",
              },
            ],
          },
        ],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        source: ITEMS_UNFILTERED_TS,
        usedDeprecatedRules: [],
      },
    ]);
  });

  it("keys come in ESLint's order", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const [file] = JSON.parse(runCli(dir, ["check", "--format=json", "src/items.ts"]).stdout) as [
      { messages: object[] } & object,
    ];
    expect(Object.keys(file)).toEqual([
      "filePath",
      "messages",
      "suppressedMessages",
      "errorCount",
      "fatalErrorCount",
      "warningCount",
      "fixableErrorCount",
      "fixableWarningCount",
      "source",
      "usedDeprecatedRules",
    ]);
    expect(Object.keys(file.messages[0])).toEqual([
      "ruleId",
      "severity",
      "message",
      "line",
      "column",
      "messageId",
      "endLine",
      "endColumn",
      "suggestions",
    ]);
  });

  it("a hard delete: the suggestion's edits merge into one fix that turns delete into a soft delete", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_HARD_DELETE_TS });
    const result = runCli(dir, ["check", "--format", "json", "src/items.ts"]);
    expect(result.status).toBe(1);
    const [file] = JSON.parse(result.stdout) as [
      { messages: [{ suggestions: [{ fix: { range: [number, number]; text: string } }] }] },
    ];
    const start = ITEMS_HARD_DELETE_TS.indexOf("delete(");
    expect(file).toEqual({
      filePath: path.join(dir, "src/items.ts"),
      messages: [
        {
          ruleId: "no-hard-delete",
          severity: 2,
          message: `${HARD_DELETE_MESSAGE}.`,
          line: 4,
          column: 22,
          messageId: "hardDelete",
          endLine: 4,
          endColumn: 28,
          suggestions: [
            {
              messageId: "useSoftDelete",
              fix: { range: [start, start + "delete({ where: { id".length], text: "update({ data: { deletedAt: new Date() }, where: { id, deletedAt: null" },
              desc: "Replace with update setting deletedAt.",
            },
          ],
        },
      ],
      suppressedMessages: [],
      errorCount: 1,
      fatalErrorCount: 0,
      warningCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      source: ITEMS_HARD_DELETE_TS,
      usedDeprecatedRules: [],
    });
    const { range, text } = file.messages[0].suggestions[0].fix;
    expect(ITEMS_HARD_DELETE_TS.slice(0, range[0]) + text + ITEMS_HARD_DELETE_TS.slice(range[1])).toContain(
      "return prisma.item.update({ data: { deletedAt: new Date() }, where: { id, deletedAt: null } });",
    );
  });
});

describe("a file that does not parse", () => {
  const broken = "export const x = ;\nexport function f( {\n";

  it("is a fatal finding at the first syntax error; the other files are still checked; exit 1", () => {
    const dir = createProject({ ...baseProject(), "src/broken.ts": broken, "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check"])).toEqual({
      status: 1,
      stdout: [
        "",
        "src/broken.ts",
        "  1:18  error  Parsing error: Expression expected",
        "",
        "src/items.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 2 problems (2 errors, 0 warnings)",
        SUGGESTIONS_LINE,
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("alone, it still fails the run", () => {
    const dir = createProject({ ...baseProject(), "src/broken.ts": broken });
    const result = runCli(dir, ["check", "src/broken.ts"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
  });

  it("in json: ruleId null, fatal, severity 2, counted as a fatal error", () => {
    const dir = createProject({ ...baseProject(), "src/broken.ts": broken });
    const result = runCli(dir, ["check", "--format", "json", "src/broken.ts"]);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        filePath: path.join(dir, "src/broken.ts"),
        messages: [
          { ruleId: null, fatal: true, severity: 2, message: "Parsing error: Expression expected.", line: 1, column: 18 },
        ],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 1,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        source: broken,
        usedDeprecatedRules: [],
      },
    ]);
  });
});

describe("rule severity from the config", () => {
  it('"warn": a warning, exit 0', () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": "warn" } }\n',
      "src/items.ts": ITEMS_HARD_DELETE_TS,
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 0,
      stdout: [
        "",
        "src/items.ts",
        `  4:22  warning  ${HARD_DELETE_MESSAGE}  no-hard-delete`,
        "",
        "✖ 1 problem (0 errors, 1 warning)",
        SUGGESTIONS_LINE,
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it('"warn" with --max-warnings 0: exit 1, and stderr says why', () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": "warn" } }\n',
      "src/items.ts": ITEMS_HARD_DELETE_TS,
    });
    const result = runCli(dir, ["check", "--max-warnings", "0"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`  4:22  warning  ${HARD_DELETE_MESSAGE}  no-hard-delete\n`);
    expect(result.stderr).toBe("backend-conventions found too many warnings: 1 (maximum: 0).\n");
  });

  it('"warn" with --max-warnings 1: one warning is not more than one, exit 0', () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": "warn" } }\n',
      "src/items.ts": ITEMS_HARD_DELETE_TS,
    });
    expect(runCli(dir, ["check", "--max-warnings", "1"]).status).toBe(0);
  });

  it("1 is warn; in json the severity is 1 and it counts as a warning", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": 1 } }\n',
      "src/items.ts": ITEMS_HARD_DELETE_TS,
    });
    const result = runCli(dir, ["check", "--format", "json", "src/items.ts"]);
    expect(result.status).toBe(0);
    const [file] = JSON.parse(result.stdout) as [{ messages: { severity: number }[]; errorCount: number; warningCount: number }];
    expect(file.messages.map((message) => message.severity)).toEqual([1]);
    expect(file.errorCount).toBe(0);
    expect(file.warningCount).toBe(1);
  });

  it('"off": no finding, exit 0', () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": "off" } }\n',
      "src/items.ts": ITEMS_HARD_DELETE_TS,
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it('"off" for one rule leaves the others on', () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": "off" } }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(dir, ["check"]).status).toBe(1);
  });

  it("rule options from the config: allowModels exempts the model", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "rules": { "no-hard-delete": ["error", { "allowModels": ["Item"] }] } }\n',
      "src/items.ts": ITEMS_HARD_DELETE_TS,
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});

describe("ignores", () => {
  it("a generated client folder (src/generated/prisma/**) is ignored by default", () => {
    const dir = createProject({
      ...baseProject(),
      "src/items.ts": ITEMS_FILTERED_TS,
      "src/generated/prisma/client.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../../db.js"),
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("the generator's custom output folder is ignored", () => {
    const dir = createProject({
      ...baseProject(),
      "prisma/schema.prisma": `generator client {
  provider = "prisma-client"
  output   = "../src/client"
}

${baseProject()["prisma/schema.prisma"]}`,
      "src/items.ts": ITEMS_FILTERED_TS,
      "src/client/models.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../db.js"),
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("user ignore globs are applied on top of the defaults", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "ignore": ["src/legacy/**"] }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
      "src/legacy/old.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../db.js"),
      "src/generated/prisma/client.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../../db.js"),
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 1,
      stdout: [
        "",
        "src/items.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 1 problem (1 error, 0 warnings)",
        SUGGESTIONS_LINE,
        "",
      ].join("\n"),
      stderr: "",
    });
  });

  it("an ignored folder named on the command line is not checked", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.json": '{ "ignore": ["src/legacy/**"] }\n',
      "src/legacy/old.ts": ITEMS_UNFILTERED_TS.replace("./db.js", "../db.js"),
    });
    const result = runCli(dir, ["check", "src/legacy"]);
    expect(result.status).toBe(0);
    expect(result.stdout).not.toContain("require-soft-delete-filter");
  });
});
