/**
 * `check --cache`: findings kept between runs in `.backend-conventions-cache/`, keyed by the tool
 * version, the resolved config, the schema's text and the tsconfig. A file is checked again when
 * its text changed or when it read something that changed: each file's run records what it read
 * (files, and which files call or import a name), so editing a repository re-checks that file
 * and the routes and services whose findings went through it, and nothing else. With no change,
 * no schema is parsed and no file: the run costs reading and hashing the files.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { schemaSideFiles } from "../analysis/model-writes.js";
import type { ResolvedConfig } from "../config/index.js";
import { isIgnored, loadAnalysis, schemaWarnings } from "../engine/analysis.js";
import { importedNames, indexProject, NAMESPACE_CALLS } from "../engine/call-index.js";
import { facetChanged, summaryChanged, type Dependencies } from "../engine/dependencies.js";
import type { CheckResult, FileResult, Finding, SuppressedFinding } from "../engine/findings.js";
import { parseSourceFile, ProjectModel, resolutionChanged } from "../engine/project.js";
import { runRules, unreadableFileRun } from "../engine/run-rules.js";
import { withUnusedDirectives, type UnusedDirective, type UnusedDirectivesSeverity } from "../engine/suppressions.js";
import { ts } from "../engine/ts.js";
import { packageInfo } from "../package-info.js";
import { detectPrismaVersion, locateSchema } from "../schema/index.js";
import { enabledRules, loadCheckConfig, runSchemaRules, schemaFilesToReport, type CheckOptions } from "./check.js";
import { collectFiles } from "./files.js";
import { Timings } from "./timings.js";
import { readFailure, writeFailure } from "../file-errors.js";

const CACHE_FORMAT = 1;
export const DEFAULT_CACHE_LOCATION = ".backend-conventions-cache";

interface CachedFile {
  hash: string;
  /** names this file imports: a change of them invalidates lookups of who imports a name */
  names: string[];
  /** `specifier\0resolved file` of each of its imports: a file appearing or disappearing there changes what it means */
  imports?: string[];
}

interface CachedResult {
  hash: string;
  /** excluded by `ignore` or a generator's output: kept so a run with no change needs no schema to know it */
  ignored?: true;
  findings: Finding[];
  /** `eslint-disable` comments that silenced nothing: reported or not by each run's option */
  unusedDirectives?: UnusedDirective[];
  /** findings `eslint-disable` comments silenced */
  suppressedFindings?: SuppressedFinding[];
  querySites: number;
  unknownSites: number;
  /** what the file's run read, as a node of `graph`; undefined for schema and ignored files (their results depend on the key only) */
  dependencies?: number;
}

/** A node of the dependency graph: what one computation read itself, and the nodes of the memoised facts it used. */
interface CachedDependencies {
  own: string[];
  used: number[];
}

interface CacheContents {
  format: number;
  key: string;
  files: Record<string, CachedFile>;
  results: Record<string, CachedResult>;
  /** shared facts (the endpoint inventory, a function's callers) appear once, however many files used them */
  graph: CachedDependencies[];
  /** what the schema made the run say (see `schemaWarnings`), for a run that does not read the schema */
  schemaWarnings?: string[];
}

export interface CachedCheckOptions extends CheckOptions {
  /** the cache folder, relative to cwd; default `.backend-conventions-cache` in the project root */
  cacheLocation?: string;
}

export interface CacheOutcome {
  result: CheckResult & { config: ResolvedConfig };
  /** the files whose rules ran in this run (the rest came from the cache) */
  rechecked: string[];
}

export async function runCachedCheck(options: CachedCheckOptions): Promise<CacheOutcome> {
  const timings = options.timings ?? new Timings();
  const config = loadCheckConfig(options, timings);
  const enabled = enabledRules(config);
  const cacheFile = path.join(path.resolve(options.cwd, options.cacheLocation ?? path.join(config.rootDir, DEFAULT_CACHE_LOCATION)), "check.json");
  const project = ProjectModel.load(config.rootDir);
  const schemaFiles = locateSchema(config.rootDir, config.prismaSchema, config.configFile);
  const key = cacheKey(config, schemaFiles, project);
  const previous = readCache(cacheFile, key);

  const named = await collectFiles(options.cwd, options.paths ?? [], project.tsconfigFiles, config.rootDir);
  // Hashing every project file is what lets a run with no change skip the schema and the parse.
  const texts = timings.measure("hash", () => {
    const found = new Map<string, string>();
    for (const file of new Set([...project.tsconfigFiles, ...named])) {
      const text = readText(file);
      if (text !== undefined) found.set(file, text);
    }
    return found;
  });
  const hashes = new Map([...texts].map(([file, text]) => [file, hashText(text)]));

  const changed = [...new Set([...hashes.keys(), ...Object.keys(previous.files)])].filter((file) => previous.files[file]?.hash !== hashes.get(file));
  const reportedSchemaFiles = schemaFilesToReport(schemaFiles, enabled, options);
  const fresh = (file: string) => {
    const cached = previous.results[file];
    return cached !== undefined && cached.hash === hashes.get(file);
  };
  if (changed.length === 0 && Object.keys(previous.files).length > 0 && named.every(fresh) && reportedSchemaFiles.every((file) => previous.results[file])) {
    const files = named.filter((file) => !previous.results[file].ignored);
    return { result: { ...assemble(config, files, previous.results, texts, reportedSchemaFiles, options.reportUnusedDisableDirectives), warnings: [...project.tsconfigWarnings, ...(previous.schemaWarnings ?? [])] }, rechecked: [] };
  }

  const analysis = timings.measure("schema", () => loadAnalysis(config));
  // Only a file that appeared or disappeared can move where an import resolves.
  const fileSetChanged = changed.some((file) => previous.files[file] === undefined || !hashes.has(file));
  const checked = named.filter((file) => !isIgnored(analysis, file));
  const ignored = named.filter((file) => isIgnored(analysis, file));
  // Names whose set of files changed: the symmetric difference of each changed file's old and new names.
  const changedKeys = new Set<string>();
  const names = new Map<string, string[]>();
  // Which names a file calls through a namespace import is not stored: an edit to a file that imports a module whole,
  // before or after, may change the callers found through it (`namespace-calls:<name>`), as reading the file did before.
  let namespaceImporterChanged = false;
  for (const file of changed) {
    changedKeys.add(`file:${file}`);
    const before = new Set(previous.files[file]?.names ?? []);
    const sourceFile = texts.has(file) ? analysis.project.getSourceFile(file) : undefined;
    const after = new Set(sourceFile ? namesOf(sourceFile) : []);
    if (before.has("*") || after.has("*")) namespaceImporterChanged = true;
    names.set(file, [...after].sort());
    for (const name of before) if (!after.has(name)) changedKeys.add(name);
    for (const name of after) if (!before.has(name)) changedKeys.add(name);
  }
  // A file whose own import now resolves elsewhere (a file appeared or disappeared there) is changed too,
  // whatever read it: its findings, and those of the files that went through it, are checked again.
  if (fileSetChanged) {
    for (const [file, cached] of Object.entries(previous.files)) {
      if (!hashes.has(file) || changed.includes(file)) continue;
      if ((cached.imports ?? []).some((entry) => importMoved(entry, file, analysis.project))) {
        changed.push(file);
        changedKeys.add(`file:${file}`);
      }
    }
  }
  const changedFiles = new Set(changed);
  const parseOf = (file: string) => (!changedFiles.has(file) ? "unchanged" : texts.has(file) ? analysis.project.getSourceFile(file) : undefined);
  const staleNode = staleNodes(previous.graph, (dependency) => {
    if (dependency.startsWith("resolve:")) return fileSetChanged && resolutionChanged(dependency, analysis.project) === true;
    if (dependency.startsWith("match:")) return facetChanged(dependency, (file) => texts.get(file)) === true;
    if (dependency.startsWith("summary:")) return summaryChanged(dependency, parseOf, analysis) === true;
    if (dependency.startsWith(`${NAMESPACE_CALLS}:`)) return namespaceImporterChanged;
    return changedKeys.has(dependency) || (!dependency.startsWith("file:") && changedKeys.has(nameOf(dependency)));
  });
  const stale = (file: string) => {
    const cached = previous.results[file];
    if (!cached || cached.hash !== hashes.get(file) || cached.dependencies === undefined) return true;
    return staleNode(cached.dependencies);
  };
  const rechecked = checked.filter(stale);

  const results: Record<string, CachedResult> = { ...previous.results };
  const recheckedSet = new Set(rechecked);
  for (const file of Object.keys(results)) {
    if (schemaFiles.includes(file)) continue;
    // A file this run does not check (another path was named) but whose inputs changed: its result can no longer be trusted.
    if (!hashes.has(file) || (!recheckedSet.has(file) && !results[file].ignored && stale(file))) delete results[file];
  }
  const graph = new GraphWriter(previous.graph);
  for (const [file, result] of Object.entries(results)) {
    if (result.dependencies !== undefined) results[file] = { ...result, dependencies: graph.keep(result.dependencies) };
  }
  if (rechecked.length > 0) {
    const parsed = timings.measure("parse", () => rechecked.map((file) => analysis.project.getSourceFile(file) ?? parseSourceFile(file, texts.get(file) ?? "")));
    timings.measure("index", () => indexProject(analysis.project));
    for (const [index, file] of rechecked.entries()) {
      if (!texts.has(file)) {
        // Unreadable now: a finding that says so, and no hash, so the next run reads it again.
        const { findings, querySites, unknownSites } = unreadableFileRun(readFailureOf(file));
        results[file] = { hash: "", findings, querySites, unknownSites };
        continue;
      }
      const run = runRules(parsed[index], analysis, enabled, { timer: timings, recordDependencies: true });
      const dependencies = graph.add(run.dependencies!, `file:${file}`);
      results[file] = {
        hash: hashes.get(file)!,
        findings: run.findings,
        ...(run.unusedDirectives.length > 0 ? { unusedDirectives: run.unusedDirectives } : {}),
        ...(run.suppressedFindings.length > 0 ? { suppressedFindings: run.suppressedFindings } : {}),
        querySites: run.querySites,
        unknownSites: run.unknownSites,
        dependencies,
      };
    }
  }
  for (const file of ignored) results[file] = { hash: hashes.get(file) ?? "", ignored: true, findings: [], querySites: 0, unknownSites: 0 };
  const schemaFileResults = timings.measure("prisma-schema rules", () => runSchemaRules(analysis, enabled, options));
  for (const result of schemaFileResults) results[result.filePath] = { hash: "", findings: result.findings, querySites: 0, unknownSites: 0 };

  const files: Record<string, CachedFile> = {};
  for (const [file, hash] of hashes) {
    const kept = previous.files[file];
    const parse = kept && kept.hash === hash && !changedFiles.has(file) ? undefined : analysis.project.getSourceFile(file)!;
    files[file] = parse === undefined ? kept! : { hash, names: names.get(file) ?? namesOf(parse), imports: importsOf(parse, analysis.project) };
  }
  const warnings = schemaWarnings(analysis.schema);
  const notWritten = writeCache(cacheFile, { format: CACHE_FORMAT, key, files, results, graph: graph.nodes, schemaWarnings: warnings });
  return {
    result: {
      ...assemble(config, checked, results, texts, schemaFileResults.map((result) => result.filePath), options.reportUnusedDisableDirectives),
      warnings: [...project.tsconfigWarnings, ...warnings, ...(notWritten === undefined ? [] : [notWritten])],
    },
    rechecked,
  };
}

/** Whether each node of a stored graph read something that changed (memoised: shared nodes are decided once). */
function staleNodes(graph: readonly CachedDependencies[], changed: (dependency: string) => boolean): (id: number) => boolean {
  const decided = new Map<number, boolean>();
  const visit = (id: number): boolean => {
    const known = decided.get(id);
    if (known !== undefined) return known;
    decided.set(id, false); // a cycle adds nothing new
    const node = graph[id];
    const stale = !node || node.own.some(changed) || node.used.some(visit);
    decided.set(id, stale);
    return stale;
  };
  return visit;
}

/** Writes the dependency graph of the next cache: nodes kept from the previous one, and this run's. */
class GraphWriter {
  readonly nodes: CachedDependencies[] = [];
  private readonly fromPrevious = new Map<number, number>();
  private readonly fromRun = new Map<Dependencies, number>();

  constructor(private readonly previous: readonly CachedDependencies[]) {}

  keep(id: number): number {
    const known = this.fromPrevious.get(id);
    if (known !== undefined) return known;
    const node: CachedDependencies = { own: this.previous[id]?.own ?? [], used: [] };
    const newId = this.nodes.push(node) - 1;
    this.fromPrevious.set(id, newId);
    node.used = (this.previous[id]?.used ?? []).map((child) => this.keep(child));
    return newId;
  }

  /** A file's run: its own file is one of its inputs. */
  add(dependencies: Dependencies, ownFile: string): number {
    const id = this.addNode(dependencies);
    this.nodes[id].own = [...new Set([ownFile, ...this.nodes[id].own])];
    return id;
  }

  private addNode(dependencies: Dependencies): number {
    const known = this.fromRun.get(dependencies);
    if (known !== undefined) return known;
    const node: CachedDependencies = { own: [...new Set([...dependencies.own].map((dependency) => dependency.key))], used: [] };
    const id = this.nodes.push(node) - 1;
    this.fromRun.set(dependencies, id);
    node.used = [...dependencies.used].map((child) => this.addNode(child));
    return id;
  }
}

/** `importers:findOwned` is invalidated by a change of which files import `findOwned`. */
function nameOf(dependency: string): string {
  return dependency.slice(dependency.indexOf(":") + 1);
}

/** Each import of the file with where it resolves now: `"./db.js\0/abs/src/db.ts"`, or nothing after the `\0`. */
function importsOf(sourceFile: ts.SourceFile, project: ProjectModel): string[] {
  const entries: string[] = [];
  for (const statement of sourceFile.statements) {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    entries.push(`${specifier.text}\0${project.dependencies.untracked(() => project.resolveModule(specifier.text, sourceFile.fileName)) ?? ""}`);
  }
  return entries.sort();
}

function importMoved(entry: string, file: string, project: ProjectModel): boolean {
  const [specifier, resolved] = entry.split("\0");
  return (project.resolveModule(specifier, file) ?? "") !== resolved;
}

function namesOf(sourceFile: ts.SourceFile): string[] {
  return [...importedNames(sourceFile)].sort();
}

function assemble(
  config: ResolvedConfig,
  files: readonly string[],
  results: Record<string, CachedResult>,
  texts: ReadonlyMap<string, string>,
  schemaFiles: readonly string[],
  unusedDirectives: UnusedDirectivesSeverity | undefined,
): CheckResult & { config: ResolvedConfig } {
  const fileResults: FileResult[] = [];
  const stats = { filesChecked: files.length, querySites: 0, unknownSites: 0 };
  for (const file of files) {
    const result = results[file];
    stats.querySites += result.querySites;
    stats.unknownSites += result.unknownSites;
    fileResults.push({
      filePath: file,
      findings: withUnusedDirectives(result.findings, result.unusedDirectives, unusedDirectives),
      ...(result.suppressedFindings?.length ? { suppressedFindings: result.suppressedFindings } : {}),
      source: texts.get(file) ?? "",
    });
  }
  for (const file of schemaFiles) fileResults.push({ filePath: file, findings: results[file].findings, source: readText(file) ?? "" });
  return { files: fileResults, stats, config };
}

function cacheKey(config: ResolvedConfig, schemaFiles: readonly string[], project: ProjectModel): string {
  const hash = crypto.createHash("sha256");
  hash.update(`${packageInfo.name}@${packageInfo.version}\0${CACHE_FORMAT}\0${toolFingerprint()}\0`);
  hash.update(JSON.stringify(config));
  for (const file of schemaFiles) hash.update(`\0${file}\0${readText(file) ?? ""}`);
  // Seeds and migrations beside the schema say which models are reference data (analysis/model-writes.ts).
  for (const file of schemaSideFiles(schemaFiles)) hash.update(`\0${file}\0${readText(file) ?? ""}`);
  // The Prisma the project runs picks the parser, and so whether the schema is valid.
  hash.update(`\0${schemaFiles[0] === undefined ? "" : (detectPrismaVersion(schemaFiles[0])?.major ?? "unknown")}`);
  // The tsconfig's options decide module resolution; its file list is checked file by file.
  hash.update(`\0${JSON.stringify(project.compilerOptions)}`);
  // The project's TypeScript parses the files (see engine/typescript.cjs): another version may parse them otherwise.
  hash.update(`\0${ts.version}`);
  return hash.digest("hex");
}

let fingerprint: string | undefined;

/** The tool's own code: a rebuilt rule with the same version number must not reuse findings of the old one. */
function toolFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = crypto.createHash("sha1");
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/cli (tests, tsx) or dist/src/cli (built): the package's code is src/ and rules/ beside it.
  const codeRoot = path.resolve(here, "../..");
  for (const dir of ["src", "rules"]) {
    for (const file of fs.readdirSync(path.join(codeRoot, dir), { recursive: true, encoding: "utf8" }).sort()) {
      if (/\.[cm]?[jt]s$/.test(file) && !file.endsWith(".d.ts")) hash.update(`${file}\0`).update(fs.readFileSync(path.join(codeRoot, dir, file)));
    }
  }
  return (fingerprint = hash.digest("hex"));
}

function readCache(file: string, key: string): CacheContents {
  const empty: CacheContents = { format: CACHE_FORMAT, key, files: {}, results: {}, graph: [] };
  try {
    const contents = JSON.parse(fs.readFileSync(file, "utf8")) as CacheContents;
    // Another version, config or schema, or a file of the right key in another shape: nothing in it can be trusted.
    return contents.format === CACHE_FORMAT && contents.key === key && hasCacheShape(contents) ? contents : empty;
  } catch {
    return empty;
  }
}

function hasCacheShape(contents: CacheContents): boolean {
  const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isRecord(contents.files) || !isRecord(contents.results) || !Array.isArray(contents.graph)) return false;
  if (contents.schemaWarnings !== undefined && !Array.isArray(contents.schemaWarnings)) return false;
  const fileOk = (entry: unknown) => isRecord(entry) && typeof entry.hash === "string" && Array.isArray(entry.names);
  const resultOk = (entry: unknown) =>
    isRecord(entry) && typeof entry.hash === "string" && Array.isArray(entry.findings) && typeof entry.querySites === "number" && typeof entry.unknownSites === "number";
  const nodeOk = (node: unknown) => isRecord(node) && Array.isArray(node.own) && Array.isArray(node.used);
  return Object.values(contents.files).every(fileOk) && Object.values(contents.results).every(resultOk) && contents.graph.every(nodeOk);
}

/**
 * Writes the cache for the next run; a failure (a read-only folder, `--cache-location` at a file) is
 * returned as a warning: the findings of this run stand without it.
 */
function writeCache(file: string, contents: CacheContents): string | undefined {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    removeLeftoverTemporaries(file);
    fs.writeFileSync(temporary, JSON.stringify(contents));
    // A run killed halfway leaves the previous cache, never half a file.
    fs.renameSync(temporary, file);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // nothing was written where nothing can be
    }
    return `cannot write the cache to ${path.dirname(file)}: ${writeFailure(error)}; this run's findings are not cached`;
  }
}

/** The temporary files of runs that were killed before their rename (their process is gone). */
function removeLeftoverTemporaries(file: string): void {
  const prefix = `${path.basename(file)}.`;
  for (const name of fs.readdirSync(path.dirname(file))) {
    const pid = name.startsWith(prefix) && name.endsWith(".tmp") ? Number(name.slice(prefix.length, -".tmp".length)) : Number.NaN;
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    fs.rmSync(path.join(path.dirname(file), name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readFailureOf(file: string): string {
  try {
    fs.readFileSync(file);
    return "it changed while it was read";
  } catch (error) {
    return readFailure(error);
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function hashText(text: string): string {
  return crypto.createHash("sha1").update(text).digest("hex");
}
