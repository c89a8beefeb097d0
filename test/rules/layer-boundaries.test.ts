import fs from "node:fs";
import path from "node:path";
import { eslintRule, projectDir, ruleTester } from "./rule-tester.js";

/**
 * A linted file's code replaces the file in the project for the cases after it, so a case that
 * changes what a real file imports is linted as a new file beside it (`billing-extra.service.ts`).
 *
 * Code is linted as a file of test/projects/layers, so its layer comes from its path and
 * its imports resolve to real files there: src/repositories, src/services, src/db (the data
 * layer; pricing.ts holds no client), src/utils (no layer; stats.ts, raw.ts and audit-log.ts
 * query Prisma, and src/routes/audit.ts imports audit-log.ts), src/middleware (session.ts reads,
 * audit.ts writes), src/routes/article (a feature folder under routes/). mutual/ allows
 * services ↔ repositories; two-layer/ is the two-layer preset with `allowTypeImports: false`;
 * no-services/ has no services layer its routes go through; features/ has feature folders
 * without a repository (billing) or a service (reports), a job (src/jobs/metrics.ts) that queries
 * Metric more than any repository, and reports.access.ts, a helper in no layer beside its controller;
 * nest/ keeps a PrismaService in prisma/. routes-query/ (two layers) makes most of its queries in
 * its routes; past-services/ has controllers that call their query modules past a service in most features.
 */
const layersDir = path.resolve(projectDir, "../layers");
const route = path.join(layersDir, "src/routes/file.ts");
const service = path.join(layersDir, "src/services/file.ts");
const repository = path.join(layersDir, "src/repositories/file.ts");
const util = path.join(layersDir, "src/utils/file.ts");
const server = path.join(layersDir, "src/server.ts");
const mutualService = path.join(layersDir, "mutual/src/services/file.ts");
const cycleA = path.join(layersDir, "mutual/src/services/cycle-a.ts");
const twoLayerRoute = path.join(layersDir, "two-layer/src/routes/file.ts");
const twoLayerService = path.join(layersDir, "two-layer/src/services/file.ts");
const noServicesRoute = path.join(layersDir, "no-services/src/routes/file.ts");
const featuresDir = path.join(layersDir, "features/src/modules");
const nestDir = path.join(layersDir, "nest/src");
const routesQueryRoute = path.join(layersDir, "routes-query/src/routes/file.ts");
const pastServicesDir = path.join(layersDir, "past-services/src/modules");

const ROUTES = "routes may import only: services (layers.allow.routes)";
const SERVICES = "services may import only: repositories (layers.allow.services)";
const REPOSITORIES = "repositories may import only: data (layers.allow.repositories)";

const forbidden = (fromLayer: string, toLayer: string, target: string, constraint: string) => ({ fromLayer, toLayer, target, constraint });
const dataAccess = (access: string, layer: string, constraint: string) => ({ access, layer, dataLayers: "repositories", dataLayer: "data", constraint });
const sideDoor = (target: string, chain: string) => ({ fromLayer: "routes", toLayer: "data", target, chain, dataLayers: "repositories", constraint: ROUTES });
const clientImport = (fromLayer: string, target: string, uses: string, constraint: string, dataLayers = "repositories") => ({
  fromLayer,
  toLayer: "data",
  target,
  uses,
  dataLayers,
  constraint,
});

ruleTester.run("layer-boundaries", eslintRule("layer-boundaries"), {
  valid: [
    // the allowed direction
    { filename: route, code: `import { getItem } from "../services/item-service.js";\nexport const get = (id: string) => getItem(id);` },
    // DTO types cross layers freely by default: import type, inline type specifiers, type re-exports
    { filename: route, code: `import type { ItemRow } from "../repositories/item-repository.js";\nexport type Row = ItemRow;` },
    { filename: route, code: `import { type ItemRow } from "../repositories/item-repository.js";\nexport type Row = ItemRow;` },
    { filename: route, code: `export type { ItemRow } from "../repositories/item-repository.js";` },
    { filename: route, code: `import type { Db } from "../db/client.js";\nimport type { Prisma } from "@prisma/client";\nexport type Client = Db | Prisma.TransactionClient;` },
    // modules in no layer that never reach Prisma
    { filename: route, code: `import { title } from "../utils/format.js";\nimport type { ItemDto } from "../dto/item.js";\nexport const show = (dto: ItemDto) => title(dto.name);` },
    // the side door only as a type: no runtime path to Prisma
    { filename: route, code: `import type { Stats } from "../utils/stats-types.js";\nexport const empty: Stats | null = null;` },
    { filename: route, code: `import type { metricStats } from "../utils/stats.js";\nexport type Stats = ReturnType<typeof metricStats>;` },
    // middleware is in no layer and uses services; routes speak HTTP
    {
      filename: route,
      code: `import { Router } from "express";\nimport { loadItem } from "../middleware/auth.js";\nexport const router = Router().get("/:id", loadItem, (_req, res) => {\n  res.status(204).end();\n});`,
    },
    { filename: route, code: `export async function lazy() {\n  const { getItem } = await import("../services/item-service.js");\n  return getItem("1");\n}` },
    // a service importing and re-exporting another service
    { filename: service, code: `import { audit } from "./audit-service.js";\nexport { getItem } from "./item-service.js";\nexport const check = (id: string) => audit(id);` },
    // through a tsconfig path alias and a barrel
    { filename: service, code: `import { findItem } from "@app/repositories/index.js";\nexport const get = (id: string) => findItem(id);` },
    // repositories touch Prisma
    { filename: repository, code: "import { prisma } from \"../db/client.js\";\nexport const count = () => prisma.item.count();\nexport const ping = () => prisma.$queryRaw`SELECT 1`;" },
    // the composition root is in no layer and may wire everything
    {
      filename: server,
      code: `import { prisma } from "./db/client.js";\nimport { findItem } from "./repositories/item-repository.js";\nimport { itemsRouter } from "./routes/items.js";\nexport { findItem, itemsRouter };\nprocess.on("SIGTERM", () => void prisma.$disconnect());`,
    },
    // HTTP in a service is another rule's (no-http-in-services): this one checks imports and queries only
    { filename: service, code: `import type { Response } from "express";\nexport function fail(res: Response) {\n  res.status(404);\n}` },
    // files in no layer may query by default
    { filename: util, code: `import { prisma } from "../db/client.js";\nexport const total = () => prisma.metric.count();` },
    // two layers: services query Prisma; a repositories folder is in no layer; type imports along an allowed edge
    { filename: twoLayerService, code: `import { prisma } from "../db/client.js";\nexport const list = () => prisma.item.findMany({ where: { deletedAt: null } });` },
    { filename: twoLayerRoute, code: `import { legacy } from "../repositories/legacy.js";\nexport const old = legacy;` },
    { filename: twoLayerRoute, code: `import type { ItemView } from "../services/item-service.js";\nexport type View = ItemView;` },
    // both directions allowed, but no cycle: the repository does not import back, or only a type
    { filename: mutualService, code: `import { leaf } from "../repositories/leaf.js";\nexport const value = () => leaf;` },
    { filename: cycleA, code: `import type { b } from "../repositories/cycle-b.js";\nexport type B = typeof b;` },
    { filename: cycleA, code: `import { typedBack } from "../repositories/typed-back.js";\nexport const a = () => typedBack;` },
    // enums, the Prisma namespace and model types of the generated client are no data access, in any layer
    {
      filename: route,
      code: `import { Prisma, Role } from "@prisma/client";\nexport const isKnown = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError;\nexport const admin = Role.ADMIN;`,
    },
    { filename: route, code: `import { Prisma } from "../generated/prisma/client.js";\nexport type Where = Prisma.ItemWhereInput;` },
    // an import whose names are only read as types is erased: no run-time dependency
    { filename: route, code: `import { ItemRow } from "../repositories/item-repository.js";\nexport const rows: ItemRow[] = [];` },
    // a module of the data layer's folder that holds no client
    { filename: route, code: `import { PRICES } from "../db/pricing.js";\nexport const basic = PRICES.basic;` },
    // authentication middleware in a route's chain may read the caller's session
    {
      filename: route,
      code: `import { Router } from "express";\nimport { requireSession } from "../middleware/session.js";\nexport const router = Router().get("/", requireSession, (_req, res) => {\n  res.end();\n});`,
    },
    { filename: route, code: `import { Router } from "express";\nimport { requireSession } from "../middleware/session.js";\nexport const router = Router().use(requireSession);` },
    // a NestJS guard named in @UseGuards reads the row it guards
    { filename: path.join(nestDir, "users/users.controller.ts"), code: fs.readFileSync(path.join(nestDir, "users/users.controller.ts"), "utf8") },
    // a health indicator gets the client to ping the database (@nestjs/terminus), in a health controller
    {
      filename: path.join(nestDir, "users/health.controller.ts"),
      code: `import { Controller, Get } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\ndeclare class PrismaHealthIndicator { pingCheck(key: string, client: unknown): Promise<unknown> }\n@Controller("health")\nexport class HealthController {\n  constructor(private readonly prismaHealth: PrismaHealthIndicator, private readonly prisma: PrismaService) {}\n  @Get()\n  check() {\n    return this.prismaHealth.pingCheck("database", this.prisma);\n  }\n}`,
    },
    // a health check reaches the database itself: a query whose result it throws away
    {
      filename: path.join(nestDir, "users/health.controller.ts"),
      code: `import { Controller, Get } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\n@Controller("/")\nexport class HealthController {\n  constructor(private readonly prisma: PrismaService) {}\n  @Get("health")\n  async check() {\n    await this.prisma.item.findMany();\n    return "OK";\n  }\n}`,
    },
    // a route at a health path that throws the query's result away
    { filename: route, code: `import { prisma } from "../db/client.js";\ndeclare const app: { get(path: string, handler: () => unknown): void };\napp.get("/healthz", async () => {\n  await prisma.$queryRaw\`SELECT 1\`;\n  return { ok: true };\n});` },

    // one module that queries is one problem: reported at the first import (src/routes/audit.ts), not here
    { filename: route, code: `import { auditCount } from "../utils/audit-log.js";\nexport const audits = () => auditCount();` },
    // a file named for a layer (article.service.ts) is in it, though its folder is routes/; its feature's helper is in no layer
    { filename: path.join(layersDir, "src/routes/article/article-admin.service.ts"), code: `import { toArticle } from "./article.mapper.js";\nexport const show = toArticle;` },
    // a project whose routes go through no services layer: its routes query, by design
    { filename: noServicesRoute, code: `import { prisma } from "../db/client.js";\nexport const list = () => prisma.item.findMany({ where: { deletedAt: null }, take: 10 });` },
    { filename: noServicesRoute, code: `import { metricStats } from "../utils/stats.js";\nexport const stats = () => metricStats("steps");` },
    // a feature without a repository: its service owns its queries
    { filename: path.join(featuresDir, "billing/billing-extra.service.ts"), code: `import { prisma } from "../../db/client.js";\nexport const total = () => prisma.invoice.count();` },
    // a feature without a service: its controller calls its query module
    { filename: path.join(featuresDir, "reports/reports-admin.controller.ts"), code: `import { reportRows } from "./reports.query.js";\nexport const rows = () => reportRows();` },
    // the Prisma client named like a service, in prisma/: the data layer by its content, so a repository may use it
    { filename: path.join(nestDir, "users/users.repository.ts"), code: fs.readFileSync(path.join(nestDir, "users/users.repository.ts"), "utf8") },
    // a program whose routes make most of its queries (its services read a few cached values): the routes are where it queries
    { filename: routesQueryRoute, code: `import { prisma } from "../db/client.js";\nexport const count = () => prisma.item.count();` },
    // a program whose routes call their query modules past the services in most places: a feature with a service may do the same
    { filename: path.join(pastServicesDir, "tasks/tasks-admin.controller.ts"), code: `import { findTasks } from "./tasks.query.js";\nexport const list = () => findTasks();` },
    // a feature without a repository may query a model no layer holds most queries of (the job queries Metric more than reports.query.ts)
    { filename: path.join(featuresDir, "billing/billing-extra.service.ts"), code: `import { prisma } from "../../db/client.js";\nexport const total = () => prisma.metric.count();` },
    // a helper in no layer beside the controller that imports it, or in a folder below it, is the feature's own, not a side door
    { filename: path.join(featuresDir, "reports/reports-export.controller.ts"), code: `import { exportRows } from "./export/rows.js";\nexport const rows = () => exportRows();` },
    // a layer the program's imports mostly step past is no step of its path: a query module may use its helpers
    { filename: path.join(pastServicesDir, "tasks/tasks-extra.query.ts"), code: `import { TASK_QUOTA } from "./tasks.quota.service.js";\nexport const quota = () => TASK_QUOTA;` },
    { filename: path.join(featuresDir, "reports/reports-admin.controller.ts"), code: `import { canSeeReport } from "./reports.access.js";\nexport const allowed = (name: string) => canSeeReport(name);` },
  ],
  invalid: [
    {
      // the lookalike of the feature's helper: a module in no layer in another folder is a side door
      filename: path.join(featuresDir, "reports/reports-admin.controller.ts"),
      code: `import { recent } from "../../jobs/metrics.js";\nexport const rows = () => recent();`,
      errors: [
        {
          messageId: "sideDoor",
          line: 1,
          column: 24,
          data: {
            ...sideDoor("src/jobs/metrics.ts", "routes → src/jobs/metrics.ts → prisma.metric.findMany"),
            constraint: "routes may import only: repositories (layers.allow.routes; services skipped, as src/modules/reports/ has none)",
          },
        },
      ],
    },
    {
      // past the services, the controllers still do not query: the query modules do (stepping past a layer is for imports of layers that hold no client)
      filename: path.join(pastServicesDir, "tasks/tasks-admin.controller.ts"),
      code: `import { prisma } from "../../db/client.js";\nexport const count = () => prisma.item.count();`,
      errors: [
        {
          messageId: "clientImport",
          line: 1,
          column: 24,
          data: clientImport("routes", "src/db/client.ts", "prisma.item.count (line 2)", ROUTES),
        },
      ],
    },
    {
      // the lookalike of routes-query/: two layers whose services make most of the queries, so a route may not
      filename: twoLayerRoute,
      code: `import { prisma } from "../db/client.js";\nexport const count = () => prisma.item.count();`,
      errors: [{ messageId: "clientImport", line: 1, column: 24, data: clientImport("routes", "src/db/client.ts", "prisma.item.count (line 2)", ROUTES, "services") }],
    },
    {
      filename: route,
      code: `import { findItem } from "../repositories/item-repository.js";\nexport const get = (id: string) => findItem(id);`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 26, data: forbidden("routes", "repositories", "src/repositories/item-repository.ts", ROUTES) }],
    },
    {
      filename: route,
      code: `import { findItem } from "@app/repositories/item-repository.js";\nexport const get = (id: string) => findItem(id);`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 26, data: forbidden("routes", "repositories", "src/repositories/item-repository.ts", ROUTES) }],
    },
    {
      // a re-export is an import
      filename: route,
      code: `export { findItem } from "../repositories/index.js";`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 26, data: forbidden("routes", "repositories", "src/repositories/index.ts", ROUTES) }],
    },
    {
      filename: route,
      code: `export async function lazy() {\n  const { findItem } = await import("../repositories/item-repository.js");\n  return findItem("1");\n}`,
      errors: [{ messageId: "forbiddenImport", line: 2, column: 37, data: forbidden("routes", "repositories", "src/repositories/item-repository.ts", ROUTES) }],
    },
    {
      // the import of the client and the queries made with it are one cause: one finding, at the import
      filename: route,
      code: `import { prisma } from "../db/client.js";\nexport const list = () => prisma.item.findMany();\nexport const one = () => prisma.item.findFirst();`,
      errors: [
        {
          messageId: "clientImport",
          line: 1,
          column: 24,
          data: clientImport("routes", "src/db/client.ts", "prisma.item.findMany (line 2), prisma.item.findFirst (line 3)", ROUTES),
        },
      ],
    },
    {
      // the generated client's package is the data layer when it brings the client itself
      filename: route,
      code: `import { PrismaClient } from "@prisma/client";\nexport const db = new PrismaClient();`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 30, data: forbidden("routes", "data", "@prisma/client", ROUTES) }],
    },
    {
      // the erased import's twin: read as a value, the import is a run-time dependency
      filename: route,
      code: `import { ItemRow, findItem } from "../repositories/item-repository.js";\nexport const rows: ItemRow[] = [];\nexport const find = findItem;`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 35, data: forbidden("routes", "repositories", "src/repositories/item-repository.ts", ROUTES) }],
    },
    {
      // middleware called in the handler is no link of the chain: a side door
      filename: route,
      code: `import { currentSession } from "../middleware/session.js";\nexport const me = (id: string) => currentSession(id);`,
      errors: [
        {
          messageId: "sideDoor",
          line: 1,
          column: 32,
          data: sideDoor("src/middleware/session.ts", "routes → src/middleware/session.ts → prisma.item.findFirst"),
        },
      ],
    },
    {
      // middleware in the chain that writes is a side door still
      filename: route,
      code: `import { Router } from "express";\nimport { auditRequest } from "../middleware/audit.js";\nexport const router = Router().use(auditRequest);`,
      errors: [
        { messageId: "sideDoor", line: 2, column: 30, data: sideDoor("src/middleware/audit.ts", "routes → src/middleware/audit.ts → prisma.metric.create") },
      ],
    },
    {
      // the first import (by file) of a module that queries reports it
      filename: path.join(layersDir, "src/routes/audit.ts"),
      code: `import { auditCount } from "../utils/audit-log.js";\nexport const audits = () => auditCount();`,
      errors: [{ messageId: "sideDoor", line: 1, column: 28, data: sideDoor("src/utils/audit-log.ts", "routes → src/utils/audit-log.ts → prisma.metric.count") }],
    },
    {
      // a folder named with capitals is still the routes layer
      filename: path.join(layersDir, "src/Controllers/file.ts"),
      code: `import { findItem } from "../repositories/item-repository.js";\nexport const get = (id: string) => findItem(id);`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 26, data: forbidden("routes", "repositories", "src/repositories/item-repository.ts", ROUTES) }],
    },
    {
      // article.service.ts under routes/ is a service: a service may not query
      filename: path.join(layersDir, "src/routes/article/article-admin.service.ts"),
      code: `import { findItem } from "../../repositories/item-repository.js";\nimport { prisma } from "../../db/client.js";\nexport const show = (id: string) => findItem(id);\nexport const count = () => prisma.item.count();`,
      errors: [
        {
          messageId: "clientImport",
          line: 2,
          column: 24,
          data: clientImport("services", "src/db/client.ts", "prisma.item.count (line 4)", SERVICES),
        },
      ],
    },
    {
      // a feature without a repository may query, but not a model whose queries a repository holds elsewhere
      filename: path.join(featuresDir, "billing/billing-extra.service.ts"),
      code: `import { prisma } from "../../db/client.js";\nexport const item = (id: string) => prisma.item.findFirst({ where: { id, deletedAt: null } });`,
      errors: [{ messageId: "clientImport", line: 1, column: 24, data: clientImport("services", "src/db/client.ts", "prisma.item.findFirst (line 2)", SERVICES) }],
    },
    {
      // the controller of a feature that has a service goes through it (and in this feature, the service may query)
      filename: path.join(featuresDir, "billing/billing-admin.controller.ts"),
      code: `import { prisma } from "../../db/client.js";\nexport const total = () => prisma.invoice.count();`,
      errors: [{ messageId: "clientImport", line: 1, column: 24, data: clientImport("routes", "src/db/client.ts", "prisma.invoice.count (line 2)", ROUTES, "services") }],
    },
    {
      // ... and may not import its repository
      filename: path.join(featuresDir, "items/items-admin.controller.ts"),
      code: `import { findItem } from "./items.repository.js";\nexport const show = (id: string) => findItem(id);`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 26, data: forbidden("routes", "repositories", "src/modules/items/items.repository.ts", ROUTES) }],
    },
    {
      // the controller of a feature without a service may call its query module, but not query itself
      filename: path.join(featuresDir, "reports/reports-admin.controller.ts"),
      code: `import { prisma } from "../../db/client.js";\nexport const rows = () => prisma.metric.count();`,
      errors: [
        {
          messageId: "clientImport",
          line: 1,
          column: 24,
          data: clientImport(
            "routes",
            "src/db/client.ts",
            "prisma.metric.count (line 2)",
            "routes may import only: repositories (layers.allow.routes; services skipped, as src/modules/reports/ has none)",
          ),
        },
      ],
    },
    {
      // a service that reaches the client injected (NestJS): its queries are reported, the import of PrismaService is the same cause
      filename: path.join(nestDir, "users/users-extra.service.ts"),
      code: `import { Injectable } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\n@Injectable()\nexport class UsersService {\n  constructor(private readonly prisma: PrismaService) {}\n  count() {\n    return this.prisma.item.count();\n  }\n}`,
      errors: [{ messageId: "dataAccess", line: 7, column: 29, data: dataAccess("this.prisma.item.count", "services", SERVICES) }],
    },
    {
      // ... and with no query of its own, the import of the client is what is left to report
      filename: path.join(nestDir, "users/users-extra.service.ts"),
      code: `import { Injectable } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\n@Injectable()\nexport class UsersService {\n  constructor(private readonly prisma: PrismaService) {}\n}`,
      errors: [{ messageId: "forbiddenImport", line: 2, column: 31, data: forbidden("services", "data", "src/prisma/prisma.service.ts", SERVICES) }],
    },
    {
      // ... but a health endpoint that returns the rows it read runs a business query in a controller
      filename: path.join(nestDir, "users/health.controller.ts"),
      code: `import { Controller, Get } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\n@Controller("/")\nexport class HealthController {\n  constructor(private readonly prisma: PrismaService) {}\n  @Get("health")\n  async check() {\n    return this.prisma.item.findMany();\n  }\n}`,
      errors: [{ messageId: "dataAccess", line: 8, column: 29, data: dataAccess("this.prisma.item.findMany", "routes", ROUTES) }],
    },
    {
      // ... and a query thrown away in a handler that is no health check is still data access in a route
      filename: path.join(nestDir, "users/health.controller.ts"),
      code: `import { Controller, Get } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\n@Controller("/")\nexport class HealthController {\n  constructor(private readonly prisma: PrismaService) {}\n  @Get("warm")\n  async warm() {\n    await this.prisma.item.findMany();\n    return "OK";\n  }\n}`,
      errors: [{ messageId: "dataAccess", line: 8, column: 28, data: dataAccess("this.prisma.item.findMany", "routes", ROUTES) }],
    },
    {
      // ... and the client handed to something other than a health indicator is still an import of the data layer
      filename: path.join(nestDir, "users/health.controller.ts"),
      code: `import { Controller } from "../nest.js";\nimport { PrismaService } from "../prisma/prisma.service.js";\ndeclare const audit: { record(client: unknown): void };\n@Controller("health")\nexport class HealthController {\n  constructor(private readonly prisma: PrismaService) {}\n  run() {\n    audit.record(this.prisma);\n  }\n}`,
      errors: [{ messageId: "forbiddenImport", line: 2, column: 31, data: forbidden("routes", "data", "src/prisma/prisma.service.ts", ROUTES) }],
    },
    {
      // a client handed in: one finding for the transaction, not one per query inside it
      filename: route,
      code: `import type { Db } from "../db/client.js";\nexport const make = (db: Db) => db.$transaction(async (tx) => tx.item.create({ data: { id: "1", name: "a" } }));`,
      errors: [{ messageId: "dataAccess", line: 2, column: 36, data: dataAccess("db.$transaction", "routes", ROUTES) }],
    },
    {
      filename: route,
      code: `import { metricStats } from "../utils/stats.js";\nexport const stats = () => metricStats("steps");`,
      errors: [{ messageId: "sideDoor", line: 1, column: 29, data: sideDoor("src/utils/stats.ts", "routes → src/utils/stats.ts → prisma.metric.aggregate") }],
    },
    {
      filename: route,
      code: `import { report } from "../utils/report.js";\nexport const show = () => report("steps");`,
      errors: [
        {
          messageId: "sideDoor",
          line: 1,
          column: 24,
          data: sideDoor("src/utils/report.ts", "routes → src/utils/report.ts → src/utils/stats.ts → prisma.metric.aggregate"),
        },
      ],
    },
    {
      filename: route,
      code: `import { ping } from "../utils/raw.js";\nexport const health = () => ping();`,
      errors: [{ messageId: "sideDoor", line: 1, column: 22, data: sideDoor("src/utils/raw.ts", "routes → src/utils/raw.ts → prisma.$queryRaw") }],
    },
    {
      filename: repository,
      code: `import { DEFAULT_NAME } from "../services/item-service.js";\nexport const name = DEFAULT_NAME;`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 30, data: forbidden("repositories", "services", "src/services/item-service.ts", REPOSITORIES) }],
    },
    {
      filename: service,
      code: `import { prisma } from "../db/client.js";\nexport const count = () => prisma.item.count();`,
      errors: [{ messageId: "clientImport", line: 1, column: 24, data: clientImport("services", "src/db/client.ts", "prisma.item.count (line 2)", SERVICES) }],
    },
    {
      // a client handed in: the queries are reported where they are made
      filename: service,
      code: `import type { Db } from "../db/client.js";\nexport const count = (db: Db) => db.item.count();`,
      errors: [{ messageId: "dataAccess", line: 2, column: 42, data: dataAccess("db.item.count", "services", SERVICES) }],
    },
    {
      filename: util,
      code: `import { prisma } from "../db/client.js";\nexport const total = () => prisma.metric.count();`,
      options: [{ neutralFiles: "forbid-data" }],
      errors: [{ messageId: "neutralDataAccess", line: 2, column: 42, data: { access: "prisma.metric.count", file: "src/utils/file.ts", dataLayers: "repositories" } }],
    },
    {
      // two layers, and layers.allowTypeImports: false
      filename: twoLayerRoute,
      code: `import type { Db } from "../db/client.js";\nexport type Client = Db;`,
      errors: [{ messageId: "forbiddenTypeImport", line: 1, column: 25, data: forbidden("routes", "data", "src/db/client.ts", ROUTES) }],
    },
    {
      filename: twoLayerRoute,
      code: `import { getItem } from "../services/item-service.js";\nexport const get = (id: string) => getItem(id);\nexport const raw = () => getItem.name;\nimport { prisma } from "../db/client.js";\nvoid prisma.$connect();`,
      errors: [{ messageId: "clientImport", line: 4, column: 24, data: clientImport("routes", "src/db/client.ts", "prisma.$connect (line 5)", ROUTES, "services") }],
    },
    {
      // both directions allowed: the cycle is what is left to report
      filename: cycleA,
      code: `import { b } from "../repositories/cycle-b.js";\n\nexport const a = () => b();`,
      errors: [
        {
          messageId: "layerCycle",
          line: 1,
          column: 19,
          data: {
            fromLayer: "services",
            toLayer: "repositories",
            target: "src/repositories/cycle-b.ts",
            chain: "src/services/cycle-a.ts → src/repositories/cycle-b.ts → src/services/cycle-a.ts",
          },
        },
      ],
    },
  ],
});
