import path from "node:path";
import picomatch from "picomatch";
import type { ResolvedConfig } from "../config/index.js";
import { DEFAULT_IGNORE } from "../config/defaults.js";
import { problemsError } from "../config/problems.js";
import { assertConfigNamesInSchema } from "../config/schema-names.js";
import { ConfigError, SchemaNotFoundError } from "../errors.js";
import { loadPrismaSchemaCached, locateSchema, type PrismaSchema } from "../schema/index.js";
import { ProjectModel } from "./project.js";
import { createAnalysisContext, type AnalysisContext } from "./rule.js";
import { absolutePath } from "./paths.js";

const projects = new Map<string, ProjectModel>();

/**
 * Config, schema and project in one context. Both front-ends build it the same way; the
 * editor keeps projects alive between lints and re-reads files whose mtime changed. A one-shot
 * run passes `keepsInputs: false`: nothing asks later what its memoised results read.
 */
export function loadAnalysis(config: ResolvedConfig, options: { watchDisk?: boolean; keepsInputs?: boolean; schemaOptional?: boolean } = {}): AnalysisContext {
  let schema;
  try {
    schema = loadSchema(config, options.schemaOptional === true);
    if (schema !== NO_SCHEMA) checkNamesOnce(config, schema);
  } catch (error) {
    // Settings checked against the schema (a model named in softDelete.models) are the config's mistakes.
    if (error instanceof ConfigError && !error.location && config.configFile) {
      throw error.problems ? problemsError(error.problems, config.configFile) : new ConfigError(error.message, { file: config.configFile });
    }
    throw error;
  }
  let project = options.watchDisk ? projects.get(config.rootDir) : undefined;
  if (!project) {
    project = ProjectModel.load(config.rootDir, options);
    if (options.watchDisk) projects.set(config.rootDir, project);
  }
  leaveGeneratedCodeOut(project, config, schema);
  if (!options.watchDisk) return createAnalysisContext(config, schema, project);
  // One context per config, schema and project: the editor's rules and files then share its evaluator's memoised values.
  let bySchema = contexts.get(config);
  if (!bySchema) contexts.set(config, (bySchema = new WeakMap()));
  let context = bySchema.get(schema);
  if (!context || context.project !== project) bySchema.set(schema, (context = createAnalysisContext(config, schema, project)));
  return context;
}

/**
 * The project's schema; with `optional` (the ESLint plugin), a project where Prisma finds no schema and
 * the config names none has `NO_SCHEMA`: the schema-aware rules skip its files (a monorepo's package
 * without Prisma), the others run.
 */
function loadSchema(config: ResolvedConfig, optional: boolean): PrismaSchema {
  let files;
  try {
    files = locateSchema(config.rootDir, config.prismaSchema, config.configFile);
  } catch (error) {
    if (optional && error instanceof SchemaNotFoundError && config.prismaSchema === undefined) return NO_SCHEMA;
    throw error;
  }
  return loadPrismaSchemaCached(files, config.softDelete);
}

/** A project without a Prisma schema: no files, no models. */
export const NO_SCHEMA: PrismaSchema = {
  files: [],
  models: new Map(),
  enums: new Map(),
  modelByDelegate: () => undefined,
  generatorOutputs: [],
  prismaMajor: 7,
  indexes: [],
};

const namesChecked = new WeakMap<AnalysisContext["schema"], WeakSet<ResolvedConfig>>();

/** The config's model and field names against the schema, once per config and schema (the editor loads the analysis per lint). */
function checkNamesOnce(config: ResolvedConfig, schema: AnalysisContext["schema"]): void {
  let checked = namesChecked.get(schema);
  if (!checked) namesChecked.set(schema, (checked = new WeakSet()));
  if (checked.has(config)) return;
  assertConfigNamesInSchema(config, schema);
  checked.add(config);
}

/** What a run says on stderr besides its findings: an unusable tsconfig, a schema with nothing to check. */
export function schemaWarnings(schema: AnalysisContext["schema"]): string[] {
  if (schema.models.size > 0) return [];
  return [`${schema.files[0] ?? "the Prisma schema"}: the schema has no models: the schema-aware rules have nothing to check`];
}

const contexts = new WeakMap<ResolvedConfig, WeakMap<AnalysisContext["schema"], AnalysisContext>>();

const verdicts = new WeakMap<ResolvedConfig, WeakMap<AnalysisContext["schema"], Map<string, boolean>>>();

/** Whether a file is excluded by `ignore` (which includes generated Prisma clients by default) or lies in a generator's output. */
export function isIgnored(analysis: AnalysisContext, fileName: string): boolean {
  const { config, schema } = analysis;
  // Asked for every project file by whole-project passes: one glob match per file, config and schema.
  let bySchema = verdicts.get(config);
  if (!bySchema) verdicts.set(config, (bySchema = new WeakMap()));
  let known = bySchema.get(schema);
  if (!known) bySchema.set(schema, (known = new Map()));
  let ignored = known.get(fileName);
  if (ignored === undefined) {
    const absolute = absolutePath(fileName);
    ignored =
      schema.generatorOutputs.some((output) => absolute === output || absolute.startsWith(output + path.sep)) ||
      configIgnoreMatcher(config)(path.relative(config.rootDir, absolute).split(path.sep).join("/"));
    known.set(fileName, ignored);
  }
  return ignored;
}

/**
 * Generated and built code (a Prisma client, `dist/`, declaration files: `DEFAULT_IGNORE` and the
 * schema's generator outputs) is no source of the program: whole-program passes never parse it.
 * Other ignored files (tests, seeds, scripts, the user's own patterns) are not checked, but their
 * calls still say who runs what, as typescript-eslint keeps ESLint-ignored files in its program;
 * tsconfig's `exclude` is what leaves a file out altogether.
 */
function leaveGeneratedCodeOut(project: ProjectModel, config: ResolvedConfig, schema: AnalysisContext["schema"]): void {
  const defaults = config.ignore.filter((pattern) => DEFAULT_IGNORE.includes(pattern));
  const negated = config.ignore.filter((pattern) => pattern.startsWith("!") && !pattern.startsWith("!("));
  const matches = ignoreMatcher([...defaults, ...negated]);
  project.excludeFromProgram(JSON.stringify([config.rootDir, defaults, negated, schema.generatorOutputs]), (fileName) => {
    const absolute = absolutePath(fileName);
    return (
      schema.generatorOutputs.some((output) => absolute === output || absolute.startsWith(output + path.sep)) ||
      matches(path.relative(config.rootDir, absolute).split(path.sep).join("/"))
    );
  });
}

/** A folder named without a glob (`src/legacy`) means everything in it, as users expect. */
function folderPatterns(patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => (/[*?[\]{}]/.test(pattern) ? [pattern] : [pattern.replace(/\/$/, ""), `${pattern.replace(/\/$/, "")}/**`]));
}

const matchers = new WeakMap<ResolvedConfig, (relativePath: string) => boolean>();

function configIgnoreMatcher(config: ResolvedConfig): (relativePath: string) => boolean {
  let matcher = matchers.get(config);
  if (!matcher) matchers.set(config, (matcher = ignoreMatcher(config.ignore)));
  return matcher;
}

function ignoreMatcher(patterns: readonly string[]): (relativePath: string) => boolean {
  // A negated pattern (`!**/scripts/**`) puts back what another pattern ignores, as in ESLint's `ignores`.
  // `!(a|b)` at the start is an extglob, not a negation.
  const isNegated = (pattern: string) => pattern.startsWith("!") && !pattern.startsWith("!(");
  const ignored = picomatch(folderPatterns(patterns.filter((pattern) => !isNegated(pattern))), { dot: true });
  const negated = patterns.filter(isNegated).map((pattern) => pattern.slice(1));
  const keptBack = negated.length === 0 ? () => false : picomatch(folderPatterns(negated), { dot: true });
  return (relativePath) => ignored(relativePath) && !keptBack(relativePath);
}
