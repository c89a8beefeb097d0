import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/analysis/analyze.js";
import { listedAuthFor } from "../../src/analysis/endpoints.js";
import { CallGraph, functionLabel, hasBody, type GraphFunction } from "../../src/analysis/call-graph.js";
import { discoveryWork, isAuthMiddleware, joinPaths } from "../../src/analysis/endpoints.js";
import type { Endpoint, ReportData } from "../../src/analysis/report-model.js";
import { loadConfig, resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { runRules } from "../../src/engine/run-rules.js";
import { ts } from "../../src/engine/ts.js";
import { allRules, ruleOptionSchemas } from "../../src/rule-registry.js";
import { tempProject } from "../engine/helpers.js";

const projects = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects");
const mountsDir = path.join(projects, "endpoints-mounts");
const controllersDir = path.join(projects, "endpoints-controllers");

/** `GET /x [mw, mw] handler`: one line per endpoint, so a failure shows which one differs. */
const row = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path} [${endpoint.middleware.join(", ")}] ${endpoint.auth ? "auth" : "public"} ${endpoint.handler}`;
const sitesOf = (endpoint: Endpoint) => endpoint.sites.map(({ site }) => `${site.label} ${site.ownerScope}/${site.softDelete}`);
const traceOf = (endpoint: Endpoint, index = 0) => endpoint.sites[index].trace.map((step) => `${step.label} ${path.relative(endpoint.filePath.replace(/\/src\/.*$/, ""), step.filePath)}:${step.line}:${step.column}`);
const find = (data: ReportData, method: string, routePath: string) => {
  const endpoint = data.endpoints.find((e) => e.method === method && e.path === routePath);
  if (!endpoint) throw new Error(`no endpoint ${method} ${routePath}`);
  return endpoint;
};

describe("endpoint inventory: mounts, middleware order, imported handlers", () => {
  let data: ReportData;
  beforeAll(async () => {
    data = await analyzeProject({ cwd: mountsDir });
  });

  it("joins nested mount prefixes and applies use() middleware to what is registered after it", () => {
    expect(data.endpoints.map(row)).toEqual([
      "GET /api/v1/admin/stats [requestId, authenticate, requireAdmin] auth (inline)",
      "GET /api/v1/me [requestId, authenticate] auth (inline)",
      "GET /api/v1/notes [requestId, authenticate] auth listNotes",
      "GET /api/v1/notes/:id [requestId, authenticate] auth getNote",
      "GET /api/v1/notes/search [requestId, authenticate] auth searchNotes",
      // registered before v1Router.use(authenticate): public
      "GET /api/v1/status [requestId] public (inline)",
      // a router made by a factory and mounted from its call
      "GET /api/v1/tags [requestId, authenticate] auth (inline)",
      // export default router, imported as healthRoutes
      "GET /health [requestId] public (inline)",
      // app.use with a path and a function without next: a terminal handler
      "ALL /legacy [requestId] public (inline)",
      // a router never mounted keeps its own paths
      "GET /orphan [] public (inline)",
      "GET /ping [requestId] public (inline)",
    ]);
  });

  it("places each endpoint at its registration call", () => {
    const status = find(data, "GET", "/api/v1/status");
    expect([path.relative(mountsDir, status.filePath), status.line, status.column]).toEqual(["src/routes/v1.ts", 9, 1]);
    const notes = find(data, "GET", "/api/v1/notes");
    expect([path.relative(mountsDir, notes.filePath), notes.line, notes.column]).toEqual(["src/routes/notes.ts", 7, 1]);
  });

  it("follows an imported handler through a namespace-imported service module to the repository", () => {
    const endpoint = find(data, "GET", "/api/v1/notes/:id");
    expect(sitesOf(endpoint)).toEqual(["prisma.note.findFirst violation/ok"]);
    expect(traceOf(endpoint)).toEqual([
      "GET /api/v1/notes/:id src/routes/notes.ts:9:1",
      "getNote src/handlers/notes.ts:8:14",
      "getById src/services/note-service.ts:7:17",
      "findNote src/repositories/note-repository.ts:7:17",
      "prisma.note.findFirst src/repositories/note-repository.ts:8:22",
    ]);
    expect(sitesOf(find(data, "GET", "/api/v1/notes"))).toEqual(["prisma.note.findMany ok/ok"]);
    expect(sitesOf(find(data, "GET", "/api/v1/tags"))).toEqual(["prisma.tag.findMany not-applicable/not-applicable"]);
  });

  it("counts a site the rules cannot see through, and keeps it", () => {
    const endpoint = find(data, "GET", "/api/v1/notes/search");
    expect(sitesOf(endpoint)).toEqual(["prisma.note.findMany unknown/unknown"]);
    expect(endpoint.unknownSites).toBe(1);
    expect(data.endpoints.map((e) => e.unknownSites)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect(data.stats.unknownSites).toBe(1);
  });

  it("lists every query site of the project with its verdicts, reached or not", () => {
    expect(data.sites.map((site) => `${path.relative(mountsDir, site.filePath)}:${site.line}:${site.column} ${site.model}.${site.operation} ${site.ownerScope}/${site.softDelete}`)).toEqual([
      "src/repositories/note-repository.ts:4:22 Note.findMany ok/ok",
      "src/repositories/note-repository.ts:8:22 Note.findFirst violation/ok",
      "src/repositories/note-repository.ts:12:22 Note.findMany unknown/unknown",
      "src/routes/tags.ts:8:31 Tag.findMany not-applicable/not-applicable",
    ]);
  });

  it("gives a finding in the handler itself the route as its whole trace", () => {
    const tags = data.files.find((file) => file.filePath.endsWith("routes/tags.ts"))!;
    expect(tags.findings.map((f) => [f.ruleId, f.line, f.trace?.map((step) => step.label)])).toEqual([
      // the import of the client is reached by no endpoint; the query made with it is the same cause, reported there
      ["layer-boundaries", 3, undefined],
      ["require-bounded-list", 8, ["GET /api/v1/tags", "prisma.tag.findMany"]],
    ]);
  });
});

describe("endpoint inventory: controllers and route() chains", () => {
  let data: ReportData;
  beforeAll(async () => {
    data = await analyzeProject({ cwd: controllersDir });
  });

  it("names handlers after the controller method however it is passed", () => {
    expect(data.endpoints.map(row)).toEqual([
      // .bind(notes)
      "GET /notes [passport.authenticate] auth NoteController.list",
      // (req, res) => notes.create(req, res)
      "POST /notes [passport.authenticate] auth NoteController.create",
      // asyncHandler(notes.remove), an arrow-function class property
      "DELETE /notes/:id [] public NoteController.remove",
      // notes.show, unbound
      "GET /notes/:id [] public NoteController.show",
      // a route() chain kept in a variable
      "PUT /notes/:id/archive [] public NoteController.archive",
    ]);
  });

  it("places chained registrations at their method name", () => {
    expect(data.endpoints.map((e) => `${e.method} ${e.line}:${e.column}`)).toEqual(["GET 13:4", "POST 14:4", "DELETE 16:44", "GET 16:28", "PUT 19:9"]);
  });

  it("walks controller → service (injected by type) → repository, this.method included", () => {
    expect(data.endpoints.map((e) => `${e.method} ${e.path}: ${sitesOf(e).join(", ")}`)).toEqual([
      "GET /notes: prisma.note.findMany ok/ok",
      "POST /notes: prisma.note.create ok/not-applicable",
      "DELETE /notes/:id: prisma.note.updateMany ok/ok",
      "GET /notes/:id: prisma.note.findFirst ok/violation",
      "PUT /notes/:id/archive: prisma.note.update violation/ok",
    ]);
    expect(traceOf(find(data, "PUT", "/notes/:id/archive"))).toEqual([
      "PUT /notes/:id/archive src/app.ts:19:9",
      "NoteController.archive src/controllers/note-controller.ts:24:9",
      "NoteService.archive src/services/note-service.ts:22:3",
      "NoteRepository.touch src/repositories/note-repository.ts:20:3",
      "NoteRepository.write src/repositories/note-repository.ts:24:11",
      "prisma.note.update src/repositories/note-repository.ts:25:24",
    ]);
  });

  it("attaches the trace to the findings at the sites", () => {
    const repository = data.files.find((file) => file.filePath.endsWith("note-repository.ts"))!;
    expect(repository.findings.map((f) => `${f.line}:${f.column} ${f.ruleId}: ${f.trace?.map((step) => step.label).join(" → ")}`)).toEqual([
      "5:24 require-bounded-list: GET /notes → NoteController.list → NoteService.list → NoteRepository.list → prisma.note.findMany",
      "13:24 require-soft-delete-filter: GET /notes/:id → NoteController.show → NoteService.get → NoteRepository.find → prisma.note.findFirst",
      "25:24 require-owner-scope: PUT /notes/:id/archive → NoteController.archive → NoteService.archive → NoteRepository.touch → NoteRepository.write → prisma.note.update",
    ]);
  });
});

describe("joinPaths", () => {
  it("joins prefixes the way Express matches them", () => {
    expect(joinPaths("", "/")).toBe("/");
    expect(joinPaths("/items", "/")).toBe("/items");
    expect(joinPaths("/api", "/v1/")).toBe("/api/v1");
    expect(joinPaths("/devices", "/:deviceId/items")).toBe("/devices/:deviceId/items");
    expect(joinPaths("/a/", "b")).toBe("/a/b");
  });
});

describe("isAuthMiddleware", () => {
  it("knows the usual names, and any name with auth in it", () => {
    expect(isAuthMiddleware("authenticate")).toBe(true);
    expect(isAuthMiddleware("requireAuth")).toBe(true);
    expect(isAuthMiddleware("isAuthenticated")).toBe(true);
    expect(isAuthMiddleware("passport.authenticate")).toBe(true);
    expect(isAuthMiddleware("verifyToken")).toBe(true);
    expect(isAuthMiddleware("jwt")).toBe(true);
    expect(isAuthMiddleware("oauthGuard")).toBe(true);
  });

  it("does not take other middleware for authentication", () => {
    expect(isAuthMiddleware("express.json")).toBe(false);
    expect(isAuthMiddleware("requestId")).toBe(false);
    expect(isAuthMiddleware("requireAdmin")).toBe(false);
    expect(isAuthMiddleware("(inline)")).toBe(false);
  });
});

describe("CallGraph", () => {
  function graphOf(dir: string) {
    const config = loadConfig({ searchFrom: dir, rules: ruleOptionSchemas });
    const analysis = loadAnalysis(config);
    return { analysis, graph: new CallGraph(analysis) };
  }
  function method(sourceFile: ts.SourceFile, className: string, name: string): GraphFunction {
    const found = sourceFile.statements
      .filter(ts.isClassDeclaration)
      .find((c) => c.name?.text === className)
      ?.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && m.name.getText() === name);
    if (!found || !hasBody(found)) throw new Error(`no ${className}.${name}`);
    return found;
  }

  it("reaches through methods breadth first and scans each function once", () => {
    const { analysis, graph } = graphOf(controllersDir);
    const sourceFile = analysis.project.getSourceFile(path.join(controllersDir, "src/controllers/note-controller.ts"))!;
    const archive = method(sourceFile, "NoteController", "archive");
    const reached = graph.reach([archive]);
    expect([...reached].map(([fn, reach]) => `${functionLabel(fn)}@${reach.depth}<${reach.parent ? functionLabel(reach.parent) : ""}`)).toEqual([
      "NoteController.archive@0<",
      "NoteService.archive@1<NoteController.archive",
      "NoteRepository.touch@2<NoteService.archive",
      "NoteRepository.write@3<NoteRepository.touch",
    ]);
    expect(graph.scanned).toBe(4);
    graph.reach([archive]);
    expect(graph.scanned).toBe(4);
  });

  it("stops at the depth cap", () => {
    const { analysis, graph } = graphOf(controllersDir);
    const sourceFile = analysis.project.getSourceFile(path.join(controllersDir, "src/controllers/note-controller.ts"))!;
    const reached = graph.reach([method(sourceFile, "NoteController", "archive")], 2);
    expect([...reached.keys()].map(functionLabel)).toEqual(["NoteController.archive", "NoteService.archive", "NoteRepository.touch"]);
  });
});

describe("listedAuthFor", () => {
  const rootDir = "/virtual";
  it("lists nothing by default: what a middleware does decides (see auth-middleware)", () => {
    const isListed = listedAuthFor(resolveConfig({}, { rootDir, rules: ruleOptionSchemas }));
    expect([isListed("authenticate"), isListed("checkSession")]).toEqual([false, false]);
  });

  it("lists the names of require-auth's authMiddleware option, as the rule does", () => {
    const config = resolveConfig({ rules: { "require-auth": ["error", { authMiddleware: ["checkSession"] }] } }, { rootDir, rules: ruleOptionSchemas });
    const isListed = listedAuthFor(config);
    expect([isListed("authenticate"), isListed("checkSession"), isListed("cors")]).toEqual([false, true, false]);
  });
});

describe("require-auth's endpoint inventory in a long-lived process", () => {
  const files = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler" }, include: ["src"] }),
    "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\nmodel Note {\n  id Int @id\n}\n',
    "src/routes.ts": 'import { Router } from "express";\nexport const router = Router();\nrouter.get("/notes", (req, res) => res.json([]));\n',
    "src/service.ts": "export function remove(cache: Map<string, number>, id: string) {\n  return cache.delete(id);\n}\n",
  };
  const requireAuth = allRules.find((rule) => rule.name === "require-auth")!;
  const enabled = [{ rule: requireAuth, severity: 2 as const, options: requireAuth.meta.defaultOptions }];
  const lines = (run: ReturnType<typeof runRules>) => run.findings.map((finding) => `${finding.line} ${finding.message}`);

  it("re-reads only an edited file that still registers nothing, and sees a route it starts registering", () => {
    const root = tempProject(files);
    const analysis = loadAnalysis(resolveConfig({ rules: { "require-auth": "error" } }, { rootDir: root, rules: ruleOptionSchemas }));
    const routes = analysis.project.getSourceFile(path.join(root, "src/routes.ts"))!;
    const service = path.join(root, "src/service.ts");
    expect(lines(runRules(routes, analysis, enabled))).toEqual(["3 GET /notes has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);

    // `cache.delete(id)` looks like a registration but is none: after an edit, that file alone is walked again.
    const { filesWalked, assembled } = discoveryWork;
    const edited = parseSourceFile(service, files["src/service.ts"].replace("cache.delete(id)", "cache.delete(id.trim())"));
    expect(lines(runRules(edited, analysis, enabled))).toEqual([]);
    expect(lines(runRules(routes, analysis, enabled))).toEqual(["3 GET /notes has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);
    expect([discoveryWork.filesWalked - filesWalked, discoveryWork.assembled - assembled]).toEqual([1, 0]);

    // The same file now registering a route on the imported router: the inventory is built again and has it.
    const registering = parseSourceFile(service, 'import { router } from "./routes";\nrouter.post("/notes", (req, res) => res.json({}));\n');
    const before = discoveryWork.assembled;
    expect(lines(runRules(registering, analysis, enabled))).toEqual(["2 POST /notes has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);
    expect(discoveryWork.assembled - before).toBe(1);
  });

  it("sees a file start registering a route when another file makes its receiver a router", () => {
    const root = tempProject({
      ...files,
      "src/r.ts": "export const router = { get(path: string, handler: unknown) { return [path, handler]; } };\n",
      "src/late.ts": 'import { router } from "./r";\nrouter.get("/late", (req: unknown) => req);\n',
    });
    const analysis = loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
    const routes = analysis.project.getSourceFile(path.join(root, "src/routes.ts"))!;
    const late = analysis.project.getSourceFile(path.join(root, "src/late.ts"))!;
    expect(lines(runRules(routes, analysis, enabled))).toEqual(["3 GET /notes has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);
    expect(lines(runRules(late, analysis, enabled))).toEqual([]);
    // Only r.ts changes: late.ts keeps its parse, yet its call now registers a route.
    analysis.project.setSourceFile(parseSourceFile(path.join(root, "src/r.ts"), 'import { Router } from "express";\nexport const router = Router();\n'));
    expect(lines(runRules(late, analysis, enabled))).toEqual(["2 GET /late has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);
  });

  it("counts a router mounted inside an array as mounted: its routes appear once, under the mount's prefix", () => {
    const root = tempProject({
      ...files,
      "src/routes.ts": [
        'import express, { Router } from "express";',
        "const items = Router();",
        'items.get("/x", (req, res) => res.json([]));',
        "const app = express();",
        'app.use("/api", [items]);',
      ].join("\n"),
    });
    const analysis = loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
    const routes = analysis.project.getSourceFile(path.join(root, "src/routes.ts"))!;
    expect(lines(runRules(routes, analysis, enabled))).toEqual(["3 GET /api/x has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);
  });

  it("a router mounted in both branches of an if/else is one set of endpoints; mounted at two paths, two", () => {
    const mounting = (second: string) =>
      tempProject({
        ...files,
        "src/routes.ts": [
          'import express, { Router } from "express";',
          "const items = Router();",
          'items.get("/x", (req, res) => res.json([]));',
          "const app = express();",
          'if (process.env.LEGACY) app.use("/api", items);',
          `else app.use("${second}", items);`,
        ].join("\n"),
      });
    const once = loadAnalysis(resolveConfig({}, { rootDir: mounting("/api"), rules: ruleOptionSchemas }));
    const onceRoutes = once.project.getSourceFile(path.join(once.config.rootDir, "src/routes.ts"))!;
    expect(lines(runRules(onceRoutes, once, enabled))).toEqual(["3 GET /api/x has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);
    // the lookalike: two places, two endpoints
    const twice = loadAnalysis(resolveConfig({}, { rootDir: mounting("/v2"), rules: ruleOptionSchemas }));
    const twiceRoutes = twice.project.getSourceFile(path.join(twice.config.rootDir, "src/routes.ts"))!;
    expect(lines(runRules(twiceRoutes, twice, enabled))).toEqual([
      "3 GET /api/x has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes",
      "3 GET /v2/x has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes",
    ]);
  });
});
