import path from "node:path";
import type { Endpoint, QuerySiteSummary, ReportData, SiteVerdict } from "../analysis/report-model.js";
import type { LayerDependency } from "../analysis/layers.js";
import type { Finding, TraceStep } from "../engine/findings.js";
import { compareStrings, isError, pluralize } from "./counts.js";
import { compareByFixOrder, compareRulesByFixOrder, fixCategoryOf, type FixCategoryInfo } from "./fix-order.js";

/**
 * What the HTML and Markdown reports share: the numbers of the summary, the endpoint rows, the
 * findings in fix order (`./fix-order.ts`) with their excerpts, the links between the two, and escaping. Everything here is a pure function of
 * `ReportData`, and every list comes out sorted, so both reports are deterministic.
 */

export interface ReportOptions {
  /** rule id -> docs url: rule names become links */
  ruleDocs?: Record<string, string>;
  /** shown under the title; no timestamp is printed unless one is passed here */
  generatedAt?: string;
  /** the report's title (default: `backend-conventions report`) */
  title?: string;
}

export const DEFAULT_TITLE = "backend-conventions report";

// --- escaping ---

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Characters that Markdown (GitHub's flavour) would read as syntax in running text. */
const MARKDOWN_SPECIAL = /[\\`*_[\]<>&|#~!]/g;

function escapeMarkdownText(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (char) => {
    if (char === "<") return "&lt;";
    if (char === ">") return "&gt;";
    if (char === "&") return "&amp;";
    return `\\${char}`;
  });
}

/**
 * Escapes a user string for Markdown running text and table cells. Balanced backtick code spans
 * (rule messages use them for names and code: `add \`deletedAt: null\``) are kept as code, where
 * nothing is interpreted; only `|` is escaped there too, as GitHub tables require.
 */
export function escapeMarkdown(text: string): string {
  const parts = text.split(/(`[^`\n]+`)/);
  return parts
    .map((part, index) =>
      index % 2 === 1 ? part.replace(/\|/g, "\\|") : escapeMarkdownText(foldLines(part)),
    )
    .join("");
}

/**
 * Line breaks (and other control characters) folded to a space: in a table cell, a list item or a code
 * span a newline would end it, and the rest of a route string or a file name would become headings and links.
 */
export function foldLines(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ");
}

/** A Markdown code span holding `text` literally (folded to one line), whatever backticks it contains. */
export function markdownCode(raw: string): string {
  const text = foldLines(raw);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\|/g, "\\|")}${pad}${fence}`;
}

/** A code fence longer than any backtick run inside `text`. */
export function markdownFence(text: string): string {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  return "`".repeat(Math.max(3, longest + 1));
}

// --- paths and locations ---

/** A path relative to the report's root, with forward slashes on every platform. */
export function displayPath(filePath: string, rootDir: string): string {
  const relative = path.relative(rootDir, filePath);
  if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) return filePath.split(path.sep).join("/");
  return relative.split(path.sep).join("/");
}

export function location(filePath: string, line: number, column: number, rootDir: string): string {
  return `${displayPath(filePath, rootDir)}:${line}:${column}`;
}

// --- verdicts ---

/** The worst verdict wins: violation > unknown > ok > not applicable. */
const VERDICT_RANK: Record<SiteVerdict, number> = { violation: 3, unknown: 2, ok: 1, "not-applicable": 0 };

export function worstVerdict(verdicts: Iterable<SiteVerdict>): SiteVerdict {
  let worst: SiteVerdict = "not-applicable";
  for (const verdict of verdicts) if (VERDICT_RANK[verdict] > VERDICT_RANK[worst]) worst = verdict;
  return worst;
}

export const VERDICT_LABEL: Record<SiteVerdict, string> = {
  violation: "violation",
  unknown: "unknown",
  ok: "ok",
  "not-applicable": "n/a",
};

// --- summary ---

export interface RuleCount {
  /** null for files that could not be parsed */
  ruleId: string | null;
  errors: number;
  warnings: number;
}

export interface Summary {
  errors: number;
  warnings: number;
  /** per rule, in fix order (parse errors first, then security, data, style) */
  rules: RuleCount[];
  filesChecked: number;
  endpoints: number;
  /** endpoints without an authentication middleware that are not public on purpose */
  endpointsWithoutAuth: number;
  /** endpoints without an authentication middleware that the config makes public */
  publicEndpoints: number;
  querySites: number;
  unknownSites: number;
}

export function summarize(data: ReportData): Summary {
  const byRule = new Map<string | null, RuleCount>();
  let errors = 0;
  for (const finding of data.files.flatMap((file) => file.findings)) {
    let count = byRule.get(finding.ruleId);
    if (!count) byRule.set(finding.ruleId, (count = { ruleId: finding.ruleId, errors: 0, warnings: 0 }));
    if (isError(finding)) {
      count.errors++;
      errors++;
    } else {
      count.warnings++;
    }
  }
  const total = [...byRule.values()].reduce((sum, rule) => sum + rule.errors + rule.warnings, 0);
  return {
    errors,
    warnings: total - errors,
    rules: [...byRule.values()].sort((a, b) => compareRulesByFixOrder(a.ruleId, b.ruleId)),
    filesChecked: data.stats.filesChecked,
    endpoints: data.endpoints.length,
    endpointsWithoutAuth: data.endpoints.filter((endpoint) => !endpoint.auth && !endpoint.public).length,
    publicEndpoints: data.endpoints.filter((endpoint) => !endpoint.auth && endpoint.public).length,
    querySites: data.stats.querySites,
    unknownSites: data.stats.unknownSites,
  };
}

export function ruleName(ruleId: string | null): string {
  return ruleId ?? "Parsing error";
}

// --- findings ---

export interface ExcerptLine {
  number: number;
  text: string;
  /** the finding's own line */
  current: boolean;
}

export interface ReportFinding {
  finding: Finding;
  /** 1-based place in fix order: the anchor `finding-<number>` */
  number: number;
  /** relative to the report's root */
  path: string;
  filePath: string;
  /** security, data, style (or a parse error) */
  category: FixCategoryInfo;
  excerpt: ExcerptLine[];
  /** the trace as text, `GET /items/:id → ItemService.get → …`; empty when the finding has no trace */
  trace: string;
  /** the endpoints that run the code the finding is on, in table order */
  endpoints: EndpointRow[];
}

/** Lines shown before and after the finding's line. */
export const EXCERPT_CONTEXT = 2;

/** A few lines around `line` (1-based), tabs expanded, trailing whitespace removed. Empty without the source. */
export function excerpt(source: string | undefined, line: number, context = EXCERPT_CONTEXT): ExcerptLine[] {
  if (source === undefined) return [];
  const lines = source.split(/\r\n|\r|\n/);
  if (line < 1 || line > lines.length) return [];
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const result: ExcerptLine[] = [];
  for (let number = first; number <= last; number++) {
    result.push({ number, text: lines[number - 1].replace(/\t/g, "  ").trimEnd(), current: number === line });
  }
  // drop blank lines at the edges: they only take room
  while (result.length > 1 && !result[0].current && result[0].text === "") result.shift();
  while (result.length > 1 && !result.at(-1)!.current && result.at(-1)!.text === "") result.pop();
  return result;
}

export function traceText(trace: readonly TraceStep[] | undefined): string {
  return (trace ?? []).map((step) => step.label).join(" → ");
}

// --- findings and endpoints, linked ---

export interface EndpointRow {
  endpoint: Endpoint;
  /** 1-based place in the table: the anchor `endpoint-<number>` */
  number: number;
  /** where the route is declared, relative to the report's root */
  location: string;
  ownerScope: SiteVerdict;
  softDelete: SiteVerdict;
  /** the findings on the code the endpoint runs, in fix order */
  findings: ReportFinding[];
}

export interface LinkedReport {
  /** every finding of the run, in fix order */
  findings: ReportFinding[];
  /** the endpoint table: sorted by path, then method (GET, POST, PUT, PATCH, DELETE, others), then location */
  endpoints: EndpointRow[];
}

/** The anchor of a finding or an endpoint row: the same in the HTML and the Markdown report. */
export function findingAnchor(item: Pick<ReportFinding, "number">): string {
  return `finding-${item.number}`;
}

export function endpointAnchor(row: Pick<EndpointRow, "number">): string {
  return `endpoint-${row.number}`;
}

const METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE", "ALL"];

function methodRank(method: string): number {
  const index = METHOD_ORDER.indexOf(method);
  return index === -1 ? METHOD_ORDER.length : index;
}

/**
 * The findings in fix order and the endpoint rows, each linked to the other: an endpoint lists the
 * findings on the code it runs (`Endpoint.findings`, from the analyzer), a finding the endpoints
 * that run it, and how many there are orders the findings within their category.
 */
export function linkedReport(data: ReportData): LinkedReport {
  const rows = data.endpoints
    .map((endpoint): EndpointRow => ({
      endpoint,
      number: 0,
      location: location(endpoint.filePath, endpoint.line, endpoint.column, data.rootDir),
      ownerScope: worstVerdict(endpoint.sites.map(({ site }) => site.ownerScope)),
      softDelete: worstVerdict(endpoint.sites.map(({ site }) => site.softDelete)),
      findings: [],
    }))
    .sort(
      (a, b) =>
        compareStrings(a.endpoint.path, b.endpoint.path) ||
        methodRank(a.endpoint.method) - methodRank(b.endpoint.method) ||
        compareStrings(a.endpoint.method, b.endpoint.method) ||
        compareStrings(a.location, b.location),
    );
  rows.forEach((row, index) => (row.number = index + 1));

  const findingKey = (filePath: string, line: number, column: number, ruleId: string | null) => `${filePath}\0${line}\0${column}\0${ruleId ?? ""}`;
  const rowsAt = new Map<string, EndpointRow[]>();
  for (const row of rows) {
    for (const ref of row.endpoint.findings) {
      const key = findingKey(ref.filePath, ref.line, ref.column, ref.ruleId);
      const list = rowsAt.get(key);
      if (!list) rowsAt.set(key, [row]);
      else if (!list.includes(row)) list.push(row);
    }
  }

  const findings = data.files
    .filter((file) => file.findings.length > 0)
    .flatMap((file) => {
      const shown = displayPath(file.filePath, data.rootDir);
      return file.findings.map(
        (finding): ReportFinding => ({
          finding,
          number: 0,
          path: shown,
          filePath: file.filePath,
          category: fixCategoryOf(finding.ruleId),
          excerpt: excerpt(file.source, finding.line),
          trace: traceText(finding.trace),
          endpoints: rowsAt.get(findingKey(file.filePath, finding.line, finding.column, finding.ruleId)) ?? [],
        }),
      );
    })
    .map((item) => ({ item, key: { finding: item.finding, path: item.path, endpoints: item.endpoints.length } }))
    .sort((a, b) => compareByFixOrder(a.key, b.key))
    .map(({ item }) => item);
  findings.forEach((item, index) => {
    item.number = index + 1;
    for (const row of item.endpoints) row.findings.push(item);
  });
  return { findings, endpoints: rows };
}

// --- query sites the analysis could not decide ---

export interface UnknownSiteRow {
  site: QuerySiteSummary;
  location: string;
  /** which conventions stay unknown: `owner scope`, `soft delete` */
  unknown: string[];
}

/** Query sites with an unknown verdict, sorted by location: counted and listed, never dropped. */
export function unknownSiteRows(data: ReportData): UnknownSiteRow[] {
  return data.sites
    .filter((site) => site.ownerScope === "unknown" || site.softDelete === "unknown")
    .map((site) => ({
      site,
      path: displayPath(site.filePath, data.rootDir),
      unknown: [
        ...(site.ownerScope === "unknown" ? ["owner scope"] : []),
        ...(site.softDelete === "unknown" ? ["soft delete"] : []),
      ],
    }))
    .sort((a, b) => compareStrings(a.path, b.path) || a.site.line - b.site.line || a.site.column - b.site.column)
    .map(({ site, path: shown, unknown }) => ({ site, location: `${shown}:${site.line}:${site.column}`, unknown }));
}

// --- layer graph ---

/** How the report names files in no layer. */
export const NO_LAYER = "(no layer)";

export function layerLabel(layer: string | null): string {
  return layer ?? NO_LAYER;
}

/** The text on an edge of the layer graph: `12`, `3 (1 type-only)`, `2 forbidden of 3`. */
export function edgeLabel(dependency: { count: number; typeOnlyCount: number; forbiddenCount: number; findingCount: number }): string {
  const imports = pluralize(dependency.count, "import");
  if (dependency.findingCount > 0) {
    const findings = pluralize(dependency.findingCount, "layer finding");
    return dependency.count === 0 ? findings : `${edgeLabel({ ...dependency, findingCount: 0 })}, ${findings}`;
  }
  if (dependency.forbiddenCount > 0) {
    return dependency.forbiddenCount === dependency.count ? `${imports}, forbidden` : `${imports}, ${dependency.forbiddenCount} forbidden`;
  }
  return dependency.typeOnlyCount > 0 ? `${imports} (${dependency.typeOnlyCount} type-only)` : imports;
}

/** An edge drawn red: a forbidden import, or layer findings that reach along it. */
export function isForbiddenEdge(dependency: { forbiddenCount: number; findingCount: number }): boolean {
  return dependency.forbiddenCount > 0 || dependency.findingCount > 0;
}

export interface LayerGraphView {
  /** the layers in config order, then `null` (files in no layer) when an edge touches it */
  nodes: (string | null)[];
  /** imports inside each layer, by node index */
  internal: number[];
  /** edges between different layers, in the order of `layerGraph` */
  edges: (LayerDependency & { fromIndex: number; toIndex: number })[];
}

/** The layer graph as the pictures draw it: boxes in config order, edges between boxes, edges inside a box as its weight. */
export function layerGraphView(data: Pick<ReportData, "layers" | "layerGraph">): LayerGraphView {
  const nodes: (string | null)[] = [...data.layers];
  for (const dependency of data.layerGraph) {
    for (const layer of [dependency.from, dependency.to]) if (!nodes.includes(layer)) nodes.push(layer);
  }
  // files in no layer come last, after any layer the config does not name
  nodes.sort((a, b) => Number(a === null) - Number(b === null));
  const internal = nodes.map(() => 0);
  const edges: LayerGraphView["edges"] = [];
  for (const dependency of data.layerGraph) {
    const fromIndex = nodes.indexOf(dependency.from);
    const toIndex = nodes.indexOf(dependency.to);
    if (fromIndex === toIndex) internal[fromIndex] += dependency.count;
    else edges.push({ ...dependency, fromIndex, toIndex });
  }
  return { nodes, internal, edges };
}
