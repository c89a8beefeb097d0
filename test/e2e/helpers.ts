/**
 * End-to-end helpers: temporary projects on disk and the BUILT bin (`dist/src/cli/bin.js`) run on them
 * in a child process, exactly as a user or CI runs it. `npm test` builds before vitest runs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const binPath = path.join(repoRoot, "dist/src/cli/bin.js");

/** For each test file's `beforeAll`: fail loudly when the bin has not been built. */
export function assertBuilt(): void {
  if (!fs.existsSync(binPath)) {
    throw new Error(`${path.relative(repoRoot, binPath)} does not exist: run npm run build first`);
  }
}

/** Relative path → file content. */
export type ProjectFiles = Record<string, string>;

const created: string[] = [];

/**
 * A new temporary project holding exactly `files`. The path is the real path (on macOS the tmpdir
 * is a symlink, and the CLI prints resolved paths).
 */
export function createProject(files: ProjectFiles): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-e2e-")));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return dir;
}

/** For each test file's `afterAll`: removes the projects that file created. */
export function removeProjects(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin in `cwd` with NO_COLOR set (and the runner's FORCE_COLOR, which would win over it, unset). */
export function runCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// --- building blocks of the projects ---

export const PACKAGE_JSON = `{ "name": "e2e-project", "private": true, "type": "module" }\n`;

export const TSCONFIG = `{
  "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true },
  "include": ["src"]
}
`;

/** Item is soft-deletable (`deletedAt DateTime?`); Tag is not. */
export const SCHEMA = `datasource db {
  provider = "postgresql"
}

model Item {
  id        String    @id
  name      String
  deletedAt DateTime?
}

model Tag {
  id   String @id
  name String
}
`;

/** The client alone. */
export const CLIENT_TS = `import { PrismaClient } from "@prisma/client";

export const prisma = new PrismaClient();
`;

/** The client, and the soft delete of Item: the write that makes Item soft-deletable (a model is, once the code sets its flag). */
export const DB_TS = `${CLIENT_TS}
export const softDeleteItem = (id: string) => prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });
`;

/** Reads Item without filtering out deleted rows: one require-soft-delete-filter finding at 4:22. */
export const ITEMS_UNFILTERED_TS = `import { prisma } from "./db.js";

export async function listItems() {
  return prisma.item.findFirst();
}
`;

/** The clean lookalike of ITEMS_UNFILTERED_TS. */
export const ITEMS_FILTERED_TS = `import { prisma } from "./db.js";

export async function listItems() {
  return prisma.item.findFirst({ where: { deletedAt: null } });
}
`;

/** Hard-deletes an Item: one no-hard-delete finding at 4:22. */
export const ITEMS_HARD_DELETE_TS = `import { prisma } from "./db.js";

export async function removeItem(id: string) {
  return prisma.item.delete({ where: { id } });
}
`;

/** package.json, tsconfig.json, prisma/schema.prisma and src/db.ts: add the files a test is about. */
export function baseProject(): ProjectFiles {
  return {
    "package.json": PACKAGE_JSON,
    "tsconfig.json": TSCONFIG,
    "prisma/schema.prisma": SCHEMA,
    "src/db.ts": DB_TS,
  };
}

export const UNFILTERED_MESSAGE =
  "findFirst on soft-deletable model Item does not filter out deleted rows: its where never constrains deletedAt (add `deletedAt: null`)";

export const HARD_DELETE_MESSAGE =
  "delete removes rows of soft-deletable model Item for good: set deletedAt with update instead";

export const SUGGESTIONS_LINE = "  1 problem has suggestions or fixes in the editor (ESLint plugin).";

// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[/;
