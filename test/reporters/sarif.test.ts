import path from "node:path";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/engine/findings.js";
import { fingerprint } from "../../src/engine/fingerprint.js";
import { packageInfo } from "../../src/package-info.js";
import { allRules, ruleById } from "../../src/rule-registry.js";
import { pascalCase, ruleDescriptor, sarif, toSarifLog, type SarifLog } from "../../src/reporters/sarif.js";
import { cwd, sampleResult } from "./fixtures.js";

const DOCS = "https://github.com/backend-conventions/backend-conventions/blob/main/docs/rules/";
const LINE = "  return prisma.item.findMany();";

/** One finding with a trace, and one file that does not parse. */
function smallResult(): CheckResult {
  return {
    files: [
      {
        filePath: "/proj/src/repositories/items.ts",
        source: `import { prisma } from "../db.js";\n\nexport function list() {\n${LINE}\n}\n`,
        findings: [
          {
            ruleId: "require-soft-delete-filter",
            severity: 2,
            message: "findMany on soft-deletable model Item does not filter out deleted rows",
            line: 4,
            column: 22,
            endLine: 4,
            endColumn: 30,
            trace: [
              { label: "GET /items", filePath: "/proj/src/routes/items.ts", line: 6, column: 8 },
              { label: "listItems", filePath: "/proj/src/repositories/items.ts", line: 3, column: 17 },
            ],
          },
        ],
      },
      {
        filePath: "/proj/src/broken.ts",
        source: "export const = ;\n",
        findings: [{ ruleId: null, fatal: true, severity: 2, message: "Parsing error: Variable declaration expected.", line: 1, column: 14 }],
      },
    ],
    stats: { filesChecked: 2, querySites: 1, unknownSites: 0 },
  };
}

describe("sarif reporter", () => {
  it("gives the exact SARIF of a small result: rule metadata, result, fingerprint, code flow, parse error", () => {
    const rule = ruleById("require-soft-delete-filter")!;
    const log = toSarifLog(smallResult(), { cwd, color: false }, [rule]);
    const expected: SarifLog = {
      $schema: "https://json.schemastore.org/sarif-2.1.0.json",
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "backend-conventions",
              version: packageInfo.version,
              semanticVersion: packageInfo.version,
              informationUri: "https://github.com/backend-conventions/backend-conventions",
              rules: [
                {
                  id: "require-soft-delete-filter",
                  name: "RequireSoftDeleteFilter",
                  shortDescription: { text: "Require every read and update of a soft-deletable model to filter out deleted rows" },
                  fullDescription: { text: "Require every read and update of a soft-deletable model to filter out deleted rows." },
                  help: {
                    text: `Require every read and update of a soft-deletable model to filter out deleted rows. Documentation: ${DOCS}require-soft-delete-filter.md`,
                    markdown: `Require every read and update of a soft-deletable model to filter out deleted rows.\n\n[require-soft-delete-filter documentation](${DOCS}require-soft-delete-filter.md)`,
                  },
                  helpUri: `${DOCS}require-soft-delete-filter.md`,
                  defaultConfiguration: { level: "error" },
                  properties: { tags: ["soft-delete", "problem"] },
                },
                {
                  id: "parse-error",
                  name: "ParseError",
                  shortDescription: { text: "A file that does not parse cannot be checked" },
                  fullDescription: { text: "A file that does not parse cannot be checked: fix the syntax error, or ignore the file in the config." },
                  help: {
                    text: "A file that does not parse cannot be checked: fix the syntax error, or ignore the file with `ignore` in the backend-conventions config.",
                    markdown:
                      "A file that does not parse cannot be checked: fix the syntax error, or ignore the file with `ignore` in the backend-conventions config.",
                  },
                  defaultConfiguration: { level: "error" },
                  properties: { tags: ["parse-error"] },
                },
              ],
            },
          },
          originalUriBaseIds: { "%SRCROOT%": { uri: "file:///proj/" } },
          columnKind: "utf16CodeUnits",
          results: [
            {
              ruleId: "parse-error",
              ruleIndex: 1,
              level: "error",
              message: { text: "Parsing error: Variable declaration expected." },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: "src/broken.ts", uriBaseId: "%SRCROOT%" },
                    region: { startLine: 1, startColumn: 14, endLine: 1, endColumn: 14 },
                  },
                },
              ],
              partialFingerprints: {
                "backendConventions/v1": fingerprint({ ruleId: null, file: "src/broken.ts", lineText: "export const = ;", occurrence: 0 }),
              },
            },
            {
              ruleId: "require-soft-delete-filter",
              ruleIndex: 0,
              level: "error",
              message: { text: "findMany on soft-deletable model Item does not filter out deleted rows" },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: "src/repositories/items.ts", uriBaseId: "%SRCROOT%" },
                    region: { startLine: 4, startColumn: 22, endLine: 4, endColumn: 30 },
                  },
                },
              ],
              partialFingerprints: {
                "backendConventions/v1": fingerprint({
                  ruleId: "require-soft-delete-filter",
                  file: "src/repositories/items.ts",
                  lineText: "return prisma.item.findMany();",
                  occurrence: 0,
                }),
              },
              codeFlows: [
                {
                  threadFlows: [
                    {
                      locations: [
                        {
                          location: {
                            physicalLocation: {
                              artifactLocation: { uri: "src/routes/items.ts", uriBaseId: "%SRCROOT%" },
                              region: { startLine: 6, startColumn: 8, endLine: 6, endColumn: 8 },
                            },
                            message: { text: "GET /items" },
                          },
                        },
                        {
                          location: {
                            physicalLocation: {
                              artifactLocation: { uri: "src/repositories/items.ts", uriBaseId: "%SRCROOT%" },
                              region: { startLine: 3, startColumn: 17, endLine: 3, endColumn: 17 },
                            },
                            message: { text: "listItems" },
                          },
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(log).toEqual(expected);
  });

  it("makes paths relative to the root when one is given, not to the working directory", () => {
    const log = toSarifLog(smallResult(), { cwd: "/proj/src", color: false, root: "/proj" }, []);
    expect(log.runs[0].originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///proj/" } });
    expect(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual([
      "src/broken.ts",
      "src/repositories/items.ts",
    ]);
  });

  it("lists every rule of the registry, sorted by id, with PascalCase names and docs links", () => {
    const log = JSON.parse(sarif({ files: [], stats: { filesChecked: 0, querySites: 0, unknownSites: 0 } }, { cwd, color: false })) as SarifLog;
    const rules = log.runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(allRules.map((r) => r.name).sort());
    for (const rule of rules) {
      expect(rule.helpUri).toBe(`${DOCS}${rule.id}.md`);
      expect(rule.name).toBe(pascalCase(rule.id));
    }
    expect(log.runs[0].results).toEqual([]);
  });

  it("sorts results by file, line, column, rule; warnings are level warning; unknown rule ids get a descriptor", () => {
    const log = toSarifLog(sampleResult(), { cwd, color: false, ruleDocs: { "bc/owner-scope": "https://example.com/owner" } }, []);
    const results = log.runs[0].results.map((r) => [
      r.locations[0].physicalLocation.artifactLocation.uri,
      r.locations[0].physicalLocation.region.startLine,
      r.ruleId,
      r.level,
      log.runs[0].tool.driver.rules[r.ruleIndex].id,
    ]);
    expect(results).toEqual([
      ["src/broken.ts", 1, "parse-error", "error", "parse-error"],
      ["src/users.ts", 3, "bc/owner-scope", "warning", "bc/owner-scope"],
      ["src/users.ts", 12, "bc/enum-values", "error", "bc/enum-values"],
      ["src/users.ts", 12, "bc/soft-delete", "error", "bc/soft-delete"],
    ]);
    expect(log.runs[0].tool.driver.rules.find((r) => r.id === "bc/owner-scope")).toEqual({
      id: "bc/owner-scope",
      name: "BcOwnerScope",
      shortDescription: { text: "Rule bc/owner-scope" },
      fullDescription: { text: "Rule bc/owner-scope." },
      help: { text: "Rule bc/owner-scope. Documentation: https://example.com/owner", markdown: "Rule bc/owner-scope.\n\n[bc/owner-scope documentation](https://example.com/owner)" },
      helpUri: "https://example.com/owner",
      defaultConfiguration: { level: "warning" },
      properties: { tags: [] },
    });
  });

  it("an unused or unknown eslint-disable comment (a finding without rule id that is not fatal) is a disable-directive result, a parse error stays parse-error", () => {
    const result: CheckResult = {
      files: [
        { filePath: path.join(cwd, "src/broken.ts"), findings: [{ ruleId: null, fatal: true, severity: 2, message: "Parsing error: ';' expected.", line: 1, column: 5 }] },
        {
          filePath: path.join(cwd, "src/items.ts"),
          findings: [{ ruleId: null, severity: 1, message: "Unused eslint-disable directive (no problems were reported from 'backend-conventions/no-hard-delete').", line: 4, column: 1 }],
        },
      ],
      stats: { filesChecked: 2, querySites: 0, unknownSites: 0 },
    };
    const log = toSarifLog(result, { cwd, color: false }, []);
    const rules = log.runs[0].tool.driver.rules;
    expect(log.runs[0].results.map((r) => `${r.ruleId} ${r.level} ${rules[r.ruleIndex].id}`)).toEqual(["parse-error error parse-error", "disable-directive warning disable-directive"]);
    expect(rules.find((rule) => rule.id === "disable-directive")?.shortDescription.text).toBe("An eslint-disable comment that silences nothing, or names no rule");
    expect(toSarifLog(sampleResult(), { cwd, color: false }, []).runs[0].tool.driver.rules.some((rule) => rule.id === "disable-directive")).toBe(false);
  });

  it("is deterministic: files and findings given in any order give the same string", () => {
    const a = sampleResult();
    const b = sampleResult();
    b.files.reverse();
    for (const file of b.files) file.findings.reverse();
    expect(sarif(b, { cwd, color: false })).toBe(sarif(a, { cwd, color: false }));
  });

  it("gives the security rules GitHub's security-severity and the security and CWE tags; the other rules neither", () => {
    const log = JSON.parse(sarif({ files: [], stats: { filesChecked: 0, querySites: 0, unknownSites: 0 } }, { cwd, color: false })) as SarifLog;
    expect(Object.fromEntries(log.runs[0].tool.driver.rules.map((rule) => [rule.id, rule.properties]))).toEqual({
      "layer-boundaries": { tags: ["layers", "problem"] },
      "no-hard-delete": { tags: ["soft-delete", "problem"] },
      "no-http-in-services": { tags: ["layers", "problem"] },
      "no-query-in-loop": { tags: ["queries", "problem"] },
      "no-stale-read-after-write": { tags: ["fresh-after-write", "problem"] },
      "no-unsafe-raw-sql": { tags: ["queries", "problem", "security", "external/cwe/cwe-089"], "security-severity": "8.8" },
      "no-unvalidated-input": { tags: ["input", "problem", "security", "external/cwe/cwe-915", "external/cwe/cwe-020"], "security-severity": "7.1" },
      "prisma-schema-conventions": { tags: ["schema", "problem"] },
      "require-auth": { tags: ["auth", "problem", "security", "external/cwe/cwe-306"], "security-severity": "7.5" },
      "require-bounded-list": { tags: ["queries", "problem", "security", "external/cwe/cwe-770"], "security-severity": "6.5" },
      "require-owner-scope": { tags: ["owner-scope", "problem", "security", "external/cwe/cwe-639"], "security-severity": "8.1" },
      "require-soft-delete-filter": { tags: ["soft-delete", "problem"] },
      "require-transaction-client": { tags: ["fresh-after-write", "problem"] },
      "valid-enum-value": { tags: ["enum-values", "problem"] },
    });
  });

  it("keeps baselined findings as results with an external suppression; their fingerprints are those the baseline matched", () => {
    const base = smallResult();
    const [unfiltered] = base.files[0].findings;
    const twin = { ...unfiltered, message: "the same query again" };
    // line 4 twice: the first (occurrence 0) is baselined, the second (occurrence 1) is new
    const result: CheckResult = {
      ...base,
      files: [
        {
          ...base.files[0],
          findings: [{ ...twin, column: 30 }],
          suppressedFindings: [{ ...unfiltered, suppressions: [{ kind: "baseline", justification: "in the baseline bc.json" }] }],
        },
      ],
    };
    const log = toSarifLog(result, { cwd, color: false }, [ruleById("require-soft-delete-filter")!]);
    const lineText = "return prisma.item.findMany();";
    expect(
      log.runs[0].results.map((r) => [r.message.text, r.locations[0].physicalLocation.region.startColumn, r.partialFingerprints, r.suppressions, r.codeFlows?.length]),
    ).toEqual([
      [
        "findMany on soft-deletable model Item does not filter out deleted rows",
        22,
        { "backendConventions/v1": fingerprint({ ruleId: "require-soft-delete-filter", file: "src/repositories/items.ts", lineText, occurrence: 0 }) },
        [{ kind: "external", justification: "in the baseline bc.json" }],
        1,
      ],
      [
        "the same query again",
        30,
        { "backendConventions/v1": fingerprint({ ruleId: "require-soft-delete-filter", file: "src/repositories/items.ts", lineText, occurrence: 1 }) },
        undefined,
        1,
      ],
    ]);
  });

  it("marks a rule outside recommended as disabled by default", () => {
    const rule = ruleById("require-owner-scope")!;
    const strictOnly = { ...rule, meta: { ...rule.meta, docs: { ...rule.meta.docs, config: "strict" as const } } };
    expect(ruleDescriptor(strictOnly).defaultConfiguration).toEqual({ level: "error", enabled: false });
  });
});
