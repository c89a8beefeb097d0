import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/analysis/analyze.js";
import { CallGraph } from "../../src/analysis/call-graph.js";
import { discoverProjectRoutes } from "../../src/analysis/endpoints.js";
import type { Endpoint, ReportData } from "../../src/analysis/report-model.js";
import { runCheck } from "../../src/cli/check.js";
import { resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { allRules, ruleOptionSchemas } from "../../src/rule-registry.js";
import { readAnnotations } from "../../bench/annotations.js";
import { tempProject } from "../engine/helpers.js";

const fixtureDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/trpc-api");

/** `QUERY note.byId [timing, isAuthed] auth note.byId`: one line per procedure, so a failure shows which one differs. */
const row = (endpoint: Endpoint) => `${endpoint.method} ${endpoint.path} [${endpoint.middleware.join(", ")}] ${endpoint.auth ? "auth" : "public"} ${endpoint.handler}`;

describe("tRPC: the endpoint inventory of the fixture", () => {
  let data: ReportData;
  beforeAll(async () => {
    data = await analyzeProject({ cwd: fixtureDir });
  });

  it("lists every procedure of the merged app router with its dotted path, kind, base chain and auth", () => {
    expect(data.endpoints.map(row).sort()).toEqual([
      "MUTATION note.remove [timing, isAuthed] auth note.remove",
      "MUTATION note.rename [timing, isAuthed] auth note.rename",
      "MUTATION note.retitle [timing, isAuthed] auth note.retitle",
      // adminProcedure = protectedProcedure.use(async …): the inline gate is named after its procedure
      "QUERY admin.noteById [timing, isAuthed, adminProcedure] auth admin.noteById",
      "QUERY note.byId [timing, isAuthed] auth note.byId",
      // ownerProcedure ties input.ownerId to the caller; its lookalike byOwnerUnchecked does not
      "QUERY note.byOwner [timing, isAuthed, ownerProcedure] auth note.byOwner",
      "QUERY note.byOwnerUnchecked [timing, isAuthed] auth note.byOwnerUnchecked",
      "QUERY note.list [timing, isAuthed] auth note.list",
      "QUERY note.listAlive [timing, isAuthed] auth note.listAlive",
      "QUERY note.mine [timing, isAuthed] auth note.mine",
      // publicProcedure: a timing middleware authenticates nobody
      "QUERY tag.list [timing] public tag.list",
      "QUERY tag.page [timing] public tag.page",
      // refreshedProcedure throws UNAUTHORIZED, but lets a caller without a session through first
      "QUERY tag.recent [timing, refreshedProcedure] public tag.recent",
    ]);
  });

  it("places each procedure at its key in the router's record", () => {
    const byId = data.endpoints.find((endpoint) => endpoint.path === "note.byId")!;
    expect([path.relative(fixtureDir, byId.filePath), byId.line, byId.column]).toEqual(["src/routers/note.ts", 7, 3]);
  });
});

describe("tRPC: the rules on the fixture", () => {
  it("finds exactly the planted defects, each beside its safe twin", async () => {
    const result = await runCheck({ cwd: fixtureDir });
    const found = result.files.flatMap((file) => file.findings.map((finding) => `${finding.ruleId} ${finding.messageId} ${path.relative(fixtureDir, file.filePath)}:${finding.line}:${finding.column}`)).sort();
    expect(found).toEqual([
      // input.retitle's parser only casts: the caller's object is the data (the lookalike `rename` parses it with zod)
      "no-unvalidated-input objectInData src/routers/note.ts:36:29",
      // tag.page takes its page size from an input without .max() (the lookalike tag.list's schema has .max(100))
      "require-bounded-list takeFromRequest src/routers/tag.ts:13:27",
      // note.byOwnerUnchecked: the owner from the input, checked by nothing (the lookalike byOwner's procedure checks it)
      "require-owner-scope scopeFromRequest src/routers/note.ts:30:17",
      // note.byId: the id from the caller, no owner (the twin `mine` adds userId: ctx.session.user.id; admin.noteById is behind the admin gate)
      "require-owner-scope unscoped src/routers/note.ts:9:17",
      // note.list: no deletedAt filter (the twin `listAlive` has one)
      "require-soft-delete-filter missingFilter src/routers/note.ts:16:21",
    ]);
    const knownRules = new Set(allRules.map((rule) => rule.name));
    const annotated = readAnnotations(fixtureDir, ["src", "prisma"], knownRules);
    expect(found.map((entry) => `${entry.split(" ")[0]} ${entry.split(" ")[2].replace(/:\d+$/, "")}`)).toEqual(annotated);
  });
});

describe("tRPC: discovery follows values, not names", () => {
  const schema = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Note {\n  id String @id\n}\n";
  const trpc = [
    'import { initTRPC, TRPCError } from "@trpc/server";',
    "const t = initTRPC.create();",
    "export const router = t.router;",
    "export const procedure = t.procedure;",
  ].join("\n");

  it("finds procedures of a router made by a re-exported factory, and none of a lookalike `router` that is no tRPC instance's", () => {
    const root = tempProject({
      "prisma/schema.prisma": schema,
      "src/trpc.ts": trpc,
      "src/app.ts": ['import { router, procedure } from "./trpc";', "export const appRouter = router({ ping: procedure.query(() => 1) });"].join("\n"),
      "src/fake.ts": ["const router = (record: object) => record;", "const procedure = { query: (fn: () => number) => fn };", "export const fake = router({ pong: procedure.query(() => 2) });"].join("\n"),
    });
    const analysis = loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
    const routes = discoverProjectRoutes(analysis.project.programFiles, analysis, new CallGraph(analysis));
    expect(routes.map((route) => `${route.framework} ${route.method} ${route.path}`)).toEqual(["trpc QUERY ping"]);
  });

  it("nests plain records, lists a router nobody mounts from its own root, and names a resolver given by name", () => {
    const root = tempProject({
      "prisma/schema.prisma": schema,
      "src/trpc.ts": trpc,
      "src/app.ts": [
        'import { router, procedure } from "./trpc";',
        "function listUsers() { return []; }",
        "export const appRouter = router({ admin: { users: { list: procedure.query(listUsers) } }, events: procedure.subscription(() => null) });",
        "export const legacyRouter = router({ old: procedure.mutation(() => 1) });",
      ].join("\n"),
    });
    const analysis = loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
    const routes = discoverProjectRoutes(analysis.project.programFiles, analysis, new CallGraph(analysis));
    expect(routes.map((route) => `${route.method} ${route.path} ${route.handler.label} ${route.handler.named ? "named" : "inline"}`).sort()).toEqual([
      "MUTATION old old inline",
      "QUERY admin.users.list listUsers named",
      "SUBSCRIPTION events events inline",
    ]);
  });

  it("updates the inventory when a router file is edited (cache-honest)", () => {
    const root = tempProject({
      "prisma/schema.prisma": schema,
      "src/trpc.ts": trpc,
      "src/app.ts": ['import { router, procedure } from "./trpc";', 'import { notes } from "./notes";', "export const appRouter = router({ notes });"].join("\n"),
      "src/notes.ts": ['import { router, procedure } from "./trpc";', "export const notes = router({ list: procedure.query(() => []) });"].join("\n"),
    });
    const analysis = loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
    const inventory = () =>
      discoverProjectRoutes(analysis.project.programFiles, analysis, new CallGraph(analysis))
        .map((route) => `${route.method} ${route.path}`)
        .sort();
    expect(inventory()).toEqual(["QUERY notes.list"]);
    analysis.project.setSourceFile(
      parseSourceFile(path.join(root, "src/notes.ts"), ['import { router, procedure } from "./trpc";', "export const notes = router({ list: procedure.query(() => []), add: procedure.mutation(() => 1) });"].join("\n")),
    );
    expect(inventory()).toEqual(["MUTATION notes.add", "QUERY notes.list"]);
  });
});
