import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import type { CheckResult, Finding } from "../../src/engine/findings.js";
import { stylish } from "../../src/reporters/stylish.js";
import { cwd, sampleResult } from "./fixtures.js";

const plain = { cwd, color: false };

function oneFile(findings: Finding[], unknownSites = 0): CheckResult {
  return { files: [{ filePath: "/proj/src/a.ts", findings }], stats: { filesChecked: 1, querySites: 1, unknownSites } };
}

const warning: Finding = { ruleId: "bc/owner-scope", severity: 1, message: "Not scoped.", line: 2, column: 3 };
const error: Finding = { ruleId: "bc/soft-delete", severity: 2, message: "Ignores soft delete.", line: 1, column: 1 };

describe("stylish reporter", () => {
  it("groups by file sorted by path, sorts findings by line, column, rule, aligns columns", () => {
    expect(stylish(sampleResult(), plain)).toBe(
      [
        "",
        "src/broken.ts",
        "  1:9  error  Parsing error: ';' expected",
        "",
        "src/users.ts",
        "   3:10  warning  Query on `Post` is not scoped to the owner  bc/owner-scope",
        "  12:5   error    Unknown value 'archived' for enum `Status`  bc/enum-values",
        "  12:5   error    Query on `User` ignores soft delete         bc/soft-delete",
        "",
        "\u2716 4 problems (3 errors, 1 warning)",
        "",
      ].join("\n"),
    );
  });

  it("shows control characters of file names and messages as escapes: ESC, OSC and \\r cannot drive the terminal", () => {
    const result: CheckResult = {
      files: [{ filePath: "/proj/src/\u001b]0;pwned\u0007a\rb.ts", findings: [{ ...error, message: "GET /x\u001b[2K\r: line one\nline two" }] }],
      stats: { filesChecked: 1, querySites: 1, unknownSites: 0 },
    };
    expect(stylish(result, plain).split("\n").slice(1, 4)).toEqual([
      "src/\\x1b]0;pwned\\x07a\\rb.ts",
      "  1:1  error  GET /x\\x1b[2K\\r: line one",
      "line two  bc/soft-delete",
    ]);
  });

  it("returns an empty string when there are no findings", () => {
    const clean: CheckResult = {
      files: [{ filePath: "/proj/src/a.ts", findings: [] }],
      stats: { filesChecked: 1, querySites: 0, unknownSites: 0 },
    };
    expect(stylish(clean, plain)).toBe("");
  });

  it("returns an empty string for an empty run", () => {
    expect(stylish({ files: [], stats: { filesChecked: 0, querySites: 0, unknownSites: 0 } }, plain)).toBe("");
  });

  it("says 1 problem, 1 error, 0 warnings in the singular", () => {
    expect(stylish(oneFile([error]), plain)).toBe(
      "\nsrc/a.ts\n  1:1  error  Ignores soft delete  bc/soft-delete\n\n\u2716 1 problem (1 error, 0 warnings)\n",
    );
  });

  it("says 1 warning in the singular and 0 errors in the plural", () => {
    expect(stylish(oneFile([warning]), plain)).toBe(
      "\nsrc/a.ts\n  2:3  warning  Not scoped  bc/owner-scope\n\n\u2716 1 problem (0 errors, 1 warning)\n",
    );
  });

  it("says 2 problems (1 error, 1 warning)", () => {
    expect(stylish(oneFile([warning, error]), plain)).toBe(
      [
        "",
        "src/a.ts",
        "  1:1  error    Ignores soft delete  bc/soft-delete",
        "  2:3  warning  Not scoped           bc/owner-scope",
        "",
        "\u2716 2 problems (1 error, 1 warning)",
        "",
      ].join("\n"),
    );
  });

  it("keeps a trailing period that follows a space, as ESLint does", () => {
    const output = stylish(oneFile([{ ...error, message: "Ends with ." }]), plain);
    expect(output).toContain("  1:1  error  Ends with .  bc/soft-delete\n");
  });

  it("counts one finding with a fix or suggestions in the singular", () => {
    const withFix: Finding = { ...error, fix: { range: [0, 1], text: "x" } };
    expect(stylish(oneFile([withFix, warning]), plain)).toBe(
      [
        "",
        "src/a.ts",
        "  1:1  error    Ignores soft delete  bc/soft-delete",
        "  2:3  warning  Not scoped           bc/owner-scope",
        "",
        "\u2716 2 problems (1 error, 1 warning)",
        "  1 problem has suggestions or fixes in the editor (ESLint plugin).",
        "",
      ].join("\n"),
    );
  });

  it("counts findings with fixes or suggestions in the plural, ignoring empty suggestion lists", () => {
    const withFix: Finding = { ...error, fix: { range: [0, 1], text: "x" } };
    const withSuggestion: Finding = {
      ...warning,
      suggestions: [{ messageId: "addOwner", desc: "Add owner", fix: [{ range: [0, 0], text: "y" }] }],
    };
    const emptySuggestions: Finding = { ...warning, line: 5, suggestions: [] };
    const output = stylish(oneFile([withFix, withSuggestion, emptySuggestions]), plain);
    expect(output.endsWith(
      "\u2716 3 problems (1 error, 2 warnings)\n  2 problems have suggestions or fixes in the editor (ESLint plugin).\n",
    )).toBe(true);
  });

  it("prints the unknown query sites after the summary, singular and plural", () => {
    expect(stylish(oneFile([error], 1), plain)).toBe(
      "\nsrc/a.ts\n  1:1  error  Ignores soft delete  bc/soft-delete\n\n\u2716 1 problem (1 error, 0 warnings)\n" +
        "  1 query site could not be fully analysed (unknown).\n",
    );
    expect(stylish(oneFile([error], 7), plain).endsWith(
      "(1 error, 0 warnings)\n  7 query sites could not be fully analysed (unknown).\n",
    )).toBe(true);
  });

  it("shows paths outside cwd relative to it", () => {
    const result: CheckResult = {
      files: [{ filePath: "/other/x.ts", findings: [error] }],
      stats: { filesChecked: 1, querySites: 0, unknownSites: 0 },
    };
    expect(stylish(result, plain).split("\n")[1]).toBe("../other/x.ts");
  });

  it("colours with ANSI codes only when color is on", () => {
    const output = stylish(oneFile([error, warning]), { cwd, color: true });
    expect(output).toBe(
      [
        "",
        "\u001b[4msrc/a.ts\u001b[24m",
        "  \u001b[2m1:1\u001b[22m  \u001b[31merror\u001b[39m    Ignores soft delete  \u001b[2mbc/soft-delete\u001b[22m",
        "  \u001b[2m2:3\u001b[22m  \u001b[33mwarning\u001b[39m  Not scoped           \u001b[2mbc/owner-scope\u001b[22m",
        "",
        "\u001b[31m\u001b[1m\u2716 2 problems (1 error, 1 warning)\u001b[22m\u001b[39m",
        "",
      ].join("\n"),
    );
    expect(stylish(oneFile([error, warning]), plain)).not.toContain("\u001b");
  });

  it("colours the summary bold yellow when there are only warnings", () => {
    const output = stylish(oneFile([warning]), { cwd, color: true });
    expect(output).toContain("\u001b[33m\u001b[1m\u2716 1 problem (0 errors, 1 warning)\u001b[22m\u001b[39m\n");
  });

  it("lays findings out exactly as ESLint's own stylish formatter does", async () => {
    const result = sampleResult();
    const eslint = new ESLint({ cwd, overrideConfigFile: true });
    const formatter = await eslint.loadFormatter("stylish");
    // the same results as ESLint would report them, with the relative paths we show
    const lintResults = result.files
      .filter((file) => file.findings.length > 0)
      .map((file) => ({ file, filePath: file.filePath.replace("/proj/", "") }))
      .sort((a, b) => (a.filePath < b.filePath ? -1 : 1))
      .map(({ file, filePath }) => {
        const messages = [...file.findings].sort((a, b) => a.line - b.line || a.column - b.column || (a.ruleId ?? "").localeCompare(b.ruleId ?? ""));
        const errorCount = messages.filter((m) => m.severity === 2).length;
        return {
          filePath,
          messages,
          suppressedMessages: [],
          errorCount,
          fatalErrorCount: messages.filter((m) => m.fatal).length,
          warningCount: messages.length - errorCount,
          fixableErrorCount: 0,
          fixableWarningCount: 0,
          usedDeprecatedRules: [],
        };
      });
    const theirs = await formatter.format(lintResults as ESLint.LintResult[], { color: false });
    expect(stylish(result, plain)).toBe(theirs);
  });
});
