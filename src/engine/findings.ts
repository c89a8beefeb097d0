/** A text replacement in the file that a finding is about; offsets are UTF-16 indexes, like ESLint's ranges. */
export interface TextEdit {
  range: [number, number];
  text: string;
}

export interface Suggestion {
  messageId: string;
  desc: string;
  fix: TextEdit[];
}

/** ESLint's numeric severities, so the JSON output keeps ESLint's shape. */
export type Severity = 1 | 2;

/** One problem in one file. Lines and columns are 1-based, as ESLint prints them. */
export interface Finding {
  /** null for a file that could not be parsed */
  ruleId: string | null;
  severity: Severity;
  message: string;
  messageId?: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** true when the file could not be analysed at all (a parse error) */
  fatal?: boolean;
  fix?: TextEdit;
  suggestions?: Suggestion[];
  /** how an endpoint reaches the code, from the route down to the query (set by the analyzer) */
  trace?: TraceStep[];
}

/** One step of a trace: `GET /items/:id`, `ItemService.get`, `ItemRepository.findById`, `prisma.item.findUnique`. */
export interface TraceStep {
  label: string;
  /** absolute path */
  filePath: string;
  line: number;
  column: number;
}

/** Why a finding does not count: it is in the `--baseline` file, or an `eslint-disable` comment silences it. */
export interface Suppression {
  kind: "baseline" | "directive";
  /** for the reader: `in the baseline .backend-conventions-baseline.json`, or the comment's text after ` -- ` (empty without one) */
  justification: string;
}

/** A finding that does not count (see `Suppression`): it fails no run, and only SARIF and JSON show it, marked as suppressed. */
export interface SuppressedFinding extends Finding {
  suppressions: Suppression[];
}

export interface FileResult {
  /** absolute path */
  filePath: string;
  findings: Finding[];
  /** findings that do not count; absent when there are none */
  suppressedFindings?: SuppressedFinding[];
  /** the file's text, for reporters that show excerpts */
  source?: string;
}

export interface RunStats {
  filesChecked: number;
  querySites: number;
  /** query sites whose arguments the engine could not see through */
  unknownSites: number;
}

export interface CheckResult {
  files: FileResult[];
  stats: RunStats;
  /** problems the run worked around (an unusable tsconfig), one line each, for stderr */
  warnings?: readonly string[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || (a.ruleId ?? "").localeCompare(b.ruleId ?? "");
}
