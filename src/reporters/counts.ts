import type { Finding } from "../engine/findings.js";

/** ESLint's rule: a fatal finding is always an error. */
export function isError(finding: Finding): boolean {
  return finding.fatal === true || finding.severity === 2;
}

export function hasEditorAction(finding: Finding): boolean {
  return finding.fix !== undefined || (finding.suggestions?.length ?? 0) > 0;
}

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** Orders strings by UTF-16 code units, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
