import path from "node:path";
import { Chalk, type ChalkInstance } from "chalk";
import { compareFindings, type FileResult, type Finding } from "../engine/findings.js";
import { alignColumns } from "./columns.js";
import { compareStrings, hasEditorAction, isError, pluralize } from "./counts.js";
import type { Reporter } from "./index.js";

/** The file path as the user typed it: relative to cwd, with forward slashes on every platform. */
function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath) || filePath;
  return printable(relative.split(path.sep).join("/"));
}

/**
 * Control characters shown as escapes (`\x1b`, `\r`): a file name or a route string holding ESC, an OSC
 * sequence or a carriage return must not drive the terminal (rewrite a line, set a title, hide a finding).
 */
function printable(text: string, { keepLineBreaks = false } = {}): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this escapes
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => {
    if (keepLineBreaks && (char === "\n" || char === "\t")) return char;
    return ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

const ESCAPES: Record<string, string> = { "\r": "\\r", "\n": "\\n", "\t": "\\t" };

/** Like ESLint's stylish formatter: drop one trailing period unless a space precedes it. */
function trimPeriod(message: string): string {
  return message.length > 1 && message.endsWith(".") && message.at(-2) !== " " ? message.slice(0, -1) : message;
}

function fileLines(file: FileResult, chalk: ChalkInstance): string[] {
  const findings = [...file.findings].sort(compareFindings);
  const lineWidth = Math.max(...findings.map((f) => String(f.line).length));
  const columnWidth = Math.max(...findings.map((f) => String(f.column).length));

  const position = (finding: Finding): string => {
    const line = String(finding.line);
    const column = String(finding.column);
    // line numbers right-aligned, column numbers left-aligned, as `  9:1 ` / ` 10:12`
    return " ".repeat(lineWidth - line.length) + chalk.dim(`${line}:${column}`) + " ".repeat(columnWidth - column.length);
  };

  const rows = findings.map((finding) => [
    "",
    position(finding),
    isError(finding) ? chalk.red("error") : chalk.yellow("warning"),
    // a parse error's message may span lines, as in ESLint
    printable(trimPeriod(finding.message), { keepLineBreaks: true }),
    finding.ruleId === null ? "" : chalk.dim(finding.ruleId),
  ]);
  return alignColumns(rows);
}

/** ESLint's stylish layout: findings grouped by file, then a summary. Empty when there is nothing to report. */
export const stylish: Reporter = (result, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const files = result.files
    .filter((file) => file.findings.length > 0)
    .map((file) => ({ file, shownPath: displayPath(file.filePath, options.cwd) }))
    .sort((a, b) => compareStrings(a.shownPath, b.shownPath));
  if (files.length === 0) return "";

  const findings = files.flatMap(({ file }) => file.findings);
  const errors = findings.filter(isError).length;
  const warnings = findings.length - errors;
  const withActions = findings.filter(hasEditorAction).length;
  const summaryStyle = errors > 0 ? chalk.red.bold : chalk.yellow.bold;

  let output = "\n";
  for (const { file, shownPath } of files) {
    output += `${chalk.underline(shownPath)}\n${fileLines(file, chalk).join("\n")}\n\n`;
  }
  output += `${summaryStyle(
    `\u2716 ${pluralize(findings.length, "problem")} (${pluralize(errors, "error")}, ${pluralize(warnings, "warning")})`,
  )}\n`;
  if (withActions > 0) {
    const verb = withActions === 1 ? "has" : "have";
    output += `${summaryStyle(
      `  ${pluralize(withActions, "problem")} ${verb} suggestions or fixes in the editor (ESLint plugin).`,
    )}\n`;
  }
  const unknown = result.stats.unknownSites;
  if (unknown > 0) {
    output += `  ${pluralize(unknown, "query site")} could not be fully analysed (unknown).\n`;
  }
  return output;
};
