import path from "node:path";
import type { MemoEntry } from "../engine/dependencies.js";
import { isIgnored } from "../engine/analysis.js";
import type { AnalysisContext } from "../engine/rule.js";
import { usedOnlyInRouteChain } from "./import-bindings.js";
import { importGraphOf, type ImportEdge, type ImportGraph } from "./import-graph.js";
import { fileSteps } from "./layer-steps.js";
import { prismaAccesses, type LayerModel } from "./layers.js";

/**
 * Side doors: a layer that may not touch data imports, at run time, a module in no layer that
 * uses the Prisma client, directly or through further modules in no layer. One module that
 * queries is one problem however many files import it, so it is reported once, at the first
 * import of the program that opens it (by file, then position): the fix belongs in that module.
 * Middleware a route's chain runs (authentication, a NestJS guard) may read the caller's session
 * and user: through such an import only a write is a side door. A module in no layer beside the
 * importing file or in a folder below it (`task.activity.ts` next to `task.controller.ts`, named by
 * no layer's glob; `subtask/index.ts` under it) is the feature's own helper, in plain sight of the
 * file that imports it: no door behind its back.
 */

/** What a side door leads to: the files from the imported module on, and the Prisma access at the end. */
export interface SideDoor {
  files: string[];
  access: string;
  /** the module whose code uses the Prisma client */
  module: string;
}

type DoorMemo = Map<string, MemoEntry<SideDoor | null>>;
type OwnerMemo = Map<string, MemoEntry<string | null>>;

const doorMemos = new WeakMap<ImportGraph, WeakMap<LayerModel, DoorMemo>>();
const ownerMemos = new WeakMap<AnalysisContext["project"], WeakMap<LayerModel, OwnerMemo>>();

export class SideDoors {
  private readonly graph: ImportGraph;

  constructor(
    private readonly analysis: AnalysisContext,
    private readonly model: LayerModel,
  ) {
    this.graph = importGraphOf(analysis.project);
  }

  /** The side door an import of a layered file opens, if any (the caller checks the layer may not touch data). */
  doorOf(edge: ImportEdge): SideDoor | undefined {
    if (edge.typeOnly || edge.to === undefined || this.model.layerOf(edge.to) !== undefined) return undefined;
    if (isBesideOrBelow(edge.to, edge.from)) return undefined;
    const writesOnly = usedOnlyInRouteChain(edge.node);
    return this.search(edge, writesOnly) ?? undefined;
  }

  /** Whether this import is the one that reports its door: the first of the program's imports that open the same module. */
  reports(edge: ImportEdge, door: SideDoor): boolean {
    const owner = this.ownerOf(door.module);
    return owner === null || owner === edgeKey(edge);
  }

  private search(edge: ImportEdge, writesOnly: boolean): SideDoor | null {
    let byModel = doorMemos.get(this.graph);
    if (!byModel) doorMemos.set(this.graph, (byModel = new WeakMap()));
    let memo = byModel.get(this.model);
    if (!memo) byModel.set(this.model, (memo = new Map()));
    const { analysis } = this;
    return analysis.project.dependencies.memo(memo, `${writesOnly ? "w" : "rw"}\0${edge.to!}`, () => {
      const isNeutralFile = (next: ImportEdge) => !next.typeOnly && next.to !== undefined && this.model.layerOf(next.to) === undefined;
      const hit = this.graph.search(edge, {
        stopAt: (next) => {
          if (!isNeutralFile(next)) return undefined;
          const sourceFile = analysis.project.getSourceFile(next.to!);
          const access = sourceFile && prismaAccesses(sourceFile, analysis).find((candidate) => !writesOnly || candidate.write);
          return access ? { text: access.text, module: next.to! } : undefined;
        },
        follow: isNeutralFile,
      });
      return hit ? { files: hit.path.map((step) => step.to!), access: hit.result.text, module: hit.result.module } : null;
    });
  }

  /** The first import (by file, then position) of a layer that may not touch data that opens a door to `module`. */
  private ownerOf(module: string): string | null {
    const { project } = this.analysis;
    let byModel = ownerMemos.get(project);
    if (!byModel) ownerMemos.set(project, (byModel = new WeakMap()));
    let memo = byModel.get(this.model);
    if (!memo) byModel.set(this.model, (memo = new Map()));
    return project.dependencies.memo(memo, module, () => {
      const files = [...project.programFiles].sort();
      for (const file of files) {
        if (isIgnored(this.analysis, file)) continue;
        const layer = this.model.layerOf(file);
        if (layer === undefined || this.model.mayTouchData(layer) || fileSteps(this.analysis, this.model, file).mayTouchData(layer)) continue;
        for (const edge of this.graph.importsOf(file)) {
          if (this.doorOf(edge)?.module === module) return edgeKey(edge);
        }
      }
      return null;
    });
  }
}

function edgeKey(edge: ImportEdge): string {
  return `${edge.from}\0${edge.node.pos}`;
}

/** Whether `module` is in the folder of `importer` or a folder below it. */
function isBesideOrBelow(module: string, importer: string): boolean {
  const folder = path.dirname(importer);
  return module.startsWith(folder + path.sep);
}
