import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { isIgnored, loadAnalysis } from "../../src/engine/analysis.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { createRule, type RuleDefinition } from "../../src/engine/rule.js";
import { runRules } from "../../src/engine/run-rules.js";

const basicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/basic");
const fileName = path.join(basicDir, "src/file.ts");

function analysis() {
  const config = resolveConfig({ softDelete: { field: ["deletedAt", "isDeleted"] } }, { rootDir: basicDir, rules: {} });
  return loadAnalysis(config);
}

/** A rule that reports every query site on its operation name, and marks deletes as undecided. */
const everySite = createRule<[], "site">({
  name: "every-site",
  meta: {
    type: "problem",
    docs: { description: "Reports every query site.", convention: "queries", config: "recommended", requiresSchema: true },
    messages: { site: "{{model}}.{{operation}} ({{missing}})" },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    for (const site of context.querySites()) {
      context.report({ node: site.operationNode, messageId: "site", data: { model: site.model.name, operation: site.operation } });
      if (site.operation === "delete") context.markUnknown(site);
    }
  },
}) as unknown as RuleDefinition;

describe("runRules", () => {
  it("reports on the node's span with the interpolated message, sorted by position", () => {
    const sourceFile = parseSourceFile(fileName, ["prisma.tag.delete({ where: { id } });", "  prisma.item.findMany();"].join("\n"));
    const run = runRules(sourceFile, analysis(), [{ rule: everySite, severity: 2, options: [] }]);
    expect(run).toEqual({
      findings: [
        {
          ruleId: "every-site",
          severity: 2,
          message: "Tag.delete ({{missing}})",
          messageId: "site",
          line: 1,
          column: 12,
          endLine: 1,
          endColumn: 18,
        },
        {
          ruleId: "every-site",
          severity: 2,
          message: "Item.findMany ({{missing}})",
          messageId: "site",
          line: 2,
          column: 15,
          endLine: 2,
          endColumn: 23,
        },
      ],
      querySites: 2,
      unknownSites: 1,
      // the delete, marked unknown by the rule
      unknownByRule: new Map([["every-site", new Set([sourceFile.statements[0].getChildAt(0)])]]),
      unusedDirectives: [],
      suppressedFindings: [],
    });
  });

  it("drops the findings eslint-disable comments silence and keeps the unused comments apart", () => {
    const sourceFile = parseSourceFile(
      fileName,
      ["// eslint-disable-next-line", "prisma.tag.delete({ where: { id } });", "prisma.item.findMany(); // eslint-disable-line backend-conventions/no-hard-delete"].join("\n"),
    );
    const run = runRules(sourceFile, analysis(), [{ rule: everySite, severity: 2, options: [] }]);
    expect(run.findings.map((finding) => `${finding.line}:${finding.column} ${finding.message}`)).toEqual(["3:13 Item.findMany ({{missing}})"]);
    expect(run.unusedDirectives).toEqual([
      {
        message: "Unused eslint-disable directive (no problems were reported from 'backend-conventions/no-hard-delete').",
        line: 3,
        column: 25,
        fix: { range: [90, 147], text: " " },
      },
    ]);
  });

  it("a file with a syntax error gives one fatal finding and runs no rule", () => {
    const sourceFile = parseSourceFile(fileName, "prisma.item.findMany();\nconst x = ;");
    const run = runRules(sourceFile, analysis(), [{ rule: everySite, severity: 2, options: [] }]);
    expect(run).toEqual({
      findings: [{ ruleId: null, fatal: true, severity: 2, message: "Parsing error: Expression expected.", line: 2, column: 11 }],
      querySites: 0,
      unknownSites: 0,
      unknownByRule: new Map(),
      unusedDirectives: [],
      suppressedFindings: [],
    });
  });

  it("registers the linted parse with the project, so unsaved text wins", () => {
    const context = analysis();
    const sourceFile = parseSourceFile(path.join(basicDir, "src/helpers.ts"), "export const unsaved = 1;");
    runRules(sourceFile, context, []);
    expect(context.project.getSourceFile(path.join(basicDir, "src/helpers.ts"))).toBe(sourceFile);
  });
});

describe("loadAnalysis / isIgnored", () => {
  it("loads the project's schema and tsconfig", () => {
    const context = analysis();
    expect([...context.schema.models.keys()]).toEqual(["Device", "Favorite", "Item", "Product", "Portion", "Account", "Tag", "Session", "Draft", "Poll"]);
    expect(context.schema.models.get("Account")?.softDelete).toEqual({ field: "isDeleted", live: false });
    expect(context.project.tsconfigFiles).toContain(path.join(basicDir, "src/helpers.ts"));
  });

  it("ignores node_modules and declaration files, not sources", () => {
    const context = analysis();
    expect(isIgnored(context, path.join(basicDir, "node_modules/x/index.ts"))).toBe(true);
    expect(isIgnored(context, path.join(basicDir, "src/types.d.ts"))).toBe(true);
    expect(isIgnored(context, path.join(basicDir, "src/file.ts"))).toBe(false);
  });
});
