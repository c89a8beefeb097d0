import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import type { CheckResult, Finding } from "../../src/engine/findings.js";
import { json, mergeEdits } from "../../src/reporters/json.js";
import { cwd, sampleResult } from "./fixtures.js";

const options = { cwd, color: false };
const stats = { filesChecked: 1, querySites: 0, unknownSites: 0 };

describe("json reporter", () => {
  it("reports every checked file, sorted by path, in ESLint's LintResult shape", () => {
    expect(JSON.parse(json(sampleResult(), options))).toEqual([
      {
        filePath: "/proj/src/broken.ts",
        messages: [
          { ruleId: null, fatal: true, severity: 2, message: "Parsing error: ';' expected.", line: 1, column: 9 },
        ],
        suppressedMessages: [],
        errorCount: 1,
        fatalErrorCount: 1,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      },
      {
        filePath: "/proj/src/clean.ts",
        messages: [],
        suppressedMessages: [],
        errorCount: 0,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        usedDeprecatedRules: [],
      },
      {
        filePath: "/proj/src/users.ts",
        messages: [
          {
            ruleId: "bc/owner-scope",
            severity: 1,
            message: "Query on `Post` is not scoped to the owner.",
            line: 3,
            column: 10,
            messageId: "missingOwner",
          },
          { ruleId: "bc/enum-values", severity: 2, message: "Unknown value 'archived' for enum `Status`.", line: 12, column: 5 },
          {
            ruleId: "bc/soft-delete",
            severity: 2,
            message: "Query on `User` ignores soft delete.",
            line: 12,
            column: 5,
            messageId: "missingDeletedAt",
            endLine: 12,
            endColumn: 30,
          },
        ],
        suppressedMessages: [],
        errorCount: 2,
        fatalErrorCount: 0,
        warningCount: 1,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        source: "const a = prisma.user.findMany();\n",
        usedDeprecatedRules: [],
      },
    ]);
  });

  it("keeps ESLint's key order for results, messages and suggestions", () => {
    const finding: Finding = {
      suggestions: [{ desc: "Add `deletedAt: null`", fix: [{ text: "x", range: [1, 2] }], messageId: "addFilter" }],
      fix: { text: "y", range: [0, 1] },
      endColumn: 9,
      endLine: 2,
      messageId: "missingDeletedAt",
      column: 3,
      line: 2,
      message: "m",
      severity: 2,
      ruleId: "bc/soft-delete",
    };
    const parseError: Finding = { message: "p", column: 1, line: 1, severity: 2, fatal: true, ruleId: null };
    const result: CheckResult = {
      files: [{ findings: [finding, parseError], filePath: "/proj/a.ts", source: "abc\ndef\n" }],
      stats,
    };
    const [file] = JSON.parse(json(result, options));
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
    expect(Object.keys(file.messages[0])).toEqual(["ruleId", "fatal", "severity", "message", "line", "column"]);
    expect(Object.keys(file.messages[1])).toEqual([
      "ruleId",
      "severity",
      "message",
      "line",
      "column",
      "messageId",
      "endLine",
      "endColumn",
      "fix",
      "suggestions",
    ]);
    expect(Object.keys(file.messages[1].suggestions[0])).toEqual(["messageId", "fix", "desc"]);
    expect(Object.keys(file.messages[1].fix)).toEqual(["range", "text"]);
  });

  it("counts errors, fatal errors, warnings and fixable problems", () => {
    const fix = { range: [0, 1] as [number, number], text: "" };
    const result: CheckResult = {
      files: [
        {
          filePath: "/proj/a.ts",
          findings: [
            { ruleId: "r", severity: 2, message: "e1", line: 1, column: 1, fix },
            { ruleId: "r", severity: 2, message: "e2", line: 2, column: 1 },
            { ruleId: null, severity: 2, fatal: true, message: "parse", line: 3, column: 1 },
            { ruleId: "r", severity: 1, message: "w1", line: 4, column: 1, fix },
            { ruleId: "r", severity: 1, message: "w2", line: 5, column: 1, fix },
            { ruleId: "r", severity: 1, message: "w3", line: 6, column: 1 },
          ],
        },
      ],
      stats,
    };
    const [file] = JSON.parse(json(result, options));
    expect(file).toMatchObject({
      errorCount: 3,
      fatalErrorCount: 1,
      warningCount: 3,
      fixableErrorCount: 1,
      fixableWarningCount: 2,
    });
    expect(file).not.toHaveProperty("source");
  });

  it("leaves out the source of a file without findings", () => {
    const result: CheckResult = { files: [{ filePath: "/proj/a.ts", findings: [], source: "x" }], stats };
    expect(JSON.parse(json(result, options))[0]).not.toHaveProperty("source");
  });

  it("drops suggestions without edits and the suggestions key when none are left", () => {
    const result: CheckResult = {
      files: [
        {
          filePath: "/proj/a.ts",
          findings: [
            { ruleId: "r", severity: 1, message: "m", line: 1, column: 1, suggestions: [{ messageId: "s", desc: "d", fix: [] }] },
          ],
        },
      ],
      stats,
    };
    expect(JSON.parse(json(result, options))[0].messages[0]).toEqual({
      ruleId: "r",
      severity: 1,
      message: "m",
      line: 1,
      column: 1,
    });
  });

  it("puts baselined findings in suppressedMessages, as ESLint puts those of its suppressions file (kind file), and counts them nowhere", () => {
    const suppressions = [{ kind: "baseline" as const, justification: "in the baseline bc.json" }];
    const result: CheckResult = {
      files: [
        {
          filePath: "/proj/a.ts",
          source: "a\nb\nc\n",
          findings: [{ ruleId: "r", severity: 2, message: "new", line: 2, column: 1 }],
          suppressedFindings: [
            { ruleId: "r", severity: 2, message: "old 3", line: 3, column: 1, suppressions },
            { ruleId: "r", severity: 1, message: "old 1", line: 1, column: 4, messageId: "m", suppressions },
          ],
        },
      ],
      stats,
    };
    expect(JSON.parse(json(result, options))).toEqual([
      {
        filePath: "/proj/a.ts",
        messages: [{ ruleId: "r", severity: 2, message: "new", line: 2, column: 1 }],
        suppressedMessages: [
          { ruleId: "r", severity: 1, message: "old 1", line: 1, column: 4, messageId: "m", suppressions: [{ kind: "file", justification: "in the baseline bc.json" }] },
          { ruleId: "r", severity: 2, message: "old 3", line: 3, column: 1, suppressions: [{ kind: "file", justification: "in the baseline bc.json" }] },
        ],
        errorCount: 1,
        fatalErrorCount: 0,
        warningCount: 0,
        fixableErrorCount: 0,
        fixableWarningCount: 0,
        source: "a\nb\nc\n",
        usedDeprecatedRules: [],
      },
    ]);
  });

  it("prints [] for an empty run", () => {
    expect(json({ files: [], stats: { filesChecked: 0, querySites: 0, unknownSites: 0 } }, options)).toBe("[]");
  });
});

describe("mergeEdits", () => {
  const source = "0123456789";

  it("keeps a single edit as it is", () => {
    expect(mergeEdits([{ range: [2, 4], text: "x" }], source)).toEqual({ range: [2, 4], text: "x" });
  });

  it("spans several edits, in range order, keeping the text between them", () => {
    expect(
      mergeEdits(
        [
          { range: [7, 8], text: "B" },
          { range: [1, 3], text: "A" },
          { range: [5, 5], text: "+" },
        ],
        source,
      ),
    ).toEqual({ range: [1, 8], text: "A34+56B" });
  });

  it("uses the first edit when there is no source", () => {
    expect(
      mergeEdits(
        [
          { range: [7, 8], text: "B" },
          { range: [1, 3], text: "A" },
        ],
        undefined,
      ),
    ).toEqual({ range: [7, 8], text: "B" });
  });

  it("returns undefined for no edits", () => {
    expect(mergeEdits([], source)).toBeUndefined();
  });
});

describe("json reporter against ESLint", () => {
  const source = ["let a = 1;", "let bb = a + 2;", "a;", ""].join("\n");
  const filePath = "/proj/src/demo.js";

  /*
   * A rule that reports fixed problems: the same problems, reported through ESLint, must give the
   * same JSON as our findings give through our reporter.
   */
  const plugin = {
    rules: {
      scope: {
        meta: {
          type: "problem" as const,
          fixable: "code" as const,
          hasSuggestions: true,
          messages: { missing: "Query is not scoped.", addScope: "Add the scope", wrap: "Wrap both" },
          schema: [],
        },
        create(context: import("eslint").Rule.RuleContext) {
          return {
            Program() {
              if (!context.filename.endsWith("demo.js")) return;
              context.report({
                loc: { start: { line: 2, column: 4 }, end: { line: 2, column: 6 } },
                messageId: "missing",
                fix: (fixer) => fixer.replaceTextRange([15, 17], "b2"),
                suggest: [
                  { messageId: "addScope", fix: (fixer) => fixer.insertTextAfterRange([0, 10], " // scoped") },
                  {
                    messageId: "wrap",
                    fix: (fixer) => [fixer.replaceTextRange([20, 21], "(a)"), fixer.insertTextBeforeRange([4, 4], "_")],
                  },
                ],
              });
              context.report({ loc: { line: 1, column: 0 }, message: "Plain message without id." });
            },
          };
        },
      },
      soft: {
        meta: { type: "problem" as const, messages: { deleted: "Ignores soft delete." }, schema: [] },
        create(context: import("eslint").Rule.RuleContext) {
          return {
            Program() {
              if (!context.filename.endsWith("demo.js")) return;
              context.report({
                loc: { start: { line: 3, column: 0 }, end: { line: 3, column: 1 } },
                messageId: "deleted",
              });
            },
          };
        },
      },
    },
  };

  it("gives byte-for-byte the output of ESLint's json formatter", async () => {
    const eslint = new ESLint({
      cwd: "/proj",
      overrideConfigFile: true,
      overrideConfig: { plugins: { bc: plugin }, rules: { "bc/scope": "warn", "bc/soft": "error" } },
    });
    const results = [
      ...(await eslint.lintText("let x = ;\n", { filePath: "/proj/src/broken.js" })),
      ...(await eslint.lintText(source, { filePath })),
      ...(await eslint.lintText("export {};\n", { filePath: "/proj/src/clean.js" })),
    ];
    const theirs = await (await eslint.loadFormatter("json")).format(results);

    const ours = json(
      {
        files: [
          {
            filePath,
            source,
            findings: [
              { ruleId: "bc/soft", severity: 2, message: "Ignores soft delete.", messageId: "deleted", line: 3, column: 1, endLine: 3, endColumn: 2 },
              {
                ruleId: "bc/scope",
                severity: 1,
                message: "Query is not scoped.",
                messageId: "missing",
                line: 2,
                column: 5,
                endLine: 2,
                endColumn: 7,
                fix: { range: [15, 17], text: "b2" },
                suggestions: [
                  { messageId: "addScope", desc: "Add the scope", fix: [{ range: [10, 10], text: " // scoped" }] },
                  {
                    messageId: "wrap",
                    desc: "Wrap both",
                    fix: [
                      { range: [20, 21], text: "(a)" },
                      { range: [4, 4], text: "_" },
                    ],
                  },
                ],
              },
              { ruleId: "bc/scope", severity: 1, message: "Plain message without id.", line: 1, column: 1 },
            ],
          },
          { filePath: "/proj/src/clean.js", source: "export {};\n", findings: [] },
          {
            filePath: "/proj/src/broken.js",
            source: "let x = ;\n",
            findings: [
              { ruleId: null, fatal: true, severity: 2, message: "Parsing error: Unexpected token ;", line: 1, column: 9 },
            ],
          },
        ],
        stats: { filesChecked: 3, querySites: 0, unknownSites: 0 },
      },
      options,
    );
    expect(ours).toBe(theirs);
  });
});
