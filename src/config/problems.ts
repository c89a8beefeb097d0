/** A config problem is a path into the config plus a message; all problems become one ConfigError. */
import { editDistance } from "../engine/edit-distance.js";
import { ConfigError } from "../errors.js";
import { configPosition } from "./positions.js";

export type PathSegment = string | number;

export interface Problem {
  path: readonly PathSegment[];
  message: string;
}

/** `["rules", "no-hard-delete", 1, "allow"]` → `rules.no-hard-delete[1].allow`; the root is `(root)`. */
export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return "(root)";
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[^.[\]\s"'`]+$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function formatProblem(problem: Problem): string {
  return `${formatPath(problem.path)}: ${problem.message}`;
}

function compareSegments(a: PathSegment, b: PathSegment): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function compareProblems(a: Problem, b: Problem): number {
  const length = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < length; i++) {
    const order = compareSegments(a.path[i], b.path[i]);
    if (order !== 0) return order;
  }
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** One ConfigError naming every problem, one per line, sorted by path, at the first problem's key in a JSON config. */
export function problemsError(problems: readonly Problem[], configFile: string | undefined): ConfigError {
  const sorted = [...problems].sort(compareProblems);
  const lines = [...new Set(sorted.map(formatProblem))];
  const position = configFile === undefined || sorted.length === 0 ? undefined : configPosition(configFile, sorted[0].path);
  const error = new ConfigError(lines.join("\n"), configFile === undefined ? undefined : { file: configFile, ...position });
  error.problems = sorted;
  return error;
}

/** `["a", "b", "c"]` → `a, b or c` (values already formatted). */
export function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** ` (did you mean "softDelete"?)` when a known name matches case-insensitively, else "". */
export function didYouMean(name: string, known: Iterable<string>): string {
  const lower = name.toLowerCase();
  for (const candidate of known) {
    if (candidate !== name && candidate.toLowerCase() === lower) return ` (did you mean ${JSON.stringify(candidate)}?)`;
  }
  return "";
}

/** `didYouMean`, else the known name within two edits (a typo: "deletd_at" → "deleted_at"), else "". */
export function didYouMeanClosest(name: string, known: Iterable<string>): string {
  const candidates = [...known];
  const caseInsensitive = didYouMean(name, candidates);
  if (caseInsensitive) return caseInsensitive;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best === undefined ? "" : ` (did you mean ${JSON.stringify(best)}?)`;
}
