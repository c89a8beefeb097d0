/**
 * Fingerprints of findings that survive unrelated edits: they hash what a finding is about (rule, file,
 * the text of the reported line), never where that line happens to be. SARIF's `partialFingerprints`
 * and the baseline use the same value, so a finding has one identity everywhere.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { compareFindings, type FileResult, type Finding } from "./findings.js";

/** Bump when the inputs or the hashing change: fingerprints of different versions must never match. */
export const FINGERPRINT_VERSION = 1;

/** Line breaks as TypeScript counts lines, so `finding.line` indexes the same lines. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/** The reported line's text, trimmed, with every run of whitespace collapsed to one space. */
export function normaliseLineText(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}

/** The file path relative to the root, with forward slashes on every platform. */
export function relativePath(root: string, filePath: string): string {
  return path.relative(root, filePath).split(path.sep).join("/");
}

export interface FingerprintInput {
  ruleId: string | null;
  /** relative to the root, forward slashes */
  file: string;
  /** normalised text of the reported line */
  lineText: string;
  /** 0 for the first finding with this rule, file and line text (in source order), 1 for the next... */
  occurrence: number;
}

/** sha256 (hex) of the inputs, each length-prefixed so that no two different inputs run together. */
export function fingerprint(input: FingerprintInput): string {
  const parts = [`v${FINGERPRINT_VERSION}`, input.ruleId ?? "", input.file, input.lineText, String(input.occurrence)];
  return createHash("sha256")
    .update(parts.map((part) => `${part.length}:${part}`).join("\n"))
    .digest("hex");
}

/**
 * The fingerprint of every finding of one file, keyed by the finding object. Occurrences are counted
 * in source order (line, column, rule), so two findings on identical lines get different fingerprints.
 * Without the file's source the line text is empty: the fingerprint then rests on rule, file and occurrence.
 * Suppressed findings are counted with the others, so that suppressing one does not change another's fingerprint.
 */
export function fileFingerprints(file: FileResult, root: string): Map<Finding, string> {
  const lines = file.source === undefined ? [] : file.source.split(LINE_BREAK);
  const relative = relativePath(root, file.filePath);
  const seen = new Map<string, number>();
  const result = new Map<Finding, string>();
  for (const finding of [...file.findings, ...(file.suppressedFindings ?? [])].sort(compareFindings)) {
    const lineText = normaliseLineText(lines[finding.line - 1] ?? "");
    const key = JSON.stringify([finding.ruleId, lineText]);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result.set(finding, fingerprint({ ruleId: finding.ruleId, file: relative, lineText, occurrence }));
  }
  return result;
}
