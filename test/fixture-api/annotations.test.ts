// Keeps the annotations of the reference API honest: known rule ids, pointing at code,
// enough defects and lookalikes per convention, and the README's table in sync.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_ROOT, RULE_IDS, readExpectations, readSafeLookalikes } from "./expectations.js";

const CONVENTIONS: Record<string, readonly string[]> = {
  "soft delete": ["require-soft-delete-filter", "no-hard-delete"],
  "owner scope": ["require-owner-scope"],
  "fresh after write": ["no-stale-read-after-write", "require-transaction-client"],
  "enum values": ["valid-enum-value"],
  layers: ["layer-boundaries", "no-http-in-services"],
  queries: ["no-query-in-loop", "require-bounded-list", "no-unsafe-raw-sql"],
};

const source = new Map<string, string[]>();
function lineOf(file: string, line: number): string {
  if (!source.has(file)) source.set(file, readFileSync(join(FIXTURE_ROOT, file), "utf8").split("\n"));
  return source.get(file)![line - 1] ?? "";
}

describe("expect annotations", () => {
  const expectations = readExpectations();

  it("name only known rule ids", () => {
    expect(expectations.filter((e) => !(RULE_IDS as readonly string[]).includes(e.ruleId))).toEqual([]);
  });

  it("point at a line of code, never at a blank line or another comment", () => {
    const bad = expectations.filter((e) => {
      const text = lineOf(e.file, e.line).trim();
      return text === "" || text.startsWith("//");
    });
    expect(bad).toEqual([]);
  });

  it("point at the span each rule reports on", () => {
    const query = /\.(findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findMany|count|aggregate|groupBy|create|createMany|update|updateMany|upsert|delete|deleteMany)\(/;
    const shapes: Record<string, RegExp> = {
      "require-soft-delete-filter": new RegExp(`${query.source}|^\\s*\\w+: (true|\\{ (some|every|none):)`),
      "no-hard-delete": /\.(delete|deleteMany)\(/,
      "require-owner-scope": query,
      "require-transaction-client": query,
      "no-stale-read-after-write": /^\s*return\b/,
      "valid-enum-value": /"[a-z_]+"/,
      "layer-boundaries": /^import\b|\$queryRaw|\.\w+\.(find|create|update|delete)/,
      "no-http-in-services": /^import\b|\bthrow new\b|\.(status|sendStatus|writeHead)\(|\bstatusCode\b/,
      "no-query-in-loop": /\.\w+\(/,
      "require-bounded-list": /\.findMany\(|\btake\b/,
      "no-unsafe-raw-sql": /\$(queryRaw|executeRaw)Unsafe\b|Prisma\.raw\(/,
      "no-unvalidated-input": /\breq\.(body|query|params)\b/,
      "require-auth": /\.(get|post|put|patch|delete|all|head|options|use)\(/,
    };
    const bad = expectations.filter((e) => !shapes[e.ruleId]!.test(lineOf(e.file, e.line)));
    expect(bad).toEqual([]);
  });

  it.each(Object.entries(CONVENTIONS))("plant at least five defects for %s", (_name, ruleIds) => {
    expect(expectations.filter((e) => ruleIds.includes(e.ruleId)).length).toBeGreaterThanOrEqual(5);
  });

  it("are listed, each with its file and line, in the fixture README", () => {
    const readme = readFileSync(join(FIXTURE_ROOT, "README.md"), "utf8");
    const table = [...readme.matchAll(/^\| `([a-z-]+)` \| `([^`:]+):(\d+)` \|/gm)].map(([, ruleId, file, line]) => ({
      file: file!,
      line: Number(line),
      ruleId: ruleId!,
    }));
    const sorted = table.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.ruleId.localeCompare(y.ruleId));
    expect(sorted).toEqual(expectations);
  });
});

describe("safe annotations", () => {
  const safe = readSafeLookalikes();

  it("are at least as many as the planted defects", () => {
    expect(safe.length).toBeGreaterThanOrEqual(readExpectations().length);
  });

  it("stand on a line of their own, above a line of code that carries no expectation", () => {
    const expected = new Set(readExpectations().map((e) => `${e.file}:${e.line}`));
    const bad = safe.filter((s) => {
      const text = lineOf(s.file, s.line).trim();
      return s.line === s.commentLine || text === "" || text.startsWith("//") || expected.has(`${s.file}:${s.line}`);
    });
    expect(bad).toEqual([]);
  });
});
