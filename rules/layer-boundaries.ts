import { importGraphOf, type ImportEdge, type ImportGraph } from "../src/analysis/import-graph.js";
import type { MemoEntry } from "../src/engine/dependencies.js";
import { DATA_LAYER, layerModelOf, prismaAccesses, type LayerModel } from "../src/analysis/layers.js";
import { createRule, type RuleContext } from "../src/engine/rule.js";
import { httpConcerns, isHttpModule } from "./utils/layers-http.js";

type Options = [{ neutralFiles: "allow" | "forbid-data"; httpLayers: string[]; httpModules: string[]; httpErrorClasses: string[] }];
type MessageIds =
  | "forbiddenImport"
  | "forbiddenTypeImport"
  | "sideDoor"
  | "layerCycle"
  | "dataAccess"
  | "neutralDataAccess"
  | "httpImport"
  | "httpParameter"
  | "httpStatus"
  | "httpError";
type Context = RuleContext<Options, MessageIds>;

export default createRule<Options, MessageIds>({
  name: "layer-boundaries",
  meta: {
    type: "problem",
    docs: {
      description: "Enforce the layers of the API: routes → services → repositories → data",
      convention: "layers",
      config: "recommended",
      requiresSchema: true,
    },
    messages: {
      forbiddenImport: "Layer {{fromLayer}} imports layer {{toLayer}} ({{target}}): {{constraint}}.",
      forbiddenTypeImport:
        "Layer {{fromLayer}} imports types from layer {{toLayer}} ({{target}}): {{constraint}}, and type imports count (layers.allowTypeImports: false).",
      sideDoor:
        "Layer {{fromLayer}} reaches layer {{toLayer}} through {{target}}, a module in no layer: {{chain}}. Only {{dataLayers}} may use the Prisma client: {{constraint}}.",
      layerCycle:
        "Layer {{fromLayer}} imports layer {{toLayer}} ({{target}}), which imports it back: {{chain}}. layers.allow lets each import the other, but a cycle ties the two layers into one: move the shared code into one of them.",
      dataAccess: "{{access}} uses the Prisma client in layer {{layer}}, but only {{dataLayers}} may touch layer {{dataLayer}}: {{constraint}}.",
      neutralDataAccess:
        '{{access}} uses the Prisma client in {{file}}, a file in no layer, and the option neutralFiles is "forbid-data": move the query into {{dataLayers}}.',
      httpImport:
        "Layer {{layer}} imports {{module}}, but HTTP belongs to {{httpLayers}}: take plain values, return plain results and throw domain errors, and let the route do the HTTP.",
      httpParameter: "Parameter {{name}} of layer {{layer}} is an HTTP {{type}}: pass the values it needs instead, as HTTP belongs to {{httpLayers}}.",
      httpStatus: "Layer {{layer}} sets an HTTP status ({{call}}), but status codes belong to {{httpLayers}}: return a result or throw a domain error and let the route map it.",
      httpError: "Layer {{layer}} throws {{error}}, an HTTP error: throw a domain error and let {{httpLayers}} map it to a status code.",
    },
    schema: [
      {
        type: "object",
        description: "Options for layer-boundaries.",
        properties: {
          neutralFiles: {
            type: "string",
            enum: ["allow", "forbid-data"],
            description:
              'Files in no layer (composition roots, middleware, utilities): "allow" leaves them alone, "forbid-data" reports their uses of the Prisma client.',
          },
          httpLayers: {
            type: "array",
            items: { type: "string" },
            description:
              "The layers where HTTP belongs; every other layer is checked for HTTP concerns. Empty: the layers no other layer may import (routes in the presets).",
          },
          httpModules: {
            type: "array",
            items: { type: "string" },
            description: "Packages whose import is an HTTP concern outside the HTTP layer (subpaths included).",
          },
          httpErrorClasses: {
            type: "array",
            items: { type: "string" },
            description: "Error classes that carry an HTTP status, besides names like Http*Error and Http*Exception and any `new X(<100–599>, …)`.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ neutralFiles: "allow", httpLayers: [], httpModules: ["express", "http-errors"], httpErrorClasses: [] }],
  },
  check(context) {
    const model = layerModelOf(context.analysis.config, context.analysis.schema.generatorOutputs);
    const layer = model.layerOf(context.sourceFile.fileName);
    const checker = new BoundaryChecker(context, model, importGraphOf(context.analysis.project));
    if (layer === undefined) {
      if (context.options[0].neutralFiles === "forbid-data") checker.checkNeutralDataAccess();
      return;
    }
    checker.checkImports(layer);
    checker.checkDataAccess(layer);
    if (checker.isHttpFree(layer)) checker.checkHttp(layer);
  },
});

/** What a side door leads to, from a neutral module on: the files in between and the Prisma access at the end. */
interface SideDoor {
  files: string[];
  access: string;
}

/** Side doors depend on the graph (one per project version) and the layer model: memoised per graph, per neutral file, with the files the search read. */
const sideDoors = new WeakMap<ImportGraph, WeakMap<LayerModel, Map<string, MemoEntry<SideDoor | null>>>>();

class BoundaryChecker {
  constructor(
    private readonly context: Context,
    private readonly model: LayerModel,
    private readonly graph: ImportGraph,
  ) {}

  checkImports(layer: string): void {
    const { httpModules } = this.context.options[0];
    const httpFree = this.isHttpFree(layer);
    for (const edge of this.graph.importsOf(this.context.sourceFile)) {
      if (httpFree && isHttpModule(edge.specifier, httpModules)) {
        this.context.report({ node: edge.node, messageId: "httpImport", data: { layer, module: edge.specifier, httpLayers: this.httpLayers() } });
        continue;
      }
      const target = this.model.layerOfImport(edge);
      if (target === undefined) {
        if (edge.to && !edge.typeOnly && !this.model.mayTouchData(layer)) this.checkSideDoor(layer, edge);
        continue;
      }
      if (target === layer || (edge.typeOnly && this.context.analysis.config.layers.allowTypeImports)) continue;
      const data = { fromLayer: layer, toLayer: target, target: this.targetName(edge) };
      if (!this.model.mayImport(layer, target)) {
        this.context.report({ node: edge.node, messageId: edge.typeOnly ? "forbiddenTypeImport" : "forbiddenImport", data: { ...data, constraint: this.constraint(layer) } });
      } else if (!edge.typeOnly && this.model.mayReach(target, layer)) {
        // Both directions allowed: a cycle is the only thing left to report (an upward edge is reported as forbidden above).
        const back = this.graph.search(edge, {
          stopAt: (next) => (next !== edge && !next.typeOnly && next.to === edge.from ? true : undefined),
          follow: (next) => !next.typeOnly,
        });
        if (!back) continue;
        const chain = [edge.from, ...back.path.map((step) => step.to!)].map((file) => this.model.relative(file)).join(" → ");
        this.context.report({ node: edge.node, messageId: "layerCycle", data: { ...data, chain } });
      }
    }
  }

  checkDataAccess(layer: string): void {
    if (this.model.mayTouchData(layer)) return;
    for (const access of prismaAccesses(this.context.sourceFile, this.context.analysis)) {
      this.context.report({
        node: access.node,
        messageId: "dataAccess",
        data: { access: access.text, layer, dataLayers: this.dataLayers(), dataLayer: DATA_LAYER, constraint: this.constraint(layer) },
      });
    }
  }

  checkNeutralDataAccess(): void {
    const file = this.model.relative(this.context.sourceFile.fileName);
    for (const access of prismaAccesses(this.context.sourceFile, this.context.analysis)) {
      this.context.report({ node: access.node, messageId: "neutralDataAccess", data: { access: access.text, file, dataLayers: this.dataLayers() } });
    }
  }

  checkHttp(layer: string): void {
    const [{ httpModules, httpErrorClasses }] = this.context.options;
    const httpLayers = this.httpLayers();
    for (const concern of httpConcerns(this.context.sourceFile, { httpModules, httpErrorClasses })) {
      if (concern.kind === "parameter") {
        this.context.report({ node: concern.node, messageId: "httpParameter", data: { name: concern.name, layer, type: concern.type, httpLayers } });
      } else if (concern.kind === "status") {
        this.context.report({ node: concern.node, messageId: "httpStatus", data: { layer, call: concern.call, httpLayers } });
      } else {
        this.context.report({ node: concern.node, messageId: "httpError", data: { layer, error: concern.error, httpLayers } });
      }
    }
  }

  /** A module in no layer that uses Prisma, directly or through further modules in no layer, is the data layer by a side door. */
  private checkSideDoor(layer: string, edge: ImportEdge): void {
    const door = this.sideDoor(edge);
    if (!door) return;
    const chain = [layer, ...door.files.map((file) => this.model.relative(file)), door.access].join(" → ");
    this.context.report({
      node: edge.node,
      messageId: "sideDoor",
      data: { fromLayer: layer, toLayer: DATA_LAYER, target: this.targetName(edge), chain, dataLayers: this.dataLayers(), constraint: this.constraint(layer) },
    });
  }

  private sideDoor(edge: ImportEdge): SideDoor | undefined {
    let byModel = sideDoors.get(this.graph);
    if (!byModel) sideDoors.set(this.graph, (byModel = new WeakMap()));
    let memo = byModel.get(this.model);
    if (!memo) byModel.set(this.model, (memo = new Map()));
    const { analysis } = this.context;
    const door = analysis.project.dependencies.memo(memo, edge.to!, () => {
      const isNeutralFile = (next: ImportEdge) => !next.typeOnly && next.to !== undefined && this.model.layerOf(next.to) === undefined;
      const hit = this.graph.search(edge, {
        stopAt: (next) => {
          if (!isNeutralFile(next)) return undefined;
          const sourceFile = analysis.project.getSourceFile(next.to!);
          return sourceFile ? prismaAccesses(sourceFile, analysis)[0]?.text : undefined;
        },
        follow: isNeutralFile,
      });
      return hit ? { files: hit.path.map((step) => step.to!), access: hit.result } : null;
    });
    return door ?? undefined;
  }

  private targetName(edge: ImportEdge): string {
    return edge.to ? this.model.relative(edge.to) : edge.specifier;
  }

  /** The rule of the config that decides what a layer may import, in words. */
  private constraint(layer: string): string {
    const allowed = this.model.allowed(layer).filter((target) => target !== layer);
    return `${layer} may import only: ${allowed.length > 0 ? allowed.join(", ") : "nothing but itself"} (layers.allow.${layer})`;
  }

  private dataLayers(): string {
    return this.model.dataLayers().join(", ") || "no layer";
  }

  /** Layers below the HTTP layer: those of the httpLayers option's complement, or those another layer may import. */
  isHttpFree(layer: string): boolean {
    const { httpLayers } = this.context.options[0];
    return httpLayers.length > 0 ? !httpLayers.includes(layer) : this.model.httpFreeLayers.has(layer);
  }

  private httpLayers(): string {
    const { httpLayers } = this.context.options[0];
    return (httpLayers.length > 0 ? httpLayers : this.model.httpLayers()).join(", ") || "no layer";
  }
}
