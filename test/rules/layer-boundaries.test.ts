import path from "node:path";
import { eslintRule, projectDir, ruleTester } from "./rule-tester.js";

/**
 * Code is linted as a file of test/projects/layers, so its layer comes from its path and
 * its imports resolve to real files there: src/repositories, src/services, src/db (the data
 * layer), src/utils (no layer; stats.ts and raw.ts query Prisma), src/http/types.ts (express
 * types re-exported). mutual/ allows services ↔ repositories; two-layer/ is the two-layer
 * preset with `allowTypeImports: false`.
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

const ROUTES = "routes may import only: services (layers.allow.routes)";
const SERVICES = "services may import only: repositories (layers.allow.services)";
const REPOSITORIES = "repositories may import only: data (layers.allow.repositories)";

const forbidden = (fromLayer: string, toLayer: string, target: string, constraint: string) => ({ fromLayer, toLayer, target, constraint });
const dataAccess = (access: string, layer: string, constraint: string) => ({ access, layer, dataLayers: "repositories", dataLayer: "data", constraint });
const sideDoor = (target: string, chain: string) => ({ fromLayer: "routes", toLayer: "data", target, chain, dataLayers: "repositories", constraint: ROUTES });
const http = (layer: string, extra: Record<string, string>) => ({ layer, httpLayers: "routes", ...extra });

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
    // fetch's global Response, its status read and a domain error thrown
    {
      filename: service,
      code: `import { NotFoundError } from "../errors.js";\nexport async function parse(response: Response) {\n  if (response.status !== 200) throw new NotFoundError("item");\n  return response.json();\n}`,
    },
    // a number that is no HTTP status
    { filename: service, code: `class RetryError extends Error {\n  constructor(readonly attempts: number, message: string) { super(message); }\n}\nexport function retry() {\n  throw new RetryError(3, "gave up");\n}` },
    // a type from the request, not the request itself
    { filename: service, code: `import type { Request } from "../http/types.js";\nexport const fromQuery = (query: Request["query"]) => query;` },
    // repositories touch Prisma
    { filename: repository, code: "import { prisma } from \"../db/client.js\";\nexport const count = () => prisma.item.count();\nexport const ping = () => prisma.$queryRaw`SELECT 1`;" },
    // the composition root is in no layer and may wire everything
    {
      filename: server,
      code: `import { prisma } from "./db/client.js";\nimport { findItem } from "./repositories/item-repository.js";\nimport { itemsRouter } from "./routes/items.js";\nexport { findItem, itemsRouter };\nprocess.on("SIGTERM", () => void prisma.$disconnect());`,
    },
    // services declared an HTTP layer by option
    {
      filename: service,
      code: `import type { Response } from "express";\nexport function fail(res: Response) {\n  res.status(404);\n}`,
      options: [{ neutralFiles: "allow", httpLayers: ["routes", "services"], httpModules: ["express"], httpErrorClasses: [] }],
    },
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
  ],
  invalid: [
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
      filename: route,
      code: `import { prisma } from "../db/client.js";\nexport const list = () => prisma.item.findMany();`,
      errors: [
        { messageId: "forbiddenImport", line: 1, column: 24, data: forbidden("routes", "data", "src/db/client.ts", ROUTES) },
        { messageId: "dataAccess", line: 2, column: 39, data: dataAccess("prisma.item.findMany", "routes", ROUTES) },
      ],
    },
    {
      // the generated client's package is the data layer too
      filename: route,
      code: `import { Prisma } from "@prisma/client";\nexport const isKnown = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError;`,
      errors: [{ messageId: "forbiddenImport", line: 1, column: 24, data: forbidden("routes", "data", "@prisma/client", ROUTES) }],
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
      errors: [
        { messageId: "forbiddenImport", line: 1, column: 24, data: forbidden("services", "data", "src/db/client.ts", SERVICES) },
        { messageId: "dataAccess", line: 2, column: 40, data: dataAccess("prisma.item.count", "services", SERVICES) },
      ],
    },
    {
      // express in a service, even as a type: one finding for the import, not one per parameter
      filename: service,
      code: `import type { Request } from "express";\nexport const id = (req: Request) => req.params.id;`,
      errors: [{ messageId: "httpImport", line: 1, column: 30, data: http("services", { module: "express" }) }],
    },
    {
      filename: service,
      code: `export const id = (req: Express.Request) => req.params;`,
      errors: [{ messageId: "httpParameter", line: 1, column: 20, data: http("services", { name: "req", type: "request" }) }],
    },
    {
      filename: service,
      code: `import type { Response } from "../http/types.js";\nexport function fail(res: Response) {\n  res.status(404);\n}`,
      errors: [
        { messageId: "httpParameter", line: 2, column: 22, data: http("services", { name: "res", type: "response" }) },
        { messageId: "httpStatus", line: 3, column: 3, data: http("services", { call: "res.status(…)" }) },
      ],
    },
    {
      filename: service,
      code: `export function fail(res: { statusCode: number }) {\n  res.statusCode = 500;\n}`,
      errors: [{ messageId: "httpStatus", line: 2, column: 3, data: http("services", { call: "res.statusCode = …" }) }],
    },
    {
      filename: service,
      code: `import { HttpError } from "../errors.js";\nexport function create() {\n  throw new HttpError(409, "exists");\n}`,
      errors: [{ messageId: "httpError", line: 3, column: 9, data: http("services", { error: "HttpError" }) }],
    },
    {
      filename: service,
      code: `class AppError extends Error {\n  constructor(readonly status: number, message: string) { super(message); }\n}\nexport function find() {\n  throw new AppError(404, "missing");\n}`,
      errors: [{ messageId: "httpError", line: 5, column: 9, data: http("services", { error: "AppError" }) }],
    },
    {
      filename: service,
      code: `import { Boom } from "./boom.js";\nexport function find() {\n  throw new Boom("missing");\n}`,
      options: [{ neutralFiles: "allow", httpLayers: [], httpModules: ["express"], httpErrorClasses: ["Boom"] }],
      errors: [{ messageId: "httpError", line: 3, column: 9, data: http("services", { error: "Boom" }) }],
    },
    {
      filename: service,
      code: `import type { FastifyReply } from "fastify";\nexport type Reply = FastifyReply;`,
      options: [{ neutralFiles: "allow", httpLayers: [], httpModules: ["fastify"], httpErrorClasses: [] }],
      errors: [{ messageId: "httpImport", line: 1, column: 35, data: http("services", { module: "fastify" }) }],
    },
    {
      // with httpLayers set, every other layer is checked: here the data layer
      filename: path.join(layersDir, "src/db/file.ts"),
      code: `import { HttpError } from "../errors.js";\nthrow new HttpError(500, "no database");`,
      options: [{ neutralFiles: "allow", httpLayers: ["routes", "services"], httpModules: ["express"], httpErrorClasses: [] }],
      errors: [{ messageId: "httpError", line: 2, column: 7, data: { layer: "data", error: "HttpError", httpLayers: "routes, services" } }],
    },
    {
      // repositories are below the HTTP layer too
      filename: repository,
      code: `import { Router } from "express";\nexport const router = Router();`,
      errors: [{ messageId: "httpImport", line: 1, column: 24, data: http("repositories", { module: "express" }) }],
    },
    {
      filename: util,
      code: `import { prisma } from "../db/client.js";\nexport const total = () => prisma.metric.count();`,
      options: [{ neutralFiles: "forbid-data", httpLayers: [], httpModules: ["express"], httpErrorClasses: [] }],
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
      errors: [
        { messageId: "forbiddenImport", line: 4, column: 24, data: forbidden("routes", "data", "src/db/client.ts", ROUTES) },
        { messageId: "dataAccess", line: 5, column: 13, data: { access: "prisma.$connect", layer: "routes", dataLayers: "services", dataLayer: "data", constraint: ROUTES } },
      ],
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
