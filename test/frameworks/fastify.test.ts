import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/analysis/analyze.js";
import { authenticates } from "../../src/analysis/auth-middleware.js";
import { CallGraph } from "../../src/analysis/call-graph.js";
import { discoverProjectRoutes, type DiscoveredRoute } from "../../src/analysis/endpoints.js";
import type { Endpoint, ReportData } from "../../src/analysis/report-model.js";
import { checkProject } from "../../src/cli/check.js";
import { resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import type { AnalysisContext } from "../../src/engine/rule.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { runRules } from "../../src/engine/run-rules.js";
import { allRules, ruleOptionSchemas } from "../../src/rule-registry.js";
import { tempProject } from "../engine/helpers.js";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/fastify-api");

/** `GET /x [hook, hook] auth handler`: one line per endpoint, so a failure shows which one differs. */
const row = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path} [${endpoint.middleware.join(", ")}] ${endpoint.auth ? "auth" : "public"} ${endpoint.handler}`;

describe("Fastify test project: endpoints", () => {
  let data: ReportData;
  beforeAll(async () => {
    data = await analyzeProject({ cwd: projectDir });
  });

  it("lists every route with its prefixes, hooks (context's, then the route's, phase by phase), auth and handler", () => {
    expect(data.endpoints.map(row)).toEqual([
      // the admin plugin's preHandler hook after the /api plugin's onRequest hook
      "GET /api/admin/notes [api.authenticate, adminGate] auth (inline)",
      "GET /api/notes [api.authenticate] auth (inline)",
      "POST /api/notes [api.authenticate] auth (inline)",
      "DELETE /api/notes/:id [api.authenticate] auth (inline)",
      "GET /api/notes/:id [api.authenticate] auth (inline)",
      // the route's own preHandler after the context's onRequest
      "PUT /api/notes/:id/retitle [api.authenticate, fastify.authenticate] auth (inline)",
      // route({ method: ["PUT", "PATCH"] }): one endpoint per method
      "PATCH /api/notes/:id/title [api.authenticate] auth (inline)",
      "PUT /api/notes/:id/title [api.authenticate] auth (inline)",
      "POST /api/notes/draft [api.authenticate] auth (inline)",
      // named handlers in another file
      "POST /api/notes/import [api.authenticate] auth importNote",
      "POST /api/notes/import-raw [api.authenticate] auth importRawNote",
      // a named handler given in the options
      "GET /api/notes/live [api.authenticate] auth liveNotes",
      "GET /api/notes/mine/:id [api.authenticate] auth (inline)",
      "POST /api/notes/typed [api.authenticate] auth (inline)",
      "GET /api/reports/notes [api.authenticate, preHandler hook] auth (inline)",
      "GET /api/reports/notes/:id [api.authenticate, preHandler hook] auth (inline)",
      // on the root instance, outside the /api plugin: its hook does not apply
      "GET /health [] public (inline)",
      "GET /status [] public (inline)",
    ]);
  });

  it("places each endpoint at its registration call, and tells the framework", () => {
    const endpoint = data.endpoints.find((candidate) => candidate.method === "GET" && candidate.path === "/api/notes/:id")!;
    expect([path.relative(projectDir, endpoint.filePath), endpoint.line, endpoint.column]).toEqual(["src/routes/notes.ts", 10, 3]);
  });
});

describe("Fastify test project: findings", () => {
  it("gives exactly the planted findings, none on their lookalikes; owner scope names the endpoint, prefixes joined", async () => {
    const check = await checkProject({ cwd: projectDir });
    const ownerScope = check.result.files.flatMap((file) => file.findings.filter((finding) => finding.ruleId === "require-owner-scope").map((finding) => finding.message.replace(/ selects .*$/, "")));
    expect(ownerScope).toEqual(["GET /api/reports/notes/:id: request.params.id", "GET /api/notes/:id: request.params.id"]);
    const findings = check.result.files.flatMap((file) =>
      file.findings.map((finding) => `${path.relative(projectDir, file.filePath)}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.messageId}`),
    );
    expect(findings).toEqual([
      // GET /status: no hook authenticates it (GET /health, listed in publicRoutes, is its lookalike)
      "src/app.ts:11:5 require-auth missingAuth",
      // an unvalidated body (POST / with a JSON schema, /typed with TypeBox and the route() with a schema constant are its lookalikes)
      // a named handler registered without a schema (importNote, registered with one, is its lookalike)
      "src/handlers/notes.ts:9:46 no-unvalidated-input fieldInData",
      "src/routes/notes.ts:17:81 no-unvalidated-input fieldInData",
      "src/routes/notes.ts:34:149 no-unvalidated-input fieldInData",
      // the lookalike of the admin routes (whose page size is the admin's to choose): a hook checking a header is no admin gate
      "src/routes/reports.ts:9:49 require-bounded-list missingTake",
      "src/routes/reports.ts:9:49 require-soft-delete-filter missingFilter",
      // a route() handler: the IDOR is reported at the handler, named by its endpoint
      "src/routes/reports.ts:10:93 require-owner-scope unscoped",
      // request.params.id selects any user's note (ownNote, tied to request.user.id, is its lookalike)
      "src/services/notes.ts:4:22 require-owner-scope unscoped",
      // deleted notes leak (liveNotesOf is its lookalike)
      "src/services/notes.ts:12:22 require-soft-delete-filter missingFilter",
    ]);
  });
});

const tsconfig = JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler" }, include: ["src"] });
const schema = 'datasource db {\n  provider = "postgresql"\n}\nmodel Note {\n  id Int @id\n}\n';

function analysisOf(files: Record<string, string>): AnalysisContext {
  const root = tempProject({ "tsconfig.json": tsconfig, "prisma/schema.prisma": schema, ...files });
  return loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
}

function routesOf(analysis: AnalysisContext): DiscoveredRoute[] {
  return discoverProjectRoutes(analysis.project.programFiles, analysis, new CallGraph(analysis));
}

/** `fastify GET /x [hook] auth`: the framework, the endpoint, its checks and whether one authenticates. */
function rows(analysis: AnalysisContext): string[] {
  return routesOf(analysis)
    .map((route) => {
      const auth = route.middleware.some((middleware) => authenticates(middleware, analysis, () => false));
      return `${route.framework} ${route.method} ${route.path} [${route.middleware.map((middleware) => middleware.name).join(", ")}] ${auth ? "auth" : "public"}`;
    })
    .sort();
}

describe("Fastify shapes", () => {
  it("joins nested register prefixes; a fastify-plugin plugin's hooks are its parent's", () => {
    const analysis = analysisOf({
      "src/app.ts": [
        'import fastify from "fastify";',
        'import fp from "fastify-plugin";',
        "const app = fastify();",
        "const session = fp(async (instance) => {",
        '  instance.addHook("onRequest", async (request, reply) => { if (!request.headers.authorization) return reply.code(401).send(); });',
        "});",
        "async function items(f) {",
        '  f.get("/", async () => []);',
        '  f.register(async (inner) => { inner.get("/:id", async () => ({})); }, { prefix: "/detail" });',
        "}",
        "async function open(f) {",
        '  f.get("/ping", async () => "pong");',
        "}",
        'app.register(open, { prefix: "/open" });',
        'app.register(async (v1) => { v1.register(session); v1.register(items, { prefix: "/items" }); }, { prefix: "/v1" });',
      ].join("\n"),
    });
    expect(rows(analysis)).toEqual([
      "fastify GET /open/ping [] public",
      "fastify GET /v1/items [onRequest hook] auth",
      "fastify GET /v1/items/detail/:id [onRequest hook] auth",
    ]);
  });

  it("a hook added after an awaited register does not reach that child; added after a plain register, it does", () => {
    const app = (awaited: string) =>
      analysisOf({
        "src/app.ts": [
          'import Fastify from "fastify";',
          "const app = Fastify();",
          "async function verify(request) { await request.jwtVerify(); }",
          `${awaited}app.register(async (child) => { child.get("/child", async () => ({})); });`,
          'app.addHook("onRequest", verify);',
          'app.get("/own", async () => ({}));',
        ].join("\n"),
      });
    expect(rows(app("await "))).toEqual(["fastify GET /child [] public", "fastify GET /own [verify] auth"]);
    expect(rows(app(""))).toEqual(["fastify GET /child [verify] auth", "fastify GET /own [verify] auth"]);
  });

  it("follows the instance through a function call into another file (routes registered by a plain function)", () => {
    const analysis = analysisOf({
      "src/routes.ts": 'import type { FastifyInstance } from "fastify";\nexport function noteRoutes(app: FastifyInstance) {\n  app.post("/notes", async () => ({}));\n}\n',
      "src/main.ts": 'import Fastify from "fastify";\nimport { noteRoutes } from "./routes";\nconst server = Fastify();\nnoteRoutes(server);\n',
    });
    expect(rows(analysis)).toEqual(["fastify POST /notes [] public"]);
  });

  it("a route option hook calling request.jwtVerify() authenticates; one that only logs does not", () => {
    const analysis = analysisOf({
      "src/app.ts": [
        'import Fastify from "fastify";',
        "const app = Fastify();",
        "async function verify(request) { await request.jwtVerify(); }",
        "async function trace(request) { request.log.info(request.url); }",
        'app.get("/private", { onRequest: [verify] }, async () => ({}));',
        'app.get("/traced", { onRequest: trace }, async () => ({}));',
      ].join("\n"),
    });
    expect(rows(analysis)).toEqual(["fastify GET /private [verify] auth", "fastify GET /traced [trace] public"]);
  });

  it("a hook letting one URL through at its start does not guard that route; it guards the others", () => {
    const analysis = analysisOf({
      "src/app.ts": [
        'import Fastify from "fastify";',
        "const server = Fastify();",
        'server.post("/api/login", async () => ({}));',
        'server.get("/api/me", async () => ({}));',
        'server.addHook("preHandler", async function (request, reply) {',
        "  try {",
        '    if (request.url === "/api/login" && request.method === "POST") return true;',
        '    checkToken(request.headers.authorization);',
        "  } catch (err) {",
        "    reply.status(401).send({ message: \"Unauthorized\" });",
        "  }",
        "});",
        "function checkToken(token) { return token; }",
      ].join("\n"),
    });
    expect(rows(analysis)).toEqual(["fastify GET /api/me [preHandler hook] auth", "fastify POST /api/login [] public"]);
  });

  it("claims nothing that is not a Fastify instance, and leaves Express routers to Express, once each", () => {
    const analysis = analysisOf({
      "src/app.ts": [
        'import express from "express";',
        "const cache = new Map();",
        'cache.get("/x", () => 1);',
        "const app = express();",
        'app.get("/express", (req, res) => res.json([]));',
        "const client = { get(path: string, handler: unknown) { return [path, handler]; } };",
        'client.get("/not-a-route", () => 1);',
      ].join("\n"),
    });
    expect(rows(analysis)).toEqual(["express GET /express [] public"]);
  });
});

describe("Fastify inventory in a long-lived process", () => {
  it("sees an edit of a plugin file: a hook added there guards its routes", () => {
    const files = {
      "src/app.ts": 'import Fastify from "fastify";\nimport items from "./items";\nconst app = Fastify();\napp.register(items, { prefix: "/items" });\n',
      "src/items.ts": 'export default async function items(f) {\n  f.get("/", async () => []);\n}\n',
    };
    const root = tempProject({ "tsconfig.json": tsconfig, "prisma/schema.prisma": schema, ...files });
    const analysis = loadAnalysis(resolveConfig({ rules: { "require-auth": "error" } }, { rootDir: root, rules: ruleOptionSchemas }));
    const requireAuth = allRules.find((rule) => rule.name === "require-auth")!;
    const enabled = [{ rule: requireAuth, severity: 2 as const, options: requireAuth.meta.defaultOptions }];
    const itemsFile = path.join(root, "src/items.ts");
    const lines = () => runRules(analysis.project.getSourceFile(itemsFile)!, analysis, enabled).findings.map((finding) => `${finding.line} ${finding.message}`);
    expect(lines()).toEqual(["2 GET /items has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);

    analysis.project.setSourceFile(
      parseSourceFile(itemsFile, 'export default async function items(f) {\n  f.get("/", async () => []);\n  f.addHook("onRequest", async (request) => { await request.jwtVerify(); });\n  f.get("/:id", async () => ({}));\n}\n'),
    );
    expect(lines()).toEqual([]);
    expect(rows(analysis)).toEqual(["fastify GET /items [onRequest hook] auth", "fastify GET /items/:id [onRequest hook] auth"]);
  });
});
