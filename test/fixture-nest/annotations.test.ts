// Keeps the NestJS fixture's `// expect:` and `// safe:` annotations honest: known rule ids,
// pointing at code of the shape each rule reports on, equal to the README's table.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULE_IDS, readExpectations, readSafeLookalikes } from "../fixture-api/expectations.js";

const ROOT = fileURLToPath(new URL("../../fixtures/nestjs-api/", import.meta.url));

const source = new Map<string, string[]>();
function lineOf(file: string, line: number): string {
  if (!source.has(file)) source.set(file, readFileSync(join(ROOT, file), "utf8").split("\n"));
  return source.get(file)![line - 1] ?? "";
}

describe("expect annotations", () => {
  const expectations = readExpectations(ROOT);

  it("name only known rule ids, and plant a defect of every rule checked in TypeScript", () => {
    expect(expectations.filter((e) => !(RULE_IDS as readonly string[]).includes(e.ruleId))).toEqual([]);
    expect([...new Set(expectations.map((e) => e.ruleId))].sort()).toEqual([...RULE_IDS].sort());
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
      // a controller's query through the injected client, reported on the operation
      "layer-boundaries": query,
      "no-http-in-services": /^import\b|\bthrow new\b|\.(status|sendStatus|writeHead)\(|\bstatusCode\b/,
      "no-query-in-loop": /\.\w+\(/,
      "require-bounded-list": /\.findMany\(|\btake\b/,
      "no-unsafe-raw-sql": /\$(queryRaw|executeRaw)Unsafe\b|Prisma\.raw\(/,
      // the handler's parameter that reads the request, or the read of a member of @Req()
      "no-unvalidated-input": /@(Body|Query|Param|Headers)\(|\breq\.(body|query|params)\b/,
      // the handler's method decorator
      "require-auth": /^\s*@(Get|Post|Put|Patch|Delete|All|Head|Options)\(/,
    };
    const bad = expectations.filter((e) => !shapes[e.ruleId]!.test(lineOf(e.file, e.line)));
    expect(bad).toEqual([]);
  });

  it("are listed, each with its file and line, in the fixture README", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const table = [...readme.matchAll(/^\| `([a-z-]+)` \| `(src\/[^`:]+):(\d+)` \|/gm)].map(([, ruleId, file, line]) => ({
      file: file!,
      line: Number(line),
      ruleId: ruleId!,
    }));
    const sorted = table.sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.ruleId.localeCompare(y.ruleId));
    expect(sorted).toEqual(expectations);
  });
});

describe("safe annotations", () => {
  const safe = readSafeLookalikes(ROOT);

  it("are at least as many as the planted defects", () => {
    expect(safe.length).toBeGreaterThanOrEqual(readExpectations(ROOT).length);
  });

  it("stand on a line of their own, above a line of code that carries no expectation", () => {
    const expected = new Set(readExpectations(ROOT).map((e) => `${e.file}:${e.line}`));
    const bad = safe.filter((s) => {
      const text = lineOf(s.file, s.line).trim();
      return s.line === s.commentLine || text === "" || text.startsWith("//") || expected.has(`${s.file}:${s.line}`);
    });
    expect(bad).toEqual([]);
  });

  it("are listed, each with its file, line and reason, in the fixture README", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    // the README may set names in backticks
    const listed = [...readme.matchAll(/^- `(src\/[^`:]+:\d+)` — (.*)$/gm)].map(([, at, why]) => `${at} ${why!.replace(/`/g, "")}`).sort();
    expect(listed).toEqual(safe.map((s) => `${s.file}:${s.line} ${s.text.replace(/`/g, "")}`).sort());
  });
});
