import path from "node:path";
import { isIgnored } from "../engine/analysis.js";
import { findCallers } from "../engine/callers.js";
import { registerTextFacet, textFacet, type MemoEntry } from "../engine/dependencies.js";
import { fileIndexOf, forEachDescendant, kindSet } from "../engine/file-index.js";
import type { AnalysisContext } from "../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../engine/scope.js";
import { isSatisfiesExpression, ts } from "../engine/ts.js";
import { CallGraph } from "./call-graph.js";

/**
 * Which code is a request path. Code no request runs — scheduled jobs, queue workers, scripts,
 * seeds, tests — is not: a cron job that walks a whole table or runs one query per row keeps no
 * caller waiting, and no caller controls what it reads.
 *
 * Endpoint discovery knows Express, NestJS, Fastify and tRPC, not Next.js route handlers, Hono,
 * GraphQL resolvers or a framework of the project's own, so "no endpoint reaches it" still cannot
 * mean "not a request path". This module asks for positive evidence instead, and answers "request
 * path" whenever it has none:
 *
 * - a scheduler or worker entry point: the function handed to `cron.schedule`, `new CronJob`,
 *   `new Cron`, `schedule.scheduleJob`, `setInterval`, BullMQ's `new Worker`, `queue.process`, a job event (`worker.on("completed", …)`),
 *   `agenda.define`, or a method decorated `@Cron`/`@Interval`/`@Timeout`/`@Process`;
 * - a function whose every caller is non-request code (followed up the call chain);
 * - a function nothing calls, written in a non-request file: one the config ignores (tests, seeds,
 *   scripts by default), one in a folder named `jobs`, `cron`, `workers`, `queues`, `tasks`,
 *   `scripts` or `bin` (unless the folder is named after a model of the schema, `tasks/` beside
 *   `model Task`, which is that model's feature folder), a `*.job.ts`/`*.cron.ts`/`*.worker.ts`/
 *   `*.processor.ts` file, or a script main (`require.main === module`).
 *
 * A function written in place is judged with the function around it only when it runs there
 * (`rows.map(…)`, `$transaction(async (tx) => …)`); one handed to anything else (`app.get`,
 * `publicProcedure.query`) is an entry point this module cannot see, so it is a request path.
 */
export function isNonRequestCode(analysis: AnalysisContext, node: ts.Node): boolean {
  return new RequestPaths(analysis).nonRequestAt(node, 0, new Set());
}

/** How far up the call chain the evidence is looked for: job → service → repository → helper and some. */
const MAX_CALLER_DEPTH = 8;

/** Folders whose code runs outside requests. */
const NON_REQUEST_FOLDERS = new Set(["jobs", "job", "cron", "crons", "cronjob", "cronjobs", "workers", "worker", "queues", "queue", "tasks", "scripts", "script", "bin"]);
const NON_REQUEST_FILE = /(^|\.)(job|jobs|cron|crons|cronjob|cronjobs|worker|processor|consumer)\.[cm]?[jt]sx?$/;
/** Files that answer requests even in such a folder. */
const REQUEST_FILE = /(^|[./_-])(controller|router|routes|route|resolver|handler|api)\.[cm]?[jt]sx?$/;
/** Folders of request handlers (`pages/api/worker/…` is an API route, whatever its folder says). */
const REQUEST_FOLDERS = new Set(["api", "pages", "routes", "routers", "controllers"]);
const SCRIPT_MAIN = /\brequire\.main\s*===?\s*module\b|\bmodule\s*===?\s*require\.main\b/;

/** Methods the call graph follows from the function around them: the callback runs where it is written. */
const RUNS_IN_PLACE = new Set([
  "map", "forEach", "flatMap", "filter", "reduce", "reduceRight", "some", "every", "find", "findIndex", "findLast", "sort",
  "then", "catch", "finally", "$transaction", "all", "allSettled", "race", "any", "pMap", "pMapSeries", "mapLimit", "mapSeries", "eachLimit", "eachSeries",
]);

/** Decorators of scheduled and queued methods (`@nestjs/schedule`, `@nestjs/bull`, `@nestjs/bullmq`). */
const SCHEDULE_DECORATORS: ReadonlySet<string> = new Set(["Cron", "Interval", "Timeout", "Process"]);
const PROCESSOR_DECORATORS: ReadonlySet<string> = new Set(["Processor"]);

/** A registration-shaped call: files without one register no scheduler entry point. */
export const SCHEDULER_FACET = "scheduler-registrations";
registerTextFacet(SCHEDULER_FACET, /cron|schedul|setInterval|new\s+(?:Worker|QueueEvents)\b|\.process\s*\(|\.define\s*\(/i);

const verdictStores = new WeakMap<AnalysisContext, WeakMap<ts.Node, MemoEntry<boolean>>>();
const rootStores = new WeakMap<AnalysisContext, Map<string, MemoEntry<ReadonlySet<ts.Node>>>>();
const fileRoots = new WeakMap<ts.SourceFile, ReadonlySet<ts.Node>>();
const NEW_EXPRESSIONS = kindSet(ts.SyntaxKind.NewExpression);
const fileVerdicts = new WeakMap<AnalysisContext, WeakMap<ts.SourceFile, boolean>>();

class RequestPaths {
  private readonly graph: CallGraph;

  constructor(private readonly analysis: AnalysisContext) {
    this.graph = new CallGraph(analysis);
  }

  /** Whether the code at `node` runs outside requests only. */
  nonRequestAt(node: ts.Node, depth: number, visiting: Set<ts.Node>): boolean {
    // Whatever runs in a test, a seed or a script the config ignores is no request.
    if (isIgnored(this.analysis, node.getSourceFile().fileName)) return true;
    const fn = enclosingRunner(node);
    // A call at a module's top level runs once, when the module is loaded (`initCronjob()` in main.ts): no
    // request waits on it. Code written at the top level itself is judged by its file.
    if (!fn) return depth > 0 || this.nonRequestFile(node.getSourceFile());
    return this.nonRequestFunction(fn, depth, visiting);
  }

  private nonRequestFunction(fn: ts.FunctionLikeDeclaration, depth: number, visiting: Set<ts.Node>): boolean {
    if (depth > MAX_CALLER_DEPTH || visiting.has(fn)) return false;
    const { project } = this.analysis;
    let store = verdictStores.get(this.analysis);
    if (!store) verdictStores.set(this.analysis, (store = new WeakMap()));
    return project.dependencies.memo(store, fn, () => {
      visiting.add(fn);
      try {
        return this.decide(fn, depth, visiting);
      } finally {
        visiting.delete(fn);
      }
    });
  }

  private decide(fn: ts.FunctionLikeDeclaration, depth: number, visiting: Set<ts.Node>): boolean {
    if (hasScheduleDecorator(fn) || this.schedulerRoots().has(fn) || this.rootsIn(fn.getSourceFile()).has(fn)) return true;
    const holder = inlineHolder(fn, this.graph);
    if (holder) {
      // A callback that runs in place belongs to the function around it; any other is an entry point we cannot see.
      return holder.runsInPlace && this.nonRequestAt(holder.call, depth, visiting);
    }
    // A test calling a controller's method says nothing of who else runs it (the framework does): tests are no callers here.
    const allCallers = findCallers(this.analysis.project, fn);
    const callers = allCallers.filter((call) => !isIgnored(this.analysis, call.getSourceFile().fileName));
    // A plain method (no decorator, in a class only `@Injectable`) that only tests call: no request runs it.
    if (callers.length === 0 && allCallers.length > 0 && isPlainMethod(fn)) return true;
    if (callers.length === 0) return this.nonRequestFile(fn.getSourceFile());
    return callers.every((call) => this.nonRequestAt(call, depth + 1, visiting));
  }

  /** A file whose code runs outside requests: ignored by the config, in a jobs/scripts folder, or a script main. */
  nonRequestFile(sourceFile: ts.SourceFile): boolean {
    let known = fileVerdicts.get(this.analysis);
    if (!known) fileVerdicts.set(this.analysis, (known = new WeakMap()));
    let verdict = known.get(sourceFile);
    if (verdict === undefined) {
      verdict = isIgnored(this.analysis, sourceFile.fileName) || this.nonRequestLocation(sourceFile.fileName) || SCRIPT_MAIN.test(sourceFile.text);
      known.set(sourceFile, verdict);
    }
    return verdict;
  }

  private nonRequestLocation(fileName: string): boolean {
    const relative = path.relative(this.analysis.config.rootDir, path.resolve(fileName)).split(path.sep);
    const base = relative[relative.length - 1];
    if (REQUEST_FILE.test(base) || relative.slice(0, -1).some((folder) => REQUEST_FOLDERS.has(folder.toLowerCase()))) return false;
    if (NON_REQUEST_FILE.test(base)) return true;
    const modelNames = new Set([...this.analysis.schema.models.keys()].map((name) => name.toLowerCase()));
    return relative.slice(0, -1).some((folder) => {
      const name = folder.toLowerCase();
      return NON_REQUEST_FOLDERS.has(name) && !modelNames.has(name) && !modelNames.has(name.replace(/s$/, ""));
    });
  }

  /** Every function the project hands to a scheduler or a queue worker, found once per project. */
  private schedulerRoots(): ReadonlySet<ts.Node> {
    const { project } = this.analysis;
    let store = rootStores.get(this.analysis);
    if (!store) rootStores.set(this.analysis, (store = new Map()));
    return project.dependencies.memo(store, "roots", () => {
      const roots = new Set<ts.Node>();
      for (const fileName of project.programFiles) {
        if (!project.textMatches(fileName, SCHEDULER_FACET)) continue;
        const sourceFile = project.getSourceFile(fileName);
        if (sourceFile) for (const root of this.rootsIn(sourceFile)) roots.add(root);
      }
      return roots;
    });
  }

  /** The scheduler entry points one file registers (also asked of the file being linted, which the project may not list). */
  private rootsIn(sourceFile: ts.SourceFile): ReadonlySet<ts.Node> {
    let roots = fileRoots.get(sourceFile);
    if (!roots) {
      const found = new Set<ts.Node>();
      if (textFacet(SCHEDULER_FACET)!.test(sourceFile.text)) {
        for (const call of fileIndexOf(sourceFile).calls) collectScheduled(call, this.graph, found);
        forEachDescendant(sourceFile, (node) => collectScheduled(node as ts.NewExpression, this.graph, found), NEW_EXPRESSIONS);
      }
      fileRoots.set(sourceFile, (roots = found));
    }
    return roots;
  }
}

/** The function a node runs in: the innermost function-like declaration with a body around it. */
function enclosingRunner(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isFunctionLike(current) && "body" in current && current.body) return current as ts.FunctionLikeDeclaration;
  }
  return undefined;
}

/**
 * For a function written in place: `undefined` when it has callers of its own (`const job = async () => …`,
 * a class property), else the call it is handed to, with whether that call runs it there (`rows.map(…)`),
 * or `unknown` for anything else (a route handler given to `app.get`, an IIFE, an object's member).
 */
function inlineHolder(fn: ts.FunctionLikeDeclaration, graph: CallGraph): { call: ts.Node; runsInPlace: true } | { runsInPlace: false } | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  let child: ts.Node = fn;
  let parent = fn.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || isSatisfiesExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) return undefined;
  // `const tasks = [() => statDaily(), () => clearLogs()]` in a function: run by the function that holds the list.
  if (ts.isArrayLiteralExpression(parent)) {
    return ts.isVariableDeclaration(parent.parent) && enclosingRunner(parent) ? { call: parent, runsInPlace: true } : { runsInPlace: false };
  }
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(child as ts.Expression)) return { runsInPlace: false };
  const callee = skipOuterExpressions(parent.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (name !== undefined && RUNS_IN_PLACE.has(name)) return { call: parent, runsInPlace: true };
  // `await withLock("daily", async () => …)`: a function of the project runs the callback it is given. Only when
  // the call is awaited or stands alone: `asyncHandler(async (req, res) => …)` hands on a function that runs later.
  const used = skipParents(parent);
  const awaited = ts.isAwaitExpression(used) || ts.isExpressionStatement(used) || ts.isReturnStatement(used);
  return awaited && graph.functionReference(callee).length > 0 ? { call: parent, runsInPlace: true } : { runsInPlace: false };
}

/** `@Cron(…) handle()`, `@Process() run(job)`, or `process(job)` of a `@Processor(…)` class (BullMQ's `WorkerHost`). */
/** A method no framework calls by itself: no decorator of its own, in a class with none but `@Injectable`. */
function isPlainMethod(fn: ts.FunctionLikeDeclaration): boolean {
  if (!ts.isMethodDeclaration(fn) || (ts.getDecorators(fn) ?? []).length > 0 || !ts.isClassDeclaration(fn.parent)) return false;
  return (ts.getDecorators(fn.parent) ?? []).every((decorator) => {
    const expression = skipOuterExpressions(decorator.expression);
    const callee = ts.isCallExpression(expression) ? skipOuterExpressions(expression.expression) : expression;
    return ts.isIdentifier(callee) && callee.text === "Injectable";
  });
}

/** What a call's value is used by: its parent, past parentheses and `as`. */
function skipParents(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) parent = parent.parent;
  return parent;
}

function hasScheduleDecorator(fn: ts.FunctionLikeDeclaration): boolean {
  if (!ts.isMethodDeclaration(fn)) return false;
  if (decoratedWith(fn, SCHEDULE_DECORATORS)) return true;
  return ts.isClassDeclaration(fn.parent) && decoratedWith(fn.parent, PROCESSOR_DECORATORS) && ts.isIdentifier(fn.name) && fn.name.text === "process";
}

function decoratedWith(node: ts.HasDecorators, names: ReadonlySet<string>): boolean {
  return (ts.getDecorators(node) ?? []).some((decorator) => {
    const expression = skipOuterExpressions(decorator.expression);
    const callee = ts.isCallExpression(expression) ? skipOuterExpressions(expression.expression) : expression;
    return ts.isIdentifier(callee) && names.has(callee.text);
  });
}

/**
 * `cron.schedule("0 * * * *", job)`, `new CronJob("…", job)`, `new Cron("…", job)`, `scheduleJob(…, job)`,
 * `setInterval(job, ms)`, `new Worker("queue", job)`, `queue.process(job)`, `agenda.define("name", job)`:
 * each function argument is a scheduler entry point.
 */
function collectScheduled(call: ts.CallExpression | ts.NewExpression, graph: CallGraph, roots: Set<ts.Node>): void {
  if (!isSchedulerCall(call)) return;
  for (const argument of call.arguments ?? []) {
    for (const fn of graph.functionReference(argument)) roots.add(fn);
  }
}

/** The events a queue or its worker emits for a job (BullMQ, Bull, bee-queue). */
const QUEUE_EVENTS: ReadonlySet<string> = new Set(["completed", "failed", "stalled", "progress", "active", "waiting", "delayed", "removed", "drained", "succeeded", "retrying", "error"]);

function eventName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const first = call.arguments?.[0];
  return first && ts.isStringLiteralLike(first) ? first.text : undefined;
}

/** `events.on(…)` where `const events = new QueueEvents("upload")` (or a `Worker`, a `Queue`). */
function isQueueObject(callee: ts.Expression): boolean {
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression) : undefined;
  const declaration = receiver && ts.isIdentifier(receiver) ? resolveIdentifier(receiver) : undefined;
  const initializer = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? skipOuterExpressions(declaration.initializer) : undefined;
  return !!initializer && ts.isNewExpression(initializer) && ts.isIdentifier(initializer.expression) && QUEUE_CLASSES.has(initializer.expression.text);
}

const QUEUE_CLASSES: ReadonlySet<string> = new Set(["Queue", "QueueEvents", "Worker"]);

function isSchedulerCall(call: ts.CallExpression | ts.NewExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  if (!name) return false;
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression).getText() : "";
  if (ts.isNewExpression(call)) return name === "CronJob" || name === "Cron" || name === "Worker";
  switch (name) {
    case "schedule":
      return /cron|schedule/i.test(receiver);
    case "scheduleJob":
    case "setInterval":
    case "Cron":
      return true;
    case "from":
      return receiver === "CronJob";
    case "process":
      return /queue|worker/i.test(receiver);
    // BullMQ's `worker.on("completed", …)`, `queueEvents.on("failed", …)`: a job's events, run by the worker
    case "on":
      return (/queue|worker/i.test(receiver) || isQueueObject(callee)) && QUEUE_EVENTS.has(eventName(call) ?? "");
    case "define":
    case "every":
      return /agenda|scheduler/i.test(receiver);
    default:
      return false;
  }
}
