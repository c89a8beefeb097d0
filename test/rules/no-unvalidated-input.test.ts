import path from "node:path";
import { eslintRule, filename, projectDir, ruleTester } from "./rule-tester.js";

/** test/projects/input: Event has a Json payload column; src/validate.ts re-exports express-validator's chain builders. */
const inputFile = path.join(projectDir, "../input/src/file.ts");

const db = `\nimport { prisma } from "./db.js";`;
const zod = `\nimport { z } from "zod";\nconst Body = z.object({ name: z.string() });`;
const at = (line: number) => `src/file.ts:${line}`;

ruleTester.run("no-unvalidated-input", eslintRule("no-unvalidated-input"), {
  valid: [
    // a schema parse validates, whatever is read from its result
    { filename, code: `app.post("/items", (req) => prisma.item.create({ data: Body.parse(req.body) }));` + zod + db },
    { filename, code: `app.post("/items", (req) => prisma.item.create({ data: { ...Body.parse(req.body), deviceId: req.user.deviceId } }));` + zod + db },
    { filename, code: `app.post("/items", async (req) => {\n  const body = await Body.parseAsync(req.body);\n  return prisma.item.create({ data: { name: body.name, deviceId: req.user.deviceId } });\n});` + zod + db },
    { filename, code: `app.post("/items", (req) => {\n  const parsed = Body.safeParse(req.body);\n  if (!parsed.success) return;\n  return prisma.item.create({ data: parsed.data });\n});` + zod + db },
    // a path parameter as a scalar where value is a string, checked by the lookup
    { filename, code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, deviceId: req.user.deviceId } }));` + db },
    // a path parameter is a string: written to a field it cannot be an operator (the twin with allowParamsInWhere: false is invalid below)
    { filename, code: `app.post("/tags/:name", (req) => prisma.tag.create({ data: { id: "t", name: req.params.name } }));` + db },
    // a primitive coercion of one field is not mass assignment
    { filename, code: `app.get("/items", (req) => prisma.item.findMany({ where: { name: String(req.query.name), deviceId: req.user.deviceId } }));` + db },
    { filename, code: `app.get("/items", (req) => prisma.item.findMany({ where: { name: req.query.name?.toString() } }));` + db },
    // request input outside data and where
    { filename, code: `app.get("/items", (req) => prisma.item.findMany({ take: req.query.limit, where: { deviceId: req.user.deviceId } }));` + db },
    // the validated value goes through a service parameter
    { filename, code: `function rename(id: string, input: { name: string }) {\n  return prisma.item.update({ where: { id }, data: input });\n}\napp.patch("/items/:id", (req) => rename(req.params.id, Body.parse(req.body)));` + zod + db },
    // a configured validator
    { filename, code: `declare const schema: { check(value: unknown): { name: string } };\napp.post("/tags", (req) => prisma.tag.create({ data: schema.check(req.body) }));` + db, options: [{ requestSources: ["req.body"], validators: ["check"], allowParamsInWhere: true }] },
    { filename, code: `app.post("/items", (req) => {\n  const { name } = Body.parse(req.body);\n  return prisma.item.create({ data: { name, deviceId: req.user.deviceId } });\n});` + zod + db },
    { filename, code: `app.get("/items", (req) => prisma.item.findMany({ where: { deviceId: req.user.deviceId, name: Body.parse(req.query).name } }));` + zod + db },
    { filename, code: `app.get("/portions", (req) => prisma.portion.findMany({ where: { grams: Number(req.query.grams) } }));` + db },
    // other request properties are not input of this rule by default
    { filename, code: `app.post("/tags", (req) => prisma.tag.create({ data: { name: req.headers.host } }));` + db },
    // a typeof check narrows the value to a primitive before it reaches the query: in an if, after an early exit, in a ?:
    { filename, code: `app.get("/items", (req) => {\n  const { name } = req.query;\n  if (name && typeof name === "string") return prisma.item.findMany({ where: { name } });\n  return [];\n});` + db },
    { filename, code: `app.post("/items", (req) => {\n  const { name } = req.body;\n  if (typeof name !== "string") return;\n  return prisma.item.create({ data: { name, deviceId: req.user.deviceId } });\n});` + db },
    { filename, code: `app.get("/items", (req) => {\n  const name = typeof req.query.name === "string" ? req.query.name : undefined;\n  return prisma.item.findMany({ where: { name } });\n});` + db },
    // a number check before the query: an object converts to NaN and is refused (`Number.isFinite(Number(x))`, `isNaN(+x)` false)
    { filename, code: `app.post("/portions", (req) => {\n  const { grams } = req.body;\n  if (!grams || !Number.isFinite(Number(grams))) throw new Error("grams");\n  return prisma.portion.findMany({ where: { grams } });\n});` + db },
    { filename, code: `app.get("/portions", (req) => (isNaN(+req.query.grams) ? [] : prisma.portion.findMany({ where: { grams: req.query.grams } })));` + db },
    // a coercion makes a new value: `!!`, unary `+`, or the binding assigned again from a string method
    { filename, code: `app.post("/items", (req) => prisma.item.create({ data: { name: \`\${+req.body.count}\`, deviceId: req.user.deviceId, archived: !!req.body.archived } }));` + db },
    { filename, code: `app.post("/items", (req) => {\n  let { name } = req.body;\n  name = name.trim();\n  return prisma.item.create({ data: { name, deviceId: req.user.deviceId } });\n});` + db },
    // a Json column holds whatever JSON the client sends, by design
    { filename: inputFile, code: `app.post("/events", (req) => prisma.event.create({ data: { id: "e", name: "visit", payload: req.query } }));` + db },
    // the route validates the field before the handler: express-validator (direct or re-exported by a local module), a Fastify schema
    { filename: inputFile, code: `import { body } from "express-validator";\napp.post("/events", body("name").isString(), (req) => prisma.event.create({ data: { id: "e", name: req.body.name, payload: {} } }));` + db },
    { filename: inputFile, code: `import { query } from "./validate.js";\napp.get("/events", validate(query("name").optional().isString()), (req) => prisma.event.findMany({ where: { name: req.query.name } }));` + db },
    { filename: inputFile, code: `fastify.post("/events", { schema: { body: { type: "object", properties: { name: { type: "string" } } } } }, async (request) => prisma.event.create({ data: { id: "e", name: request.body.name, payload: {} } }));` + db },
    // ... in route() options beside the handler, and bound to a constant (a TypeBox or zod type validates the same way)
    { filename: inputFile, code: `fastify.route({ method: "POST", url: "/events", schema: { body: Type.Object({ name: Type.String() }) }, handler: async (request) => prisma.event.create({ data: { id: "e", name: request.body.name, payload: {} } }) });` + db },
    { filename: inputFile, code: `const eventSchema = { body: z.object({ name: z.string() }) };\nfastify.post("/events", { schema: eventSchema }, async (request) => prisma.event.create({ data: { id: "e", name: request.body.name, payload: {} } }));` + db },
    // a guard on a binding with a default (`req.body ?? {}`)
    { filename, code: `app.post("/items", (req) => {\n  const { name } = req.body ?? {};\n  if (!req.user && name && typeof name === "string") return prisma.item.findMany({ where: { name } });\n  return [];\n});` + db },
    // the dynamic segment of a Next.js page route is one string, like an Express path parameter
    { filename: path.join(projectDir, "pages/api/items/[id].ts"), code: `export default function handler(req: any) {\n  return prisma.item.findFirst({ where: { id: req.query.id } });\n}` + db },
    // express-openapi validates the request against the handler's apiDoc: a scalar property of the body's definition, a scalar query parameter
    {
      filename: inputFile,
      code: `export function POST(req: any) {\n  return prisma.event.create({ data: { id: "e", name: req.body.name, payload: {} } });\n}\nPOST.apiDoc = { parameters: [{ in: "body", name: "event", schema: { $ref: "#/definitions/Event" } }] };` + db,
    },
    {
      filename: inputFile,
      code: `export function GET(req: any) {\n  return prisma.event.findMany({ where: { name: req.query.name } });\n}\nGET.apiDoc = { parameters: [{ in: "query", name: "name", type: "string" }] };` + db,
    },
    // the site administrator's form, behind the admin gate its route declares
    { filename, code: `declare function userHasPermission(role: string): unknown;\nasync function PUT(req) { return prisma.item.update({ where: { id: "1" }, data: { name: req.body.name } }); }\nexport const operations = { PUT: [authenticate, userHasPermission("admin"), PUT] };` + db },
  ],
  invalid: [
    {
      // the lookalike of the dynamic segment: a query parameter of a page route that is no segment of its path
      filename: path.join(projectDir, "pages/api/items/index.ts"),
      code: `export default function handler(req: any) {\n  return prisma.item.findFirst({ where: { id: req.query.id } });\n}` + db,
      errors: [{ messageId: "fieldInWhere", line: 2, column: 47, data: { source: "req.query.id", target: "where.id", operation: "findFirst", model: "Item", location: "pages/api/items/index.ts:2" } }],
    },
    {
      // the lookalike of the apiDoc: a field its body definition does not declare (or declares as an array)
      filename: inputFile,
      code: `export function POST(req: any) {\n  return prisma.event.create({ data: { id: req.body.id, name: "n", payload: {} } });\n}\nPOST.apiDoc = { parameters: [{ in: "body", name: "event", schema: { $ref: "#/definitions/Event" } }] };` + db,
      errors: [{ messageId: "fieldInData", line: 2, column: 44, data: { source: "req.body.id", target: "data.id", operation: "create", model: "Event", location: "src/file.ts:2" } }],
    },
    {
      // the lookalike of the typeof guard: a truth test leaves an object through
      filename,
      code: `app.get("/items", (req) => {\n  const { name } = req.query;\n  if (name) return prisma.item.findMany({ where: { name } });\n  return [];\n});` + db,
      errors: [{ messageId: "fieldInWhere", line: 2, column: 20, data: { source: "req.query.name", target: "where.name", operation: "findMany", model: "Item", location: at(3) } }],
    },
    {
      // ... and a guard on another value does not narrow this one
      filename,
      code: `app.get("/items", (req) => {\n  const name = typeof req.query.other === "string" ? req.query.name : undefined;\n  return prisma.item.findMany({ where: { name } });\n});` + db,
      errors: [{ messageId: "fieldInWhere", line: 2, column: 54, data: { source: "req.query.name", target: "where.name", operation: "findMany", model: "Item", location: at(3) } }],
    },
    {
      // the lookalike of the number check: Number.isNaN of the value itself is false for an object
      filename,
      code: `app.post("/portions", (req) => {\n  const { grams } = req.body;\n  if (Number.isNaN(grams)) throw new Error("grams");\n  return prisma.portion.findMany({ where: { grams } });\n});` + db,
      errors: [{ messageId: "fieldInWhere", line: 2, column: 21, data: { source: "req.body.grams", target: "where.grams", operation: "findMany", model: "Portion", location: at(4) } }],
    },
    {
      // ... and a number check of another value does not narrow this one
      filename,
      code: `app.post("/portions", (req) => {\n  const { grams, count } = req.body;\n  if (!Number.isFinite(Number(count))) throw new Error("count");\n  return prisma.portion.findMany({ where: { grams } });\n});` + db,
      errors: [{ messageId: "fieldInWhere", line: 2, column: 28, data: { source: "req.body.grams", target: "where.grams", operation: "findMany", model: "Portion", location: at(4) } }],
    },
    {
      // the lookalike of the coercion: the binding kept as read
      filename,
      code: `app.post("/items", (req) => {\n  const { name } = req.body;\n  return prisma.item.create({ data: { name, deviceId: req.user.deviceId } });\n});` + db,
      errors: [{ messageId: "fieldInData", line: 2, column: 20, data: { source: "req.body.name", target: "data.name", operation: "create", model: "Item", location: at(3) } }],
    },
    {
      // the lookalike of the Json column: a String column
      filename: inputFile,
      code: `app.post("/events", (req) => prisma.event.create({ data: { id: "e", name: req.query.name, payload: {} } }));` + db,
      errors: [{ messageId: "fieldInData", line: 1, column: 75, data: { source: "req.query.name", target: "data.name", operation: "create", model: "Event", location: "src/file.ts:1" } }],
    },
    {
      // the lookalike of the route's validation: it checks another field
      filename: inputFile,
      code: `import { body } from "express-validator";\napp.post("/events", body("title").isString(), (req) => prisma.event.create({ data: { id: "e", name: req.body.name, payload: {} } }));` + db,
      errors: [{ messageId: "fieldInData", line: 2, column: 101, data: { source: "req.body.name", target: "data.name", operation: "create", model: "Event", location: "src/file.ts:2" } }],
    },
    {
      // ... route() options whose schema declares the query string, not the body
      filename: inputFile,
      code: `fastify.route({ method: "POST", url: "/events", schema: { querystring: Type.Object({}) }, handler: async (request) => prisma.event.create({ data: { id: "e", name: request.body.name, payload: {} } }) });` + db,
      errors: [{ messageId: "fieldInData", line: 1, column: 164, data: { source: "request.body.name", target: "data.name", operation: "create", model: "Event", location: "src/file.ts:1" } }],
    },
    {
      // ... and a Fastify route whose options declare no schema
      filename: inputFile,
      code: `fastify.post("/events", { config: { rateLimit: 5 } }, async (request) => prisma.event.create({ data: { id: "e", name: request.body.name, payload: {} } }));` + db,
      errors: [{ messageId: "fieldInData", line: 1, column: 119, data: { source: "request.body.name", target: "data.name", operation: "create", model: "Event", location: "src/file.ts:1" } }],
    },
    {
      // one value from two places of the request, one query position: one finding, at the first
      filename,
      code: `app.get("/items", (req) => prisma.item.findMany({ where: { name: req.body.name ?? req.query.name } }));` + db,
      errors: [{ messageId: "fieldInWhere", line: 1, column: 66, data: { source: "req.body.name", target: "where.name", operation: "findMany", model: "Item", location: at(1) } }],
    },
    {
      filename,
      code: `app.post("/items", (req) => prisma.item.create({ data: req.body }));` + db,
      errors: [{ messageId: "objectInData", line: 1, column: 56, data: { source: "req.body", target: "data", operation: "create", model: "Item", location: at(1) } }],
    },
    {
      filename,
      code: `app.post("/items", (req) => prisma.item.create({ data: { ...req.body, deviceId: req.user.deviceId } }));` + db,
      errors: [{ messageId: "objectInData", line: 1, column: 61, data: { source: "req.body", target: "data", operation: "create", model: "Item", location: at(1) } }],
    },
    {
      filename,
      code: `app.post("/items", (req) => {\n  const body = req.body;\n  return prisma.item.create({ data: { name: body.name, deviceId: req.user.deviceId } });\n});` + db,
      errors: [{ messageId: "fieldInData", line: 2, column: 16, data: { source: "req.body.name", target: "data.name", operation: "create", model: "Item", location: at(3) } }],
    },
    {
      filename,
      code: `app.post("/items", (req) => {\n  const { deviceId, ...rest } = req.body;\n  return prisma.item.create({ data: { ...rest, deviceId: req.user.deviceId } });\n});` + db,
      errors: [{ messageId: "objectInData", line: 2, column: 33, data: { source: "req.body", target: "data", operation: "create", model: "Item", location: at(3) } }],
    },
    {
      filename,
      code: `app.get("/items", (req) => prisma.item.findMany({ where: req.query }));` + db,
      errors: [{ messageId: "objectInWhere", line: 1, column: 58, data: { source: "req.query", target: "where", operation: "findMany", model: "Item", location: at(1) } }],
    },
    {
      filename,
      code: `app.get("/items", (req) => prisma.item.findMany({ where: { ...req.query, deviceId: req.user.deviceId } }));` + db,
      errors: [{ messageId: "objectInWhere", line: 1, column: 63, data: { source: "req.query", target: "where", operation: "findMany", model: "Item", location: at(1) } }],
    },
    {
      filename,
      code: `app.get("/items", (req) => {\n  const { name } = req.query;\n  return prisma.item.findMany({ where: { name, deviceId: req.user.deviceId } });\n});` + db,
      errors: [{ messageId: "fieldInWhere", line: 2, column: 20, data: { source: "req.query.name", target: "where.name", operation: "findMany", model: "Item", location: at(3) } }],
    },
    {
      // through a service parameter into the repository's data
      filename,
      code: `function rename(id: string, input: { name: string }) {\n  return prisma.item.update({ where: { id }, data: input });\n}\napp.patch("/items/:id", (req) => rename(req.params.id, req.body));` + db,
      errors: [{ messageId: "objectInData", line: 4, column: 56, data: { source: "req.body", target: "data", operation: "update", model: "Item", location: at(2) } }],
    },
    {
      filename,
      code: `app.post("/tags", (req) => prisma.tag.createMany({ data: req.body.tags }));` + db,
      errors: [{ messageId: "objectInData", line: 1, column: 58, data: { source: "req.body.tags", target: "data", operation: "createMany", model: "Tag", location: at(1) } }],
    },
    {
      filename,
      code: `app.post("/tags", (req) => prisma.tag.create({ data: Object.assign({}, req.body) }));` + db,
      errors: [{ messageId: "objectInData", line: 1, column: 72, data: { source: "req.body", target: "data", operation: "create", model: "Tag", location: at(1) } }],
    },
    {
      // a path parameter written to a column is still unvalidated
      filename,
      code: `app.post("/tags/:name", (req) => prisma.tag.create({ data: { id: "t", name: req.params.name } }));` + db,
      options: [{ requestSources: ["req.params"], validators: [], allowParamsInWhere: false }],
      errors: [{ messageId: "fieldInData", line: 1, column: 77, data: { source: "req.params.name", target: "data.name", operation: "create", model: "Tag", location: at(1) } }],
    },
    {
      filename,
      code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id } }));` + db,
      options: [{ requestSources: ["req.params"], validators: [], allowParamsInWhere: false }],
      errors: [{ messageId: "fieldInWhere", line: 1, column: 69, data: { source: "req.params.id", target: "where.id", operation: "findFirst", model: "Item", location: at(1) } }],
    },
    {
      filename,
      code: `app.put("/items/:id", (req) => prisma.item.upsert({ where: { id: req.params.id }, create: req.body, update: req.body }));` + db,
      errors: [
        { messageId: "objectInData", line: 1, column: 91, data: { source: "req.body", target: "create", operation: "upsert", model: "Item", location: at(1) } },
        { messageId: "objectInData", line: 1, column: 109, data: { source: "req.body", target: "update", operation: "upsert", model: "Item", location: at(1) } },
      ],
    },
    {
      // the twin: a gate given another role
      filename,
      code: `declare function userHasPermission(role: string): unknown;\nasync function PUT(req) { return prisma.item.update({ where: { id: "1" }, data: { name: req.body.name } }); }\nexport const operations = { PUT: [authenticate, userHasPermission("artist"), PUT] };` + db,
      errors: [{ messageId: "fieldInData", line: 2, column: 89, data: { source: "req.body.name", target: "data.name", operation: "update", model: "Item", location: at(2) } }],
    },
    {
      // an admin check inside the handler is not a gate the route declares
      filename,
      code: `app.put("/items", async (req) => {\n  if (!req.user.isAdmin) throw new Error("forbidden");\n  return prisma.item.update({ where: { id: "1" }, data: { name: req.body.name } });\n});` + db,
      errors: [{ messageId: "fieldInData", line: 3, column: 65, data: { source: "req.body.name", target: "data.name", operation: "update", model: "Item", location: at(3) } }],
    },
  ],
});
