import { describe, expect, it } from "vitest";
import type { ReportData } from "../../src/analysis/report-model.js";
import { html, LINKS_SHOWN, OPEN_GROUPS_UP_TO } from "../../src/reporters/html.js";
import { layerGraphSvg } from "../../src/reporters/layer-graph-svg.js";
import { escapeHtml, layerGraphView } from "../../src/reporters/report-parts.js";
import { reportData, RULE_DOCS } from "./report-data.js";

const output = html(reportData(), { ruleDocs: RULE_DOCS });

/** The `<tr>` rows of the endpoint table, tags removed, cells joined by `|`. */
function endpointRows(page: string): string[] {
  const body = page.match(/<table class="endpoints">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? "";
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim()).join("|"),
  );
}

describe("html report", () => {
  it("is one HTML document with inline CSS and no script", () => {
    expect(output.startsWith("<!DOCTYPE html>\n")).toBe(true);
    expect(output.endsWith("</html>\n")).toBe(true);
    expect(output).toContain("<style>");
    expect(output).not.toMatch(/<script/i);
  });

  it("loads nothing from anywhere: no stylesheet link, script source, image, font or import", () => {
    expect(output).not.toMatch(/<link\b/i);
    expect(output).not.toMatch(/<img\b/i);
    expect(output).not.toMatch(/<iframe\b|<object\b|<embed\b/i);
    expect(output).not.toMatch(/@import|@font-face|url\((?!#)/i);
    expect(output).not.toMatch(/\b(src|xlink:href)=/i);
    // the only web addresses are the rule docs, as plain anchors
    const urls = [...output.matchAll(/https?:\/\/[^"<\s]+/g)].map((match) => match[0]);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(Object.values(RULE_DOCS)).toContain(url);
    for (const match of output.matchAll(/(\w[\w-]*)="https?:/g)) expect(match[1]).toBe("href");
  });

  it("escapes every user string: messages, paths, endpoint paths, code", () => {
    expect(output).not.toContain("<script>alert(1)</script>");
    expect(output).toContain("routes must not import repositories: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
    expect(output).toContain("<code>src/routes/R&amp;D.routes.ts:2:32</code>");
    expect(output).not.toContain("R&D");
    expect(output).toContain("<code>/r&amp;d</code>");
    expect(output).toContain(escapeHtml(`import { Router } from "express";`));
  });

  it("lists the endpoints sorted by path and method with their verdicts and links to their findings", () => {
    expect(endpointRows(output)).toEqual([
      "GET|/items src/routes/items.routes.ts:7:1|yes|ok|ok|0|ItemController.list",
      "POST|/items src/routes/items.routes.ts:9:1|no|unknown|n/a|0|ItemController.create",
      "GET|/items/:id src/routes/items.routes.ts:8:1|yes|violation|violation|#1 , #2|ItemController.get",
      "GET|/r&amp;d src/routes/R&amp;D.routes.ts:5:1|public|n/a|n/a|0|(inline)",
    ]);
    expect(output).toContain(`<td data-label="Owner scope"><span class="verdict violation">violation</span></td>`);
  });

  it("summarises findings per rule and severity, endpoints and unknown sites", () => {
    expect(output).toContain(
      `<tr><td><a href="https://example.test/docs/rules/require-owner-scope.md">require-owner-scope</a></td><td>Security</td><td class="num">0</td><td class="num">1</td></tr>`,
    );
    // the rules in fix order: security, data, style
    expect([...output.matchAll(/<tr><td><a [^>]*>([\w-]+)<\/a><\/td><td>(\w+)<\/td>/g)].map((match) => `${match[2]} ${match[1]}`)).toEqual([
      "Security require-owner-scope",
      "Data require-soft-delete-filter",
      "Style layer-boundaries",
    ]);
    expect(output).toContain(`<div class="value">3</div><div class="label">2 errors, 1 warning</div>`);
    expect(output).toContain(`<div class="value">4</div><div class="label">endpoints checked</div>`);
    // the public endpoint is not counted as lacking auth
    expect(output).toContain(`<div class="value">1</div><div class="label">endpoints without auth, 1 public</div>`);
    expect(output).toContain(`<div class="value">1</div><div class="label">query sites unknown</div>`);
    expect(output).toContain(`<tr><td><code>prisma.tag.count</code></td><td><code>src/services/item.service.ts:7:23</code></td><td>owner scope</td></tr>`);
  });

  it("shows each finding with its trace and an excerpt that marks its line", () => {
    expect(output.match(/<article class="finding"/g)).toHaveLength(3);
    expect(output).toContain(
      `<ol class="trace" aria-label="trace"><li><code title="items.routes.ts:8:1">GET /items/:id</code></li><li><code title="item.service.ts:4:3">ItemService.get</code></li>` +
        `<li><code title="item.repository.ts:4:3">ItemRepository.findById</code></li><li><code title="item.repository.ts:5:24">prisma.item.findUnique</code></li></ol>`,
    );
    expect(output).toContain(
      `<span class="current error"><span class="ln">5</span>    return prisma.item.findUnique({ where: { id } });</span>`,
    );
    // in fix order: the owner-scope warning (security) before the soft-delete error (data) before the layer error (style)
    const order = [...output.matchAll(/<article class="finding" id="(finding-\d+)" data-severity="(?:error|warning)" data-rule="\d+">\n<header>.*?<strong>(?:<a [^>]*>)?([\w-]+)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(order).toEqual(["finding-1 require-owner-scope", "finding-2 require-soft-delete-filter", "finding-3 layer-boundaries"]);
  });

  it("links each endpoint row to its findings and each finding back to its endpoints: every anchor exists, and the two directions agree", () => {
    const ids = [...output.matchAll(/ id="((?:finding|endpoint)-\d+)"/g)].map((match) => match[1]);
    expect(ids).toEqual(["endpoint-1", "endpoint-2", "endpoint-3", "endpoint-4", "finding-1", "finding-2", "finding-3"]);
    // endpoint -> findings, from the table
    const rows = [...output.matchAll(/<tr id="(endpoint-\d+)"[^>]*>([\s\S]*?)<\/tr>/g)];
    const forward = rows.flatMap(([, row, cells]) => [...cells.matchAll(/href="#(finding-\d+)"/g)].map((link) => `${row} -> ${link[1]}`));
    expect(forward).toEqual(["endpoint-3 -> finding-1", "endpoint-3 -> finding-2"]);
    // finding -> endpoints, from each article's "Run by" line
    const articles = [...output.matchAll(/<article class="finding" id="(finding-\d+)"[\s\S]*?<\/article>/g)];
    const backward = articles.flatMap(([article, id]) => [...(article.match(/<p class="reached">.*<\/p>/)?.[0] ?? "").matchAll(/href="#(endpoint-\d+)"/g)].map((link) => `${link[1]} -> ${id}`));
    expect(backward).toEqual(forward);
    // every link inside the page lands on an id of the page
    for (const match of output.matchAll(/href="#([^"]+)"/g)) expect(ids).toContain(match[1]);
    expect(output).toContain(`<p class="reached">Run by 1 endpoint: <a href="#endpoint-3"><code>GET /items/:id</code></a></p>`);
  });

  it("shows a public route as public, in a neutral colour and with the reason; only the others lack auth, in red", () => {
    expect(output).toContain(`<td data-label="Auth"><span class="auth auth-public" title="listed in require-auth&#39;s publicRoutes: GET /r&amp;d">public</span></td>`);
    expect(output).toContain(`<td data-label="Auth"><span class="auth auth-no">no</span></td>`);
    expect(output.match(/class="auth auth-no"/g)).toHaveLength(1);
    expect(output).toMatch(/\.auth-no \{ color: var\(--red\);/);
    expect(output.match(/\.auth-public \{[^}]*\}/)?.[0]).not.toMatch(/red|amber/);
    // public by the data it reads: only reads of models whose reads the config makes public
    const data = reportData();
    data.endpoints[0].public = { by: "publicReads", models: ["Tag"] };
    expect(html(data)).toContain(`<span class="auth auth-public" title="reads only public models: Tag">public</span>`);
    expect(html(data)).toContain(`<div class="value">0</div><div class="label">endpoints without auth, 2 public</div>`);
  });

  it("holds at a phone's width: every table scrolls in its own box, the endpoint table stacks, the graph scales, long words break", () => {
    const css = output.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? "";
    // every table is inside a box that scrolls sideways, so a wide table never widens the page
    expect(output.match(/<table /g)?.length).toBe(output.match(/<div class="scroll"><table /g)?.length);
    expect(css).toContain(".scroll { overflow-x: auto; max-width: 100%; }");
    expect(css).toMatch(/main \{[^}]*overflow-wrap: anywhere;/);
    expect(css).toContain(".cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));");
    expect(css).toContain(".graph svg { max-width: 100%; height: auto; }");
    expect(css).toMatch(/pre\.excerpt \{[^}]*overflow-x: auto;/);
    const narrow = css.match(/@media \(max-width: 640px\) \{([\s\S]*?)\n\}/)?.[1] ?? "";
    expect(narrow).toContain("table.endpoints thead { display: none; }");
    expect(narrow).toMatch(/table\.endpoints tr \{ display: flex; flex-wrap: wrap;/);
    expect(narrow).toContain(`table.endpoints td[data-label]::before { content: attr(data-label) ": ";`);
    expect(css).toContain("@media (max-width: 900px) {\n  .columns { grid-template-columns: minmax(0, 1fr);");
    // each stacked cell names its column
    expect(endpointCellLabels(output)).toEqual(["Auth", "Owner scope", "Soft delete", "Findings", "Handler"]);
  });

  it("draws the layer graph as an inline SVG with the forbidden edge in red", () => {
    const svg = output.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? "";
    expect(svg).not.toBe("");
    for (const layer of ["routes", "services", "repositories", "data", "(no layer)"]) expect(svg).toContain(`>${layer}</text>`);
    const forbidden = [...svg.matchAll(/<path class="edge forbidden"[^>]*stroke="([^"]+)"[^>]*><title>([^<]*)<\/title>/g)];
    expect(forbidden.map((match) => [match[1], match[2]])).toEqual([["#cf222e", "routes → repositories: 1 import, forbidden"]]);
    // allowed edges are grey, a type-only crossing is dashed
    const allowed = [...svg.matchAll(/<path class="edge"[^>]*stroke="([^"]+)"[^>]*><title>([^<]*)<\/title>/g)];
    expect(allowed.map((match) => match[2])).toEqual([
      "routes → services: 3 imports (1 type-only)",
      "services → repositories: 2 imports",
      "repositories → data: 2 imports",
      "data → services: 1 import (1 type-only)",
      "(no layer) → routes: 2 imports",
    ]);
    expect(new Set(allowed.map((match) => match[1]))).toEqual(new Set(["#59636e"]));
    expect(svg).toMatch(/stroke-dasharray="5 4"[^>]*><title>data → services/);
    expect(svg).toContain(">1 import, forbidden</text>");
    expect(svg).toContain(">2 imports inside</text>");
  });

  it("is deterministic and prints a timestamp only when given one", () => {
    expect(html(reportData(), { ruleDocs: RULE_DOCS })).toBe(output);
    expect(output).not.toContain("generated");
    expect(html(reportData(), { generatedAt: "2025-01-02 03:04" })).toContain("generated 2025-01-02 03:04");
  });

  it("escapes layer names in the SVG and draws nothing without layers", () => {
    const svg = layerGraphSvg(layerGraphView({ layers: ["<api>"], layerGraph: [] }));
    expect(svg).toContain(">&lt;api&gt;</text>");
    expect(svg).not.toContain("<api>");
    expect(layerGraphSvg(layerGraphView({ layers: [], layerGraph: [] }))).toBe("");
  });

  it("says so when there are no findings or endpoints", () => {
    const empty: ReportData = {
      rootDir: "/proj",
      files: [],
      stats: { filesChecked: 0, querySites: 0, unknownSites: 0 },
      endpoints: [],
      layers: [],
      layerGraph: [],
      sites: [],
    };
    const page = html(empty);
    expect(page).toContain(`<p class="empty">No endpoints found.</p>`);
    expect(page).toContain(`<p class="empty">No layers.</p>`);
    expect(page.match(/<p class="empty">No findings.<\/p>/g)).toHaveLength(2);
    expect(page).not.toContain("<svg");
  });
});

describe("html report at scale: grouped, collapsed, filtered without a script", () => {
  /** The hand-made data grown past the open-groups threshold: 60 repositories with 2 findings each. */
  function large(): ReportData {
    const data = reportData();
    const [repository, ...rest] = data.files;
    data.files = [
      ...Array.from({ length: 60 }, (_, index) => ({ ...repository, filePath: repository.filePath.replace("item.repository", `item${index}.repository`) })),
      ...rest,
    ];
    return data;
  }

  it("groups findings by category in fix order, with counts; groups start open in a small report", () => {
    expect([...output.matchAll(/<details class="group category" data-category="(\w+)" open><summary>([^<]+)<span class="count">([^<]+)<\/span>/g)].map((m) => m.slice(1).join(" | "))).toEqual([
      "security | Security | 1 finding: 0 errors, 1 warning, of 1 rule",
      "data | Data | 1 finding: 1 error, 0 warnings, of 1 rule",
      "style | Style and structure | 1 finding: 1 error, 0 warnings, of 1 rule",
    ]);
  });

  it("above the threshold every group starts collapsed, with its counts", () => {
    const data = large();
    const page = html(data, { ruleDocs: RULE_DOCS });
    expect(reportFindingsCount(data)).toBeGreaterThan(OPEN_GROUPS_UP_TO);
    expect(page).not.toMatch(/<details[^>]* open>/);
    expect(page).toMatch(/<summary>Security<span class="count">60 findings: 0 errors, 60 warnings, of 1 rule<\/span><\/summary>/);
  });

  it("links an endpoint to its first findings and counts the rest", () => {
    const data = large();
    const [, get] = data.endpoints;
    get.findings = data.files.slice(0, 14).map((file) => ({ filePath: file.filePath, line: 5, column: 24, ruleId: "require-owner-scope" }));
    const page = html(data);
    const cell = page.match(/<tr id="endpoint-3"[^>]*>[\s\S]*?<td class="num findings" data-label="Findings">(.*?)<\/td>/)?.[1] ?? "";
    expect(cell.match(/<a href="#finding-\d+"/g)).toHaveLength(LINKS_SHOWN);
    expect(cell).toMatch(/<\/a>, and 2 more$/);
  });

  it("filters by rule and severity with checkboxes CSS reads: no script, and nothing hidden until one is ticked", () => {
    const page = html(large(), { ruleDocs: RULE_DOCS });
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(`<label><input type="checkbox" id="hide-warnings"> hide warnings</label>`);
    expect(page).toContain(`<label><input type="checkbox" id="hide-rule-0"> hide <code>require-owner-scope</code></label>`);
    // each finding carries its rule's index, which the filter's CSS hides
    expect(page.match(/<article class="finding" [^>]*data-rule="0">/g)).toHaveLength(60);
    expect(page).toContain(`main:has(#hide-rule-0:checked) [data-rule="0"] { display: none; }`);
    expect(page).toContain(`main:has(#hide-warnings:checked) .finding[data-severity="warning"]`);
    expect(page).not.toMatch(/<input[^>]* checked/);
  });
});

/** The `data-label`s of the first endpoint row's cells. */
function endpointCellLabels(page: string): string[] {
  const row = page.match(/<tr id="endpoint-1"[^>]*>([\s\S]*?)<\/tr>/)?.[1] ?? "";
  return [...row.matchAll(/data-label="([^"]+)"/g)].map((match) => match[1]);
}

function reportFindingsCount(data: ReportData): number {
  return data.files.reduce((sum, file) => sum + file.findings.length, 0);
}
