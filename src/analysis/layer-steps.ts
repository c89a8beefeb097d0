import path from "node:path";
import { registerSummary, type MemoEntry } from "../engine/dependencies.js";
import { isIgnored } from "../engine/analysis.js";
import { absolutePath } from "../engine/paths.js";
import type { ts } from "../engine/ts.js";
import type { AnalysisContext } from "../engine/rule.js";
import { importGraphOf, type ImportEdge, type ImportGraph } from "./import-graph.js";
import { DATA_LAYER, prismaAccesses, type LayerModel } from "./layers.js";

/**
 * The layers of the config as the program has them. `layers.allow` names the steps of the
 * request path (routes → services → repositories → data); a step the code does not have is
 * skipped, and the layers above it may import what it may.
 *
 * - The program: a layer between others is a step only when the program goes through it: a file
 *   of another layer imports one of its files at run time, and one of its files leads on towards
 *   the data (uses the Prisma client, or imports a layer it may import). In a project with no
 *   services layer, routes that query are the project's architecture, not a violation.
 * - A feature folder (the nearest folder above a file that holds files of two layers or more:
 *   `src/modules/billing/` with its controller and service): a layer it has no file of is skipped
 *   for its files, so a feature without a repository lets its service query. A query of a model
 *   whose queries the skipped layer holds elsewhere in the project still counts: the project
 *   has a place for them (`queryHeldElsewhere`).
 */
export class LayerSteps {
  private readonly allowedOf = new Map<string, readonly string[]>();

  constructor(
    readonly model: LayerModel,
    /** the layers between others that are skipped, with why (`the program does not go through it`) */
    readonly skipped: ReadonlyMap<string, string>,
  ) {
    for (const layer of model.layers) {
      const allowed: string[] = [];
      const worklist = [...model.allowed(layer)];
      while (worklist.length > 0) {
        const next = worklist.shift()!;
        if (next === layer || allowed.includes(next)) continue;
        allowed.push(next);
        if (skipped.has(next)) worklist.push(...model.allowed(next));
      }
      this.allowedOf.set(layer, allowed);
    }
  }

  /** The layers `layer` may import besides itself: `layers.allow`, with what each skipped layer may import in its place. */
  allowed(layer: string): readonly string[] {
    return this.allowedOf.get(layer) ?? [];
  }

  mayImport(from: string, to: string): boolean {
    return from === to || this.allowed(from).includes(to);
  }

  /** Whether code of a layer may use the Prisma client: the data layer itself and the layers that may import it. */
  mayTouchData(layer: string): boolean {
    return !this.model.has(DATA_LAYER) || layer === DATA_LAYER || this.allowed(layer).includes(DATA_LAYER);
  }

  /** The layers that may use the Prisma client, besides the data layer itself and the skipped ones. */
  dataLayers(): string[] {
    return this.model.layers.filter((layer) => layer !== DATA_LAYER && !this.skipped.has(layer) && this.allowed(layer).includes(DATA_LAYER));
  }

  /** The skipped layers a layer's code steps over to reach `target` (the data layer): where its queries would belong. */
  steppedOver(layer: string, target: string): string[] {
    const over: string[] = [];
    const worklist = [...this.model.allowed(layer)];
    while (worklist.length > 0) {
      const next = worklist.shift()!;
      if (next === target || over.includes(next) || !this.skipped.has(next)) continue;
      over.push(next);
      worklist.push(...this.model.allowed(next));
    }
    return over;
  }
}

/** Where the program's layered files are: from their paths alone, once per project version and model. */
interface ProgramLayout {
  /** layer → its files, in the tsconfig's order */
  filesOf: ReadonlyMap<string, readonly string[]>;
  /** folder (absolute) → layer → the layer's program files below it, in the tsconfig's order */
  filesBelow: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** the config's folder */
  root: string;
}

const layouts = new WeakMap<ImportGraph, WeakMap<LayerModel, ProgramLayout>>();
const stores = new WeakMap<AnalysisContext["project"], WeakMap<LayerModel, Map<string, MemoEntry<ReadonlySet<string>>>>>();
const modelStores = new WeakMap<AnalysisContext["project"], WeakMap<LayerModel, Map<string, MemoEntry<ReadonlyMap<string, ReadonlyMap<string, number>>>>>>();

const PROGRAM_SKIP = "the program does not go through it";

/** The steps of the whole program as seen from a file: what the layers allow, with the layers the program does not have skipped. */
export function programSteps(analysis: AnalysisContext, model: LayerModel, file: string): LayerSteps {
  return new LayerSteps(model, new Map([...programSkipped(analysis, model, file)].map((layer) => [layer, PROGRAM_SKIP])));
}

/** The steps for one file: the program's, with the layers its feature folder has no file of skipped too. */
export function fileSteps(analysis: AnalysisContext, model: LayerModel, file: string): LayerSteps {
  const skipped = new Map([...programSkipped(analysis, model, file)].map((layer) => [layer, PROGRAM_SKIP]));
  const feature = featureOf(layoutOf(analysis, model), model, absolutePath(file));
  if (feature) {
    for (const layer of middleLayers(model)) {
      if (!skipped.has(layer) && !feature.layers.has(layer)) skipped.set(layer, `${model.relative(feature.folder)}/ has none`);
    }
  }
  return new LayerSteps(model, skipped);
}

const PAST_SKIP = "the program's imports mostly step past it";

/**
 * The steps for one file's imports of other layers: its file steps, with the middle layers the
 * program's imports mostly step past skipped too (routes that call their query modules directly
 * in most features, a service in a few). Only for imports of layers that hold no client: the
 * data stays where the file steps put it, so a controller beside its feature's service still
 * may not query.
 */
export function importSteps(analysis: AnalysisContext, model: LayerModel, file: string): LayerSteps {
  const steps = fileSteps(analysis, model, file);
  const past = steppedPastLayers(analysis, model).filter((layer) => !steps.skipped.has(layer));
  if (past.length === 0) return steps;
  return new LayerSteps(model, new Map([...steps.skipped, ...past.map((layer) => [layer, PAST_SKIP] as const)]));
}

const pastStores = new WeakMap<AnalysisContext["project"], WeakMap<LayerModel, Map<string, MemoEntry<readonly string[]>>>>();

/** The middle layers the program's imports mostly step past: the question is the whole program's, asked once. */
export function steppedPastLayers(analysis: AnalysisContext, model: LayerModel): readonly string[] {
  const { project } = analysis;
  let byModel = pastStores.get(project);
  if (!byModel) pastStores.set(project, (byModel = new WeakMap()));
  let store = byModel.get(model);
  if (!store) byModel.set(model, (store = new Map()));
  return project.dependencies.memo(store, "", () => {
    if (project.programFiles.length === 0) return [];
    const layout = layoutOf(analysis, model);
    return middleLayers(model).filter((layer) => steppedOverMostly(analysis, model, layout, layer));
  });
}

/**
 * Whether the project keeps queries of `modelName` in one of `layers` (a repository of the
 * model): then a query of it elsewhere bypasses that place, even in a feature without one. The
 * layer keeps them when it holds at least half of the program's queries of the model: a model
 * queried here and there in every layer (a repository of another feature that happens to read
 * it among others) has no place of its own that a query elsewhere bypasses.
 */
export function queryHeldElsewhere(analysis: AnalysisContext, model: LayerModel, layers: readonly string[], modelName: string): boolean {
  const counts = modelQueryCounts(analysis, model);
  const total = counts.get(modelName)?.get(ALL) ?? 0;
  return layers.some((layer) => {
    const held = counts.get(modelName)?.get(layer) ?? 0;
    return held > 0 && held * 2 >= total;
  });
}

/** The key of a model's count over the whole program, beside its count per layer. */
const ALL = "\0all";
/** The model under which every access counts, `$transaction` and `$queryRaw` included: per layer only. */
const ANY_MODEL = "";

const ACCESS_SUMMARY = "layer-accesses";
const IMPORT_SUMMARY = "layer-imports";

/** What a file queries, as the counts above read it: the model of each Prisma access, in order. */
function summariseAccesses(sourceFile: ts.SourceFile, analysis: AnalysisContext): string {
  return analysis.project.dependencies.untracked(() => prismaAccesses(sourceFile, analysis).map((access) => access.model ?? "$").join(","));
}

/** What a file imports at run time, as the import counts read it: the files, in order. */
function summariseImports(sourceFile: ts.SourceFile, analysis: AnalysisContext): string {
  return analysis.project.dependencies.untracked(() =>
    importGraphOf(analysis.project)
      .importsOf(sourceFile)
      .filter((edge) => !edge.typeOnly && edge.to !== undefined)
      .map((edge) => edge.to)
      .join(","),
  );
}

registerSummary(ACCESS_SUMMARY, summariseAccesses);
registerSummary(IMPORT_SUMMARY, summariseImports);

/** Per model: how many of the program's Prisma accesses to it each layer holds (files in no layer under ALL only); every access per layer under ANY_MODEL. */
function modelQueryCounts(analysis: AnalysisContext, model: LayerModel): ReadonlyMap<string, ReadonlyMap<string, number>> {
  const { project } = analysis;
  let byModel = modelStores.get(project);
  if (!byModel) modelStores.set(project, (byModel = new WeakMap()));
  let store = byModel.get(model);
  if (!store) byModel.set(model, (store = new Map()));
  return project.dependencies.memo(store, ALL, () => {
    const counts = new Map<string, Map<string, number>>();
    const add = (modelName: string, key: string) => {
      let byLayer = counts.get(modelName);
      if (!byLayer) counts.set(modelName, (byLayer = new Map()));
      byLayer.set(key, (byLayer.get(key) ?? 0) + 1);
    };
    for (const file of programFiles(analysis)) {
      // Only what the file queries counts: an edit that keeps its accesses keeps the counts (and `--cache` re-checks nothing).
      const sourceFile = project.dependOnSummary(file, ACCESS_SUMMARY, (parse) => summariseAccesses(parse, analysis), analysis);
      if (!sourceFile) continue;
      const layer = model.layerOf(file);
      for (const access of project.dependencies.untracked(() => prismaAccesses(sourceFile, analysis))) {
        if (layer !== undefined) add(ANY_MODEL, layer);
        if (!access.model) continue;
        add(access.model, ALL);
        if (layer !== undefined) add(access.model, layer);
      }
    }
    return counts;
  });
}

function layoutOf(analysis: AnalysisContext, model: LayerModel): ProgramLayout {
  const graph = importGraphOf(analysis.project);
  let byModel = layouts.get(graph);
  if (!byModel) layouts.set(graph, (byModel = new WeakMap()));
  let layout = byModel.get(model);
  if (layout) return layout;
  // From paths (and, for a file two layers claim, its content): a fact of this project version, not of one result.
  layout = analysis.project.dependencies.untracked(() => {
    const root = absolutePath(analysis.config.rootDir);
    const filesOf = new Map<string, string[]>();
    const filesBelow = new Map<string, Map<string, string[]>>();
    const add = (files: Map<string, string[]>, layer: string, file: string) => {
      let list = files.get(layer);
      if (!list) files.set(layer, (list = []));
      list.push(file);
    };
    for (const file of programFiles(analysis)) {
      const layer = model.layerOf(file);
      if (layer === undefined) continue;
      add(filesOf, layer, file);
      for (let folder = path.dirname(absolutePath(file)); folder.startsWith(root) && folder !== root; folder = path.dirname(folder)) {
        let below = filesBelow.get(folder);
        if (!below) filesBelow.set(folder, (below = new Map()));
        add(below, layer, file);
      }
    }
    return { filesOf, filesBelow, root };
  });
  byModel.set(model, layout);
  return layout;
}

/**
 * The layers the program does not go through. The answer is the program's, but the search for
 * witnesses starts at the file's own feature folder, so the result depends on the files near it:
 * an edit elsewhere does not make the file's findings stale while its neighbours still witness.
 */
function programSkipped(analysis: AnalysisContext, model: LayerModel, file: string): ReadonlySet<string> {
  const { project } = analysis;
  let byModel = stores.get(project);
  if (!byModel) stores.set(project, (byModel = new WeakMap()));
  let store = byModel.get(model);
  if (!store) byModel.set(model, (store = new Map()));
  const layout = layoutOf(analysis, model);
  const near = featureOf(layout, model, absolutePath(file))?.folder ?? path.dirname(absolutePath(file));
  return project.dependencies.memo(store, near, () => skippedLayers(analysis, model, layout, near));
}

function programFiles(analysis: AnalysisContext): string[] {
  return analysis.project.programFiles.filter((file) => !isIgnored(analysis, file));
}

/** Layers `layers.allow` puts between others: imported by another layer, and allowed to import one. */
function middleLayers(model: LayerModel): string[] {
  return model.layers.filter(
    (layer) =>
      layer !== DATA_LAYER &&
      model.allowed(layer).some((target) => target !== layer) &&
      model.layers.some((other) => other !== layer && model.allowed(other).includes(layer)),
  );
}

/**
 * The nearest folder above a file (below the config's folder) whose program files are of two
 * layers or more, and that is not a layer's own folder: `src/modules/billing/`, not `src/routes/`
 * (whose subfolders may group features).
 */
function featureOf(program: ProgramLayout, model: LayerModel, file: string): { folder: string; layers: ReadonlyMap<string, unknown> } | undefined {
  for (let folder = path.dirname(file); folder.startsWith(program.root) && folder !== program.root; folder = path.dirname(folder)) {
    const layers = program.filesBelow.get(folder);
    if (layers && layers.size >= 2 && !model.isLayerFolder(folder)) return { folder, layers };
  }
  return undefined;
}

/**
 * Each question stops at its first witness, so a project that has its layers depends on a few
 * files, not on all of them. Modules in no layer are walked through (routes → handlers/ → services).
 */
function skippedLayers(analysis: AnalysisContext, model: LayerModel, layout: ProgramLayout, near: string): ReadonlySet<string> {
  const skipped = new Set<string>();
  // Without the tsconfig's list of files the program is unknown: every layer of the config is a step.
  if (analysis.project.programFiles.length === 0) return skipped;
  // The layer's files in the folder the search starts from first (from the layout's index), then the others in the
  // tsconfig's order: yielded one by one, so a witness near the file ends the search without a walk over the program.
  const near_ = near + path.sep;
  const below = layout.filesBelow.get(near);
  const nearFirst = function* (layers: readonly string[]): Generator<string> {
    for (const layer of layers) yield* below?.get(layer) ?? [];
    for (const layer of layers) for (const file of layout.filesOf.get(layer) ?? []) if (!file.startsWith(near_)) yield file;
  };
  const some = (files: Iterable<string>, test: (file: string) => boolean) => {
    for (const file of files) if (test(file)) return true;
    return false;
  };
  for (const layer of middleLayers(model)) {
    const own = layout.filesOf.get(layer) ?? [];
    const entered = (): boolean => {
      const walk = neutralWalk(analysis, model);
      const others = [...layout.filesOf.keys()].filter((other) => other !== layer);
      return some(nearFirst(others), (file) => walk(file, (edge) => edge.to !== undefined && model.layerOf(edge.to) === layer));
    };
    const leadsOn = (): boolean => {
      const walk = neutralWalk(analysis, model, true);
      return some(nearFirst([layer]), (file) => walk(file, (edge) => leadsBelow(model, layer, edge)));
    };
    if (own.length === 0 || !entered() || !leadsOn() || queriedAboveMostly(analysis, model, layer)) skipped.add(layer);
  }
  return skipped;
}

/**
 * Whether the layers above `layer` (those `layers.allow` lets import it) import the layers
 * below it, past it, more often than they import it: routes that call their query modules
 * directly in most places, and a service in a few. The program's path goes past the layer.
 */
function steppedOverMostly(analysis: AnalysisContext, model: LayerModel, layout: ProgramLayout, layer: string): boolean {
  const graph = importGraphOf(analysis.project);
  let into = 0;
  let past = 0;
  for (const above of model.layers) {
    if (above === layer || !model.allowed(above).includes(layer)) continue;
    for (const file of layout.filesOf.get(above) ?? []) {
      const sourceFile = analysis.project.dependOnSummary(file, IMPORT_SUMMARY, (parse) => summariseImports(parse, analysis), analysis);
      if (!sourceFile) continue;
      for (const edge of analysis.project.dependencies.untracked(() => graph.importsOf(sourceFile))) {
        if (edge.typeOnly || edge.to === undefined) continue;
        const target = model.layerOf(edge.to);
        if (target === layer) into++;
        else if (target !== undefined && target !== above && target !== DATA_LAYER && model.mayReach(layer, target) && !model.mayImport(above, target)) past++;
      }
    }
  }
  return past > into;
}

/**
 * Whether the layers above `layer` hold more of the program's Prisma accesses than it and the
 * layers below it together: routes that make most of the queries, beside services that read a
 * few cached values. The program's queries are made above the layer, so it is not their place.
 */
function queriedAboveMostly(analysis: AnalysisContext, model: LayerModel, layer: string): boolean {
  const counts = layerQueryCounts(analysis, model);
  let above = 0;
  let atOrBelow = 0;
  for (const other of model.layers) {
    const count = counts.get(other) ?? 0;
    if (other === layer || model.mayReach(layer, other)) atOrBelow += count;
    else if (other !== DATA_LAYER && model.allowed(other).includes(layer)) above += count;
  }
  return above > atOrBelow;
}

/** How many Prisma accesses each layer's files make, over the whole program. */
function layerQueryCounts(analysis: AnalysisContext, model: LayerModel): ReadonlyMap<string, number> {
  return modelQueryCounts(analysis, model).get(ANY_MODEL) ?? new Map();
}

/**
 * A search from a file along its run-time imports, on through modules in no layer, for an import
 * `found` accepts (or, with `accesses`, a module in no layer that uses the Prisma client). Modules
 * already walked are not walked again by the same search function.
 */
function neutralWalk(analysis: AnalysisContext, model: LayerModel, accesses = false): (file: string, found: (edge: ImportEdge) => boolean) => boolean {
  const graph = importGraphOf(analysis.project);
  const walked = new Set<string>();
  const usesClient = (file: string) => {
    const sourceFile = analysis.project.getSourceFile(file);
    return sourceFile !== undefined && prismaAccesses(sourceFile, analysis).length > 0;
  };
  return (start, found) => {
    if (accesses && usesClient(start)) return true;
    const worklist = [start];
    while (worklist.length > 0) {
      const file = worklist.pop()!;
      for (const edge of graph.importsOf(file)) {
        if (edge.typeOnly) continue;
        if (found(edge)) return true;
        if (edge.to === undefined || walked.has(edge.to) || model.layerOf(edge.to) !== undefined) continue;
        walked.add(edge.to);
        if (accesses && usesClient(edge.to)) return true;
        worklist.push(edge.to);
      }
    }
    return false;
  };
}

/** An import that takes a layer's file a step on: into a layer it may import, or the generated client's package. */
function leadsBelow(model: LayerModel, layer: string, edge: ImportEdge): boolean {
  const target = model.layerOfImport(edge);
  return target !== undefined && target !== layer && model.allowed(layer).includes(target);
}
