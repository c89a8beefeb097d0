/**
 * GitHub Actions workflow commands: each finding becomes an `::error` or `::warning` annotation on its
 * file and span, escaped as the Actions toolkit escapes them (`%`, CR and LF everywhere; `:` and `,`
 * in properties too).
 */
import { compareFindings, type Finding } from "../engine/findings.js";
import { relativePath } from "../engine/fingerprint.js";
import { compareStrings, isError, pluralize } from "./counts.js";
import type { Reporter } from "./index.js";

/** The message of a workflow command (after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value of a workflow command (`file=...,title=...`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function annotation(finding: Finding, file: string): string {
  const properties: [string, string | number][] = [
    ["file", file],
    ["line", finding.line],
    ["col", finding.column],
  ];
  if (finding.endLine !== undefined) properties.push(["endLine", finding.endLine]);
  if (finding.endColumn !== undefined) properties.push(["endColumn", finding.endColumn]);
  if (finding.ruleId !== null) properties.push(["title", finding.ruleId]);
  const command = isError(finding) ? "error" : "warning";
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${command} ${props}::${escapeData(finding.message)}`;
}

/** One annotation per finding, sorted by file, line, column and rule; empty when there is nothing to report. */
export const github: Reporter = (result, options) => {
  const root = options.root ?? options.cwd;
  const files = result.files
    .filter((file) => file.findings.length > 0)
    .map((file) => ({ file, shown: relativePath(root, file.filePath) }))
    .sort((a, b) => compareStrings(a.shown, b.shown));
  const lines = files.flatMap(({ file, shown }) => [...file.findings].sort(compareFindings).map((finding) => annotation(finding, shown)));
  const unknown = result.stats.unknownSites;
  if (unknown > 0) {
    lines.push(`::notice title=backend-conventions::${pluralize(unknown, "query site")} could not be fully analysed (unknown).`);
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
};
