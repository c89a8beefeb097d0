/**
 * Deeply nested but valid code must not take the run down: the engine's walks are iterative, and a
 * file nested deeper than TypeScript's own (recursive) parser can go is a parsing error for that
 * file alone. The sizes are those a fuzzer found crashing the whole run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkProject } from "../../src/cli/check.js";
import { assertBuilt, baseProject, ITEMS_UNFILTERED_TS, runCli } from "../e2e/helpers.js";

beforeAll(assertBuilt);
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-deep-")));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  return root;
}

const concatenation = `export const s = ${Array.from({ length: 2241 }, (_, index) => `"a${index}"`).join(" + ")};\n`;
const objects = `export const o = ${"{ a: ".repeat(522)}1${" }".repeat(522)};\n`;
const parentheses = `export const p = ${"(".repeat(715)}1${")".repeat(715)};\n`;

/** The built CLI's findings (a test worker's stack is smaller than the CLI's: the run is measured as users run it). */
function findings(root: string): string[] {
  const run = runCli(root, ["check", "--format", "json"]);
  expect(run.stderr).toBe("");
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { line: number; ruleId: string | null; message: string }[] }[];
  return results.flatMap((file) => file.messages.map((message) => `${path.relative(root, file.filePath)}:${message.line} ${message.ruleId ?? "fatal"} ${message.ruleId ? "" : message.message}`.trim()));
}

describe("deeply nested code", () => {
  it("a 2,241-term concatenation, 522 nested objects and 715 nested parentheses: no crash, the other files' findings as usual", () => {
    const root = project({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, "src/concat.ts": concatenation, "src/objects.ts": objects, "src/parens.ts": parentheses });
    const found = findings(root);
    // The concatenation is a tree TypeScript builds without recursion; only our walks went deep.
    expect(found.filter((line) => !/^src\/(objects|parens)\.ts:/.test(line))).toEqual(["src/items.ts:4 require-soft-delete-filter"]);
    // How deep TypeScript's recursive parser gets depends on the stack the JIT leaves it: parsed, or a
    // parsing error for that file alone — never the run.
    for (const file of ["src/objects.ts", "src/parens.ts"]) {
      expect([[], [`${file}:1 fatal Parsing error: the code is nested too deeply for TypeScript's parser`]]).toContainEqual(found.filter((line) => line.startsWith(`${file}:`)));
    }
  });

  it("deeper than TypeScript's parser goes: a parsing error for that file, the others checked", () => {
    const tooDeep = `export const p = ${"(".repeat(20_000)}1${")".repeat(20_000)};\n`;
    const root = project({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, "src/too-deep.ts": tooDeep });
    expect(findings(root)).toEqual([
      "src/items.ts:4 require-soft-delete-filter",
      "src/too-deep.ts:1 fatal Parsing error: the code is nested too deeply for TypeScript's parser",
    ]);
  });

  it("generated code is not parsed at all, imported or not; an ignored test is read for its calls but never reported", async () => {
    const tooDeep = `export const p = ${"(".repeat(20_000)}1${")".repeat(20_000)};\n`;
    const root = project({
      ...baseProject(),
      "src/items.ts": ITEMS_UNFILTERED_TS,
      "src/uses-client.ts": `import { p } from "./generated/prisma/client.js";\nexport const q = p;\n`,
      "src/generated/prisma/client.ts": `${tooDeep}export * from "./models.js";\n`,
      "src/generated/prisma/models.ts": tooDeep,
      "src/items.test.ts": tooDeep,
    });
    expect(findings(root)).toEqual(["src/items.ts:4 require-soft-delete-filter"]);
    const { analysis } = await checkProject({ cwd: root });
    const parsed = [...analysis.project.programFiles].map((file) => path.relative(root, file)).sort();
    expect(parsed).toEqual(["src/db.ts", "src/items.test.ts", "src/items.ts", "src/uses-client.ts"]);
    expect(analysis.project.filesParsed).toBe(4);
  });
});
