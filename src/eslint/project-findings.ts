import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import type { ResolvedConfig } from "../config/index.js";
import { absolutePath } from "../engine/paths.js";
import type { RuleDefinition } from "../engine/rule.js";
import { KnownError, type SourceLocation } from "../errors.js";
import type { EslintReport } from "./reports.js";
import { FLAG_MESSAGES, runKey, type FromWorker, type ToWorker, type WorkerInput } from "./worker-protocol.js";

/** Rule runs on a file a single run's analysis answered, and those left to an analysis of the file alone: tests count work, not time. */
export const singleRunCounts = { served: 0, alone: 0 };

/** A rule with the options it runs with on a file (defaults, the tool's config, ESLint's options, merged). */
export interface RuleRun {
  rule: RuleDefinition;
  options: readonly unknown[];
}

/** A config or schema problem the worker met, as the main thread reports it (see `reportProblem`). */
class WorkerProblem extends KnownError {
  constructor(
    readonly kind: string,
    message: string,
    location?: SourceLocation,
  ) {
    super(message, location);
  }
}

interface FileFindings {
  /** the text the rules saw: a file ESLint hands in with another text is analysed on its own */
  text: string;
  /** rule run key → its reports on the file */
  reports: Map<string, EslintReport[]>;
}

/**
 * A single run's findings (see single-run.ts). At the first file ESLint lints, one analysis of the whole
 * project starts on a worker thread (findings-worker.ts) for every rule run of that lint, as the CLI's
 * `check` runs it; ESLint goes on linting on the main thread, and each file's rules take the file's
 * reports, waiting only when the worker has not reached it (it then does that file next). The trees and
 * the cross-file facts live on the worker; the main thread keeps positions and messages.
 */
export class ProjectFindings {
  private port: MessagePort | undefined;
  private signals: Int32Array | undefined;
  private readonly runs = new Set<string>();
  private checked: ReadonlySet<string> | undefined;
  private ignored: ReadonlySet<string> | undefined;
  private readonly files = new Map<string, FileFindings>();
  private readonly requested = new Set<string>();
  private failure: Error | undefined;

  /** Starts the analysis for the rule runs of the lint of a file in `searchFrom`, unless one was started. */
  start(searchFrom: string, cwd: string, runs: readonly RuleRun[]): void {
    if (this.port) return;
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const input: WorkerInput = { searchFrom, cwd, flag, runs: runs.map(({ rule, options }) => ({ name: rule.name, options })) };
    const worker = new Worker(bootstrap(), { eval: true, workerData: { ...input, port: port2 }, transferList: [port2] });
    // The lint's end is the process's: a worker still finding reports no file will ask for keeps nothing alive.
    worker.unref();
    port1.unref();
    this.port = port1;
    this.signals = new Int32Array(flag);
    for (const { rule, options } of runs) this.runs.add(runKey(rule.name, options));
  }

  /**
   * A run's reports on a file as ESLint sees it; undefined when the analysis cannot answer (a file
   * outside the program, another text than the disk's, a run not analysed), for the caller to analyse it alone.
   */
  reportsFor(fileName: string, text: string, run: RuleRun): readonly EslintReport[] | undefined {
    const reports = this.analysed(fileName, text, run);
    if (reports) singleRunCounts.served++;
    else singleRunCounts.alone++;
    return reports;
  }

  private analysed(fileName: string, text: string, run: RuleRun): readonly EslintReport[] | undefined {
    let key = keysOfRuns.get(run);
    if (key === undefined) keysOfRuns.set(run, (key = runKey(run.rule.name, run.options)));
    if (!this.runs.has(key)) return undefined;
    const absolute = absolutePath(fileName);
    this.waitFor(() => this.checked !== undefined);
    if (this.ignored!.has(absolute)) return [];
    if (!this.checked!.has(absolute)) return undefined;
    if (!this.files.has(absolute) && !this.requested.has(absolute)) {
      this.requested.add(absolute);
      this.port!.postMessage({ file: absolute } satisfies ToWorker);
    }
    this.waitFor(() => this.files.has(absolute));
    const file = this.files.get(absolute)!;
    if (file.text !== text) return undefined;
    return file.reports.get(key) ?? [];
  }

  /** Takes the worker's messages until `done` holds, sleeping while there are none; a problem or crash of the worker is thrown. */
  private waitFor(done: () => boolean): void {
    const started = waited.timing ? performance.now() : 0;
    try {
      this.takeUntil(done);
    } finally {
      if (waited.timing) waited.ms += performance.now() - started;
    }
  }

  private takeUntil(done: () => boolean): void {
    for (;;) {
      const posted = Atomics.load(this.signals!, FLAG_MESSAGES);
      for (let message = receiveMessageOnPort(this.port!); message; message = receiveMessageOnPort(this.port!)) this.take(message.message as FromWorker);
      if (this.failure) throw this.failure;
      if (done()) return;
      Atomics.wait(this.signals!, FLAG_MESSAGES, posted);
    }
  }

  private take(message: FromWorker): void {
    switch (message.type) {
      case "files":
        this.checked = new Set(message.checked);
        this.ignored = new Set(message.ignored);
        break;
      case "reports":
        this.files.set(message.file, { text: message.text, reports: new Map(message.reports) });
        break;
      case "problem":
        this.failure = new WorkerProblem(message.kind, message.message, message.location);
        break;
      case "crash":
        this.failure = new Error(`backend-conventions: the analysis thread failed:\n${message.stack}`);
        break;
    }
  }
}

/**
 * The worker's code: it imports the analysis module (built, beside this file; under vitest the TypeScript
 * source, through tsx), and a module that fails to load says so as a crash, since the main thread waits
 * for its messages without an event loop to hear of the worker's errors.
 */
function bootstrap(): string {
  const source = import.meta.url.endsWith(".ts");
  const worker = new URL(source ? "./findings-worker.ts" : "./findings-worker.js", import.meta.url).href;
  const register = source ? `(await import(${JSON.stringify(tsxApi())})).register();` : "";
  return `const { workerData } = require("node:worker_threads");
(async () => {
  try {
    ${register}
    await import(${JSON.stringify(worker)});
  } catch (error) {
    workerData.port.postMessage({ type: "crash", stack: String(error && error.stack || error) });
    const signals = new Int32Array(workerData.flag);
    Atomics.add(signals, ${FLAG_MESSAGES}, 1);
    Atomics.notify(signals, ${FLAG_MESSAGES});
  }
})();`;
}

/** tsx's ESM API as its package exports it (only tests run the TypeScript source). */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve("tsx/package.json");
  const exports = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> }).exports;
  return pathToFileURL(path.join(path.dirname(manifest), exports["./esm/api"].import.default)).href;
}

/**
 * How long ESLint waited for the analysis threads, printed at exit when ESLint's `TIMING` variable asks
 * for its rule timings: the part of the plugin's cost the rule timings cannot show.
 */
const waited = { ms: 0, timing: process.env.TIMING !== undefined && process.env.TIMING !== "" };
if (waited.timing) {
  process.on("exit", () => process.stderr.write(`backend-conventions: ESLint waited ${Math.round(waited.ms)} ms for the whole-project analysis\n`));
}

const projects = new Map<string, ProjectFindings>();

/**
 * The single run's findings of the project a config belongs to (one per config: a monorepo has one per
 * package). Keyed by what the config says: a project without a config file gets an equal config per folder.
 */
export function projectFindings(config: ResolvedConfig): ProjectFindings {
  let key = keys.get(config);
  if (key === undefined) keys.set(config, (key = JSON.stringify(config)));
  let findings = projects.get(key);
  if (!findings) projects.set(key, (findings = new ProjectFindings()));
  return findings;
}

const keys = new WeakMap<ResolvedConfig, string>();

/** A run's key, once per run: the lint of every file asks it of every rule. */
const keysOfRuns = new WeakMap<RuleRun, string>();
