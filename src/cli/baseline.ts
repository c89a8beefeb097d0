/**
 * The baseline: findings a team has accepted when adopting the tool on existing code. A finding is in the
 * baseline when an entry has its rule, file and fingerprint (see engine/fingerprint.ts), so entries survive
 * edits elsewhere in the file but not a change to the flagged line. Parse errors are never baselined.
 */
import fs from "node:fs";
import { UsageError } from "../errors.js";
import type { CheckResult, FileResult, Finding, Suppression } from "../engine/findings.js";
import { FINGERPRINT_VERSION, fileFingerprints, relativePath } from "../engine/fingerprint.js";
import { compareStrings } from "../reporters/counts.js";

/** The format version: it changes whenever fingerprints change, so an old baseline can never match by accident. */
export const BASELINE_VERSION = FINGERPRINT_VERSION;

export interface BaselineEntry {
  ruleId: string;
  /** relative to the source root, forward slashes */
  file: string;
  fingerprint: string;
  /** for the reader of the file; not used for matching */
  message: string;
}

export interface Baseline {
  version: number;
  toolVersion: string;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  /** the result with the findings in the baseline moved to `suppressedFindings` */
  result: CheckResult;
  suppressed: number;
  /** entries for checked files that matched no finding: fixed, or their line changed */
  unmatched: number;
}

const entryKey = (entry: Pick<BaselineEntry, "ruleId" | "file" | "fingerprint">): string =>
  JSON.stringify([entry.ruleId, entry.file, entry.fingerprint]);

/** Every non-fatal finding of one file that counts (not already suppressed) with its fingerprint, in source order. */
function fileEntries(file: FileResult, root: string): { finding: Finding; entry: BaselineEntry }[] {
  const relative = relativePath(root, file.filePath);
  const suppressed = new Set<Finding>(file.suppressedFindings);
  const entries: { finding: Finding; entry: BaselineEntry }[] = [];
  for (const [finding, fingerprint] of fileFingerprints(file, root)) {
    if (finding.ruleId === null || finding.fatal || suppressed.has(finding)) continue;
    entries.push({ finding, entry: { ruleId: finding.ruleId, file: relative, fingerprint, message: finding.message } });
  }
  return entries;
}

/**
 * The baseline of a run: an entry for every finding, sorted by file then rule (then source order).
 * Entries of `previous` for files this run did not check are kept, so a run on some paths does not forget the rest.
 */
export function createBaseline(result: CheckResult, root: string, toolVersion: string, previous?: Baseline): Baseline {
  const checked = new Set(result.files.map((file) => relativePath(root, file.filePath)));
  const kept = (previous?.entries ?? []).filter((entry) => !checked.has(entry.file));
  const fresh = result.files.flatMap((file) => fileEntries(file, root).map(({ entry }) => entry));
  // a stable sort: entries of one file and rule stay in source order
  const entries = [...kept, ...fresh].sort((a, b) => compareStrings(a.file, b.file) || compareStrings(a.ruleId, b.ruleId));
  return { version: BASELINE_VERSION, toolVersion, entries };
}

export function formatBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/**
 * Moves the findings the baseline has to each file's `suppressedFindings` (so that SARIF can show them as
 * suppressed, and nothing counts them); counts them, and the entries of checked files that no finding matched.
 * `shownPath` names the baseline in each suppression's justification.
 */
export function applyBaseline(result: CheckResult, baseline: Baseline, root: string, shownPath: string): BaselineOutcome {
  const known = new Set(baseline.entries.map(entryKey));
  const matched = new Set<string>();
  const suppression: Suppression = { kind: "baseline", justification: `in the baseline ${shownPath}` };
  let suppressed = 0;
  const files = result.files.map((file): FileResult => {
    const moved = new Set<Finding>();
    for (const { finding, entry } of fileEntries(file, root)) {
      const key = entryKey(entry);
      if (known.has(key)) {
        moved.add(finding);
        matched.add(key);
      }
    }
    suppressed += moved.size;
    if (moved.size === 0) return file;
    return {
      ...file,
      findings: file.findings.filter((finding) => !moved.has(finding)),
      suppressedFindings: [...(file.suppressedFindings ?? []), ...[...moved].map((finding) => ({ ...finding, suppressions: [suppression] }))],
    };
  });
  const checked = new Set(result.files.map((file) => relativePath(root, file.filePath)));
  const unmatched = baseline.entries.filter((entry) => checked.has(entry.file) && !matched.has(entryKey(entry))).length;
  return { result: { ...result, files }, suppressed, unmatched };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first problem with a parsed baseline, as `path: what is wrong`; undefined when it is valid. */
export function baselineProblem(value: unknown): string | undefined {
  if (!isObject(value)) return "expected an object with version, toolVersion and entries";
  for (const key of Object.keys(value)) {
    if (!["version", "toolVersion", "entries"].includes(key)) return `${key}: unknown key`;
  }
  if (value.version !== BASELINE_VERSION) {
    return `version: expected ${BASELINE_VERSION}, got ${JSON.stringify(value.version)} (write a new baseline with --update-baseline)`;
  }
  if (typeof value.toolVersion !== "string") return "toolVersion: expected a string";
  if (!Array.isArray(value.entries)) return "entries: expected an array";
  for (const [index, entry] of value.entries.entries()) {
    const where = `entries[${index}]`;
    if (!isObject(entry)) return `${where}: expected an object`;
    for (const key of Object.keys(entry)) {
      if (!["ruleId", "file", "fingerprint", "message"].includes(key)) return `${where}.${key}: unknown key`;
    }
    for (const key of ["ruleId", "file", "message"]) {
      if (typeof entry[key] !== "string") return `${where}.${key}: expected a string`;
    }
    if (typeof entry.fingerprint !== "string" || !/^[0-9a-f]{64}$/.test(entry.fingerprint)) {
      return `${where}.fingerprint: expected a sha256 hex string`;
    }
  }
  return undefined;
}

/** Reads a baseline; a missing, unreadable or malformed file is a usage error naming `shownPath`. */
export function readBaseline(filePath: string, shownPath: string): Baseline {
  let text: string;
  try {
    // /dev/zero or a FIFO would be read forever
    if (!fs.statSync(filePath).isFile()) throw new UsageError(`cannot read baseline file ${shownPath}: not a regular file`);
    text = fs.readFileSync(filePath, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`baseline file not found: ${shownPath} (write it with --update-baseline)`);
    throw new UsageError(`cannot read baseline file ${shownPath}: ${code ?? (error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`baseline file ${shownPath} is not valid JSON`);
  }
  const problem = baselineProblem(value);
  if (problem !== undefined) throw new UsageError(`baseline file ${shownPath} is malformed: ${problem}`);
  return value as Baseline;
}
