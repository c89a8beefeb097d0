import type { Dependencies } from "./dependencies.js";
import type { Finding, Severity, SuppressedFinding, Suggestion } from "./findings.js";
import { compareFindings } from "./findings.js";
import { parseDiagnostics } from "./project.js";
import { interpolate, makeRuleContext, querySitesOf, type AnalysisContext, type RuleDefinition } from "./rule.js";
import { applyDirectives, type UnusedDirective } from "./suppressions.js";
import { ts } from "./ts.js";
import { allRules } from "../rule-registry.js";

export interface EnabledRule {
  rule: RuleDefinition;
  severity: Severity;
  options: readonly unknown[];
}

export interface FileRun {
  findings: Finding[];
  querySites: number;
  /** query sites some rule could not decide about */
  unknownSites: number;
  /** rule id → the query calls it could not decide about, for the analyzer's per-site verdicts */
  unknownByRule: Map<string, Set<ts.Node>>;
  /** directives naming one of our rules that silenced nothing (reported only when the run asks, as ESLint's option) */
  unusedDirectives: UnusedDirective[];
  /** findings `eslint-disable` comments silenced: they fail no run; SARIF and JSON show them as suppressed, as ESLint's JSON does */
  suppressedFindings: SuppressedFinding[];
  /** with `recordDependencies`: what the rules read, as a graph whose shared parts (memoised facts) appear once */
  dependencies?: Dependencies;
}

export interface RunOptions {
  /** times each rule (`--timings`) */
  timer?: RuleTimer;
  /** records what the rules read, for `--cache` */
  recordDependencies?: boolean;
}

/** Where a rule's time goes: `--timings` passes one; rules are timed by their id. */
export interface RuleTimer {
  measure<T>(stage: string, work: () => T): T;
}

/** Runs the enabled rules over one parsed file — the CLI's front-end over the shared rule logic. */
export function runRules(parsed: ts.SourceFile, analysis: AnalysisContext, rules: readonly EnabledRule[], options: RunOptions = {}): FileRun {
  if (!options.recordDependencies) return runRulesOnce(parsed, analysis, rules, options.timer);
  const { value: run, dependencies } = analysis.project.dependencies.track(() => runRulesOnce(parsed, analysis, rules, options.timer));
  return { ...run, dependencies };
}

function runRulesOnce(parsed: ts.SourceFile, analysis: AnalysisContext, rules: readonly EnabledRule[], timer: RuleTimer | undefined): FileRun {
  const syntaxErrors = parseDiagnostics(parsed);
  if (syntaxErrors.length > 0) {
    return { findings: [parseErrorFinding(parsed, syntaxErrors[0])], querySites: 0, unknownSites: 0, unknownByRule: new Map(), unusedDirectives: [], suppressedFindings: [] };
  }
  const sourceFile = analysis.project.setSourceFile(parsed);
  const findings: Finding[] = [];
  const unknown = new Set<ts.Node>();
  const unknownByRule = new Map<string, Set<ts.Node>>();
  for (const { rule, severity, options } of rules) {
    if (!rule.check) continue;
    const context = makeRuleContext(sourceFile, analysis, options, (descriptor) => {
      const messages = rule.meta.messages as Record<string, string>;
      const start = ts.getLineAndCharacterOfPosition(sourceFile, descriptor.node.getStart(sourceFile));
      const end = ts.getLineAndCharacterOfPosition(sourceFile, descriptor.node.end);
      const suggestions: Suggestion[] = (descriptor.suggest ?? []).map((suggestion) => ({
        messageId: suggestion.messageId,
        desc: interpolate(messages[suggestion.messageId], suggestion.data),
        fix: suggestion.fix,
      }));
      findings.push({
        ruleId: rule.name,
        severity,
        message: interpolate(messages[descriptor.messageId], descriptor.data),
        messageId: descriptor.messageId,
        line: start.line + 1,
        column: start.character + 1,
        endLine: end.line + 1,
        endColumn: end.character + 1,
        ...(descriptor.fix?.length ? { fix: descriptor.fix[0] } : {}),
        ...(suggestions.length ? { suggestions } : {}),
      });
    }, (site) => {
      unknown.add(site.call);
      let calls = unknownByRule.get(rule.name);
      if (!calls) unknownByRule.set(rule.name, (calls = new Set()));
      calls.add(site.call);
    });
    if (timer) timer.measure(rule.name, () => rule.check!(context));
    else rule.check(context);
  }
  // `eslint-disable` comments silence findings here, as ESLint silences the plugin's: one model (src/engine/suppressions.ts).
  const suppressed = applyDirectives(sourceFile, findings, ruleIds());
  return {
    findings: suppressed.findings.sort(compareFindings),
    querySites: querySitesOf(sourceFile, analysis).length,
    unknownSites: unknown.size,
    unknownByRule,
    unusedDirectives: suppressed.unusedDirectives,
    suppressedFindings: suppressed.suppressed.sort(compareFindings),
  };
}

/** A file that could not be read (deleted during the run, no permission): one fatal finding, never a clean file. */
export function unreadableFileRun(reason: string): FileRun {
  const finding: Finding = { ruleId: null, fatal: true, severity: 2, message: `Cannot read the file: ${reason}`, line: 1, column: 1 };
  return { findings: [finding], querySites: 0, unknownSites: 0, unknownByRule: new Map(), unusedDirectives: [], suppressedFindings: [] };
}

function parseErrorFinding(sourceFile: ts.SourceFile, diagnostic: ts.DiagnosticWithLocation): Finding {
  const { line, character } = ts.getLineAndCharacterOfPosition(sourceFile, diagnostic.start);
  return {
    ruleId: null,
    fatal: true,
    severity: 2,
    message: `Parsing error: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`,
    line: line + 1,
    column: character + 1,
  };
}

let knownRuleIds: ReadonlySet<string> | undefined;

/** Every rule of the plugin (a directive may name one the config turns off). */
function ruleIds(): ReadonlySet<string> {
  return (knownRuleIds ??= new Set(allRules.map((rule) => rule.name)));
}
