import {
  compareFindings,
  type CheckResult,
  type FileResult,
  type Finding,
  type Suggestion,
  type TextEdit,
} from "../engine/findings.js";
import { compareStrings, isError } from "./counts.js";
import type { Reporter } from "./index.js";

/*
 * The shapes below are ESLint 10's `ESLint.LintResult` and `Linter.LintMessage`, with keys in the
 * order ESLint creates them, so tools that read `eslint --format json` read ours unchanged.
 * ESLint 10 no longer emits `nodeType`, so neither do we.
 */

export interface JsonFix {
  range: [number, number];
  text: string;
}

export interface JsonSuggestion {
  messageId: string;
  fix: JsonFix;
  desc: string;
}

export interface JsonMessage {
  ruleId: string | null;
  fatal?: true;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  messageId?: string;
  endLine?: number;
  endColumn?: number;
  fix?: JsonFix;
  suggestions?: JsonSuggestion[];
}

/**
 * ESLint's `SuppressedLintMessage`: a baselined finding is suppressed the way ESLint's bulk suppressions
 * file suppresses (`kind: "file"`), one an `eslint-disable` comment silences as ESLint's (`kind: "directive"`).
 */
export interface JsonSuppressedMessage extends JsonMessage {
  suppressions: { kind: "file" | "directive"; justification: string }[];
}

export interface JsonLintResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: JsonSuppressedMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  source?: string;
  usedDeprecatedRules: [];
}

function toFix(edit: TextEdit): JsonFix {
  return { range: [edit.range[0], edit.range[1]], text: edit.text };
}

/**
 * ESLint gives a suggestion one fix: several edits become one replacement spanning all of them,
 * with the untouched source between the edits kept. Without the source, only the first edit is kept.
 */
export function mergeEdits(edits: readonly TextEdit[], source: string | undefined): JsonFix | undefined {
  if (edits.length === 0) return undefined;
  if (edits.length === 1 || source === undefined) return toFix(edits[0]);
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  const start = sorted[0].range[0];
  const end = Math.max(...sorted.map((edit) => edit.range[1]));
  let text = "";
  let position = start;
  for (const edit of sorted) {
    text += source.slice(position, Math.max(position, edit.range[0])) + edit.text;
    position = Math.max(position, edit.range[1]);
  }
  text += source.slice(position, end);
  return { range: [start, end], text };
}

function toSuggestions(suggestions: readonly Suggestion[], source: string | undefined): JsonSuggestion[] {
  const result: JsonSuggestion[] = [];
  for (const suggestion of suggestions) {
    const fix = mergeEdits(suggestion.fix, source);
    // ESLint drops a suggestion that has no fix
    if (fix) result.push({ messageId: suggestion.messageId, fix, desc: suggestion.desc });
  }
  return result;
}

function toMessage(finding: Finding, source: string | undefined): JsonMessage {
  const suggestions = toSuggestions(finding.suggestions ?? [], source);
  return {
    ruleId: finding.ruleId,
    ...(finding.fatal ? { fatal: true as const } : {}),
    severity: finding.fatal ? 2 : finding.severity,
    message: finding.message,
    line: finding.line,
    column: finding.column,
    ...(finding.messageId !== undefined ? { messageId: finding.messageId } : {}),
    ...(finding.endLine !== undefined ? { endLine: finding.endLine } : {}),
    ...(finding.endColumn !== undefined ? { endColumn: finding.endColumn } : {}),
    ...(finding.fix !== undefined ? { fix: toFix(finding.fix) } : {}),
    ...(suggestions.length > 0 ? { suggestions } : {}),
  };
}

export function toLintResult(file: FileResult): JsonLintResult {
  const findings = [...file.findings].sort(compareFindings);
  const counts = { errorCount: 0, fatalErrorCount: 0, warningCount: 0, fixableErrorCount: 0, fixableWarningCount: 0 };
  for (const finding of findings) {
    if (isError(finding)) {
      counts.errorCount++;
      if (finding.fatal) counts.fatalErrorCount++;
      if (finding.fix) counts.fixableErrorCount++;
    } else {
      counts.warningCount++;
      if (finding.fix) counts.fixableWarningCount++;
    }
  }
  return {
    filePath: file.filePath,
    messages: findings.map((finding) => toMessage(finding, file.source)),
    suppressedMessages: [...(file.suppressedFindings ?? [])].sort(compareFindings).map((finding) => ({
      ...toMessage(finding, file.source),
      suppressions: finding.suppressions.map((suppression) => ({ kind: suppression.kind === "directive" ? "directive" : "file", justification: suppression.justification })),
    })),
    ...counts,
    // ESLint keeps the source only for files with problems (and no fixed `output`, which we never produce)
    ...(findings.length > 0 && file.source !== undefined ? { source: file.source } : {}),
    usedDeprecatedRules: [],
  };
}

/** Every checked file, sorted by path, in the shape ESLint 10's LintResult takes. */
export function toLintResults(result: CheckResult): JsonLintResult[] {
  return [...result.files].sort((a, b) => compareStrings(a.filePath, b.filePath)).map(toLintResult);
}

/** Same output as `eslint --format json`. */
export const json: Reporter = (result) => JSON.stringify(toLintResults(result));
