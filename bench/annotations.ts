/**
 * Planted defects are annotated `// expect: <rule-id>[, <rule-id>]` on the line above the
 * defect or at the end of its line, in .ts and .prisma files. The reference API and the
 * benchmark corpora use the same convention, so one reader serves the fixture test and the
 * benchmark's findings check.
 */
import fs from "node:fs";
import path from "node:path";

const EXPECT = /\/\/\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/;

/** `<rule> <relative path>:<line>` for every annotation under `dirs` (relative to `rootDir`), sorted; rules outside `knownRules` are left out. */
export function readAnnotations(rootDir: string, dirs: readonly string[], knownRules: ReadonlySet<string>): string[] {
  const expected: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
        continue;
      }
      if (!/\.(ts|prisma)$/.test(entry.name)) continue;
      fs.readFileSync(full, "utf8")
        .split("\n")
        .forEach((text, index) => {
          const match = EXPECT.exec(text);
          if (!match) return;
          const line = text.trim().startsWith("//") ? index + 2 : index + 1;
          for (const rule of match[1].split(",").map((id) => id.trim())) {
            if (knownRules.has(rule)) expected.push(`${rule} ${path.relative(rootDir, full).split(path.sep).join("/")}:${line}`);
          }
        });
    }
  };
  for (const dir of dirs) if (fs.existsSync(path.join(rootDir, dir))) walk(path.join(rootDir, dir));
  return expected.sort();
}
