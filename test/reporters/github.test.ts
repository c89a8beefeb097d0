import { describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/engine/findings.js";
import { annotation, escapeData, escapeProperty, github } from "../../src/reporters/github.js";
import { cwd, sampleResult } from "./fixtures.js";

describe("github reporter", () => {
  it("prints one workflow command per finding, sorted by file, line, column and rule", () => {
    expect(github(sampleResult(), { cwd, color: false })).toBe(
      [
        "::error file=src/broken.ts,line=1,col=9::Parsing error: ';' expected.",
        "::warning file=src/users.ts,line=3,col=10,title=bc/owner-scope::Query on `Post` is not scoped to the owner.",
        "::error file=src/users.ts,line=12,col=5,title=bc/enum-values::Unknown value 'archived' for enum `Status`.",
        "::error file=src/users.ts,line=12,col=5,endLine=12,endColumn=30,title=bc/soft-delete::Query on `User` ignores soft delete.",
        "",
      ].join("\n"),
    );
  });

  it("gives paths relative to the root when one is given", () => {
    const output = github(sampleResult(), { cwd: "/proj/src", color: false, root: "/" });
    expect(output.split("\n")[0]).toBe("::error file=proj/src/broken.ts,line=1,col=9::Parsing error: ';' expected.");
  });

  it("escapes %, CR and LF in the message, and also : and , in properties", () => {
    expect(escapeData("100% done\r\nnext: a, b")).toBe("100%25 done%0D%0Anext: a, b");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
    expect(
      annotation(
        { ruleId: "x:y,z", severity: 1, message: "50% of rows\nare: gone, really", line: 2, column: 3, endLine: 4, endColumn: 5 },
        "src/we:ird,name%.ts",
      ),
    ).toBe("::warning file=src/we%3Aird%2Cname%25.ts,line=2,col=3,endLine=4,endColumn=5,title=x%3Ay%2Cz::50%25 of rows%0Aare: gone, really");
  });

  it("prints nothing for a clean run", () => {
    const clean: CheckResult = { files: [{ filePath: "/proj/a.ts", findings: [] }], stats: { filesChecked: 1, querySites: 0, unknownSites: 0 } };
    expect(github(clean, { cwd, color: false })).toBe("");
  });

  it("adds a notice for query sites it could not analyse", () => {
    const result: CheckResult = { files: [], stats: { filesChecked: 1, querySites: 3, unknownSites: 2 } };
    expect(github(result, { cwd, color: false })).toBe(
      "::notice title=backend-conventions::2 query sites could not be fully analysed (unknown).\n",
    );
  });
});
