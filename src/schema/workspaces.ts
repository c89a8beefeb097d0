/**
 * Where a project keeps its Prisma schema when Prisma's own search from the working folder finds
 * none, for `init`: a `prisma … --schema <path>` in a package.json script, or a monorepo, where the
 * schema lives in another workspace package (`packages/db/`) or at the monorepo's root.
 */
import fs from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { SchemaError } from "../errors.js";
import { locateSchema } from "./locate.js";

/** Where monorepos keep packages even when no workspace file says so. */
const CONVENTIONAL_PACKAGES = ["apps/*", "packages/*", "services/*", "backend", "server", "api"];

export interface WorkspaceSchema {
  /** the package folder, absolute */
  packageDir: string;
  files: string[];
  /** how it was found, for the config's comment */
  how: string;
}

/**
 * The schemas around `rootDir`, best first: one named by `--schema` in a script of its package.json;
 * then, in the monorepo it is part of (or is), its workspace packages' and the monorepo root's, the
 * package `rootDir` depends on first.
 */
export function locateNearbySchemas(rootDir: string): WorkspaceSchema[] {
  const root = path.resolve(rootDir);
  const found: WorkspaceSchema[] = [...schemasOfScripts(root)];
  // Without a declared monorepo, the folder itself may hold packages (`backend/`, `apps/api/`).
  const monorepo = monorepoRoot(root) ?? root;
  if (monorepo !== root) found.push(...schemasOfScripts(monorepo));
  const dependencies = new Set(Object.keys(dependenciesOf(readManifest(root))));
  const packages = [monorepo, ...workspacePackages(monorepo).map((dir) => path.join(monorepo, dir))].filter((dir) => dir !== root);
  const inPackages: WorkspaceSchema[] = [];
  for (const packageDir of packages) {
    const files = prismaWouldFind(packageDir);
    if (files) inPackages.push({ packageDir, files, how: packageDir === monorepo ? "found at the monorepo's root" : `found in the workspace package ${relative(root, packageDir)}` });
  }
  const dependedOn = (entry: WorkspaceSchema) => {
    const name = readManifest(entry.packageDir)?.name;
    return typeof name === "string" && dependencies.has(name);
  };
  found.push(...inPackages.filter(dependedOn), ...inPackages.filter((entry) => !dependedOn(entry)));
  const seen = new Set<string>();
  return found.filter((entry) => !seen.has(entry.files.join("\0")) && seen.add(entry.files.join("\0")));
}

function prismaWouldFind(dir: string): string[] | undefined {
  try {
    return locateSchema(dir);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    return undefined; // a package without a schema, or one naming a missing file
  }
}

/** `prisma generate --schema ./db/schema.prisma` (or `--schema=…`) in a script; relative to the package, where scripts run. */
function schemasOfScripts(dir: string): WorkspaceSchema[] {
  const scripts = readManifest(dir)?.scripts;
  if (scripts === null || typeof scripts !== "object") return [];
  const found: WorkspaceSchema[] = [];
  for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
    if (typeof command !== "string" || !/\bprisma\b/.test(command)) continue;
    const named = /--schema(?:=|\s+)["']?([^\s"'&|;]+)/.exec(command)?.[1];
    if (named === undefined) continue;
    try {
      const files = locateSchema(dir, named);
      found.push({ packageDir: dir, files, how: `named by --schema in the "${name}" script of ${path.join(dir, "package.json")}` });
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error; // names a file that is not there
    }
  }
  return found;
}

/** The nearest folder at or above `dir` that declares workspaces (npm, yarn, pnpm, lerna). */
export function monorepoRoot(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (declaredWorkspaces(current).length > 0 || fs.existsSync(path.join(current, "lerna.json"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

function relative(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join("/") || ".";
}

function readManifest(dir: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as unknown;
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // no package.json, or not JSON
  }
}

function dependenciesOf(manifest: Record<string, unknown> | undefined): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const key of ["dependencies", "devDependencies", "peerDependencies"]) Object.assign(all, manifest?.[key] ?? {});
  return all;
}

/** The package folders the workspace declares (npm, yarn, pnpm), then the conventional ones, sorted. */
export function workspacePackages(root: string): string[] {
  const patterns = [...declaredWorkspaces(root), ...CONVENTIONAL_PACKAGES].filter((pattern) => !pattern.startsWith("!"));
  const dirs = globSync(
    patterns.map((pattern) => pattern.replace(/\/+$/, "")),
    { cwd: root, onlyDirectories: true, ignore: ["**/node_modules/**", "**/.*/**"], expandDirectories: false },
  );
  return [...new Set(dirs.map((dir) => dir.replace(/\/+$/, "")))].filter((dir) => dir !== "" && dir !== ".").sort();
}

/** `workspaces` of package.json (an array, or yarn's `{ packages }`) and `packages:` of pnpm-workspace.yaml. */
function declaredWorkspaces(root: string): string[] {
  const patterns: string[] = [];
  const workspaces = readManifest(root)?.workspaces;
  const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | undefined)?.packages;
  if (Array.isArray(list)) patterns.push(...list.filter((entry): entry is string => typeof entry === "string"));
  patterns.push(...pnpmWorkspaces(root));
  return patterns;
}

/** The list items under `packages:` in pnpm-workspace.yaml (a flat YAML list of quoted or bare globs). */
function pnpmWorkspaces(root: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8");
  } catch {
    return [];
  }
  const patterns: string[] = [];
  let inPackages = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const item = /^\s*-\s*["']?([^"'#]+?)["']?\s*(?:#.*)?$/.exec(line);
      if (item) patterns.push(item[1]);
    }
  }
  return patterns;
}
