/**
 * A package of the project's own monorepo imported by name (`import prisma from "@acme/db"`) when no
 * `node_modules` links it: the workspace package whose package.json has that name, and the entry file
 * its `exports["."]` or `main` names. Module resolution leaves such imports unresolved in a checkout
 * without installed dependencies; a question that must follow the project's own code (which client a
 * query goes through) can follow them here.
 */
import fs from "node:fs";
import path from "node:path";
import { monorepoRoot, workspacePackages } from "../schema/workspaces.js";
import { absolutePath } from "./paths.js";

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs"];
const entriesByRoot = new Map<string, ReadonlyMap<string, string>>();

/** The absolute path of the entry file of the workspace package named `specifier`, or undefined. */
export function resolveWorkspaceImport(rootDir: string, specifier: string): string | undefined {
  if (specifier.startsWith(".") || path.isAbsolute(specifier)) return undefined;
  return workspaceEntries(rootDir).get(specifier);
}

/** Package name → entry file, for the monorepo around `rootDir`, read once. */
function workspaceEntries(rootDir: string): ReadonlyMap<string, string> {
  let entries = entriesByRoot.get(rootDir);
  if (entries) return entries;
  const found = new Map<string, string>();
  const root = monorepoRoot(rootDir);
  if (root) {
    for (const folder of workspacePackages(root)) {
      const dir = path.join(root, folder);
      const manifest = readManifest(dir);
      const entry = manifest && typeof manifest.name === "string" ? entryFile(dir, manifest) : undefined;
      if (entry) found.set(manifest!.name as string, entry);
    }
  }
  entriesByRoot.set(rootDir, (entries = found));
  return entries;
}

/** `exports["."]` (its `types`, `import`, `require` or `default`), else `main`, else `index`/`src/index`. */
function entryFile(dir: string, manifest: Record<string, unknown>): string | undefined {
  const exported = manifest.exports;
  const dot = typeof exported === "string" ? exported : isRecord(exported) ? exported["."] : undefined;
  const conditions = isRecord(dot) ? ["types", "import", "require", "default"].map((key) => dot[key]) : [dot];
  const candidates = [...conditions, manifest.main, "index", "src/index"].filter((value): value is string => typeof value === "string");
  for (const candidate of candidates) {
    const file = sourceFileFor(path.resolve(dir, candidate));
    if (file) return absolutePath(file);
  }
  return undefined;
}

/** The source file a path names: itself or its `.ts` twin, or the path with a source extension added. */
function sourceFileFor(base: string): string | undefined {
  const extension = path.extname(base);
  const stem = extension ? base.slice(0, -extension.length) : base;
  // `./dist/index.js` of a package whose `.ts` sits beside it: the `.ts` first, as TypeScript tries it.
  const names = SOURCE_EXTENSIONS.includes(extension) ? SOURCE_EXTENSIONS.map((ext) => stem + ext) : SOURCE_EXTENSIONS.map((ext) => base + ext);
  return names.find((name) => !name.endsWith(".d.ts") && isFile(name));
}

function isFile(name: string): boolean {
  try {
    return fs.statSync(name).isFile();
  } catch {
    return false;
  }
}

function readManifest(dir: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as unknown;
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
