import { describe, expect, it } from "vitest";
import type { ReportData } from "../../src/analysis/report-model.js";
import { html, OPEN_GROUPS_UP_TO } from "../../src/reporters/html.js";
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

  it("lists the endpoints sorted by path and method with their verdicts and finding counts", () => {
    expect(endpointRows(output)).toEqual([
      "GET|/items src/routes/items.routes.ts:7:1|yes|ok|ok|0|ItemController.list",
      "POST|/items src/routes/items.routes.ts:9:1|no|unknown|n/a|0|ItemController.create",
      "GET|/items/:id src/routes/items.routes.ts:8:1|yes|violation|violation|2|ItemController.get",
      "GET|/r&amp;d src/routes/R&amp;D.routes.ts:5:1|no|n/a|n/a|0|(inline)",
    ]);
    expect(output).toContain(`<td><span class="verdict violation">violation</span></td>`);
  });

  it("summarises findings per rule and severity, endpoints and unknown sites", () => {
    expect(output).toContain(
      `<tr><td><a href="https://example.test/docs/rules/require-owner-scope.md">require-owner-scope</a></td><td class="num">0</td><td class="num">1</td></tr>`,
    );
    expect(output).toContain(`<div class="value">3</div><div class="label">2 errors, 1 warning</div>`);
    expect(output).toContain(`<div class="value">4</div><div class="label">endpoints checked</div>`);
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
    // grouped by rule (most findings first, then by name), then by file, then line and column
    const order = [...output.matchAll(/<article class="finding" id="finding-\d+" data-severity="(?:error|warning)">\n<header>.*?<strong>(?:<a [^>]*>)?([\w-]+)/g)].map((m) => m[1]);
    expect(order).toEqual(["layer-boundaries", "require-owner-scope", "require-soft-delete-filter"]);
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

  it("groups findings by rule, then by file, with counts; groups start open in a small report", () => {
    expect(output).toContain(`<details class="group rule" data-rule="0" open><summary>`);
    expect(output).toMatch(/<span class="count">1 finding: 1 error, 0 warnings, in 1 file<\/span><\/summary>/);
    expect(output).toContain(`<details class="group file" open><summary><code>src/repositories/item.repository.ts</code><span class="count">1 finding</span></summary>`);
  });

  it("above the threshold every group starts collapsed, with its counts", () => {
    const data = large();
    const page = html(data, { ruleDocs: RULE_DOCS });
    expect(reportFindingsCount(data)).toBeGreaterThan(OPEN_GROUPS_UP_TO);
    expect(page).not.toMatch(/<details[^>]* open>/);
    expect(page).toMatch(/<span class="count">60 findings: 60 errors, 0 warnings, in 60 files<\/span>/);
  });

  it("filters by rule and severity with checkboxes CSS reads: no script, and nothing hidden until one is ticked", () => {
    const page = html(large(), { ruleDocs: RULE_DOCS });
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(`<label><input type="checkbox" id="hide-warnings"> hide warnings</label>`);
    expect(page).toContain(`<label><input type="checkbox" id="hide-rule-0"> hide <code>require-owner-scope</code></label>`);
    expect(page).toContain(`main:has(#hide-rule-0:checked) [data-rule="0"] { display: none; }`);
    expect(page).toContain(`main:has(#hide-warnings:checked) .finding[data-severity="warning"]`);
    expect(page).not.toMatch(/<input[^>]* checked/);
  });
});

function reportFindingsCount(data: ReportData): number {
  return data.files.reduce((sum, file) => sum + file.findings.length, 0);
}
