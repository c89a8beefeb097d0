import { importsPrismaClient } from "../src/analysis/import-bindings.js";
import { importGraphOf, type ImportEdge, type ImportGraph } from "../src/analysis/import-graph.js";
import { fileSteps, importSteps, programSteps, queryHeldElsewhere, steppedPastLayers, type LayerSteps } from "../src/analysis/layer-steps.js";
import { DATA_LAYER, holdsClient, layerModelOf, prismaAccesses, type LayerModel, type PrismaAccess } from "../src/analysis/layers.js";
import { SideDoors } from "../src/analysis/side-doors.js";
import { createRule, type RuleContext } from "../src/engine/rule.js";
import { resolveIdentifier } from "../src/engine/scope.js";
import { ts } from "../src/engine/ts.js";
import { importedOnlyToProbe, isHealthProbe } from "./layer-boundaries/health-probe.js";

type Options = [{ neutralFiles: "allow" | "forbid-data" }];
type MessageIds = "forbiddenImport" | "forbiddenTypeImport" | "clientImport" | "sideDoor" | "layerCycle" | "dataAccess" | "neutralDataAccess";
type Context = RuleContext<Options, MessageIds>;

/** The messages of a finding that reaches into the data layer (the report draws it as an edge into that layer). */
const DATA_LAYER_MESSAGES: ReadonlySet<string> = new Set(["clientImport", "sideDoor", "dataAccess", "neutralDataAccess"]);

export function reachesDataLayer(messageId: string): boolean {
  return DATA_LAYER_MESSAGES.has(messageId);
}

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
      clientImport:
        "Layer {{fromLayer}} imports the Prisma client from layer {{toLayer}} ({{target}}) and queries with it: {{uses}}. Only {{dataLayers}} may touch layer {{toLayer}}: {{constraint}}.",
      sideDoor:
        "Layer {{fromLayer}} reaches layer {{toLayer}} through {{target}}, a module in no layer: {{chain}}. Only {{dataLayers}} may use the Prisma client: {{constraint}}.",
      layerCycle:
        "Layer {{fromLayer}} imports layer {{toLayer}} ({{target}}), which imports it back: {{chain}}. layers.allow lets each import the other, but a cycle ties the two layers into one: move the shared code into one of them.",
      dataAccess: "{{access}} uses the Prisma client in layer {{layer}}, but only {{dataLayers}} may touch layer {{dataLayer}}: {{constraint}}.",
      neutralDataAccess:
        '{{access}} uses the Prisma client in {{file}}, a file in no layer, and the option neutralFiles is "forbid-data": move the query into {{dataLayers}}.',
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
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ neutralFiles: "allow" }],
  },
  check(context) {
    const { analysis } = context;
    const model = layerModelOf(analysis.config, analysis.schema.generatorOutputs, analysis.project);
    const layer = model.layerOf(context.sourceFile.fileName);
    const checker = new BoundaryChecker(context, model, importGraphOf(analysis.project));
    if (layer === undefined) {
      if (context.options[0].neutralFiles === "forbid-data") checker.checkNeutralDataAccess();
      return;
    }
    const forbidden = checker.forbiddenAccesses(layer);
    const accesses = forbidden.filter(({ access }) => !isHealthProbe(access));
    const reported = checker.checkImports(layer, accesses, accesses.length < forbidden.length);
    checker.checkDataAccess(
      layer,
      accesses.filter(({ access }) => !reported.has(access)),
    );
  },
});

/** A use of the Prisma client a layer may not make, with the steps that forbid it. */
interface ForbiddenAccess {
  access: PrismaAccess;
  steps: LayerSteps;
}

/** How many uses a finding on an import of the client lists. */
const MAX_USES_SHOWN = 3;

/** Whether an identifier is bound by the import an edge stands for: `import { prisma } from "…"`, `const { prisma } = require("…")`. */
function isBoundBy(identifier: ts.Identifier, edge: ImportEdge): boolean {
  let node: ts.Node | undefined = resolveIdentifier(identifier);
  while (node && !ts.isImportDeclaration(node) && !ts.isVariableDeclaration(node) && !ts.isImportEqualsDeclaration(node)) node = node.parent;
  if (!node) return false;
  if (ts.isImportDeclaration(node)) return node.moduleSpecifier === edge.node;
  const initializer = ts.isVariableDeclaration(node) ? node.initializer : node.moduleReference;
  return initializer !== undefined && initializer.pos <= edge.node.pos && edge.node.end <= initializer.end;
}

class BoundaryChecker {
  private fileSteps: LayerSteps | undefined;

  constructor(
    private readonly context: Context,
    private readonly model: LayerModel,
    private readonly graph: ImportGraph,
  ) {}

  /** The steps for this file, found when a question needs them: most files import their own layer or none. */
  private get steps(): LayerSteps {
    this.fileSteps ??= fileSteps(this.context.analysis, this.model, this.context.sourceFile.fileName);
    return this.fileSteps;
  }

  /**
   * One cause, one finding: a forbidden import of the client that the file queries with is
   * reported once, with its uses (returned, so they are not reported again); an import of the
   * data layer in a file whose other uses of the client are reported is not reported itself.
   */
  checkImports(layer: string, accesses: readonly ForbiddenAccess[], probes: boolean): ReadonlySet<PrismaAccess> {
    const covered = new Set<PrismaAccess>();
    const { allowTypeImports } = this.context.analysis.config.layers;
    for (const edge of this.graph.importsOf(this.context.sourceFile)) {
      const target = this.model.layerOfImport(edge);
      if (target === undefined) {
        if (edge.to !== undefined && !edge.typeOnly && !this.model.mayTouchData(layer) && !this.steps.mayTouchData(layer)) this.checkSideDoor(layer, edge);
        continue;
      }
      if (target === layer || (edge.typeOnly && allowTypeImports)) continue;
      // Enums, the Prisma namespace and model types of the generated client, or a module of the data layer that holds no client, are no data access.
      if (target === DATA_LAYER && !this.bringsClient(edge)) continue;
      const data = { fromLayer: layer, toLayer: target, target: this.targetName(edge) };
      if (target === DATA_LAYER && !edge.typeOnly && accesses.length > 0) {
        const through = accesses.filter(({ access }) => access.root !== undefined && isBoundBy(access.root, edge));
        if (through.length > 0) this.reportClientImport(layer, edge, through, covered);
        continue;
      }
      // A health check must reach the database itself: its client, used for nothing else, is no layer leak.
      if (target === DATA_LAYER && !edge.typeOnly && (probes || importedOnlyToProbe(edge.node))) continue;
      // Skipping a layer only ever allows more: what the config allows needs no look at the program.
      if (!this.model.mayImport(layer, target) && !this.steps.mayImport(layer, target) && !this.mayImportPast(layer, target)) {
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
    return covered;
  }

  /**
   * An import of a layer that holds no client past middle layers the program's imports mostly
   * step past (`importSteps`), or of such a layer itself: not a step of the program's path, its
   * files are helpers the layers call (a quota service a query module uses).
   */
  private mayImportPast(layer: string, target: string): boolean {
    if (target === DATA_LAYER) return false;
    if (steppedPastLayers(this.context.analysis, this.model).includes(target)) return true;
    return importSteps(this.context.analysis, this.model, this.context.sourceFile.fileName).mayImport(layer, target);
  }

  private reportClientImport(layer: string, edge: ImportEdge, through: readonly ForbiddenAccess[], covered: Set<PrismaAccess>): void {
    const sourceFile = this.context.sourceFile;
    const line = (access: PrismaAccess) => sourceFile.getLineAndCharacterOfPosition(access.node.getStart(sourceFile)).line + 1;
    const shown = through.slice(0, MAX_USES_SHOWN).map(({ access }) => `${access.text} (line ${line(access)})`);
    const more = through.length - shown.length;
    for (const { access } of through) covered.add(access);
    const { steps } = through[0];
    this.context.report({
      node: edge.node,
      messageId: "clientImport",
      data: {
        fromLayer: layer,
        toLayer: DATA_LAYER,
        target: this.targetName(edge),
        uses: more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", "),
        dataLayers: this.dataLayers(steps),
        constraint: this.constraint(layer, steps),
      },
    });
  }

  /**
   * The file's uses of the Prisma client its layer may not make, each with the steps that forbid
   * it. A feature folder without the layer the queries belong in lets its layer query, except a
   * model whose queries that layer holds elsewhere in the project.
   */
  forbiddenAccesses(layer: string): ForbiddenAccess[] {
    const { analysis } = this.context;
    if (this.model.mayTouchData(layer)) return [];
    const program = programSteps(analysis, this.model, this.context.sourceFile.fileName);
    if (program.mayTouchData(layer)) return [];
    const accesses = prismaAccesses(this.context.sourceFile, analysis);
    if (!this.steps.mayTouchData(layer)) return accesses.map((access) => ({ access, steps: this.steps }));
    const featureSkipped = this.steps.steppedOver(layer, DATA_LAYER).filter((skipped) => !program.skipped.has(skipped));
    return accesses
      .filter((access) => access.model !== undefined && queryHeldElsewhere(analysis, this.model, featureSkipped, access.model))
      .map((access) => ({ access, steps: program }));
  }

  checkDataAccess(layer: string, accesses: readonly ForbiddenAccess[]): void {
    for (const { access, steps } of accesses) {
      this.context.report({
        node: access.node,
        messageId: "dataAccess",
        data: { access: access.text, layer, dataLayers: this.dataLayers(steps), dataLayer: DATA_LAYER, constraint: this.constraint(layer, steps) },
      });
    }
  }

  checkNeutralDataAccess(): void {
    const file = this.model.relative(this.context.sourceFile.fileName);
    for (const access of prismaAccesses(this.context.sourceFile, this.context.analysis)) {
      this.context.report({ node: access.node, messageId: "neutralDataAccess", data: { access: access.text, file, dataLayers: this.dataLayers() } });
    }
  }

  /** A module in no layer that uses Prisma, directly or through further modules in no layer, is the data layer by a side door. */
  private checkSideDoor(layer: string, edge: ImportEdge): void {
    const doors = new SideDoors(this.context.analysis, this.model);
    const door = doors.doorOf(edge);
    if (!door || !doors.reports(edge, door)) return;
    const chain = [layer, ...door.files.map((file) => this.model.relative(file)), door.access].join(" → ");
    this.context.report({
      node: edge.node,
      messageId: "sideDoor",
      data: { fromLayer: layer, toLayer: DATA_LAYER, target: this.targetName(edge), chain, dataLayers: this.dataLayers(), constraint: this.constraint(layer) },
    });
  }

  /** Whether an import of the data layer brings the Prisma client (see `importsPrismaClient` and `holdsClient`). */
  private bringsClient(edge: ImportEdge): boolean {
    if (this.model.isGeneratedClientImport(edge)) return importsPrismaClient(edge.node);
    return edge.to === undefined || holdsClient(edge.to, this.context.analysis, this.model, this.graph);
  }

  private targetName(edge: ImportEdge): string {
    return edge.to ? this.model.relative(edge.to) : edge.specifier;
  }

  /** The rule of the config that decides what a layer may import, in words, with the layers skipped and why. */
  private constraint(layer: string, steps: LayerSteps = this.steps): string {
    const allowed = steps.allowed(layer).filter((target) => !steps.skipped.has(target));
    const skipped = steps.steppedOver(layer, DATA_LAYER).map((target) => `${target} skipped, as ${steps.skipped.get(target)}`);
    const rule = `${layer} may import only: ${allowed.length > 0 ? allowed.join(", ") : "nothing but itself"} (layers.allow.${layer}`;
    return skipped.length === 0 ? `${rule})` : `${rule}; ${skipped.join("; ")})`;
  }

  private dataLayers(steps: LayerSteps = this.steps): string {
    return steps.dataLayers().join(", ") || "no layer";
  }
}
