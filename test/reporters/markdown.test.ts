import { describe, expect, it } from "vitest";
import type { ReportData } from "../../src/analysis/report-model.js";
import { layerGraphMermaid } from "../../src/reporters/layer-graph-mermaid.js";
import { markdown, MARKDOWN_LIMIT } from "../../src/reporters/markdown.js";
import { escapeMarkdown, layerGraphView, markdownCode } from "../../src/reporters/report-parts.js";
import { reportData, RULE_DOCS } from "./report-data.js";

const EXPECTED = `# backend-conventions report

Project \`proj\`.

**3 problems** (2 errors, 1 warning) · **4 endpoints** checked (1 without auth, 1 public) · **3 query sites**, 1 unknown · 4 files

## Findings by rule

| Rule | Category | Errors | Warnings |
| --- | --- | ---: | ---: |
| [require-owner-scope](https://example.test/docs/rules/require-owner-scope.md) | Security | 0 | 1 |
| [require-soft-delete-filter](https://example.test/docs/rules/require-soft-delete-filter.md) | Data | 1 | 0 |
| [layer-boundaries](https://example.test/docs/rules/layer-boundaries.md) | Style | 1 | 0 |

## Endpoints

| Method | Path | Auth | Owner scope | Soft delete | Findings | Handler | Declared at |
| --- | --- | --- | --- | --- | ---: | --- | --- |
| GET | \`/items\` | 🔒 yes | ✅ ok | ✅ ok | 0 | \`ItemController.list\` | \`src/routes/items.routes.ts:7:1\` |
| POST | \`/items\` | no | ❔ unknown | n/a | 0 | \`ItemController.create\` | \`src/routes/items.routes.ts:9:1\` |
| GET | \`/items/:id\` | 🔒 yes | ❌ violation | ❌ violation | [#1](#finding-1) [#2](#finding-2) | \`ItemController.get\` | \`src/routes/items.routes.ts:8:1\` |
| GET | \`/r&d\` | public | n/a | n/a | 0 | \`(inline)\` | \`src/routes/R&D.routes.ts:5:1\` |

Owner scope and soft delete show the worst verdict of the query sites an endpoint reaches: violation, then unknown, then ok; n/a when no reached query is concerned. Findings are those on the code the endpoint runs. Public: no authentication, and the config or the code says so (require-auth's \`publicRoutes\`, a NestJS \`@Public()\`-style opt-out, or only reads of models in \`ownership.publicReads\`).

## Layer graph

\`\`\`mermaid
flowchart TD
  L0["routes<br/>2 imports inside"]
  L1["services"]
  L2["repositories"]
  L3["data"]
  L4["(no layer)"]
  L0 -->|"3 imports (1 type-only)"| L1
  L0 -->|"1 import, forbidden"| L2
  L1 -->|"2 imports"| L2
  L2 -->|"2 imports"| L3
  L3 -.->|"1 import (1 type-only)"| L1
  L4 -->|"2 imports"| L0
  style L4 stroke-dasharray: 5 5
  linkStyle 1 stroke:#cf222e,stroke-width:3px,color:#cf222e
\`\`\`

Edges count import statements; red edges are forbidden by \`layers.allow\`, dotted ones cross it with type-only imports.

## Findings, what to fix first

Security first (owner scope, raw SQL, authentication, input validation), then data (soft delete, stale reads, transactions, enum values, hard deletes), then style and structure (layers, HTTP in services, bounded lists, queries in loops, schema conventions); within each, the findings that more endpoints run come first.

### Security

- <a id="finding-1"></a>**#1** ⚠️ **warning** [require-owner-scope](https://example.test/docs/rules/require-owner-scope.md) \`src/repositories/item.repository.ts:5:24\`: findUnique on owned model Item is not scoped to the caller's deviceId
  <br>Trace: \`GET /items/:id\` → \`ItemService.get\` → \`ItemRepository.findById\` → \`prisma.item.findUnique\`

  <details><summary>src/repositories/item.repository.ts:5:24</summary>

  \`\`\`
    3 | export class ItemRepository {
    4 |   findById(id: string) {
  > 5 |     return prisma.item.findUnique({ where: { id } });
    6 |   }
  \`\`\`

  </details>

### Data

- <a id="finding-2"></a>**#2** ❌ **error** [require-soft-delete-filter](https://example.test/docs/rules/require-soft-delete-filter.md) \`src/repositories/item.repository.ts:5:24\`: findUnique on soft-deletable model Item does not filter out deleted rows (add \`deletedAt: null\`)
  <br>Trace: \`GET /items/:id\` → \`ItemService.get\` → \`ItemRepository.findById\` → \`prisma.item.findUnique\`

  <details><summary>src/repositories/item.repository.ts:5:24</summary>

  \`\`\`
    3 | export class ItemRepository {
    4 |   findById(id: string) {
  > 5 |     return prisma.item.findUnique({ where: { id } });
    6 |   }
  \`\`\`

  </details>

### Style and structure

- <a id="finding-3"></a>**#3** ❌ **error** [layer-boundaries](https://example.test/docs/rules/layer-boundaries.md) \`src/routes/R&D.routes.ts:2:32\`: routes must not import repositories: &lt;script&gt;alert(1)&lt;/script&gt; &amp; co

  <details><summary>src/routes/R&amp;D.routes.ts:2:32</summary>

  \`\`\`
    1 | import { Router } from "express";
  > 2 | import { ItemRepository } from "../repositories/item.repository.js";
    3 |
    4 | export const rd = Router();
  \`\`\`

  </details>

## Query sites not fully analysed

| Query | Location | Unknown |
| --- | --- | --- |
| \`prisma.tag.count\` | \`src/services/item.service.ts:7:23\` | owner scope |
`;

function empty(): ReportData {
  return {
    rootDir: "/proj",
    files: [],
    stats: { filesChecked: 0, querySites: 0, unknownSites: 0 },
    endpoints: [],
    layers: [],
    layerGraph: [],
    sites: [],
  };
}

describe("markdown report", () => {
  it("renders the summary, endpoint table, mermaid layer graph, findings and unknown sites", () => {
    expect(markdown(reportData(), { ruleDocs: RULE_DOCS })).toBe(EXPECTED);
  });

  it("is deterministic: the order of the input does not matter", () => {
    const data = reportData();
    const shuffled: ReportData = {
      ...data,
      files: [...data.files].reverse().map((file) => ({ ...file, findings: [...file.findings].reverse() })),
      endpoints: [...data.endpoints].reverse(),
      sites: [...data.sites].reverse(),
    };
    expect(markdown(shuffled, { ruleDocs: RULE_DOCS })).toBe(EXPECTED);
  });

  it("names rules without links when no docs are given, and prints generatedAt only when passed", () => {
    const output = markdown(reportData(), { generatedAt: "2025-01-02 03:04" });
    expect(output).toContain("| layer-boundaries | Style | 1 | 0 |");
    expect(output).toContain("Project `proj`, generated 2025-01-02 03:04.");
    // no web link; the only links are the endpoint table's to the findings' anchors
    expect([...output.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1])).toEqual(["#finding-1", "#finding-2"]);
  });

  it("says so when there are no findings, endpoints or layers", () => {
    expect(markdown(empty())).toBe(`# backend-conventions report

Project \`proj\`.

**0 problems** (0 errors, 0 warnings) · **0 endpoints** checked (0 without auth) · **0 query sites**, 0 unknown · 0 files

## Findings by rule

No findings.

## Endpoints

No endpoints found.

## Layer graph

No layers.

## Findings, what to fix first

No findings.
`);
  });

  it("escapes Markdown and HTML in user strings, keeping code spans as code", () => {
    expect(escapeMarkdown("a <b> & *c* | d `x | <y>` [e](f)")).toBe(
      "a &lt;b&gt; &amp; \\*c\\* \\| d `x \\| <y>` \\[e\\](f)",
    );
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`x`")).toBe("`` `x` ``");
  });

  it("folds line breaks of route strings and file names, so they cannot leave a table cell or code span", () => {
    expect(markdownCode("/a\n# Injected\r\n[x](https://evil.example)")).toBe("`/a # Injected [x](https://evil.example)`");
    expect(escapeMarkdown("/a\r# h\u2028b")).toBe("/a \\# h b");
    const data = reportData();
    data.endpoints[0].path = "/items\n\n# Injected heading\n[click](https://evil.example)";
    data.files[0].filePath = `${data.files[0].filePath.replace(/\.ts$/, "")}\n## Injected.ts`;
    const lines = markdown(data, { ruleDocs: RULE_DOCS }).split("\n");
    // each place the route or the file is shown keeps the injected text on its own line, inert
    expect(lines.filter((line) => line.includes("Injected")).every((line) => line.includes("/items #") || line.includes("item.repository ##"))).toBe(true);
    expect(lines.filter((line) => /^#+ Injected/.test(line) || line.startsWith("[click]"))).toEqual([]);
  });

  it("draws only forbidden edges in red and escapes layer names in the mermaid source", () => {
    const mermaid = layerGraphMermaid(
      layerGraphView({
        layers: ['api "v1"', "db"],
        layerGraph: [
          { from: "db", to: 'api "v1"', count: 2, typeOnlyCount: 0, allowed: false, forbiddenCount: 2, findingCount: 0 },
          { from: 'api "v1"', to: "db", count: 1, typeOnlyCount: 0, allowed: true, forbiddenCount: 0, findingCount: 0 },
        ],
      }),
    );
    expect(mermaid).toBe(
      [
        "flowchart TD",
        '  L0["api #34;v1#34;"]',
        '  L1["db"]',
        '  L1 -->|"2 imports, forbidden"| L0',
        '  L0 -->|"1 import"| L1',
        "  linkStyle 0 stroke:#cf222e,stroke-width:3px,color:#cf222e",
      ].join("\n"),
    );
  });
});

describe("a report larger than GitHub takes", () => {
  /** The hand-made data grown to a large project: 400 repositories of 6 findings each, and 400 endpoints. */
  function largeProject(): ReportData {
    const data = reportData();
    const [repository] = data.files;
    const endpoint = data.endpoints[1];
    const fileOf = (index: number) => repository.filePath.replace("item.repository", `item${index}.repository`);
    data.files = Array.from({ length: 400 }, (_, index) => ({
      ...repository,
      filePath: fileOf(index),
      findings: Array.from({ length: 3 }, () => repository.findings).flat(),
    }));
    // each endpoint runs one repository's 6 findings
    data.endpoints = Array.from({ length: 400 }, (_, index) => ({
      ...endpoint,
      path: `/items${index}/:id`,
      findings: endpoint.findings.map((ref) => ({ ...ref, filePath: fileOf(index) })),
    }));
    return data;
  }

  it("stays under GitHub's 65,536 characters: summary, worst endpoints, counts per rule and file, the first findings, and a note", () => {
    const data = largeProject();
    const text = markdown(data, { ruleDocs: RULE_DOCS });
    expect(text.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(text).toContain("**2400 problems**");
    expect(text).toContain("This report is longer than GitHub's 65,536 characters");
    expect(text).toContain("The 50 worst of 400 endpoints; the others are in the HTML report.");
    expect(text).toContain("## Findings per rule and file");
    expect(text).toMatch(/The first \d+ of 2400 findings; the others are in the HTML report\./);
    // no excerpts in the compact form
    expect(text).not.toContain("<details>");
    // the findings it lists are the most urgent: the 1,200 owner-scope ones (security) come before the soft-delete ones (data)
    const listed = [...text.matchAll(/^- <a id="finding-(\d+)"><\/a>\*\*#\d+\*\* \S+ \*\*\w+\*\* \[([\w-]+)\]/gm)].map((match) => [Number(match[1]), match[2]]);
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.map(([number]) => number)).toEqual(listed.map((_, index) => index + 1));
    expect(new Set(listed.map(([, rule]) => rule))).toEqual(new Set(["require-owner-scope"]));
    expect(text).toContain("### Security");
    expect(text).not.toContain("### Data");
    // the endpoint table counts findings: it cannot link to findings the compact list leaves out
    expect(text).not.toContain("](#finding-");
    expect(text).toContain("| GET | `/items0/:id` | 🔒 yes | ❌ violation | ❌ violation | 6 | `ItemController.get` |");
  });

  it("a report that fits is whole (its lookalike): excerpts and every endpoint", () => {
    const text = markdown(reportData(), { ruleDocs: RULE_DOCS });
    expect(text).toContain("<details>");
    expect(text).not.toContain("This report is longer");
  });
});
