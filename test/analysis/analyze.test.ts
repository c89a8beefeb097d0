import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/analysis/analyze.js";
import type { Endpoint, ReportData } from "../../src/analysis/report-model.js";
import type { TraceStep } from "../../src/engine/findings.js";
import { runCheck } from "../../src/cli/check.js";
import { repoRoot } from "../../scripts/generated-files.js";
import { tempProject } from "../engine/helpers.js";

const fixtureDir = path.join(repoRoot, "fixtures/reference-api");

const where = (step: { filePath: string; line: number; column: number }) => `${path.relative(fixtureDir, step.filePath)}:${step.line}:${step.column}`;
const steps = (trace: readonly TraceStep[] | undefined) => trace?.map((step) => `${step.label} ${where(step)}`);
const sitesOf = (endpoint: Endpoint) => endpoint.sites.map(({ site }) => `${site.label} ${where(site)} owner:${site.ownerScope} soft-delete:${site.softDelete}`);

describe("analyzeProject on the reference API", () => {
  let data: ReportData;
  const endpoint = (method: string, routePath: string) => {
    const found = data.endpoints.find((e) => e.method === method && e.path === routePath);
    if (!found) throw new Error(`no endpoint ${method} ${routePath}`);
    return found;
  };
  beforeAll(async () => {
    data = await analyzeProject({ cwd: fixtureDir });
  });

  it("lists every endpoint, sorted by path then method, with its auth and handler", () => {
    expect(data.endpoints.map((e) => `${e.method} ${e.path} ${e.auth ? "auth" : "public"} ${e.handler}`)).toEqual([
      "GET /coach/status auth (inline)",
      // registration comes before devicesRouter.use(authenticate)
      "POST /devices public (inline)",
      "GET /devices/:deviceId/items auth (inline)",
      "DELETE /devices/me auth (inline)",
      "GET /devices/me auth (inline)",
      "PATCH /devices/me auth (inline)",
      // registered above devicesRouter.use(authenticate): runs without authentication (the planted require-auth defect)
      "GET /devices/me/export public (inline)",
      // authenticate in the route's own chain
      "GET /devices/me/summary auth (inline)",
      "DELETE /fasting/:id auth (inline)",
      "PATCH /fasting/:id auth (inline)",
      "POST /fasting/:id/end auth (inline)",
      "PUT /fasting/:id/target auth (inline)",
      "GET /fasting/active auth (inline)",
      "DELETE /fasting/history auth (inline)",
      "GET /fasting/history auth (inline)",
      "GET /fasting/protocols auth (inline)",
      "POST /fasting/start auth (inline)",
      "GET /fasting/stats auth (inline)",
      "POST /fasting/stop auth (inline)",
      "POST /fasting/switch auth (inline)",
      "GET /health public (inline)",
      "GET /health/details public (inline)",
      "GET /items auth (inline)",
      "POST /items auth (inline)",
      "DELETE /items/:id auth (inline)",
      "GET /items/:id auth (inline)",
      "PATCH /items/:id auth (inline)",
      "PUT /items/:id auth (inline)",
      "POST /items/:id/archive auth (inline)",
      "DELETE /items/:id/purge auth (inline)",
      "POST /items/:id/restore auth (inline)",
      "GET /items/:id/summary auth (inline)",
      "PUT /items/:id/value auth (inline)",
      "POST /items/archive-all auth (inline)",
      "GET /items/archived auth (inline)",
      "GET /items/stats auth (inline)",
      "GET /items/trash auth (inline)",
      "GET /metrics auth (inline)",
      "POST /metrics auth (inline)",
      "DELETE /metrics/:id auth (inline)",
      "POST /metrics/batch auth (inline)",
      "GET /metrics/entered auth (inline)",
      "POST /metrics/import auth (inline)",
      "GET /metrics/search auth (inline)",
      "GET /metrics/stats auth (inline)",
      "GET /metrics/synced auth (inline)",
      // the owner-scope lookalikes (src/routes/owner-review.ts), an unmounted router
      "GET /owner-review/admin/metrics/:metricId auth (inline)",
      "GET /owner-review/devices/:deviceId/metrics/first auth (inline)",
      "GET /owner-review/devices/:deviceId/metrics/latest auth (inline)",
      "DELETE /owner-review/metrics/:metricId auth (inline)",
      "GET /owner-review/metrics/:metricId auth (inline)",
      "PATCH /owner-review/metrics/:metricId/name/:name auth (inline)",
      "GET /owner-review/published/:postId auth (inline)",
      "GET /posts auth (inline)",
      "POST /posts auth (inline)",
      "DELETE /posts/:id auth (inline)",
      "GET /posts/:id auth (inline)",
      "PATCH /posts/:id auth (inline)",
      "PUT /posts/:id auth (inline)",
      "POST /posts/:id/publish auth (inline)",
      "POST /posts/drafts auth (inline)",
      "POST /posts/quick auth (inline)",
      // the compound-key lookalikes (src/routes/owner-keys.ts), mounted at /preferences
      "GET /preferences/:key auth (inline)",
      "PUT /preferences/:key auth (inline)",
      "GET /preferences/any/:key auth (inline)",
      "GET /preferences/devices/:deviceId/:key auth (inline)",
      "GET /products auth (inline)",
      "POST /products auth (inline)",
      "DELETE /products/:id auth (inline)",
      "GET /products/:id auth (inline)",
      "PATCH /products/:id auth (inline)",
      "POST /products/:id/duplicate auth (inline)",
      "PUT /products/:id/portions auth (inline)",
      "DELETE /products/:id/portions/:portionId auth (inline)",
      "GET /products/export auth (inline)",
      "POST /products/import auth (inline)",
      "GET /products/with-default-portion auth (inline)",
      "GET /products/with-portion-over/:grams auth (inline)",
      "GET /search/items auth (inline)",
      "POST /search/items/archive auth (inline)",
      "GET /search/metrics auth (inline)",
      "GET /search/posts auth (inline)",
      "GET /search/products auth (inline)",
      "GET /search/products/ranked auth (inline)",
    ]);
  });

  it("keeps the middleware chain in Express order: app-level first, then the router's", () => {
    expect(endpoint("GET", "/items").middleware).toEqual(["express.json", "authenticate"]);
    expect(endpoint("POST", "/devices").middleware).toEqual(["express.json"]);
    expect(endpoint("GET", "/health").middleware).toEqual(["express.json"]);
    expect(endpoint("GET", "/devices/me/export").middleware).toEqual(["express.json"]);
    expect(endpoint("GET", "/devices/me/summary").middleware).toEqual(["express.json", "authenticate"]);
  });

  it("places an endpoint at its registration call", () => {
    expect(where(endpoint("GET", "/devices/:deviceId/items"))).toBe("src/routes/devices.ts:49:1");
  });

  it("reaches the sync endpoint's unscoped query through a repository made in the handler", () => {
    const sync = endpoint("GET", "/devices/:deviceId/items");
    expect(sitesOf(sync)).toEqual(["this.prisma.item.findMany src/repositories/item-repository.ts:64:29 owner:violation soft-delete:ok"]);
    expect(steps(sync.sites[0].trace)).toEqual([
      "GET /devices/:deviceId/items src/routes/devices.ts:49:1",
      "ItemRepository.listForSync src/repositories/item-repository.ts:62:3",
      "this.prisma.item.findMany src/repositories/item-repository.ts:64:29",
    ]);
  });

  it("gives the item list its scoped, filtered findMany", () => {
    expect(sitesOf(endpoint("GET", "/items"))).toEqual(["this.prisma.item.findMany src/repositories/item-repository.ts:35:29 owner:ok soft-delete:ok"]);
  });

  it("collects every site of a call tree, across services, this.method and helpers", () => {
    expect(sitesOf(endpoint("GET", "/items/stats"))).toEqual([
      "this.prisma.item.count src/repositories/item-repository.ts:69:29 owner:ok soft-delete:violation",
      "this.prisma.item.count src/repositories/item-repository.ts:74:29 owner:ok soft-delete:ok",
    ]);
    // PUT /items/:id/value calls this.get (findOwned) before the update
    expect(sitesOf(endpoint("PUT", "/items/:id/value"))).toEqual([
      "this.prisma.item.findFirst src/repositories/item-repository.ts:29:29 owner:ok soft-delete:ok",
      "this.prisma.item.update src/repositories/item-repository.ts:78:36 owner:ok soft-delete:ok",
    ]);
    // the coach asks two services; the protocol is a global model; deletes are not soft-delete reads
    expect(sitesOf(endpoint("GET", "/coach/status"))).toEqual([
      "this.prisma.fastingWindow.findFirst src/repositories/fasting-repository.ts:18:38 owner:ok soft-delete:ok",
      "this.prisma.fastingWindow.findFirst src/repositories/fasting-repository.ts:53:38 owner:ok soft-delete:violation",
      "prisma.metric.findFirst src/repositories/metric-repository.ts:42:24 owner:ok soft-delete:not-applicable",
    ]);
    expect(sitesOf(endpoint("POST", "/fasting/switch"))).toEqual([
      "this.prisma.fastingWindow.findFirst src/repositories/fasting-repository.ts:18:38 owner:ok soft-delete:ok",
      "tx.fastingWindow.updateMany src/repositories/fasting-repository.ts:84:30 owner:ok soft-delete:ok",
      "this.prisma.fastingWindow.create src/repositories/fasting-repository.ts:86:40 owner:ok soft-delete:not-applicable",
      "prisma.fastingProtocol.findUnique src/repositories/protocol-repository.ts:17:33 owner:not-applicable soft-delete:not-applicable",
    ]);
    expect(sitesOf(endpoint("GET", "/metrics/stats"))).toEqual(["prisma.metric.aggregate src/utils/stats.ts:6:37 owner:violation soft-delete:not-applicable"]);
    expect(sitesOf(endpoint("GET", "/health"))).toEqual([]);
    // raw SQL ($queryRaw, $queryRawUnsafe, $executeRawUnsafe) names no model: not a query site
    expect(sitesOf(endpoint("GET", "/search/items"))).toEqual([]);
  });

  it("counts the sites each endpoint reaches; none of the reference API's stays unknown", () => {
    expect(data.endpoints.reduce((sum, e) => sum + e.sites.length, 0)).toBe(100);
    expect(data.endpoints.filter((e) => e.unknownSites > 0)).toEqual([]);
    expect(data.stats.unknownSites).toBe(0);
  });

  it("attaches to an owner-scope finding the trace from the endpoint that reaches it", () => {
    const repository = data.files.find((file) => file.filePath.endsWith("src/repositories/item-repository.ts"))!;
    const findings = repository.findings.filter((f) => f.ruleId === "require-owner-scope");
    expect(findings.map((f) => `${f.line}:${f.column}`)).toEqual(["58:29", "64:29"]);
    expect(steps(findings[0].trace)).toEqual([
      "GET /items/:id/summary src/routes/items.ts:41:1",
      "ItemService.summary src/services/item-service.ts:41:9",
      "ItemRepository.findLiveById src/repositories/item-repository.ts:56:3",
      "this.prisma.item.findFirst src/repositories/item-repository.ts:58:29",
    ]);
  });

  it("traces a finding inside a reached function to that function, from the first endpoint in the report", () => {
    const service = data.files.find((file) => file.filePath.endsWith("src/services/item-service.ts"))!;
    expect(service.findings.map((f) => `${f.line}:${f.column} ${f.ruleId} ${f.trace?.map((step) => step.label).join(" → ")}`)).toEqual([
      "69:12 no-stale-read-after-write PUT /items/:id/value → ItemService.setValue",
      // getMany has no caller: no endpoint reaches it
      "89:51 no-query-in-loop undefined",
    ]);
    // lastCompleted is reached by GET /coach/status only
    const fasting = data.files.find((file) => file.filePath.endsWith("src/repositories/fasting-repository.ts"))!;
    expect(fasting.findings.find((f) => f.line === 53)?.trace?.map((step) => step.label)).toEqual([
      "GET /coach/status",
      "CoachService.status",
      "TimeKeeperService.lastCompleted",
      "FastingRepository.lastCompleted",
      "this.prisma.fastingWindow.findFirst",
    ]);
  });

  it("leaves findings no endpoint reaches without a trace; a finding on a route's registration traces to the route", () => {
    const devices = data.files.find((file) => file.filePath.endsWith("src/routes/devices.ts"))!;
    expect(devices.findings.map((f) => [f.ruleId, f.line, f.trace?.map((step) => step.label)])).toEqual([
      // an import statement: no endpoint reaches it
      ["layer-boundaries", 5, undefined],
      ["require-auth", 22, ["GET /devices/me/export"]],
    ]);
  });

  it("marks the endpoints without auth that require-auth's publicRoutes lists as public, with the pattern; the planted open ones are not", () => {
    expect(data.endpoints.filter((e) => !e.auth).map((e) => `${e.method} ${e.path} ${JSON.stringify(e.public ?? null)}`)).toEqual([
      `POST /devices {"by":"publicRoutes","pattern":"POST /devices"}`,
      "GET /devices/me/export null",
      `GET /health {"by":"publicRoutes","pattern":"GET /health"}`,
      "GET /health/details null",
    ]);
    expect(data.endpoints.filter((e) => e.auth && e.public)).toEqual([]);
  });

  it("links each endpoint to the findings on the code it runs: its registration, its handler, and every function it reaches", () => {
    const refs = (method: string, routePath: string) => endpoint(method, routePath).findings.map((ref) => `${ref.ruleId} ${where(ref)}`);
    // a repository function two endpoints reach is linked to both
    expect(refs("PATCH", "/fasting/:id")).toEqual(["require-soft-delete-filter src/repositories/fasting-repository.ts:64:45"]);
    expect(refs("PUT", "/fasting/:id/target")).toEqual(["require-soft-delete-filter src/repositories/fasting-repository.ts:64:45", "no-unvalidated-input src/routes/fasting.ts:61:77"]);
    // a finding on the registration itself
    expect(refs("GET", "/devices/me/export")).toEqual(["require-auth src/routes/devices.ts:22:15"]);
    expect(refs("DELETE", "/fasting/:id")).toEqual([]);
    // the schema and import statements belong to no endpoint; every other linked finding is one the check made
    const linked = new Set(data.endpoints.flatMap((e) => e.findings.map((ref) => `${ref.ruleId} ${where(ref)}`)));
    const made = new Set(data.files.flatMap((file) => file.findings.map((f) => `${f.ruleId} ${where({ filePath: file.filePath, line: f.line, column: f.column })}`)));
    for (const ref of linked) expect(made).toContain(ref);
    expect(linked.size).toBe(46);
    // a finding with a trace is linked to the endpoint its trace starts at
    for (const file of data.files) {
      for (const f of file.findings.filter((finding) => finding.trace)) {
        const [method, ...routePath] = f.trace![0].label.split(" ");
        expect(refs(method, routePath.join(" "))).toContain(`${f.ruleId} ${where({ filePath: file.filePath, line: f.line, column: f.column })}`);
      }
    }
  });

  it("lists every query site of the project with its verdicts, reached by an endpoint or not", () => {
    expect(data.sites).toHaveLength(105);
    expect(data.sites).toHaveLength(data.stats.querySites);
    // authentication by token hash: reached by the authenticate middleware, by no handler
    expect(data.sites.filter((site) => site.label === "this.prisma.device.findUnique").map((site) => `${where(site)} ${site.ownerScope}/${site.softDelete}`)).toEqual([
      "src/repositories/device-repository.ts:16:31 not-applicable/ok",
    ]);
  });

  it("carries the layers and the layer graph with its forbidden edges", () => {
    expect(data.rootDir).toBe(fixtureDir);
    expect(data.layers).toEqual(["routes", "services", "repositories", "data"]);
    expect(data.layerGraph.filter((edge) => edge.forbiddenCount > 0).map((edge) => `${edge.from} → ${edge.to} ×${edge.forbiddenCount}`)).toEqual([
      "routes → repositories ×1",
      "routes → data ×1",
      "repositories → services ×1",
    ]);
    // health.ts imports the client (a forbidden import too); metrics.ts reaches it through src/utils/stats.ts, a
    // module in no layer, whose imports are all allowed: without its finding no edge would show it
    expect(data.layerGraph.filter((edge) => edge.findingCount > 0).map((edge) => `${edge.from} → ${edge.to} ×${edge.findingCount}`)).toEqual(["routes → data ×2"]);
  });

  it("keeps the check's results: the same findings, only traces added", async () => {
    const check = await runCheck({ cwd: fixtureDir });
    const withoutTraces = data.files.map((file) => ({ ...file, findings: file.findings.map(({ trace: _trace, ...finding }) => finding) }));
    expect(withoutTraces).toStrictEqual(check.files);
    expect(data.files.some((file) => file.findings.some((finding) => finding.trace !== undefined))).toBe(true);
    expect(data.stats).toStrictEqual(check.stats);
    expect(data.stats).toEqual({ filesChecked: 62, querySites: 105, unknownSites: 0 });
    expect(data.files.reduce((sum, file) => sum + file.findings.length, 0)).toBe(65);
    expect("config" in data).toBe(false);
  });
});

describe("analyzeProject: endpoints public by the data they read", () => {
  const files = (requireAuth: string) => ({
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true }, include: ["src"] }),
    "prisma/schema.prisma": [
      'datasource db {\n  provider = "postgresql"\n}',
      "model Post {\n  id Int @id\n  ownerId String\n  published Boolean\n}",
      "model Note {\n  id Int @id\n  ownerId String\n}",
    ].join("\n"),
    "src/db.ts": 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n',
    "src/app.ts": [
      'import express from "express";',
      'import { prisma } from "./db";',
      "const app = express();",
      'app.get("/posts", async (req, res) => res.json(await prisma.post.findMany({ take: 10 })));',
      'app.post("/posts", async (req, res) => res.json(await prisma.post.create({ data: { id: 1, ownerId: "x", published: true } })));',
      'app.get("/notes", async (req, res) => res.json(await prisma.note.findMany({ take: 10 })));',
      'app.get("/health", (req, res) => res.json({ ok: true }));',
      "export default app;",
    ].join("\n"),
    "backend-conventions.config.json": JSON.stringify({
      prismaSchema: "prisma/schema.prisma",
      ownership: { field: "ownerId", publicReads: { Post: true } },
      rules: { "require-auth": [requireAuth, { publicRoutes: ["GET /health"] }] },
    }),
  });
  const publicOf = (data: ReportData) => data.endpoints.map((e) => `${e.method} ${e.path} ${e.auth ? "auth" : JSON.stringify(e.public ?? null)}`);

  it("an endpoint that only reads models of ownership.publicReads is public; a write or another model is not", async () => {
    const data = await analyzeProject({ cwd: tempProject(files("off")) });
    expect(publicOf(data)).toEqual([
      `GET /health {"by":"publicRoutes","pattern":"GET /health"}`,
      "GET /notes null",
      `GET /posts {"by":"publicReads","models":["Post"]}`,
      "POST /posts null",
    ]);
  });

  it("its lookalike: when require-auth runs and reports the endpoint, the rule decides and it is not public", async () => {
    const data = await analyzeProject({ cwd: tempProject(files("error")) });
    expect(publicOf(data)).toEqual([`GET /health {"by":"publicRoutes","pattern":"GET /health"}`, "GET /notes null", "GET /posts null", "POST /posts null"]);
    expect(data.endpoints.find((e) => e.path === "/posts" && e.method === "GET")!.findings.map((ref) => ref.ruleId)).toContain("require-auth");
  });
});
