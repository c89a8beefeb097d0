import path from "node:path";
import picomatch from "picomatch";
import type { ResolvedConfig } from "../config/index.js";
import { RAW_QUERY_METHODS } from "../engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../engine/rule.js";
import { skipOuterExpressions } from "../engine/scope.js";
import { fileIndexOf } from "../engine/file-index.js";
import { ts } from "../engine/ts.js";
import type { ImportEdge, ImportGraph } from "./import-graph.js";
import { absolutePath } from "../engine/paths.js";

/**
 * The layers of the API as the config names them: which layer a file is in, which layers
 * it may import, which may touch Prisma, and the layer graph the code actually has.
 */

/** The layer the Prisma client module and the generated client are in. */
export const DATA_LAYER = "data";

/** Packages that are the generated Prisma client: importing them is importing the data layer. */
const PRISMA_PACKAGE = /^(@prisma\/client|\.prisma\/client)(\/|$)|(^|\/)generated\/prisma(\/|$)/;

export class LayerModel {
  /** layer names in the order of `layers.definitions`: a file matching several layers is in the first */
  readonly layers: readonly string[];
  /** the layers another layer may import: HTTP has no business there */
  readonly httpFreeLayers: ReadonlySet<string>;
  private readonly matchers: readonly (readonly [string, (file: string) => boolean])[];
  private readonly isClientModule: (file: string) => boolean;
  private readonly reachable = new Map<string, Set<string>>();
  private readonly layerOfFile = new Map<string, string | undefined>();
  private readonly relativeOfFile = new Map<string, string>();

  constructor(
    readonly config: ResolvedConfig,
    /** the schema's generator output folders (absolute): the generated client is data wherever it lives */
    private readonly generatorOutputs: readonly string[] = [],
  ) {
    const { definitions, allow } = config.layers;
    this.layers = Object.keys(definitions);
    this.matchers = this.layers.map((layer) => [layer, picomatch(definitions[layer], { dot: true })] as const);
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

  /** The layer a file is in, or undefined for a file in no layer (neutral: composition roots, utilities, middleware). */
  layerOf(file: string): string | undefined {
    const absolute = absolutePath(file);
    if (this.layerOfFile.has(absolute)) return this.layerOfFile.get(absolute);
    const relative = this.relative(absolute);
    let layer = this.matchers.find(([, matches]) => matches(relative))?.[0];
    if (layer === undefined && this.has(DATA_LAYER) && (this.isClientModule(relative) || this.isGenerated(absolute))) layer = DATA_LAYER;
    this.layerOfFile.set(absolute, layer);
    return layer;
  }

  private isGenerated(absolute: string): boolean {
    return this.generatorOutputs.some((output) => absolute === output || absolute.startsWith(output + path.sep));
  }

  /** The layer an import leads to: its file's layer, or the data layer for the generated client's packages. */
  layerOfImport(edge: ImportEdge): string | undefined {
    if (edge.to) return this.layerOf(edge.to);
    return PRISMA_PACKAGE.test(edge.specifier) && this.has(DATA_LAYER) ? DATA_LAYER : undefined;
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

const models = new WeakMap<ResolvedConfig, WeakMap<readonly string[], LayerModel>>();

/** One layer model per resolved config and schema (both are cached, so this lives as long as they do). */
export function layerModelOf(config: ResolvedConfig, generatorOutputs: readonly string[] = NO_OUTPUTS): LayerModel {
  let bySchema = models.get(config);
  if (!bySchema) models.set(config, (bySchema = new WeakMap()));
  let model = bySchema.get(generatorOutputs);
  if (!model) {
    model = new LayerModel(config, generatorOutputs);
    bySchema.set(generatorOutputs, model);
  }
  return model;
}

const NO_OUTPUTS: readonly string[] = [];

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
      dependency = { from, to, count: 0, typeOnlyCount: 0, allowed, forbiddenCount: 0 };
      byPair.set(key, dependency);
    }
    dependency.count++;
    if (edge.typeOnly) dependency.typeOnlyCount++;
    if (!dependency.allowed && !(edge.typeOnly && model.config.layers.allowTypeImports)) dependency.forbiddenCount++;
  }
  const order = (layer: string | null) => (layer === null ? model.layers.length : model.layers.indexOf(layer));
  return [...byPair.values()].sort((a, b) => order(a.from) - order(b.from) || order(a.to) - order(b.to));
}

/** One use of the Prisma client in code: a model operation or a `$` method of the client. */
export interface PrismaAccess {
  /** the method name: findings are reported here */
  node: ts.Node;
  /** the callee as written, whitespace removed (`prisma.metric.aggregate`, `prisma.$queryRaw`) */
  text: string;
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
    access: { node: site.operationNode, text: compact(site.call.expression) },
  }));
  if (sourceFile.text.includes("$")) found.push(...clientMethodCalls(sourceFile));
  const outermost = found.filter(({ call }) => !found.some((other) => other.call !== call && other.call.pos <= call.pos && call.end <= other.call.end));
  accesses = outermost.sort((a, b) => a.access.node.pos - b.access.node.pos).map(({ access }) => access);
  bySchema.set(analysis.schema, accesses);
  return accesses;
}

function clientMethodCalls(sourceFile: ts.SourceFile): { call: ts.Node; access: PrismaAccess }[] {
  const found: { call: ts.Node; access: PrismaAccess }[] = [];
  for (const { node: call, callee } of fileIndexOf(sourceFile).invocations) {
    const access = skipOuterExpressions(callee);
    if (!ts.isPropertyAccessExpression(access) || !access.name.text.startsWith("$")) continue;
    const method = access.name.text;
    if (CLIENT_METHODS.has(method) || /prisma/i.test(access.expression.getText())) {
      found.push({ call, access: { node: access.name, text: compact(access) } });
    }
  }
  return found;
}

function compact(node: ts.Node): string {
  return node.getText().replace(/\s+/g, "");
}
