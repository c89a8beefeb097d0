/**
 * Which Prisma major a project runs, so its schema is parsed by that major's own parser.
 *
 * From the schema's folder up to the file system's root, the nearest folder that says wins: the
 * `prisma` package installed in its `node_modules` (what `npx prisma` would run), else the range its
 * `package.json` declares for `prisma`, then for `@prisma/client`. Nothing found: undefined, and the
 * parser tries the majors from the newest (see `parser.ts`).
 */
import fs from "node:fs";
import path from "node:path";

export const PRISMA_MAJORS = [4, 5, 6, 7] as const;
export type PrismaMajor = (typeof PRISMA_MAJORS)[number];

export interface PrismaVersion {
  major: PrismaMajor;
  /** where it was read, for messages: `package.json "prisma": "^5.22.0"` */
  source: string;
}

const DECLARING_PACKAGES = ["prisma", "@prisma/client"] as const;
const DEPENDENCY_KEYS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

export function detectPrismaVersion(schemaFile: string): PrismaVersion | undefined {
  for (let dir = path.dirname(path.resolve(schemaFile)); ; dir = path.dirname(dir)) {
    const found = installedVersion(dir) ?? declaredVersion(dir);
    if (found) return found;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function installedVersion(dir: string): PrismaVersion | undefined {
  const manifest = readJson(path.join(dir, "node_modules", "prisma", "package.json"));
  const version = typeof manifest?.version === "string" ? manifest.version : undefined;
  const major = version === undefined ? undefined : majorOf(version);
  if (major === undefined) return undefined;
  return { major, source: `${path.join(dir, "node_modules", "prisma")} ${version}` };
}

function declaredVersion(dir: string): PrismaVersion | undefined {
  const manifest = readJson(path.join(dir, "package.json"));
  if (!manifest) return undefined;
  for (const name of DECLARING_PACKAGES) {
    for (const key of DEPENDENCY_KEYS) {
      const range = (manifest[key] as Record<string, unknown> | undefined)?.[name];
      if (typeof range !== "string") continue;
      const major = majorOf(range);
      if (major !== undefined) return { major, source: `${path.join(dir, "package.json")} "${name}": "${range}"` };
    }
  }
  return undefined;
}

/**
 * The major of a version or range: `5.22.0`, `^6.1.0`, `~4.16.2`, `>=5 <6`, `5.x`, `npm:prisma@6.0.0`.
 * Majors before 4 are parsed as 4 (the oldest parser bundled), after 7 as 7. `latest`, `*`,
 * `workspace:*` and `catalog:` name no major: undefined.
 */
export function majorOf(range: string): PrismaMajor | undefined {
  const match = /(?:^|[\s@^~=<>v])(\d+)(?:\.|$|\s|\.x)/.exec(range.trim());
  if (!match) return undefined;
  const major = Number(match[1]);
  return Math.min(7, Math.max(4, major)) as PrismaMajor;
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // absent or unreadable: this folder says nothing
  }
}
