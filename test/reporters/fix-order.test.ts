import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/analysis/analyze.js";
import type { ReportData } from "../../src/analysis/report-model.js";
import type { Finding } from "../../src/engine/findings.js";
import { compareByFixOrder, FIX_CATEGORIES, fixCategoryOf } from "../../src/reporters/fix-order.js";
import { markdown } from "../../src/reporters/markdown.js";
import { html } from "../../src/reporters/html.js";
import { linkedReport } from "../../src/reporters/report-parts.js";
import { allRules } from "../../src/rule-registry.js";
import { repoRoot } from "../../scripts/generated-files.js";

const finding = (ruleId: string | null, line = 1): Finding => ({ ruleId, severity: 2, message: "m", line, column: 1 });
const item = (ruleId: string | null, endpoints: number, filePath = "src/a.ts", line = 1) => ({ finding: finding(ruleId, line), path: filePath, endpoints });
const order = (items: ReturnType<typeof item>[]) => [...items].sort(compareByFixOrder).map((entry) => `${entry.finding.ruleId ?? "parse"}:${entry.endpoints}:${entry.path}:${entry.finding.line}`);

describe("fix order", () => {
  it("places every rule of the plugin in a category, each once", () => {
    const placed = FIX_CATEGORIES.flatMap((category) => category.rules);
    expect([...placed].sort()).toEqual(allRules.map((rule) => rule.name).sort());
    expect(new Set(placed).size).toBe(placed.length);
  });

  it("security, then data, then style, whatever the endpoints; within a category the finding more endpoints run first, then the rule's place", () => {
    expect(
      order([
        item("layer-boundaries", 9),
        item("no-hard-delete", 5),
        item("require-soft-delete-filter", 1),
        item("no-unvalidated-input", 2),
        item("require-owner-scope", 1),
        item("no-unsafe-raw-sql", 1),
      ]),
    ).toEqual([
      "no-unvalidated-input:2:src/a.ts:1",
      "require-owner-scope:1:src/a.ts:1",
      "no-unsafe-raw-sql:1:src/a.ts:1",
      "no-hard-delete:5:src/a.ts:1",
      "require-soft-delete-filter:1:src/a.ts:1",
      "layer-boundaries:9:src/a.ts:1",
    ]);
  });

  it("a parse error first (its file's findings are missing); a rule it does not know last among style; ties by file and line", () => {
    expect(order([item("other-plugin/rule", 3), item("prisma-schema-conventions", 0), item(null, 0), item("require-auth", 1, "src/b.ts", 2), item("require-auth", 1, "src/b.ts", 1), item("require-auth", 1, "src/a.ts", 9)])).toEqual([
      "parse:0:src/a.ts:1",
      "require-auth:1:src/a.ts:9",
      "require-auth:1:src/b.ts:1",
      "require-auth:1:src/b.ts:2",
      "other-plugin/rule:3:src/a.ts:1",
      "prisma-schema-conventions:0:src/a.ts:1",
    ]);
    expect(fixCategoryOf("other-plugin/rule").id).toBe("style");
    expect(fixCategoryOf(null).id).toBe("unparsed");
  });
});

describe("fix order on the reference API report", () => {
  const fixtureDir = path.join(repoRoot, "fixtures/reference-api");
  let data: ReportData;
  beforeAll(async () => {
    data = await analyzeProject({ cwd: fixtureDir });
  });

  it("lists the 65 findings what-to-fix-first: the IDORs first, the schema conventions last", () => {
    const listed = linkedReport(data).findings.map((entry) => `${entry.number} ${entry.finding.ruleId} ${entry.path}:${entry.finding.line} (${entry.endpoints.length})`);
    expect(listed).toEqual([
      // security: owner scope (IDOR), raw SQL, auth, unvalidated input; each run by one endpoint
      "1 require-owner-scope src/repositories/fasting-repository.ts:39 (1)",
      "2 require-owner-scope src/repositories/item-repository.ts:58 (1)",
      "3 require-owner-scope src/repositories/item-repository.ts:64 (1)",
      "4 require-owner-scope src/repositories/metric-repository.ts:27 (1)",
      "5 require-owner-scope src/repositories/owner-key-repository.ts:23 (1)",
      "6 require-owner-scope src/repositories/owner-key-repository.ts:28 (1)",
      "7 require-owner-scope src/repositories/owner-review-repository.ts:16 (1)",
      "8 require-owner-scope src/repositories/owner-review-repository.ts:26 (1)",
      "9 require-owner-scope src/repositories/owner-review-repository.ts:36 (1)",
      "10 require-owner-scope src/repositories/post-repository.ts:47 (1)",
      "11 require-owner-scope src/utils/stats.ts:6 (1)",
      "12 no-unsafe-raw-sql src/repositories/search-repository.ts:34 (1)",
      "13 no-unsafe-raw-sql src/repositories/search-repository.ts:42 (1)",
      "14 no-unsafe-raw-sql src/repositories/search-repository.ts:48 (1)",
      "15 require-auth src/routes/devices.ts:22 (1)",
      "16 require-auth src/routes/health.ts:17 (1)",
      "17 no-unvalidated-input src/routes/fasting.ts:61 (1)",
      "18 no-unvalidated-input src/routes/items.ts:54 (1)",
      "19 no-unvalidated-input src/routes/metrics.ts:37 (1)",
      "20 no-unvalidated-input src/routes/posts.ts:20 (1)",
      // data: the soft-delete filter two endpoints run comes first
      "21 require-soft-delete-filter src/repositories/fasting-repository.ts:64 (2)",
      "22 require-soft-delete-filter src/repositories/fasting-repository.ts:53 (1)",
      "23 require-soft-delete-filter src/repositories/item-repository.ts:46 (1)",
      "24 require-soft-delete-filter src/repositories/item-repository.ts:69 (1)",
      "25 require-soft-delete-filter src/repositories/product-repository.ts:66 (1)",
      "26 require-soft-delete-filter src/repositories/product-repository.ts:79 (1)",
      "27 no-stale-read-after-write src/repositories/product-repository.ts:132 (1)",
      "28 no-stale-read-after-write src/services/device-service.ts:22 (1)",
      "29 no-stale-read-after-write src/services/item-service.ts:69 (1)",
      "30 no-stale-read-after-write src/services/metric-service.ts:66 (1)",
      "31 no-stale-read-after-write src/services/post-service.ts:18 (1)",
      "32 no-stale-read-after-write src/services/post-service.ts:46 (1)",
      "33 require-transaction-client src/repositories/fasting-repository.ts:86 (1)",
      "34 require-transaction-client src/repositories/product-repository.ts:145 (1)",
      "35 valid-enum-value src/repositories/metric-repository.ts:54 (1)",
      "36 valid-enum-value src/services/metric-service.ts:48 (1)",
      "37 valid-enum-value src/services/metric-service.ts:60 (1)",
      "38 valid-enum-value src/services/time-keeper-service.ts:79 (1)",
      "39 no-hard-delete src/repositories/fasting-repository.ts:77 (1)",
      "40 no-hard-delete src/repositories/item-repository.ts:108 (1)",
      "41 no-hard-delete src/repositories/product-repository.ts:129 (1)",
      // data no endpoint runs
      "42 no-stale-read-after-write src/services/stale-checks-service.ts:10 (0)",
      "43 valid-enum-value src/repositories/item-repository.ts:17 (0)",
      "44 valid-enum-value src/services/enum-checks-service.ts:14 (0)",
      "45 valid-enum-value src/services/enum-checks-service.ts:26 (0)",
      "46 valid-enum-value src/services/enum-checks-service.ts:35 (0)",
      "47 valid-enum-value src/utils/enum-defaults.ts:5 (0)",
      // style and structure
      "48 no-http-in-services src/services/time-keeper-service.ts:35 (1)",
      "49 require-bounded-list src/repositories/fasting-repository.ts:47 (1)",
      "50 require-bounded-list src/repositories/metric-repository.ts:47 (1)",
      "51 require-bounded-list src/repositories/metric-repository.ts:64 (1)",
      "52 require-bounded-list src/repositories/product-repository.ts:62 (1)",
      "53 layer-boundaries src/repositories/product-repository.ts:7 (0)",
      "54 layer-boundaries src/routes/devices.ts:5 (0)",
      "55 layer-boundaries src/routes/health.ts:4 (0)",
      "56 layer-boundaries src/routes/metrics.ts:7 (0)",
      "57 no-http-in-services src/services/time-keeper-service.ts:3 (0)",
      "58 require-bounded-list src/repositories/metric-summary-repository.ts:12 (0)",
      "59 no-query-in-loop src/repositories/metric-repository.ts:76 (0)",
      "60 no-query-in-loop src/repositories/product-repository.ts:167 (0)",
      "61 no-query-in-loop src/services/item-service.ts:89 (0)",
      "62 no-query-in-loop src/services/product-service.ts:69 (0)",
      "63 prisma-schema-conventions prisma/schema.prisma:53 (0)",
      "64 prisma-schema-conventions prisma/schema.prisma:129 (0)",
      "65 prisma-schema-conventions prisma/schema.prisma:174 (0)",
    ]);
  });

  it("both reports print that order, and link every endpoint to findings that exist", () => {
    const { findings, endpoints } = linkedReport(data);
    const page = html(data);
    expect([...page.matchAll(/<article class="finding" id="finding-(\d+)"[^>]*>\n<header>.*?<strong>([\w-]+)<\/strong><code>([^<]+)<\/code>/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`)).toEqual(
      findings.map((entry) => `${entry.number} ${entry.finding.ruleId} ${entry.path}:${entry.finding.line}:${entry.finding.column}`),
    );
    const text = markdown(data);
    // the whole form: it fits GitHub's limit with its links
    expect(text).not.toContain("This report is longer");
    expect([...text.matchAll(/^- <a id="finding-(\d+)"><\/a>\*\*#\d+\*\* \S+ \*\*\w+\*\* ([\w-]+)/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual(
      findings.map((entry) => `${entry.number} ${entry.finding.ruleId}`),
    );
    const pairs = endpoints.flatMap((row) => row.findings.map((entry) => `#finding-${entry.number}`));
    expect(pairs).toHaveLength(47);
    const anchors = new Set([...text.matchAll(/<a id="(finding-\d+)"><\/a>/g)].map((m) => `#${m[1]}`));
    const links = [...text.matchAll(/\]\((#finding-\d+)\)/g)].map((m) => m[1]);
    expect(links.sort()).toEqual(pairs.sort());
    for (const link of links) expect(anchors).toContain(link);
  });
});
