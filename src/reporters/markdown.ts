import path from "node:path";
import type { ReportData, SiteVerdict } from "../analysis/report-model.js";
import { pluralize } from "./counts.js";
import { layerGraphMermaid } from "./layer-graph-mermaid.js";
import {
  DEFAULT_TITLE,
  endpointRows,
  escapeHtml,
  foldLines,
  escapeMarkdown,
  layerGraphView,
  markdownCode,
  markdownFence,
  reportFindings,
  ruleName,
  summarize,
  unknownSiteRows,
  type ReportFinding,
  type ReportOptions,
} from "./report-parts.js";

/**
 * The reviewer's report as GitHub-flavoured Markdown, for pull-request comments and
 * `$GITHUB_STEP_SUMMARY`: a summary line, tables, the layer graph as a Mermaid block, and the
 * findings as a list with their excerpts folded in `<details>`.
 *
 * Not in the reporter registry (`./index.ts`): registry reporters take a `CheckResult`, this one
 * takes the analyzer's `ReportData`; the `report` command calls it directly. Pure: the same data
 * and options give the same string.
 */

const VERDICT_MARK: Record<SiteVerdict, string> = {
  violation: "❌ violation",
  unknown: "❔ unknown",
  ok: "✅ ok",
  "not-applicable": "n/a",
};

function ruleLink(ruleId: string | null, options: ReportOptions): string {
  const name = escapeMarkdown(ruleName(ruleId));
  const url = ruleId === null ? undefined : options.ruleDocs?.[ruleId];
  return url && /^https?:\/\//.test(url) ? `[${name}](${url.replace(/[()\s]/g, encodeURIComponent)})` : name;
}

function table(header: readonly string[], align: readonly ("left" | "right")[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${align.map((side) => (side === "right" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

function findingItem(item: ReportFinding, options: ReportOptions): string[] {
  const { finding } = item;
  const severity = finding.fatal || finding.severity === 2 ? "❌ **error**" : "⚠️ **warning**";
  const where = `${item.path}:${finding.line}:${finding.column}`;
  const lines = [`- ${severity} ${ruleLink(finding.ruleId, options)} ${markdownCode(where)}: ${escapeMarkdown(finding.message)}`];
  if (finding.trace && finding.trace.length > 0) {
    lines.push(`  <br>Trace: ${finding.trace.map((step) => markdownCode(step.label)).join(" → ")}`);
  }
  if (item.excerpt.length > 0) {
    const width = String(item.excerpt.at(-1)!.number).length;
    const code = item.excerpt
      .map((line) => `${line.current ? ">" : " "} ${String(line.number).padStart(width)} | ${line.text}`.trimEnd())
      .join("\n");
    const fence = markdownFence(code);
    lines.push(
      "",
      `  <details><summary>${escapeHtml(foldLines(where))}</summary>`,
      "",
      `  ${fence}`,
      ...code.split("\n").map((line) => `  ${line}`),
      `  ${fence}`,
      "",
      "  </details>",
      "",
    );
  }
  return lines;
}

export function markdown(data: ReportData, options: ReportOptions = {}): string {
  const summary = summarize(data);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(options.title ?? DEFAULT_TITLE)}`, "");
  const project = path.basename(data.rootDir);
  out.push(`Project ${markdownCode(project)}${options.generatedAt ? `, generated ${escapeMarkdown(options.generatedAt)}` : ""}.`, "");
  const problems = summary.errors + summary.warnings;
  out.push(
    `**${pluralize(problems, "problem")}** (${pluralize(summary.errors, "error")}, ${pluralize(summary.warnings, "warning")}) · ` +
      `**${pluralize(summary.endpoints, "endpoint")}** checked (${summary.endpointsWithoutAuth} without auth) · ` +
      `**${pluralize(summary.querySites, "query site")}**, ${summary.unknownSites} unknown · ` +
      `${pluralize(summary.filesChecked, "file")}`,
    "",
  );

  out.push("## Findings by rule", "");
  if (summary.rules.length === 0) {
    out.push("No findings.", "");
  } else {
    out.push(
      ...table(
        ["Rule", "Errors", "Warnings"],
        ["left", "right", "right"],
        summary.rules.map((rule) => [ruleLink(rule.ruleId, options), String(rule.errors), String(rule.warnings)]),
      ),
      "",
    );
  }

  out.push("## Endpoints", "");
  const rows = endpointRows(data);
  if (rows.length === 0) {
    out.push("No endpoints found.", "");
  } else {
    out.push(
      ...table(
        ["Method", "Path", "Auth", "Owner scope", "Soft delete", "Findings", "Handler", "Declared at"],
        ["left", "left", "left", "left", "left", "right", "left", "left"],
        rows.map((row) => [
          escapeMarkdown(row.endpoint.method),
          markdownCode(row.endpoint.path),
          row.endpoint.auth ? "🔒 yes" : "no",
          VERDICT_MARK[row.ownerScope],
          VERDICT_MARK[row.softDelete],
          String(row.findings),
          markdownCode(row.endpoint.handler),
          markdownCode(row.location),
        ]),
      ),
      "",
      "Owner scope and soft delete show the worst verdict of the query sites an endpoint reaches: violation, then unknown, then ok; n/a when no reached query is concerned.",
      "",
    );
  }

  out.push("## Layer graph", "");
  const mermaid = layerGraphMermaid(layerGraphView(data));
  if (mermaid === "") {
    out.push("No layers.", "");
  } else {
    out.push("```mermaid", mermaid, "```", "", "Edges count import statements; red edges are forbidden by `layers.allow`, dotted ones cross it with type-only imports.", "");
  }

  out.push("## Findings", "");
  const findings = reportFindings(data);
  if (findings.length === 0) out.push("No findings.", "");
  else out.push(...findings.flatMap((item) => findingItem(item, options)), "");

  const unknown = unknownSiteRows(data);
  if (unknown.length > 0) {
    out.push(
      "## Query sites not fully analysed",
      "",
      ...table(
        ["Query", "Location", "Unknown"],
        ["left", "left", "left"],
        unknown.map((row) => [markdownCode(row.site.label), markdownCode(row.location), row.unknown.join(", ")]),
      ),
      "",
    );
  }
  // one blank line at the end, none doubled
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
