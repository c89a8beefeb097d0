import path from "node:path";
import picomatch from "picomatch";
import type { ResolvedConfig } from "../config/index.js";
import { loadPrismaSchemaCached, locateSchema } from "../schema/index.js";
import { ProjectModel } from "./project.js";
import { createAnalysisContext, type AnalysisContext } from "./rule.js";

const projects = new Map<string, ProjectModel>();

/**
 * Config, schema and project in one context. Both front-ends build it the same way; the
 * editor keeps projects alive between lints and re-reads files whose mtime changed.
 */
export function loadAnalysis(config: ResolvedConfig, options: { watchDisk?: boolean } = {}): AnalysisContext {
  const schemaFiles = locateSchema(config.rootDir, config.prismaSchema);
  const schema = loadPrismaSchemaCached(schemaFiles, config.softDelete);
  let project = options.watchDisk ? projects.get(config.rootDir) : undefined;
  if (!project) {
    project = ProjectModel.load(config.rootDir, options);
    if (options.watchDisk) projects.set(config.rootDir, project);
  }
  return createAnalysisContext(config, schema, project);
}

const matchers = new WeakMap<ResolvedConfig, (relativePath: string) => boolean>();

/** Whether a file is excluded by `ignore` (which includes generated Prisma clients by default) or lies in a generator's output. */
export function isIgnored(analysis: AnalysisContext, fileName: string): boolean {
  const { config, schema } = analysis;
  const absolute = path.resolve(fileName);
  if (schema.generatorOutputs.some((output) => absolute === output || absolute.startsWith(output + path.sep))) return true;
  let matcher = matchers.get(config);
  if (!matcher) {
    matcher = picomatch(config.ignore, { dot: true });
    matchers.set(config, matcher);
  }
  return matcher(path.relative(config.rootDir, absolute).split(path.sep).join("/"));
}
