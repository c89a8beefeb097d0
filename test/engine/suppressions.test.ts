import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/engine/findings.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { applyDirectives, withUnusedDirectives } from "../../src/engine/suppressions.js";

/**
 * The CLI's reading of `eslint-disable` comments against ESLint's own: each case lints the same text with
 * ESLint's Linter (a stand-in plugin whose rules report every identifier named after them) and runs the
 * engine's `applyDirectives` on the same findings, and requires both to give the listed messages.
 */
const RULES: Record<string, string> = { hardDelete: "no-hard-delete", auth: "require-auth" };
const known = new Set([...Object.values(RULES), "require-bounded-list"]);

/** What the rules report before any directive: the stand-in plugin with inline config turned off. */
function findingsOf(text: string): Finding[] {
  const config = eslintConfig("off");
  config[0].linterOptions = { noInlineConfig: true };
  return new Linter()
    .verify(text, config)
    .filter((message) => message.ruleId !== null)
    .map((message) => ({ ruleId: message.ruleId!.replace("backend-conventions/", ""), severity: 2, message: message.message, line: message.line, column: message.column }));
}

const standIn = {
  rules: Object.fromEntries(
    [...known].map((rule) => [
      rule,
      {
        meta: { messages: { here: "{{name}} here" } },
        create: (context: { report(descriptor: unknown): void }) => ({
          Identifier(node: { name: string }) {
            if (RULES[node.name] === rule) context.report({ node, messageId: "here", data: { name: node.name } });
          },
        }),
      },
    ]),
  ),
};

function eslintConfig(unused: "off" | "warn" | "error"): Linter.Config[] {
  return [
    {
      plugins: { "backend-conventions": standIn as never },
      linterOptions: { reportUnusedDisableDirectives: unused },
      rules: Object.fromEntries([...known].map((rule) => [`backend-conventions/${rule}`, "error"])),
    },
  ];
}

function viaEslint(text: string, unused: "off" | "warn" | "error"): string[] {
  const messages = new Linter().verify(text, eslintConfig(unused));
  return messages.map((message) => `${message.line}:${message.column} ${message.severity} ${message.ruleId?.replace("backend-conventions/", "") ?? "-"} ${message.message}`);
}

function viaEngine(text: string, unused: "off" | "warn" | "error"): string[] {
  const outcome = applyDirectives(parseSourceFile("/virtual/file.ts", text), findingsOf(text), known);
  return withUnusedDirectives(outcome.findings, outcome.unusedDirectives, unused).map(
    (finding) => `${finding.line}:${finding.column} ${finding.severity} ${finding.ruleId ?? "-"} ${finding.message}`,
  );
}

function expectBoth(text: string, unused: "off" | "warn" | "error", expected: string[]): void {
  expect(viaEngine(text, unused)).toEqual(expected);
  expect(viaEslint(text, unused)).toEqual(expected);
}

describe("eslint-disable comments, as ESLint reads them", () => {
  it("eslint-disable-next-line and eslint-disable-line silence the named rule on their line only", () => {
    const text = [
      "// eslint-disable-next-line backend-conventions/no-hard-delete -- a purge job, reviewed",
      "hardDelete; auth;",
      "hardDelete; // eslint-disable-line backend-conventions/no-hard-delete",
      "hardDelete;",
    ].join("\n");
    expectBoth(text, "off", ["2:13 2 require-auth auth here", "4:1 2 no-hard-delete hardDelete here"]);
  });

  it("a block eslint-disable silences until the matching eslint-enable; a bare one silences every rule", () => {
    const text = [
      "/* eslint-disable backend-conventions/no-hard-delete, backend-conventions/require-auth */",
      "hardDelete; auth;",
      "/* eslint-enable backend-conventions/require-auth */",
      "hardDelete; auth;",
      "/* eslint-enable */",
      "hardDelete;",
      "/* eslint-disable */",
      "auth;",
    ].join("\n");
    expectBoth(text, "off", ["4:13 2 require-auth auth here", "6:1 2 no-hard-delete hardDelete here"]);
  });

  it("ignores a // eslint-disable line comment, directives in strings, and JSDoc, as ESLint does", () => {
    const text = [
      "// eslint-disable backend-conventions/no-hard-delete",
      "hardDelete;",
      'const s = "/* eslint-disable */"; hardDelete;',
      "/** eslint-disable-next-line backend-conventions/require-auth */",
      "auth;",
      "const t = `// eslint-disable-line`; auth;",
    ].join("\n");
    expectBoth(text, "off", [
      "2:1 2 no-hard-delete hardDelete here",
      "3:35 2 no-hard-delete hardDelete here",
      "5:1 2 require-auth auth here",
      "6:37 2 require-auth auth here",
    ]);
  });

  it("reports unused directives naming our rules, with ESLint's messages, positions and severity", () => {
    const text = [
      "// eslint-disable-next-line backend-conventions/require-auth",
      "hardDelete;",
      "auth; // eslint-disable-line backend-conventions/require-auth, backend-conventions/no-hard-delete",
      "/* eslint-disable backend-conventions/require-bounded-list */",
      "/* eslint-enable backend-conventions/no-hard-delete */",
    ].join("\n");
    const expected = [
      "1:1 1 - Unused eslint-disable directive (no problems were reported from 'backend-conventions/require-auth').",
      "2:1 2 no-hard-delete hardDelete here",
      "3:7 1 - Unused eslint-disable directive (no problems were reported from 'backend-conventions/no-hard-delete').",
      "4:1 1 - Unused eslint-disable directive (no problems were reported from 'backend-conventions/require-bounded-list').",
      "5:1 1 - Unused eslint-enable directive (no matching eslint-disable directives were found for 'backend-conventions/no-hard-delete').",
    ];
    expectBoth(text, "warn", expected);
    expectBoth(text, "off", ["2:1 2 no-hard-delete hardDelete here"]);
  });

  it("gives unused directives ESLint's fixes: the whole comment, or the one name in a list", () => {
    const text = ["hardDelete; // eslint-disable-line backend-conventions/require-auth, backend-conventions/no-hard-delete", "// eslint-disable-next-line backend-conventions/require-auth", "x;"].join("\n");
    const { unusedDirectives } = applyDirectives(parseSourceFile("/virtual/file.ts", text), findingsOf(text), known);
    const eslintFixes = new Linter()
      .verify(text, eslintConfig("warn"))
      .filter((message) => message.ruleId === null)
      .map((message) => message.fix);
    expect(unusedDirectives.map((directive) => directive.fix)).toEqual(eslintFixes);
    expect(unusedDirectives.map((directive) => directive.fix)).toEqual([
      { range: [35, 69], text: "" },
      { range: [104, 164], text: " " },
    ]);
  });

  it("does not call a bare directive unused: it may silence other plugins' findings the CLI never sees", () => {
    const text = ["// eslint-disable-next-line", "x;", "/* eslint-disable-line backend-conventions/require-auth", "*/"].join("\n");
    const outcome = applyDirectives(parseSourceFile("/virtual/file.ts", text), [], known);
    expect(outcome.unusedDirectives).toEqual([]);
    // a block eslint-disable-line over two lines is an error, in ESLint as here
    expect(outcome.findings.map((finding) => `${finding.line}:${finding.column} ${finding.message}`)).toEqual(["3:1 eslint-disable-line comment should not span multiple lines."]);
  });

  it("reports a directive naming no rule of ours as ESLint does", () => {
    const text = "// eslint-disable-next-line backend-conventions/no-such-rule\nhardDelete;";
    const outcome = applyDirectives(parseSourceFile("/virtual/file.ts", text), findingsOf(text), known);
    expect(outcome.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId ?? "-"} ${finding.message}`)).toEqual([
      "2:1 no-hard-delete hardDelete here",
      "1:1 - Definition for rule 'backend-conventions/no-such-rule' was not found.",
    ]);
    expect(viaEslint(text, "off")).toEqual(["1:1 2 no-such-rule Definition for rule 'backend-conventions/no-such-rule' was not found.", "2:1 2 no-hard-delete hardDelete here"]);
  });
});
