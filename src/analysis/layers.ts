import fs from "node:fs";
import path from "node:path";
import picomatch from "picomatch";
import type { ResolvedConfig } from "../config/index.js";
import { isReadOperation, RAW_QUERY_METHODS } from "../engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../engine/rule.js";
import { skipOuterExpressions } from "../engine/scope.js";
import { fileIndexOf } from "../engine/file-index.js";
import { ts } from "../engine/ts.js";
import type { ImportEdge, ImportGraph } from "./import-graph.js";
import { absolutePath } from "../engine/paths.js";
import type { ProjectModel } from "../engine/project.js";
import type { MemoEntry } from "../engine/dependencies.js";
import { importsPrismaClient } from "./import-bindings.js";

/**
 * The layers of the API as the config names them: which layer a file is in, which layers
 * it may import, which may touch Prisma, and the layer graph the code actually has.
 */

/** The layer the Prisma client module and the generated client are in. */
export const DATA_LAYER = "data";

/** Packages that are the generated Prisma client: importing them is importing the data layer. */
const PRISMA_PACKAGE = /^(@prisma\/client|\.prisma\/client)(\/|$)|(^|\/)generated\/prisma(\/|$)/;

/**
 * Files whose name gives them a role of the HTTP framework: NestJS guards, middleware,
 * interceptors, filters, pipes, decorators, exceptions, Passport strategies, and modules
 * (composition roots). They are in no layer by a folder of theirs: a guard under `services/` is not a service.
 */
const FRAMEWORK_ROLE_FILE = /\.(module|guard|middleware|interceptor|filter|pipe|decorator|strategy|exception)\.[cm]?[jt]sx?$/i;

/** A file name no layer's name glob matches: what `isLayerFolder` places in a folder to ask about the folder. */
const LAYER_PROBE = "layer-probe";

/** A file name with a role after a dot: `article.mapper.ts`, `token.utils.ts`, `user.model.ts`. */
const ROLE_SUFFIX = /^[^.]+\.[a-z][\w-]*\.[cm]?[jt]sx?$/i;

/** Code that is the Prisma client itself: it constructs one or extends the class. */
const CONSTRUCTS_CLIENT = /\bnew\s+PrismaClient\b|\bextends\s+PrismaClient\b/;

/** One layer's globs, split by what they match: a file's own name (`**\/*.service.ts`) or a folder it is in (`**\/services/**`). */
interface LayerMatcher {
  layer: string;
  byName: ((file: string) => boolean) | undefined;
  byFolder: ((file: string) => boolean) | undefined;
}

export interface LayerModelOptions {
  /** the schema's generator output folders (absolute): the generated client is data wherever it lives */
  generatorOutputs?: readonly string[];
  /** reads a file of the project, to decide a file two layers claim by what it is (`project.getSourceFile`) */
  readFile?: (file: string) => ts.SourceFile | undefined;
}

export class LayerModel {
  /** layer names in the order of `layers.definitions` */
  readonly layers: readonly string[];
  /** the layers another layer may import: HTTP has no business there */
  readonly httpFreeLayers: ReadonlySet<string>;
  private readonly matchers: readonly LayerMatcher[];
  private readonly isClientModule: (file: string) => boolean;
  private readonly generatorOutputs: readonly string[];
  private readonly readFile: ((file: string) => ts.SourceFile | undefined) | undefined;
  private readonly namedLayersByFolder = new Map<string, ReadonlySet<string>>();
  private readonly reachable = new Map<string, Set<string>>();
  private readonly layerOfFile = new Map<string, string | undefined>();
  /** files two layers claim, one of them data: decided by their content, so per parse */
  private readonly claimedByData = new Map<string, readonly string[]>();
  private readonly relativeOfFile = new Map<string, string>();

  constructor(
    readonly config: ResolvedConfig,
    options: LayerModelOptions | readonly string[] = {},
  ) {
    const { generatorOutputs = [], readFile } = Array.isArray(options) ? { generatorOutputs: options as readonly string[] } : (options as LayerModelOptions);
    this.generatorOutputs = generatorOutputs;
    this.readFile = readFile;
    const { definitions, allow } = config.layers;
    this.layers = Object.keys(definitions);
    this.matchers = this.layers.map((layer) => layerMatcher(layer, definitions[layer]));
    this.isClientModule =
      config.clientModules.length === 0
        ? () => false
        : picomatch(config.clientModules.flatMap((module) => [module, module.replace(/\.[cm]?[jt]s$/, ".*")]), { dot: true });
    this.httpFreeLayers = new Set(
      Object.entries(allow).flatMap(([from, targets]) => targets.filter((target) => target !== from && this.layers.includes(target))),
    );
    // Which layers each layer may reach through allowed imports, by a worklist over `layers.allow`.
    for (const layer of this.layers) {
      const seen = new Set<string>();
      const worklist = [...(allow[layer] ?? [])];
      while (worklist.length > 0) {
        const next = worklist.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        worklist.push(...(allow[next] ?? []));
      }
      this.reachable.set(layer, seen);
    }
  }

  /** The path of a file relative to the config, with `/`: how globs see it and messages name it. */
  relative(file: string): string {
    let relative = this.relativeOfFile.get(file);
    if (relative === undefined) this.relativeOfFile.set(file, (relative = path.relative(this.config.rootDir, absolutePath(file)).split(path.sep).join("/")));
    return relative;
  }

  /**
   * The layer a file is in, or undefined for a file in no layer (neutral: composition roots,
   * utilities, middleware). Globs match without regard to case (`Controllers/`, `DAO/`); a file
   * outside the config's folder (a shared package of a monorepo) is matched by its path below
   * the `../` steps. A file several layers claim goes to the layer its content says (the Prisma
   * client itself, constructed or extended, is data), else to a layer that names it by its file
   * name (`article.service.ts` in `routes/`) over one that only has its folder, else to the
   * first in `layers.definitions`.
   */
  layerOf(file: string): string | undefined {
    const absolute = absolutePath(file);
    if (this.layerOfFile.has(absolute)) return this.layerOfFile.get(absolute);
    const claimants = this.claimedByData.get(absolute);
    if (claimants) return this.isClientCode(absolute) ? DATA_LAYER : claimants[0];
    const matchPath = this.relative(absolute).replace(/^(\.\.\/)+/, "");
    const byName = this.matchers.filter((matcher) => matcher.byName?.(matchPath)).map((matcher) => matcher.layer);
    const byFolder = this.matchers.filter((matcher) => !byName.includes(matcher.layer) && matcher.byFolder?.(matchPath)).map((matcher) => matcher.layer);
    let layer: string | undefined;
    if (byName.length === 0 && (FRAMEWORK_ROLE_FILE.test(matchPath) || this.isHelperOfFeature(absolute, byFolder))) layer = undefined;
    else {
      // Named by its file name first, then by its folder, each in the config's order.
      const ordered = [...byName, ...byFolder];
      if (ordered.length > 1 && ordered.includes(DATA_LAYER) && this.readFile) {
        this.claimedByData.set(absolute, ordered);
        return this.isClientCode(absolute) ? DATA_LAYER : ordered[0];
      }
      layer = ordered[0];
    }
    if (layer === undefined && this.has(DATA_LAYER) && (this.isClientModule(this.relative(absolute)) || this.isGenerated(absolute))) layer = DATA_LAYER;
    this.layerOfFile.set(absolute, layer);
    return layer;
  }

  /**
   * A helper named for a role no layer has (`article.mapper.ts`, `token.utils.ts`) in a feature
   * folder: a folder that also holds a file named for another layer than its folder's
   * (`routes/article/` with `article.service.ts` beside `article.controller.ts`). Such a folder
   * groups a feature, not a layer, and its helpers are in no layer.
   */
  private isHelperOfFeature(absolute: string, byFolder: readonly string[]): boolean {
    if (byFolder.length === 0 || !ROLE_SUFFIX.test(path.basename(absolute))) return false;
    const folder = path.dirname(absolute);
    let named = this.namedLayersByFolder.get(folder);
    if (!named) {
      const layers = new Set<string>();
      for (const name of listFolder(folder)) {
        const matchPath = this.relative(path.join(folder, name)).replace(/^(\.\.\/)+/, "");
        for (const matcher of this.matchers) if (matcher.byName?.(matchPath)) layers.add(matcher.layer);
      }
      this.namedLayersByFolder.set(folder, (named = layers));
    }
    return [...named].some((layer) => !byFolder.includes(layer));
  }

  /** Whether a folder is where a layer's folder glob starts (`src/routes/` for `**\/routes/**`): a layer's folder, not a feature's. */
  isLayerFolder(folder: string): boolean {
    const probe = (dir: string) => `${this.relative(path.join(dir, LAYER_PROBE))}`.replace(/^(\.\.\/)+/, "");
    const inside = probe(folder);
    const above = probe(path.dirname(folder));
    return this.matchers.some((matcher) => matcher.byFolder?.(inside) === true && matcher.byFolder(above) === false);
  }

  /** Whether a file constructs or extends the Prisma client (`class PrismaService extends PrismaClient`). */
  private isClientCode(absolute: string): boolean {
    const text = this.readFile?.(absolute)?.text;
    return text !== undefined && CONSTRUCTS_CLIENT.test(text);
  }

  private isGenerated(absolute: string): boolean {
    return this.generatorOutputs.some((output) => absolute === output || absolute.startsWith(output + path.sep));
  }

  /** The layer an import leads to: its file's layer, or the data layer for the generated client's packages. */
  layerOfImport(edge: ImportEdge): string | undefined {
    if (edge.to) return this.layerOf(edge.to);
    return PRISMA_PACKAGE.test(edge.specifier) && this.has(DATA_LAYER) ? DATA_LAYER : undefined;
  }

  /** Whether an import is of the generated client (its package or the schema's generator output), rather than of a module of the project. */
  isGeneratedClientImport(edge: ImportEdge): boolean {
    return edge.to ? this.isGenerated(absolutePath(edge.to)) : PRISMA_PACKAGE.test(edge.specifier);
  }

  has(layer: string): boolean {
    return this.layers.includes(layer);
  }

  /** The layers `layer` may import besides itself (`layers.allow`). */
  allowed(layer: string): readonly string[] {
    return this.config.layers.allow[layer] ?? [];
  }

  mayImport(from: string, to: string): boolean {
    return from === to || this.allowed(from).includes(to);
  }

  /** Whether `layers.allow` lets `from` reach `to` through any chain of allowed imports. */
  mayReach(from: string, to: string): boolean {
    return this.reachable.get(from)?.has(to) ?? false;
  }

  /** Whether code of a layer may use the Prisma client: the data layer itself and the layers allowed to import it. */
  mayTouchData(layer: string): boolean {
    return !this.has(DATA_LAYER) || layer === DATA_LAYER || this.allowed(layer).includes(DATA_LAYER);
  }

  /** The layers that may use the Prisma client, besides the data layer itself. */
  dataLayers(): string[] {
    return this.layers.filter((layer) => layer !== DATA_LAYER && this.allowed(layer).includes(DATA_LAYER));
  }

  /** The layers where HTTP belongs: those no other layer may import (routes, controllers). */
  httpLayers(): string[] {
    return this.layers.filter((layer) => !this.httpFreeLayers.has(layer));
  }
}

const models = new WeakMap<ResolvedConfig, WeakMap<readonly string[], WeakMap<object, LayerModel>>>();

/**
 * One layer model per resolved config, schema and project (all are cached, so this lives as long
 * as they do). With the project, a file two layers claim is decided by its content.
 */
export function layerModelOf(config: ResolvedConfig, generatorOutputs: readonly string[] = NO_OUTPUTS, project?: ProjectModel): LayerModel {
  let bySchema = models.get(config);
  if (!bySchema) models.set(config, (bySchema = new WeakMap()));
  let byProject = bySchema.get(generatorOutputs);
  if (!byProject) bySchema.set(generatorOutputs, (byProject = new WeakMap()));
  const key = project ?? NO_PROJECT;
  let model = byProject.get(key);
  if (!model) {
    model = new LayerModel(config, { generatorOutputs, readFile: project && ((file) => project.getSourceFile(file)) });
    byProject.set(key, model);
  }
  return model;
}

const NO_OUTPUTS: readonly string[] = [];

/** The source files of a folder on disk, by name; none for a folder that cannot be read. */
function listFolder(folder: string): string[] {
  try {
    return fs.readdirSync(folder).filter((name) => /\.[cm]?[jt]sx?$/.test(name));
  } catch {
    return [];
  }
}
const NO_PROJECT = {};

/** Globs whose last segment names files (`**\/*.service.ts`, `src/features/**\/data.ts`) match by file name; the rest (`**\/services/**`) by folder. */
function layerMatcher(layer: string, globs: readonly string[]): LayerMatcher {
  const byName = globs.filter((glob) => !(glob.split("/").pop() ?? "").includes("**"));
  const byFolder = globs.filter((glob) => !byName.includes(glob));
  const options = { dot: true, nocase: true };
  return {
    layer,
    byName: byName.length > 0 ? picomatch([...byName], options) : undefined,
    byFolder: byFolder.length > 0 ? picomatch([...byFolder], options) : undefined,
  };
}

/** One layer → layer dependency of the whole program; `null` stands for files in no layer. */
export interface LayerDependency {
  from: string | null;
  to: string | null;
  /** import statements (and re-exports) that make it */
  count: number;
  typeOnlyCount: number;
  /** whether `layers.allow` allows the pair (imports from or into files in no layer always are) */
  allowed: boolean;
  /** the imports among `count` that cross the boundary in a forbidden direction (type-only ones only with `allowTypeImports: false`) */
  forbiddenCount: number;
  /** layer-boundaries findings that reach from `from` into `to` without a forbidden import (a query through a client from a module in no layer); see `withLayerFindings` */
  findingCount: number;
}

/**
 * The layer graph the code has: every import between project files (and of the generated
 * client's packages) aggregated by layer, with counts. Edges inside one layer are kept, as
 * the report draws them as the layer's own weight.
 */
export function layerGraph(model: LayerModel, graph: ImportGraph): LayerDependency[] {
  const byPair = new Map<string, LayerDependency>();
  for (const edge of graph.edges()) {
    const to = model.layerOfImport(edge) ?? null;
    if (!edge.to && to === null) continue; // packages
    const from = model.layerOf(edge.from) ?? null;
    const key = `${from}\0${to}`;
    let dependency = byPair.get(key);
    if (!dependency) {
      const allowed = from === null || to === null || model.mayImport(from, to);
      dependency = { from, to, count: 0, typeOnlyCount: 0, allowed, forbiddenCount: 0, findingCount: 0 };
      byPair.set(key, dependency);
    }
    dependency.count++;
    if (edge.typeOnly) dependency.typeOnlyCount++;
    if (!dependency.allowed && !(edge.typeOnly && model.config.layers.allowTypeImports)) dependency.forbiddenCount++;
  }
  const order = (layer: string | null) => (layer === null ? model.layers.length : model.layers.indexOf(layer));
  return [...byPair.values()].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to));
}

/**
 * The graph with the layer findings an import does not show: a query in a layer that may not
 * touch the data layer, made with a client that arrived through a module in no layer or by
 * injection, has no forbidden import edge. Each such finding (`reachesData` says which) counts on
 * the edge from its file's layer to the data layer, added when the code has no import there.
 */
export function withLayerFindings(
  graph: readonly LayerDependency[],
  findings: readonly { filePath: string; messageIds: readonly string[] }[],
  model: LayerModel,
  reachesData: (messageId: string) => boolean,
): LayerDependency[] {
  const result = graph.map((dependency) => ({ ...dependency }));
  for (const { filePath, messageIds } of findings) {
    const count = messageIds.filter(reachesData).length;
    if (count === 0) continue;
    const from = model.layerOf(filePath) ?? null;
    let dependency = result.find((candidate) => candidate.from === from && candidate.to === DATA_LAYER);
    if (!dependency) {
      dependency = { from, to: DATA_LAYER, count: 0, typeOnlyCount: 0, allowed: false, forbiddenCount: 0, findingCount: 0 };
      result.push(dependency);
    }
    dependency.findingCount += count;
  }
  const order = (layer: string | null) => (layer === null ? model.layers.length : model.layers.indexOf(layer));
  return result.sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to));
}

/** One use of the Prisma client in code: a model operation or a `$` method of the client. */
export interface PrismaAccess {
  /** the method name: findings are reported here */
  node: ts.Node;
  /** the callee as written, whitespace removed (`prisma.metric.aggregate`, `prisma.$queryRaw`) */
  text: string;
  /** whether it may write: a create, update, upsert or delete, `$executeRaw…`, or a transaction */
  write: boolean;
  /** the model of a model operation; none for a method of the client */
  model?: string;
  /** the identifier the client is reached from (`prisma` in `prisma.item.findMany`), when it is one; not `this` */
  root?: ts.Identifier;
}

/** Methods of the Prisma client itself; any other `$` method counts when called on something named like a client. */
const CLIENT_METHODS = new Set([
  ...RAW_QUERY_METHODS.keys(),
  "$transaction",
  "$connect",
  "$disconnect",
  "$extends",
  "$metrics",
]);

/** Methods of the client that only read. */
const READ_CLIENT_METHODS = new Set(["$queryRaw", "$queryRawUnsafe", "$queryRawTyped", "$connect", "$disconnect", "$metrics", "$extends"]);

const accessCache = new WeakMap<ts.SourceFile, WeakMap<AnalysisContext["schema"], PrismaAccess[]>>();

/**
 * Every use of the Prisma client in a file, outermost only: the queries inside a
 * `$transaction(...)` are part of that one access. Model operations come from the engine's
 * query sites; `$` methods (`$queryRaw`…) from a syntactic scan.
 */
export function prismaAccesses(sourceFile: ts.SourceFile, analysis: AnalysisContext): PrismaAccess[] {
  let bySchema = accessCache.get(sourceFile);
  if (!bySchema) {
    bySchema = new WeakMap();
    accessCache.set(sourceFile, bySchema);
  }
  let accesses = bySchema.get(analysis.schema);
  if (accesses) return accesses;
  const found: { call: ts.Node; access: PrismaAccess }[] = querySitesOf(sourceFile, analysis).map((site) => ({
    call: site.call,
    access: {
      node: site.operationNode,
      text: compact(site.call.expression),
      write: !isReadOperation(site.operation),
      model: site.model.name,
      root: site.client && rootIdentifier(site.client),
    },
  }));
  if (sourceFile.text.includes("$")) found.push(...clientMethodCalls(sourceFile));
  accesses = outermostCalls(found).sort((a, b) => a.access.node.pos - b.access.node.pos).map(({ access }) => access);
  bySchema.set(analysis.schema, accesses);
  return accesses;
}

/** The entries whose call no other entry's call encloses: one sweep in source order (AST spans nest or are apart). */
function outermostCalls<Entry extends { call: ts.Node }>(found: readonly Entry[]): Entry[] {
  const sorted = [...found].sort((a, b) => a.call.pos - b.call.pos || b.call.end - a.call.end);
  const kept: Entry[] = [];
  let enclosing: ts.Node | undefined;
  for (const entry of sorted) {
    if (enclosing && entry.call !== enclosing && entry.call.end <= enclosing.end) continue;
    kept.push(entry);
    enclosing = entry.call;
  }
  return kept;
}

function clientMethodCalls(sourceFile: ts.SourceFile): { call: ts.Node; access: PrismaAccess }[] {
  const found: { call: ts.Node; access: PrismaAccess }[] = [];
  for (const { node: call, callee } of fileIndexOf(sourceFile).invocations) {
    const access = skipOuterExpressions(callee);
    if (!ts.isPropertyAccessExpression(access) || !access.name.text.startsWith("$")) continue;
    const method = access.name.text;
    if (CLIENT_METHODS.has(method) || /prisma/i.test(access.expression.getText())) {
      found.push({ call, access: { node: access.name, text: compact(access), write: !READ_CLIENT_METHODS.has(method), root: rootIdentifier(access.expression) } });
    }
  }
  return found;
}

/** `prisma` of `prisma`, `prisma.$extends(…)`, `(prisma as Db)`; none for `this.prisma`. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = skipOuterExpressions(expression);
  while (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
    current = skipOuterExpressions(current.expression);
  }
  return ts.isIdentifier(current) ? current : undefined;
}

function compact(node: ts.Node): string {
  return node.getText().replace(/\s+/g, "");
}

const clientHolders = new WeakMap<ImportGraph, WeakMap<LayerModel, Map<string, MemoEntry<boolean>>>>();

/**
 * Whether importing a module of the data layer is data access: the module is the client (it
 * constructs or extends `PrismaClient`), uses it, or hands it on from another such module or
 * from the generated client (`export * from "./client"`). A module of the data layer that holds
 * none (pricing constants next to the schema, generated zod schemas) is importable like any other.
 */
export function holdsClient(file: string, analysis: AnalysisContext, model: LayerModel, graph: ImportGraph): boolean {
  let byModel = clientHolders.get(graph);
  if (!byModel) clientHolders.set(graph, (byModel = new WeakMap()));
  let memo = byModel.get(model);
  if (!memo) byModel.set(model, (memo = new Map()));
  return analysis.project.dependencies.memo(memo, file, () => {
    const seen = new Set<string>();
    const worklist = [file];
    while (worklist.length > 0) {
      const next = worklist.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      const sourceFile = analysis.project.getSourceFile(next);
      if (!sourceFile) continue;
      if (CONSTRUCTS_CLIENT.test(sourceFile.text) || prismaAccesses(sourceFile, analysis).length > 0) return true;
      for (const edge of graph.importsOf(next)) {
        if (edge.typeOnly) continue;
        if (!edge.to) {
          if (PRISMA_PACKAGE.test(edge.specifier) && importsPrismaClient(edge.node)) return true;
        } else if (model.layerOf(edge.to) === DATA_LAYER) worklist.push(edge.to);
      }
    }
    return false;
  });
}
