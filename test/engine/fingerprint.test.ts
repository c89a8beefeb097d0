import { describe, expect, it } from "vitest";
import type { FileResult, Finding } from "../../src/engine/findings.js";
import { fileFingerprints, fingerprint, normaliseLineText, relativePath } from "../../src/engine/fingerprint.js";

const root = "/proj";

function finding(line: number, column: number, ruleId: string | null = "require-soft-delete-filter"): Finding {
  return { ruleId, severity: 2, message: "m", line, column };
}

/** The fingerprints of a file's findings, in the order the findings were given. */
function fingerprintsOf(source: string, findings: Finding[], filePath = "/proj/src/items.ts"): string[] {
  const file: FileResult = { filePath, source, findings };
  const map = fileFingerprints(file, root);
  return findings.map((f) => map.get(f)!);
}

const SOURCE = `import { prisma } from "./db.js";

export async function listItems() {
  return prisma.item.findMany();
}
`;

describe("normaliseLineText", () => {
  it("trims and collapses every run of whitespace", () => {
    expect(normaliseLineText("\t  return   prisma.item\t.findMany(); \r")).toBe("return prisma.item .findMany();");
  });
});

describe("relativePath", () => {
  it("gives the path below the root with forward slashes", () => {
    expect(relativePath("/proj", "/proj/src/a/b.ts")).toBe("src/a/b.ts");
  });
});

describe("fingerprint", () => {
  it("is the sha256 of version, rule, file, line text and occurrence (pinned: a change needs a new FINGERPRINT_VERSION)", () => {
    expect(
      fingerprint({ ruleId: "require-soft-delete-filter", file: "src/items.ts", lineText: "return prisma.item.findMany();", occurrence: 0 }),
    ).toBe("add8312d44eb210fb766350f0a914e2d873ee565354c0b0861ab0474c246d60e");
  });

  it("differs in each input", () => {
    const base = { ruleId: "a", file: "f.ts", lineText: "x", occurrence: 0 };
    const all = [
      fingerprint(base),
      fingerprint({ ...base, ruleId: "b" }),
      fingerprint({ ...base, file: "g.ts" }),
      fingerprint({ ...base, lineText: "y" }),
      fingerprint({ ...base, occurrence: 1 }),
      fingerprint({ ...base, ruleId: null }),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it("does not let inputs run together", () => {
    expect(fingerprint({ ruleId: "a", file: "bc", lineText: "", occurrence: 0 })).not.toBe(
      fingerprint({ ruleId: "ab", file: "c", lineText: "", occurrence: 0 }),
    );
  });
});

describe("fileFingerprints", () => {
  it("is the fingerprint of the reported line's normalised text", () => {
    expect(fingerprintsOf(SOURCE, [finding(4, 22)])).toEqual([
      fingerprint({ ruleId: "require-soft-delete-filter", file: "src/items.ts", lineText: "return prisma.item.findMany();", occurrence: 0 }),
    ]);
  });

  it("stays the same when lines are inserted above the finding", () => {
    const before = fingerprintsOf(SOURCE, [finding(4, 22)]);
    const shifted = `// a comment\nconst unrelated = 1;\n\n${SOURCE}`;
    expect(fingerprintsOf(shifted, [finding(7, 22)])).toEqual(before);
  });

  it("stays the same when only the indentation or spacing of the flagged line changes", () => {
    const before = fingerprintsOf(SOURCE, [finding(4, 22)]);
    const reindented = SOURCE.replace("  return prisma.item.findMany();", "      return   prisma.item.findMany();");
    expect(fingerprintsOf(reindented, [finding(4, 26)])).toEqual(before);
  });

  it("changes when the flagged line is edited", () => {
    const before = fingerprintsOf(SOURCE, [finding(4, 22)]);
    const edited = SOURCE.replace("findMany()", "findMany({ take: 10 })");
    expect(fingerprintsOf(edited, [finding(4, 22)])).not.toEqual(before);
  });

  it("changes with the rule and the file", () => {
    const [base] = fingerprintsOf(SOURCE, [finding(4, 22)]);
    const [otherRule] = fingerprintsOf(SOURCE, [finding(4, 22, "no-hard-delete")]);
    const [otherFile] = fingerprintsOf(SOURCE, [finding(4, 22)], "/proj/src/other.ts");
    expect(otherRule).not.toBe(base);
    expect(otherFile).not.toBe(base);
  });

  it("gives two identical lines different fingerprints, by occurrence in source order", () => {
    const twice = `${SOURCE}\nexport async function again() {\n  return prisma.item.findMany();\n}\n`;
    const second = finding(8, 22);
    const first = finding(4, 22);
    // given out of order: occurrences still follow the source
    const [a, b] = fingerprintsOf(twice, [second, first]);
    expect(a).not.toBe(b);
    expect(b).toBe(fingerprintsOf(SOURCE, [finding(4, 22)])[0]);
    expect(a).toBe(
      fingerprint({ ruleId: "require-soft-delete-filter", file: "src/items.ts", lineText: "return prisma.item.findMany();", occurrence: 1 }),
    );
  });

  it("counts lines as TypeScript does (CRLF, CR, LF)", () => {
    const findings = [finding(1, 1), finding(3, 8), finding(4, 22), finding(5, 1)];
    const lf = fingerprintsOf(SOURCE, findings);
    expect(new Set(lf).size).toBe(findings.length);
    expect(lf[2]).toBe(fingerprint({ ruleId: "require-soft-delete-filter", file: "src/items.ts", lineText: "return prisma.item.findMany();", occurrence: 0 }));
    for (const lineBreak of ["\r\n", "\r", "\u2028"]) {
      expect(fingerprintsOf(SOURCE.replace(/\n/g, lineBreak), findings)).toEqual(lf);
    }
  });

  it("without the source, rests on rule, file and occurrence", () => {
    const file: FileResult = { filePath: "/proj/src/items.ts", findings: [finding(4, 22)] };
    expect([...fileFingerprints(file, root).values()]).toEqual([
      fingerprint({ ruleId: "require-soft-delete-filter", file: "src/items.ts", lineText: "", occurrence: 0 }),
    ]);
  });
});
