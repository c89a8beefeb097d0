/**
 * The analysis of a single run (see project-findings.ts), on its own thread: ESLint lints on the main
 * thread while this one parses the project, builds the cross-file facts and finds each file's reports,
 * the file ESLint waits for first, the others in the program's order.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { loadConfig } from "../config/index.js";
import { isIgnored, loadAnalysis } from "../engine/analysis.js";
import { indexProject } from "../engine/call-index.js";
import { absolutePath } from "../engine/paths.js";
import { makeRuleContext, type AnalysisContext } from "../engine/rule.js";
import type { ts } from "../engine/ts.js";
import { KnownError } from "../errors.js";
import { allRules, ruleOptionSchemas } from "../rule-registry.js";
import { eslintReport, type EslintReport } from "./reports.js";
import { FLAG_MESSAGES, runKey, type FromWorker, type ToWorker, type WorkerInput } from "./worker-protocol.js";

const { port, flag, searchFrom, cwd, runs } = workerData as WorkerInput & { port: MessagePort };
const signals = new Int32Array(flag);

function post(message: FromWorker): void {
  port.postMessage(message);
  Atomics.add(signals, FLAG_MESSAGES, 1);
  Atomics.notify(signals, FLAG_MESSAGES);
}

function run(): void {
  let analysis: AnalysisContext;
  try {
    const config = loadConfig({ searchFrom, cwd, rules: ruleOptionSchemas });
    analysis = loadAnalysis(config, { keepsInputs: false, schemaOptional: true });
  } catch (error) {
    if (!(error instanceof KnownError)) throw error;
    post({ type: "problem", kind: error.kind, message: error.message, ...(error.location ? { location: error.location } : {}) });
    return;
  }
  const rules = runs.flatMap(({ name, options }) => {
    const rule = allRules.find((candidate) => candidate.name === name);
    if (!rule?.check || (rule.meta.docs.requiresSchema && analysis.schema.files.length === 0)) return [];
    return [{ key: runKey(name, options), rule, options }];
  });
  const checked: string[] = [];
  const ignored: string[] = [];
  for (const fileName of analysis.project.programFiles) (isIgnored(analysis, fileName) ? ignored : checked).push(absolutePath(fileName));
  post({ type: "files", checked, ignored });
  const parses = new Map<string, ts.SourceFile>();
  for (const fileName of checked) {
    const parse = analysis.project.getSourceFile(fileName);
    if (parse) parses.set(fileName, parse);
  }
  indexProject(analysis.project);
  const queue = [...parses.keys()];
  const done = new Set<string>();
  const wanted: string[] = [];
  for (;;) {
    for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
      const request = message.message as ToWorker;
      wanted.push(request.file);
    }
    const next = wanted.shift() ?? queue.shift();
    if (next === undefined) return;
    if (done.has(next)) continue;
    done.add(next);
    const parse = parses.get(next);
    if (!parse) continue;
    const reports: [string, EslintReport[]][] = [];
    for (const { key, rule, options } of rules) {
      const found: EslintReport[] = [];
      rule.check!(makeRuleContext(parse, analysis, options, (descriptor) => found.push(eslintReport(parse, descriptor))));
      if (found.length > 0) reports.push([key, found]);
    }
    post({ type: "reports", file: next, text: parse.text, reports });
  }
}

try {
  run();
} catch (error) {
  post({ type: "crash", stack: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
