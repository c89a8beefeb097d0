import path from "node:path";
import { checkProject, type CheckOptions, type ProjectCheck } from "../cli/check.js";
import { Timings } from "../cli/timings.js";
import type { ResolvedConfig } from "../config/index.js";
import type { CheckResult, FileResult, Finding, TraceStep } from "../engine/findings.js";
import { ts } from "../engine/ts.js";
import { CallGraph, functionLabel, functionNameNode, type GraphFunction, type Reach } from "./call-graph.js";
import { authenticates } from "./auth-middleware.js";
import { discoverRoutes, listedAuthFor, publicRoutePattern, type DiscoveredRoute } from "./endpoints.js";
import { importGraphOf } from "./import-graph.js";
import { reachesDataLayer } from "../../rules/layer-boundaries.js";
import { layerGraph, layerModelOf, withLayerFindings } from "./layers.js";
import { isReadOperation, type PrismaOperation } from "../engine/query-sites.js";
import type { Endpoint, EndpointSite, FindingRef, PublicReason, ReportData } from "./report-model.js";
import { isUnknownSite, OWNER_SCOPE_RULE, SiteVerdicts } from "./site-verdicts.js";

/**
 * The whole-program analyzer: one check of the project, then the questions the reviewer's
 * report asks, each answered by its own module — which endpoints exist (`endpoints`), what
 * each reaches (`call-graph`), what the rules said about each query (`site-verdicts`), how
 * the layers depend on each other (`layers`). Findings come back with the trace from the
 * first endpoint that reaches them.
 */
export async function analyzeProject(options: CheckOptions): Promise<ReportData> {
  const check = await checkProject(options);
  const { analysis, config } = check;
  const { walked, verdicts } = walkEndpoints(check);
  const endpoints = walked.map((entry) => entry.endpoint);
  const files = tracedFiles(check, walked);
  for (const endpoint of endpoints) {
    endpoint.findings.sort(compareFindingRefs);
    // require-auth decides when it runs: an endpoint it reports is not public, whatever the models it reads
    if (endpoint.public?.by === "publicReads" && endpoint.findings.some((ref) => ref.ruleId === REQUIRE_AUTH)) delete endpoint.public;
  }

  const model = layerModelOf(config, analysis.schema.generatorOutputs);
  return {
    files,
    stats: check.result.stats,
    warnings: check.result.warnings,
    rootDir: config.rootDir,
    endpoints,
    layerGraph: withLayerFindings(
      layerGraph(model, importGraphOf(analysis.project)),
      files.map((file) => ({ filePath: file.filePath, messageIds: file.findings.flatMap((finding) => (finding.ruleId === "layer-boundaries" && finding.messageId ? [finding.messageId] : [])) })),
      model,
      reachesDataLayer,
    ),
    layers: [...model.layers],
    sites: verdicts.all(),
  };
}

/**
 * `check` with each finding's trace from the first endpoint that reaches it (SARIF's code flows): the
 * analyzer's walk of the endpoints, without the report's other questions.
 */
export async function checkWithTraces(options: CheckOptions): Promise<CheckResult & { config: ResolvedConfig }> {
  const check = await checkProject(options);
  const timings = options.timings ?? new Timings();
  const files = timings.measure("traces", () => tracedFiles(check, walkEndpoints(check).walked));
  return { ...check.result, files };
}

/** Every endpoint of the checked files, walked down its call tree, in the report's order. */
function walkEndpoints(check: ProjectCheck): { walked: WalkedEndpoint[]; verdicts: SiteVerdicts } {
  const { analysis, config } = check;
  const graph = new CallGraph(analysis);
  const verdicts = new SiteVerdicts(analysis, check.enabled, check.files);
  const sourceFiles = check.files.filter((file) => file.run.findings.every((finding) => !finding.fatal)).map((file) => file.sourceFile);
  const listed = listedAuthFor(config);
  const isAuth = (middleware: DiscoveredRoute["middleware"][number]) => authenticates(middleware, analysis, listed);
  const publicBy = publicReasonFor(config);
  const walked = discoverRoutes(sourceFiles, analysis, graph)
    .map((route) => walkRoute(route, graph, verdicts, isAuth, publicBy))
    .sort((a, b) => compareEndpoints(a.endpoint, b.endpoint));
  return { walked, verdicts };
}

/** The check's files, each finding with the trace from the first endpoint that reaches it. */
function tracedFiles(check: ProjectCheck, walked: readonly WalkedEndpoint[]): FileResult[] {
  const tracer = new Tracer(walked);
  return check.result.files.map((file, index) => {
    const sourceFile = check.files[index]?.filePath === file.filePath ? check.files[index].sourceFile : undefined;
    if (sourceFile) for (const finding of file.findings) tracer.linkEndpoints(finding, sourceFile);
    return { ...file, findings: file.findings.map((finding) => withTrace(finding, sourceFile, tracer)) };
  });
}


interface WalkedEndpoint {
  endpoint: Endpoint;
  routeStep: TraceStep;
  handlerNamed: boolean;
  reached: Map<GraphFunction, Reach>;
}

const REQUIRE_AUTH = "require-auth";

/**
 * Why an endpoint without authentication is public on purpose, from the config: require-auth's
 * `publicRoutes` lists it, or every query it reaches reads a model whose reads are public
 * (`ownership.publicReads`, require-owner-scope's `publicModels`) and none of them is an owner-scope
 * violation (unless require-auth reports it: see `analyzeProject`). Undefined for the others: they
 * are shown as lacking authentication.
 */
function publicReasonFor(config: ResolvedConfig): (route: DiscoveredRoute, sites: readonly EndpointSite[]) => PublicReason | undefined {
  const authOptions = config.rules[REQUIRE_AUTH]?.options[0] as { publicRoutes?: string[] } | undefined;
  const pattern = publicRoutePattern(authOptions?.publicRoutes ?? []);
  const ownerOptions = config.rules[OWNER_SCOPE_RULE]?.options[0] as { publicModels?: string[] } | undefined;
  const publicModels = new Set([...Object.keys(config.ownership.publicReads), ...(ownerOptions?.publicModels ?? [])]);
  return (route, sites) => {
    if (route.declaredPublic !== undefined) return { by: "declared", decorator: route.declaredPublic };
    const listed = pattern(route.method, route.path);
    if (listed !== undefined) return { by: "publicRoutes", pattern: listed };
    if (sites.length === 0) return undefined;
    const publicRead = ({ site }: EndpointSite) => publicModels.has(site.model) && isReadOperation(site.operation as PrismaOperation) && site.ownerScope !== "violation";
    if (!sites.every(publicRead)) return undefined;
    return { by: "publicReads", models: [...new Set(sites.map(({ site }) => site.model))].sort(compareText) };
  };
}

/** One endpoint: its middleware, its handler, and every query site its call tree reaches, each by a shortest trace. */
function walkRoute(
  route: DiscoveredRoute,
  graph: CallGraph,
  verdicts: SiteVerdicts,
  isAuth: (middleware: DiscoveredRoute["middleware"][number]) => boolean,
  publicBy: ReturnType<typeof publicReasonFor>,
): WalkedEndpoint {
  const routeStep = { label: `${route.method} ${route.path}`, ...locationOf(route.node) };
  const reached = graph.reach(route.handler.roots);
  const sites: EndpointSite[] = [];
  const seen = new Set<ts.Node>();
  for (const fn of reached.keys()) {
    for (const site of graph.sitesIn(fn)) {
      if (seen.has(site.call)) continue;
      seen.add(site.call);
      const summary = verdicts.summary(site);
      const trace = [...stepsTo(fn, reached, routeStep, route.handler.named), { label: summary.label, filePath: summary.filePath, line: summary.line, column: summary.column }];
      sites.push({ site: summary, trace });
    }
  }
  sites.sort((a, b) => compareText(a.site.filePath, b.site.filePath) || a.site.line - b.site.line || a.site.column - b.site.column);
  const middleware = route.middleware.map((entry) => entry.name);
  const auth = route.middleware.some(isAuth);
  const reason = auth ? undefined : publicBy(route, sites);
  const endpoint: Endpoint = {
    framework: route.framework,
    method: route.method,
    path: route.path,
    ...locationOf(route.node),
    middleware,
    auth,
    ...(reason ? { public: reason } : {}),
    handler: route.handler.label,
    sites,
    unknownSites: sites.filter((entry) => isUnknownSite(entry.site)).length,
    findings: [],
  };
  return { endpoint, routeStep, handlerNamed: route.handler.named, reached };
}

/** The steps from the route down to `fn`: each named function on the way; an inline handler is the route itself. */
function stepsTo(fn: GraphFunction, reached: Map<GraphFunction, Reach>, routeStep: TraceStep, handlerNamed: boolean): TraceStep[] {
  const chain: GraphFunction[] = [];
  for (let current: GraphFunction | undefined = fn; current; current = reached.get(current)?.parent) chain.push(current);
  chain.reverse();
  const steps: TraceStep[] = [routeStep];
  chain.forEach((step, index) => {
    if (index === 0 && !handlerNamed) return;
    // Callbacks written in place (`rows.map((row) => …)`) have no name worth a step.
    const label = functionLabel(step);
    if (label === "(inline)") return;
    steps.push({ label, ...locationOf(functionNameNode(step)) });
  });
  return steps;
}

/** For each function reached by some endpoint, the endpoint that comes first in the report and its trace there. */
class Tracer {
  private readonly first = new Map<ts.Node, { walked: WalkedEndpoint; fn: GraphFunction }>();
  /** each function reached by some endpoint, with every endpoint that reaches it */
  private readonly reachedBy = new Map<ts.Node, WalkedEndpoint[]>();
  /** the endpoints registered on a line (`file:line`); a router mounted twice registers two */
  private readonly registeredAt = new Map<string, WalkedEndpoint[]>();

  constructor(private readonly walked: readonly WalkedEndpoint[]) {
    for (const entry of walked) {
      for (const fn of entry.reached.keys()) {
        if (!this.first.has(fn)) this.first.set(fn, { walked: entry, fn });
        pushTo(this.reachedBy, fn, entry);
      }
      pushTo(this.registeredAt, `${entry.routeStep.filePath}:${entry.routeStep.line}`, entry);
    }
  }

  /**
   * Adds the finding to every endpoint whose code it is in: the endpoint registered on its line
   * (require-auth), else each endpoint reaching a function around it. A finding outside any reached
   * function (an import, the schema) belongs to no endpoint.
   */
  linkEndpoints(finding: Finding, sourceFile: ts.SourceFile): void {
    if (finding.fatal) return;
    const filePath = path.resolve(sourceFile.fileName);
    const ref: FindingRef = { filePath, line: finding.line, column: finding.column, ruleId: finding.ruleId };
    const registered = this.registeredAt.get(`${filePath}:${finding.line}`);
    if (registered) {
      for (const entry of registered) entry.endpoint.findings.push(ref);
      return;
    }
    const position = positionOf(sourceFile, finding.line, finding.column);
    if (position === undefined) return;
    const linked = new Set<WalkedEndpoint>();
    for (let current: ts.Node | undefined = nodeAt(sourceFile, position); current; current = current.parent) {
      for (const entry of this.reachedBy.get(current) ?? []) linked.add(entry);
    }
    for (const entry of linked) entry.endpoint.findings.push(ref);
  }

  /** The trace of a finding at `node`: to the query site when it is one, else to the innermost reached function around it. */
  traceAt(node: ts.Node): TraceStep[] | undefined {
    // A finding about the route itself (require-auth) is on its registration: the route is its whole trace.
    const fileName = path.resolve(node.getSourceFile().fileName);
    const line = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1;
    const registration = this.walked.find((entry) => entry.routeStep.filePath === fileName && entry.routeStep.line === line);
    if (registration) return [registration.routeStep];
    for (let current: ts.Node | undefined = node; current; current = current.parent) {
      const reach = this.first.get(current);
      if (!reach) continue;
      const { walked, fn } = reach;
      const site = walked.endpoint.sites.find((entry) => entry.site.filePath === path.resolve(node.getSourceFile().fileName) && sameStart(entry, node));
      if (site) return site.trace;
      return stepsTo(fn, walked.reached, walked.routeStep, walked.handlerNamed);
    }
    return undefined;
  }
}

function sameStart(entry: EndpointSite, node: ts.Node): boolean {
  const location = locationOf(node);
  return entry.site.line === location.line && entry.site.column === location.column;
}

function withTrace(finding: Finding, sourceFile: ts.SourceFile | undefined, tracer: Tracer): Finding {
  if (!sourceFile || finding.fatal) return finding;
  const position = positionOf(sourceFile, finding.line, finding.column);
  if (position === undefined) return finding;
  const trace = tracer.traceAt(nodeAt(sourceFile, position));
  return trace ? { ...finding, trace } : finding;
}

function positionOf(sourceFile: ts.SourceFile, line: number, column: number): number | undefined {
  try {
    return ts.getPositionOfLineAndCharacter(sourceFile, line - 1, column - 1);
  } catch {
    return undefined;
  }
}

/** The innermost node that starts at `position` (or contains it). */
function nodeAt(sourceFile: ts.SourceFile, position: number): ts.Node {
  let current: ts.Node = sourceFile;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(current, (node) => (node.getStart(sourceFile) <= position && position < node.end ? node : undefined));
    if (!child) return current;
    current = child;
  }
}

function locationOf(node: ts.Node): { filePath: string; line: number; column: number } {
  const sourceFile = node.getSourceFile();
  const { line, character } = ts.getLineAndCharacterOfPosition(sourceFile, node.getStart(sourceFile));
  return { filePath: path.resolve(sourceFile.fileName), line: line + 1, column: character + 1 };
}

function compareEndpoints(a: Endpoint, b: Endpoint): number {
  return compareText(a.path, b.path) || compareText(a.method, b.method) || compareText(a.filePath, b.filePath) || a.line - b.line || a.column - b.column;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function compareFindingRefs(a: FindingRef, b: FindingRef): number {
  return compareText(a.filePath, b.filePath) || a.line - b.line || a.column - b.column || compareText(a.ruleId ?? "", b.ruleId ?? "");
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
