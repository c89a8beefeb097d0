import path from "node:path";
import type { ReportData, SiteVerdict } from "../analysis/report-model.js";
import { isError, pluralize } from "./counts.js";
import { EDGE_COLORS, layerGraphSvg } from "./layer-graph-svg.js";
import {
  DEFAULT_TITLE,
  endpointRows,
  escapeHtml as e,
  layerGraphView,
  reportFindings,
  ruleName,
  summarize,
  unknownSiteRows,
  VERDICT_LABEL,
  type ReportFinding,
  type ReportOptions,
} from "./report-parts.js";

/**
 * The reviewer's report as one self-contained HTML file: inline CSS, an inline SVG for the layer
 * graph, no script and no external resource, so it opens from disk and makes no network request.
 * Every user string (paths, messages, names, code) goes through `escapeHtml`.
 *
 * Findings are grouped by rule, then by file, in native `<details>` with their counts; above
 * `OPEN_GROUPS_UP_TO` findings the groups start collapsed. The filter by rule and severity is a row of
 * checkboxes that CSS reads (`:has(:checked)`), so it works with scripts off and needs none.
 *
 * Not in the reporter registry (`./index.ts`): registry reporters take a `CheckResult`, this one
 * takes the analyzer's `ReportData`; the `report` command calls it directly. Pure: the same data
 * and options give the same string (no timestamp unless `options.generatedAt` is passed).
 */

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d0d7de; --soft: #f6f8fa;
  --red: ${EDGE_COLORS.forbidden}; --red-bg: #ffebe9; --amber: #9a6700; --amber-bg: #fff8c5; --green: #1a7f37; --green-bg: #dafbe1; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--border); }
.meta { color: var(--muted); margin: 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.cards { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; margin-top: 20px; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; background: var(--soft); }
.card .value { font-size: 26px; font-weight: 600; line-height: 1.2; }
.card .label { color: var(--muted); }
.card.bad .value { color: var(--red); }
.card.warn .value { color: var(--amber); }
.columns { display: grid; grid-template-columns: minmax(0, 4fr) minmax(0, 8fr); gap: 32px; align-items: start; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.has-findings td:first-child { box-shadow: inset 3px 0 0 var(--red); }
.method { font-weight: 700; font-size: 12px; letter-spacing: .02em; }
.where { color: var(--muted); font-size: 12px; display: block; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.verdict.violation { color: var(--red); background: var(--red-bg); }
.verdict.unknown { color: var(--amber); background: var(--amber-bg); }
.verdict.ok { color: var(--green); background: var(--green-bg); }
.verdict.not-applicable { color: var(--muted); }
.auth-no { color: var(--red); font-weight: 600; }
.graph { border: 1px solid var(--border); border-radius: 8px; padding: 12px; overflow-x: auto; text-align: center; }
.graph svg { max-width: 100%; height: auto; }
.legend { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
.swatch { display: inline-block; width: 18px; height: 0; vertical-align: middle; margin: 0 4px 0 10px; border-top: 2px solid ${EDGE_COLORS.allowed}; }
.swatch.forbidden { border-top: 3px solid var(--red); }
.swatch.type-only { border-top: 2px dashed ${EDGE_COLORS.allowed}; }
.finding { border: 1px solid var(--border); border-radius: 8px; margin: 0 0 14px; overflow: hidden; }
.finding header { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; padding: 8px 12px; background: var(--soft); border-bottom: 1px solid var(--border); }
.finding .message { margin: 8px 12px; }
.finding .message code { background: var(--soft); padding: 1px 4px; border-radius: 4px; }
.severity { font-size: 12px; font-weight: 700; text-transform: uppercase; padding: 0 6px; border-radius: 4px; }
.severity.error { color: #fff; background: var(--red); }
.severity.warning { color: var(--fg); background: #fff1a8; }
.trace { margin: 0 12px 8px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 2px 0; align-items: baseline; color: var(--muted); }
.trace li + li::before { content: "→"; margin: 0 6px; }
.trace code { color: var(--fg); background: var(--soft); padding: 1px 5px; border-radius: 4px; }
pre.excerpt { margin: 0; padding: 8px 0; background: #fbfcfd; border-top: 1px solid var(--border); overflow-x: auto; }
pre.excerpt span { display: block; padding: 0 12px; }
pre.excerpt .ln { display: inline; padding: 0 12px 0 0; color: var(--muted); user-select: none; }
pre.excerpt .current { background: var(--red-bg); }
pre.excerpt .current.warning { background: var(--amber-bg); }
details.group { margin: 0 0 10px; }
details.group > summary { cursor: pointer; padding: 6px 10px; border: 1px solid var(--border); border-radius: 8px; background: var(--soft); font-weight: 600; }
details.group[open] > summary { margin-bottom: 10px; }
details.group .count { color: var(--muted); font-weight: 400; margin-left: 8px; }
details.file { margin: 0 0 10px 16px; }
details.file > summary { font-weight: 400; background: #fff; }
.filters { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 0 0 14px; color: var(--muted); }
.filters label { white-space: nowrap; cursor: pointer; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
.empty { color: var(--muted); }
`;

function verdict(value: SiteVerdict): string {
  return `<span class="verdict ${value}">${VERDICT_LABEL[value]}</span>`;
}

function ruleLink(ruleId: string | null, options: ReportOptions): string {
  const name = e(ruleName(ruleId));
  const url = ruleId === null ? undefined : options.ruleDocs?.[ruleId];
  // only web links: a docs url is a plain anchor, never a resource the page loads
  return url && /^https?:\/\//.test(url) ? `<a href="${e(url)}">${name}</a>` : name;
}

/** A rule message: escaped, its backtick code spans (`deletedAt: null`) shown as code. */
function message(text: string): string {
  return text
    .split(/`([^`\n]+)`/)
    .map((part, index) => (index % 2 === 1 ? `<code>${e(part)}</code>` : e(part)))
    .join("");
}

function card(value: string, label: string, tone = ""): string {
  return `<div class="card${tone ? ` ${tone}` : ""}"><div class="value">${value}</div><div class="label">${label}</div></div>`;
}

function findingArticle(item: ReportFinding, index: number, options: ReportOptions): string {
  const { finding } = item;
  const severity = isError(finding) ? "error" : "warning";
  const where = `${item.path}:${finding.line}:${finding.column}`;
  const parts = [
    `<article class="finding" id="finding-${index + 1}" data-severity="${severity}">`,
    `<header><span class="severity ${severity}">${severity}</span><strong>${ruleLink(finding.ruleId, options)}</strong><code>${e(where)}</code></header>`,
    `<p class="message">${message(finding.message)}</p>`,
  ];
  if (finding.trace && finding.trace.length > 0) {
    const steps = finding.trace.map((step) => `<li><code title="${e(`${path.basename(step.filePath)}:${step.line}:${step.column}`)}">${e(step.label)}</code></li>`);
    parts.push(`<ol class="trace" aria-label="trace">${steps.join("")}</ol>`);
  }
  if (item.excerpt.length > 0) {
    const width = String(item.excerpt.at(-1)!.number).length;
    const lines = item.excerpt.map(
      (line) =>
        `<span${line.current ? ` class="current ${severity}"` : ""}><span class="ln">${String(line.number).padStart(width)}</span>${e(line.text)}</span>`,
    );
    parts.push(`<pre class="excerpt">${lines.join("")}</pre>`);
  }
  parts.push(`</article>`);
  return parts.join("\n");
}

/** Up to this many findings the groups start open; a larger report starts with its counts only. */
export const OPEN_GROUPS_UP_TO = 100;

/**
 * The findings by rule, then by file, each group a `<details>` with its counts, after a filter row.
 * Hiding is CSS's: `main:has(#hide-rule-2:checked) [data-rule="2"]` — no script, so the page keeps
 * its `default-src 'none'` policy.
 */
function findingGroups(findings: readonly ReportFinding[], options: ReportOptions): { css: string; body: string } {
  const byRule = new Map<string, ReportFinding[]>();
  for (const item of findings) {
    const name = ruleName(item.finding.ruleId);
    byRule.set(name, [...(byRule.get(name) ?? []), item]);
  }
  // the rules with the most findings first
  const rules = [...byRule].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
  const open = findings.length <= OPEN_GROUPS_UP_TO ? " open" : "";
  const filterCss: string[] = ["main:has(#hide-errors:checked) .finding[data-severity=\"error\"], main:has(#hide-warnings:checked) .finding[data-severity=\"warning\"] { display: none; }"];
  const filters = [
    `<label><input type="checkbox" id="hide-errors"> hide errors</label>`,
    `<label><input type="checkbox" id="hide-warnings"> hide warnings</label>`,
  ];
  const groups: string[] = [];
  let index = 0;
  for (const [ruleIndex, [name, items]] of rules.entries()) {
    filterCss.push(`main:has(#hide-rule-${ruleIndex}:checked) [data-rule="${ruleIndex}"] { display: none; }`);
    filters.push(`<label><input type="checkbox" id="hide-rule-${ruleIndex}"> hide <code>${e(name)}</code></label>`);
    const errors = items.filter((item) => isError(item.finding)).length;
    const byFile = new Map<string, ReportFinding[]>();
    for (const item of items) byFile.set(item.path, [...(byFile.get(item.path) ?? []), item]);
    const files = [...byFile].map(
      ([file, inFile]) =>
        `<details class="group file"${open}><summary><code>${e(file)}</code><span class="count">${pluralize(inFile.length, "finding")}</span></summary>\n` +
        `${inFile.map((item) => findingArticle(item, index++, options)).join("\n")}\n</details>`,
    );
    groups.push(
      `<details class="group rule" data-rule="${ruleIndex}"${open}><summary>${ruleLink(items[0].finding.ruleId, options)}` +
        `<span class="count">${pluralize(items.length, "finding")}: ${pluralize(errors, "error")}, ${pluralize(items.length - errors, "warning")}, in ${pluralize(byFile.size, "file")}</span></summary>\n` +
        `${files.join("\n")}\n</details>`,
    );
  }
  return { css: filterCss.join("\n"), body: [`<div class="filters" aria-label="filter">${filters.join("")}</div>`, ...groups].join("\n") };
}

export function html(data: ReportData, options: ReportOptions = {}): string {
  const title = options.title ?? DEFAULT_TITLE;
  const summary = summarize(data);
  const problems = summary.errors + summary.warnings;
  const findings = reportFindings(data);
  const groups = findings.length === 0 ? undefined : findingGroups(findings, options);
  const out: string[] = [];
  out.push(
    "<!DOCTYPE html>",
    `<html lang="en">`,
    "<head>",
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    // nothing is loaded from anywhere: not even images or fonts
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${e(`${title} · ${path.basename(data.rootDir)}`)}</title>`,
    `<style>${CSS}${groups ? `${groups.css}\n` : ""}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${e(title)}</h1>`,
    `<p class="meta">Project <code>${e(path.basename(data.rootDir))}</code>${options.generatedAt ? `, generated ${e(options.generatedAt)}` : ""}</p>`,
  );

  out.push(
    `<section class="cards" aria-label="summary">`,
    card(String(problems), `${pluralize(summary.errors, "error")}, ${pluralize(summary.warnings, "warning")}`, summary.errors > 0 ? "bad" : summary.warnings > 0 ? "warn" : ""),
    card(String(summary.endpoints), `endpoints checked`),
    card(String(summary.endpointsWithoutAuth), `endpoints without auth`, summary.endpointsWithoutAuth > 0 ? "warn" : ""),
    card(String(summary.querySites), `query sites`),
    card(String(summary.unknownSites), `query sites unknown`, summary.unknownSites > 0 ? "warn" : ""),
    `</section>`,
  );

  // findings by rule and the layer graph side by side
  const ruleRows = summary.rules.map(
    (rule) =>
      `<tr><td>${ruleLink(rule.ruleId, options)}</td><td class="num">${rule.errors}</td><td class="num">${rule.warnings}</td></tr>`,
  );
  const svg = layerGraphSvg(layerGraphView(data));
  out.push(
    `<div class="columns">`,
    `<section><h2>Findings by rule</h2>`,
    ruleRows.length === 0
      ? `<p class="empty">No findings.</p>`
      : `<table class="rules"><thead><tr><th>Rule</th><th class="num">Errors</th><th class="num">Warnings</th></tr></thead><tbody>\n${ruleRows.join("\n")}\n</tbody>` +
          `<tfoot><tr><th>Total</th><th class="num">${summary.errors}</th><th class="num">${summary.warnings}</th></tr></tfoot></table>`,
    `<p class="meta">${pluralize(summary.filesChecked, "file")} checked.</p>`,
    `</section>`,
    `<section><h2>Layer graph</h2>`,
    svg === ""
      ? `<p class="empty">No layers.</p>`
      : `<div class="graph">\n${svg}\n</div><p class="legend">Edges count import statements.<span class="swatch"></span>allowed<span class="swatch forbidden"></span>forbidden by <code>layers.allow</code><span class="swatch type-only"></span>type-only across a boundary</p>`,
    `</section>`,
    `</div>`,
  );

  const rows = endpointRows(data);
  out.push(`<section><h2>Endpoints</h2>`);
  if (rows.length === 0) {
    out.push(`<p class="empty">No endpoints found.</p>`);
  } else {
    out.push(
      `<table class="endpoints"><thead><tr><th>Method</th><th>Path</th><th>Auth</th><th>Owner scope</th><th>Soft delete</th><th class="num">Findings</th><th>Handler</th></tr></thead><tbody>`,
      ...rows.map(
        (row) =>
          `<tr${row.findings > 0 ? ` class="has-findings"` : ""}><td class="method">${e(row.endpoint.method)}</td>` +
          `<td><code>${e(row.endpoint.path)}</code><span class="where">${e(row.location)}</span></td>` +
          `<td>${row.endpoint.auth ? "yes" : `<span class="auth-no">no</span>`}</td>` +
          `<td>${verdict(row.ownerScope)}</td><td>${verdict(row.softDelete)}</td>` +
          `<td class="num">${row.findings}</td><td><code>${e(row.endpoint.handler)}</code></td></tr>`,
      ),
      `</tbody></table>`,
      `<p class="legend">Owner scope and soft delete show the worst verdict of the query sites an endpoint reaches: violation, then unknown, then ok; n/a when no reached query is concerned.</p>`,
    );
  }
  out.push(`</section>`);

  out.push(`<section><h2>Findings</h2>`);
  out.push(groups === undefined ? `<p class="empty">No findings.</p>` : groups.body);
  out.push(`</section>`);

  const unknown = unknownSiteRows(data);
  if (unknown.length > 0) {
    out.push(
      `<section><h2>Query sites not fully analysed</h2>`,
      `<table class="unknown"><thead><tr><th>Query</th><th>Location</th><th>Unknown</th></tr></thead><tbody>`,
      ...unknown.map(
        (row) => `<tr><td><code>${e(row.site.label)}</code></td><td><code>${e(row.location)}</code></td><td>${e(row.unknown.join(", "))}</td></tr>`,
      ),
      `</tbody></table></section>`,
    );
  }

  out.push("</main>", "</body>", "</html>", "");
  return out.join("\n");
}
