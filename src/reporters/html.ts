import path from "node:path";
import type { ReportData, SiteVerdict } from "../analysis/report-model.js";
import { isError, pluralize } from "./counts.js";
import { EDGE_COLORS, layerGraphSvg } from "./layer-graph-svg.js";
import { FIX_CATEGORIES, FIX_ORDER_NOTE, fixCategoryOf } from "./fix-order.js";
import {
  DEFAULT_TITLE,
  endpointAnchor,
  escapeHtml as e,
  findingAnchor,
  layerGraphView,
  linkedReport,
  ruleName,
  summarize,
  unknownSiteRows,
  VERDICT_LABEL,
  type EndpointRow,
  type ReportFinding,
  type ReportOptions,
} from "./report-parts.js";
import type { Endpoint } from "../analysis/report-model.js";

/**
 * The reviewer's report as one self-contained HTML file: inline CSS, an inline SVG for the layer
 * graph, no script and no external resource, so it opens from disk and makes no network request.
 * Every user string (paths, messages, names, code) goes through `escapeHtml`.
 *
 * Findings are in fix order (`./fix-order.ts`: security, then data, then style; within each, the
 * findings more endpoints run first), one native `<details>` per category with its counts; above
 * `OPEN_GROUPS_UP_TO` findings the categories start collapsed. Each finding links to the endpoints that
 * run it, each endpoint row to its findings (`#finding-3`, `#endpoint-7`). The filter by rule and
 * severity is a row of checkboxes that CSS reads (`:has(:checked)`), so it works with scripts off.
 *
 * The layout holds at a phone's width: the page never scrolls sideways, the tables scroll inside their
 * own box (the endpoint table stacks its cells below 640 px), the layer graph scales down.
 *
 * Not in the reporter registry (`./index.ts`): registry reporters take a `CheckResult`, this one
 * takes the analyzer's `ReportData`; the `report` command calls it directly. Pure: the same data
 * and options give the same string (no timestamp unless `options.generatedAt` is passed).
 */

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --border: #d0d7de; --soft: #f6f8fa;
  --red: ${EDGE_COLORS.forbidden}; --red-bg: #ffebe9; --amber: #9a6700; --amber-bg: #fff8c5; --green: #1a7f37; --green-bg: #dafbe1; --blue-bg: #ddf4ff; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 48px; overflow-wrap: anywhere; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--border); }
.meta { color: var(--muted); margin: 0; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin-top: 20px; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; background: var(--soft); min-width: 0; }
.card .value { font-size: 26px; font-weight: 600; line-height: 1.2; }
.card .label { color: var(--muted); }
.card.bad .value { color: var(--red); }
.card.warn .value { color: var(--amber); }
.columns { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 32px; align-items: start; }
.columns > section { min-width: 0; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; overflow-wrap: normal; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td code { overflow-wrap: anywhere; }
tr.has-findings td:first-child { box-shadow: inset 3px 0 0 var(--red); }
tr:target td { background: var(--blue-bg); }
.method { font-weight: 700; font-size: 12px; letter-spacing: .02em; }
.where { color: var(--muted); font-size: 12px; display: block; }
.verdict { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.verdict.violation { color: var(--red); background: var(--red-bg); }
.verdict.unknown { color: var(--amber); background: var(--amber-bg); }
.verdict.ok { color: var(--green); background: var(--green-bg); }
.verdict.not-applicable { color: var(--muted); }
.auth { white-space: nowrap; }
.auth-no { color: var(--red); font-weight: 600; }
.auth-public { color: var(--muted); border: 1px solid var(--border); border-radius: 10px; padding: 0 8px; font-size: 12px; }
td.findings { min-width: 5em; }
.graph { border: 1px solid var(--border); border-radius: 8px; padding: 12px; overflow-x: auto; text-align: center; }
.graph svg { max-width: 100%; height: auto; }
.legend { color: var(--muted); font-size: 12px; margin: 8px 0 0; }
.swatch { display: inline-block; width: 18px; height: 0; vertical-align: middle; margin: 0 4px 0 10px; border-top: 2px solid ${EDGE_COLORS.allowed}; }
.swatch.forbidden { border-top: 3px solid var(--red); }
.swatch.type-only { border-top: 2px dashed ${EDGE_COLORS.allowed}; }
.finding { border: 1px solid var(--border); border-radius: 8px; margin: 0 0 14px; overflow: hidden; }
.finding:target { outline: 2px solid #0969da; outline-offset: 1px; }
.finding header { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: baseline; padding: 8px 12px; background: var(--soft); border-bottom: 1px solid var(--border); }
.finding .number { color: var(--muted); font-variant-numeric: tabular-nums; }
.finding .message { margin: 8px 12px; }
.finding .message code { background: var(--soft); padding: 1px 4px; border-radius: 4px; }
.finding .reached { margin: 0 12px 8px; color: var(--muted); }
.severity { font-size: 12px; font-weight: 700; text-transform: uppercase; padding: 0 6px; border-radius: 4px; }
.severity.error { color: #fff; background: var(--red); }
.severity.warning { color: var(--fg); background: #fff1a8; }
.trace { margin: 0 12px 8px; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 2px 0; align-items: baseline; color: var(--muted); }
.trace li { min-width: 0; }
.trace li + li::before { content: "→"; margin: 0 6px; }
.trace code { color: var(--fg); background: var(--soft); padding: 1px 5px; border-radius: 4px; }
pre.excerpt { margin: 0; padding: 8px 0; background: #fbfcfd; border-top: 1px solid var(--border); overflow-x: auto; overflow-wrap: normal; }
pre.excerpt > span { display: block; padding: 0 12px; width: max-content; min-width: 100%; }
pre.excerpt .ln { display: inline; padding: 0 12px 0 0; color: var(--muted); user-select: none; }
pre.excerpt .current { background: var(--red-bg); }
pre.excerpt .current.warning { background: var(--amber-bg); }
details.group { margin: 0 0 10px; }
details.group > summary { cursor: pointer; padding: 6px 10px; border: 1px solid var(--border); border-radius: 8px; background: var(--soft); font-weight: 600; }
details.group[open] > summary { margin-bottom: 10px; }
details.group .count { color: var(--muted); font-weight: 400; margin-left: 8px; }
.filters { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 10px 0 14px; color: var(--muted); }
.filters label { cursor: pointer; }
a { color: #0969da; text-decoration: none; }
a:hover { text-decoration: underline; }
.empty { color: var(--muted); }
@media (max-width: 900px) {
  .columns { grid-template-columns: minmax(0, 1fr); gap: 0; }
}
@media (min-width: 641px) {
  table.rules td:first-child { white-space: nowrap; }
}
@media (max-width: 640px) {
  main { padding: 16px 12px 32px; }
  h1 { font-size: 20px; }
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .card { padding: 8px 12px; }
  .card .value { font-size: 22px; }
  .graph svg { min-width: 560px; }
  /* the endpoint table stacks: method and path, then the verdicts in a wrapping line, then the handler */
  table.endpoints thead { display: none; }
  table.endpoints, table.endpoints tbody { display: block; }
  table.endpoints tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 14px; border: 1px solid var(--border); border-radius: 8px; margin: 0 0 8px; padding: 6px 10px; }
  table.endpoints td { display: block; border: 0; padding: 0; min-width: 0; }
  table.endpoints td.path { flex: 1 0 75%; }
  table.endpoints td.handler { flex-basis: 100%; }
  table.endpoints td.num { text-align: left; }
  table.endpoints td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: 12px; }
  tr.has-findings td:first-child { box-shadow: none; }
  table.endpoints tr.has-findings { border-left: 3px solid var(--red); }
}
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

/** At most this many links in one cell or line; the rest is counted ("and 4 more"). */
export const LINKS_SHOWN = 12;

function linkList(links: readonly string[]): string {
  const shown = links.slice(0, LINKS_SHOWN);
  const more = links.length - shown.length;
  return shown.join(", ") + (more > 0 ? `, and ${more} more` : "");
}

function endpointName(endpoint: Pick<Endpoint, "method" | "path">): string {
  return `${endpoint.method} ${endpoint.path}`;
}

function findingArticle(item: ReportFinding, ruleIndex: number, options: ReportOptions): string {
  const { finding } = item;
  const severity = isError(finding) ? "error" : "warning";
  const where = `${item.path}:${finding.line}:${finding.column}`;
  const parts = [
    `<article class="finding" id="${findingAnchor(item)}" data-severity="${severity}" data-rule="${ruleIndex}">`,
    `<header><a class="number" href="#${findingAnchor(item)}">#${item.number}</a><span class="severity ${severity}">${severity}</span><strong>${ruleLink(finding.ruleId, options)}</strong><code>${e(where)}</code></header>`,
    `<p class="message">${message(finding.message)}</p>`,
  ];
  if (item.endpoints.length > 0) {
    const links = item.endpoints.map((row) => `<a href="#${endpointAnchor(row)}"><code>${e(endpointName(row.endpoint))}</code></a>`);
    parts.push(`<p class="reached">Run by ${pluralize(item.endpoints.length, "endpoint")}: ${linkList(links)}</p>`);
  }
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

/** Up to this many findings the categories start open; a larger report starts with its counts only. */
export const OPEN_GROUPS_UP_TO = 100;

/**
 * The findings in fix order, one `<details>` per category with its counts, after a filter row.
 * Hiding is CSS's: `main:has(#hide-rule-2:checked) [data-rule="2"]` — no script, so the page keeps
 * its `default-src 'none'` policy.
 */
function findingGroups(findings: readonly ReportFinding[], options: ReportOptions): { css: string; body: string } {
  // the filter lists the rules in fix order; a rule's index names it in the CSS
  const rules = [...new Set(findings.map((item) => item.finding.ruleId))];
  const ruleIndex = new Map(rules.map((ruleId, index) => [ruleId, index]));
  const open = findings.length <= OPEN_GROUPS_UP_TO ? " open" : "";
  const filterCss: string[] = ['main:has(#hide-errors:checked) .finding[data-severity="error"], main:has(#hide-warnings:checked) .finding[data-severity="warning"] { display: none; }'];
  const filters = [
    `<label><input type="checkbox" id="hide-errors"> hide errors</label>`,
    `<label><input type="checkbox" id="hide-warnings"> hide warnings</label>`,
  ];
  for (const [index, ruleId] of rules.entries()) {
    filterCss.push(`main:has(#hide-rule-${index}:checked) [data-rule="${index}"] { display: none; }`);
    filters.push(`<label><input type="checkbox" id="hide-rule-${index}"> hide <code>${e(ruleName(ruleId))}</code></label>`);
  }
  const groups: string[] = [];
  for (const category of FIX_CATEGORIES) {
    const items = findings.filter((item) => item.category.id === category.id);
    if (items.length === 0) continue;
    const errors = items.filter((item) => isError(item.finding)).length;
    const ruleCount = new Set(items.map((item) => item.finding.ruleId)).size;
    groups.push(
      `<details class="group category" data-category="${category.id}"${open}><summary>${e(category.title)}` +
        `<span class="count">${pluralize(items.length, "finding")}: ${pluralize(errors, "error")}, ${pluralize(items.length - errors, "warning")}, of ${pluralize(ruleCount, "rule")}</span></summary>\n` +
        `${items.map((item) => findingArticle(item, ruleIndex.get(item.finding.ruleId)!, options)).join("\n")}\n</details>`,
    );
  }
  const order = `<p class="meta">${e(FIX_ORDER_NOTE)}</p>`;
  return { css: filterCss.join("\n"), body: [order, `<div class="filters" aria-label="filter">${filters.join("")}</div>`, ...groups].join("\n") };
}

function authCell(endpoint: Endpoint): string {
  if (endpoint.auth) return `<span class="auth auth-yes">yes</span>`;
  if (endpoint.public?.by === "publicRoutes") {
    return `<span class="auth auth-public" title="${e(`listed in require-auth's publicRoutes: ${endpoint.public.pattern}`)}">public</span>`;
  }
  if (endpoint.public?.by === "declared") {
    return `<span class="auth auth-public" title="${e(`declared public in the code: ${endpoint.public.decorator}`)}">public</span>`;
  }
  if (endpoint.public?.by === "publicReads") {
    return `<span class="auth auth-public" title="${e(`reads only public models: ${endpoint.public.models.join(", ")}`)}">public</span>`;
  }
  return `<span class="auth auth-no">no</span>`;
}

function endpointRow(row: EndpointRow): string {
  const links = row.findings.map((item) => `<a href="#${findingAnchor(item)}" title="${e(ruleName(item.finding.ruleId))}">#${item.number}</a>`);
  const findings = row.findings.length === 0 ? "0" : linkList(links);
  return (
    `<tr id="${endpointAnchor(row)}"${row.findings.length > 0 ? ` class="has-findings"` : ""}><td class="method">${e(row.endpoint.method)}</td>` +
    `<td class="path"><code>${e(row.endpoint.path)}</code><span class="where">${e(row.location)}</span></td>` +
    `<td data-label="Auth">${authCell(row.endpoint)}</td>` +
    `<td data-label="Owner scope">${verdict(row.ownerScope)}</td><td data-label="Soft delete">${verdict(row.softDelete)}</td>` +
    `<td class="num findings" data-label="Findings">${findings}</td><td class="handler" data-label="Handler"><code>${e(row.endpoint.handler)}</code></td></tr>`
  );
}

export function html(data: ReportData, options: ReportOptions = {}): string {
  const title = options.title ?? DEFAULT_TITLE;
  const summary = summarize(data);
  const problems = summary.errors + summary.warnings;
  const { findings, endpoints: rows } = linkedReport(data);
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
    card(String(summary.endpointsWithoutAuth), `endpoints without auth${summary.publicEndpoints > 0 ? `, ${summary.publicEndpoints} public` : ""}`, summary.endpointsWithoutAuth > 0 ? "warn" : ""),
    card(String(summary.querySites), `query sites`),
    card(String(summary.unknownSites), `query sites unknown`, summary.unknownSites > 0 ? "warn" : ""),
    `</section>`,
  );

  // findings by rule and the layer graph side by side
  const ruleRows = summary.rules.map(
    (rule) =>
      `<tr><td>${ruleLink(rule.ruleId, options)}</td><td>${e(fixCategoryOf(rule.ruleId).label)}</td><td class="num">${rule.errors}</td><td class="num">${rule.warnings}</td></tr>`,
  );
  const svg = layerGraphSvg(layerGraphView(data));
  out.push(
    `<div class="columns">`,
    `<section><h2>Findings by rule</h2>`,
    ruleRows.length === 0
      ? `<p class="empty">No findings.</p>`
      : `<div class="scroll"><table class="rules"><thead><tr><th>Rule</th><th>Category</th><th class="num">Errors</th><th class="num">Warnings</th></tr></thead><tbody>\n${ruleRows.join("\n")}\n</tbody>` +
          `<tfoot><tr><th>Total</th><th></th><th class="num">${summary.errors}</th><th class="num">${summary.warnings}</th></tr></tfoot></table></div>`,
    `<p class="meta">${pluralize(summary.filesChecked, "file")} checked.</p>`,
    `</section>`,
    `<section><h2>Layer graph</h2>`,
    svg === ""
      ? `<p class="empty">No layers.</p>`
      : `<div class="graph">\n${svg}\n</div><p class="legend">Edges count import statements.<span class="swatch"></span>allowed<span class="swatch forbidden"></span>forbidden by <code>layers.allow</code><span class="swatch type-only"></span>type-only across a boundary</p>`,
    `</section>`,
    `</div>`,
  );

  out.push(`<section><h2>Endpoints</h2>`);
  if (rows.length === 0) {
    out.push(`<p class="empty">No endpoints found.</p>`);
  } else {
    out.push(
      `<div class="scroll"><table class="endpoints"><thead><tr><th>Method</th><th>Path</th><th>Auth</th><th>Owner scope</th><th>Soft delete</th><th class="num">Findings</th><th>Handler</th></tr></thead><tbody>`,
      ...rows.map(endpointRow),
      `</tbody></table></div>`,
      `<p class="legend">Owner scope and soft delete show the worst verdict of the query sites an endpoint reaches: violation, then unknown, then ok; n/a when no reached query is concerned. ` +
        `Findings link to the findings on the code the endpoint runs. Public: no authentication, and the config says so (require-auth's <code>publicRoutes</code>, or only reads of models in <code>ownership.publicReads</code>).</p>`,
    );
  }
  out.push(`</section>`);

  out.push(`<section><h2>Findings, what to fix first</h2>`);
  out.push(groups === undefined ? `<p class="empty">No findings.</p>` : groups.body);
  out.push(`</section>`);

  const unknown = unknownSiteRows(data);
  if (unknown.length > 0) {
    out.push(
      `<section><h2>Query sites not fully analysed</h2>`,
      `<div class="scroll"><table class="unknown"><thead><tr><th>Query</th><th>Location</th><th>Unknown</th></tr></thead><tbody>`,
      ...unknown.map(
        (row) => `<tr><td><code>${e(row.site.label)}</code></td><td><code>${e(row.location)}</code></td><td>${e(row.unknown.join(", "))}</td></tr>`,
      ),
      `</tbody></table></div></section>`,
    );
  }

  out.push("</main>", "</body>", "</html>", "");
  return out.join("\n");
}
