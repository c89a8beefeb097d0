import type { CheckResult } from "../../src/engine/findings.js";

export const cwd = "/proj";

/** Three files given out of order: one with a parse error, one with findings, one clean. */
export function sampleResult(): CheckResult {
  return {
    files: [
      {
        filePath: "/proj/src/users.ts",
        source: "const a = prisma.user.findMany();\n",
        findings: [
          {
            ruleId: "bc/soft-delete",
            severity: 2,
            message: "Query on `User` ignores soft delete.",
            messageId: "missingDeletedAt",
            line: 12,
            column: 5,
            endLine: 12,
            endColumn: 30,
          },
          {
            ruleId: "bc/owner-scope",
            severity: 1,
            message: "Query on `Post` is not scoped to the owner.",
            messageId: "missingOwner",
            line: 3,
            column: 10,
          },
          {
            ruleId: "bc/enum-values",
            severity: 2,
            message: "Unknown value 'archived' for enum `Status`.",
            line: 12,
            column: 5,
          },
        ],
      },
      { filePath: "/proj/src/clean.ts", source: "export {};\n", findings: [] },
      {
        filePath: "/proj/src/broken.ts",
        findings: [{ ruleId: null, fatal: true, severity: 2, message: "Parsing error: ';' expected.", line: 1, column: 9 }],
      },
    ],
    stats: { filesChecked: 3, querySites: 4, unknownSites: 0 },
  };
}
