import path from "node:path";
import type { ReportData, SiteVerdict } from "../analysis/report-model.js";
import { compareStrings, pluralize } from "./counts.js";
import { layerGraphMermaid } from "./layer-graph-mermaid.js";
import type { Endpoint } from "../analysis/report-model.js";
import { FIX_CATEGORIES, FIX_ORDER_NOTE, fixCategoryOf } from "./fix-order.js";
import {
  DEFAULT_TITLE,
  escapeHtml,
  foldLines,
  escapeMarkdown,
  layerGraphView,
  markdownCode,
  markdownFence,
  findingAnchor,
  linkedReport,
  ruleName,
  summarize,
  unknownSiteRows,
  type EndpointRow,
  type ReportFinding,
  type ReportOptions,
} from "./report-parts.js";

/**
 * The reviewer's report as GitHub-flavoured Markdown, for pull-request comments and
 * `$GITHUB_STEP_SUMMARY`: a summary line, tables, the layer graph as a Mermaid block, and the
 * findings in fix order (`./fix-order.ts`) under a heading per category, their excerpts folded in
 * `<details>`. Endpoint rows link to their findings with the HTML report's anchors (`#finding-3`;
 * GitHub keeps `<a id>` and resolves such links); a finding's trace names the endpoint that runs it.
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

/** A finding as a list item with its anchor, which the endpoint table links to; its trace starts at the first endpoint that runs it. */
function findingItem(item: ReportFinding, options: ReportOptions): string[] {
  const { finding } = item;
  const severity = finding.fatal || finding.severity === 2 ? "❌ **error**" : "⚠️ **warning**";
  const where = `${item.path}:${finding.line}:${finding.column}`;
  const lines = [`- <a id="${findingAnchor(item)}"></a>**#${item.number}** ${severity} ${ruleLink(finding.ruleId, options)} ${markdownCode(where)}: ${escapeMarkdown(finding.message)}`];
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

/** The findings under a heading per category (security, data, style), each item's lines as `render` gives them. */
function byCategory(findings: readonly ReportFinding[], render: (item: ReportFinding) => string[]): string[] {
  const out: string[] = [];
  for (const category of FIX_CATEGORIES) {
    const items = findings.filter((item) => item.category.id === category.id);
    if (items.length === 0) continue;
    out.push(`### ${category.title}`, "", ...items.flatMap(render), "");
  }
  return out;
}

/**
 * GitHub takes at most 65,536 characters in a pull-request comment or a job summary. Below that the
 * report is whole; above it, a compact form: the summary, the worst endpoints, the findings counted
 * per rule and file, as many findings as fit, and a note pointing at the full HTML report.
 */
export const MARKDOWN_LIMIT = 65_536;
/** room kept for what a CI step adds around the report (a heading, a link) */
const MARGIN = 1_536;

export function markdown(data: ReportData, options: ReportOptions = {}): string {
  const whole = render(data, options, "whole");
  if (whole.length <= MARKDOWN_LIMIT - MARGIN) return whole;
  return render(data, options, "compact");
}

function render(data: ReportData, options: ReportOptions, form: "whole" | "compact"): string {
  const budget = MARKDOWN_LIMIT - MARGIN;
  const summary = summarize(data);
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(options.title ?? DEFAULT_TITLE)}`, "");
  const project = path.basename(data.rootDir);
  out.push(`Project ${markdownCode(project)}${options.generatedAt ? `, generated ${escapeMarkdown(options.generatedAt)}` : ""}.`, "");
  const problems = summary.errors + summary.warnings;
  out.push(
    `**${pluralize(problems, "problem")}** (${pluralize(summary.errors, "error")}, ${pluralize(summary.warnings, "warning")}) · ` +
      `**${pluralize(summary.endpoints, "endpoint")}** checked (${summary.endpointsWithoutAuth} without auth${summary.publicEndpoints > 0 ? `, ${summary.publicEndpoints} public` : ""}) · ` +
      `**${pluralize(summary.querySites, "query site")}**, ${summary.unknownSites} unknown · ` +
      `${pluralize(summary.filesChecked, "file")}`,
    "",
  );
  if (form === "compact") {
    out.push(
      `> This report is longer than GitHub's ${MARKDOWN_LIMIT.toLocaleString("en-US")} characters: it shows the worst endpoints, the findings counted per rule and file, and the first findings. Every finding, trace and excerpt is in the HTML report (\`backend-conventions report --format html\`).`,
      "",
    );
  }

  out.push("## Findings by rule", "");
  if (summary.rules.length === 0) {
    out.push("No findings.", "");
  } else {
    out.push(
      ...table(
        ["Rule", "Category", "Errors", "Warnings"],
        ["left", "left", "right", "right"],
        summary.rules.map((rule) => [ruleLink(rule.ruleId, options), fixCategoryOf(rule.ruleId).label, String(rule.errors), String(rule.warnings)]),
      ),
      "",
    );
  }

  out.push("## Endpoints", "");
  const { findings, endpoints: allRows } = linkedReport(data);
  // the compact form keeps the worst endpoints: violations first, then the most findings
  const rows = form === "whole" ? allRows : [...allRows].sort(worstFirst).slice(0, COMPACT_ENDPOINTS);
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
          authCell(row.endpoint),
          VERDICT_MARK[row.ownerScope],
          VERDICT_MARK[row.softDelete],
          findingsCell(row, form),
          markdownCode(row.endpoint.handler),
          markdownCode(row.location),
        ]),
      ),
      "",
      ...(rows.length < allRows.length ? [`The ${rows.length} worst of ${pluralize(allRows.length, "endpoint")}; the others are in the HTML report.`, ""] : []),
      "Owner scope and soft delete show the worst verdict of the query sites an endpoint reaches: violation, then unknown, then ok; n/a when no reached query is concerned. " +
        "Findings are those on the code the endpoint runs. Public: no authentication, and the config or the code says so (require-auth's `publicRoutes`, a NestJS `@Public()`-style opt-out, or only reads of models in `ownership.publicReads`).",
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

  if (form === "compact" && findings.length > 0) {
    out.push("## Findings per rule and file", "");
    const perFile = countsPerRuleAndFile(findings);
    const countRows = perFile.map(({ ruleId, file, count }) => [ruleLink(ruleId, options), markdownCode(file), String(count)]);
    const fitting = fittingCount(countRows.map((row) => `| ${row.join(" | ")} |\n`), Math.floor((budget - length(out)) / 3));
    out.push(...table(["Rule", "File", "Findings"], ["left", "left", "right"], countRows.slice(0, fitting)), "");
    if (fitting < countRows.length) out.push(`${countRows.length - fitting} more rule and file pairs are in the HTML report.`, "");
  }

  out.push("## Findings, what to fix first", "");
  if (findings.length === 0) out.push("No findings.", "");
  else if (form === "whole") out.push(FIX_ORDER_NOTE, "", ...byCategory(findings, (item) => findingItem(item, options)), "");
  else {
    // no excerpts: one line per finding (and its trace), the most urgent first, as many as the rest of the budget holds
    const items = findings.map((item) => findingItem({ ...item, excerpt: [] }, options).join("\n") + "\n");
    const fitting = fittingCount(items, budget - length(out) - 400 - FIX_ORDER_NOTE.length - 40 * FIX_CATEGORIES.length);
    out.push(FIX_ORDER_NOTE, "", ...byCategory(findings.slice(0, fitting), (item) => [findingItem({ ...item, excerpt: [] }, options).join("\n")]), "");
    if (fitting < items.length) out.push(`The first ${fitting} of ${pluralize(items.length, "finding")}; the others are in the HTML report.`, "");
  }

  const unknown = unknownSiteRows(data);
  if (unknown.length > 0 && form === "whole") {
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
  } else if (unknown.length > 0) {
    out.push("## Query sites not fully analysed", "", `${pluralize(unknown.length, "query site")}, listed in the HTML report.`, "");
  }
  // one blank line at the end, none doubled
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

const COMPACT_ENDPOINTS = 50;

function authCell(endpoint: Endpoint): string {
  if (endpoint.auth) return "🔒 yes";
  return endpoint.public ? "public" : "no";
}

/** The whole form links each finding (its anchor is in the list); the compact form, which lists only the first findings, counts them. */
function findingsCell(row: EndpointRow, form: "whole" | "compact"): string {
  if (form === "compact" || row.findings.length === 0) return String(row.findings.length);
  return row.findings.map((item) => `[#${item.number}](#${findingAnchor(item)})`).join(" ");
}

const VERDICT_RANK: Record<SiteVerdict, number> = { violation: 0, unknown: 1, ok: 2, "not-applicable": 3 };

function worstFirst(a: EndpointRow, b: EndpointRow): number {
  const rank = (row: typeof a) => Math.min(VERDICT_RANK[row.ownerScope], VERDICT_RANK[row.softDelete]);
  return rank(a) - rank(b) || b.findings.length - a.findings.length;
}

function countsPerRuleAndFile(findings: readonly ReportFinding[]): { ruleId: string | null; file: string; count: number }[] {
  const counts = new Map<string, { ruleId: string | null; file: string; count: number }>();
  for (const { finding, path: file } of findings) {
    const key = `${finding.ruleId ?? ""}\0${file}`;
    const entry = counts.get(key) ?? { ruleId: finding.ruleId, file, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || compareStrings(ruleName(a.ruleId), ruleName(b.ruleId)) || compareStrings(a.file, b.file));
}

/** How many of `items`, in order, fit in `budget` characters. */
function fittingCount(items: readonly string[], budget: number): number {
  let used = 0;
  for (const [index, item] of items.entries()) {
    used += item.length;
    if (used > budget) return index;
  }
  return items.length;
}

function length(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}
