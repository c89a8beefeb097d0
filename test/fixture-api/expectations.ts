// Reads the `// expect: <rule-id>[, <rule-id>...]` and `// safe: <why>` annotations of
// the reference API. An annotation on a line of its own points at the next line; at the
// end of a code line it points at that line. End-to-end tests of the checker compare
// its findings with these.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURE_ROOT = fileURLToPath(new URL("../../fixtures/reference-api/", import.meta.url));

export const RULE_IDS = [
  "require-soft-delete-filter",
  "no-hard-delete",
  "require-owner-scope",
  "no-stale-read-after-write",
  "require-transaction-client",
  "valid-enum-value",
  "layer-boundaries",
  "no-http-in-services",
  "no-query-in-loop",
  "require-bounded-list",
  "no-unsafe-raw-sql",
  "no-unvalidated-input",
  "require-auth",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface Annotation {
  /** Path relative to the fixture root, with forward slashes: `src/routes/items.ts`. */
  file: string;
  /** 1-based line the annotation points at. */
  line: number;
  /** The rule ids (expect) or the reason (safe). */
  text: string;
  /** 1-based line of the comment itself. */
  commentLine: number;
}

export interface Expectation {
  file: string;
  line: number;
  ruleId: string;
}

const ANNOTATION = /\/\/\s*(expect|safe):\s*(.+?)\s*$/;

/** Every .ts file of the fixture's src/, without the generated Prisma client (the NestJS fixture passes its own root). */
export function fixtureSourceFiles(root: string = FIXTURE_ROOT): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated") walk(path);
      } else if (entry.name.endsWith(".ts")) {
        files.push(path);
      }
    }
  };
  walk(join(root, "src"));
  return files;
}

function annotations(kind: "expect" | "safe", root: string): Annotation[] {
  const found: Annotation[] = [];
  for (const path of fixtureSourceFiles(root)) {
    const file = relative(root, path).split(sep).join("/");
    readFileSync(path, "utf8")
      .split("\n")
      .forEach((text, index) => {
        const match = ANNOTATION.exec(text);
        if (!match || match[1] !== kind) return;
        const ownLine = text.trimStart().startsWith("//");
        found.push({ file, commentLine: index + 1, line: ownLine ? index + 2 : index + 1, text: match[2]! });
      });
  }
  return found;
}

/** One entry per (file, line, rule id), sorted by file, line, rule id. */
export function readExpectations(root: string = FIXTURE_ROOT): Expectation[] {
  return annotations("expect", root)
    .flatMap((a) => a.text.split(",").map((ruleId) => ({ file: a.file, line: a.line, ruleId: ruleId.trim() })))
    .sort((x, y) => x.file.localeCompare(y.file) || x.line - y.line || x.ruleId.localeCompare(y.ruleId));
}

/** The lines marked as safe lookalikes: a checker must report nothing there. */
export function readSafeLookalikes(root: string = FIXTURE_ROOT): Annotation[] {
  return annotations("safe", root);
}
