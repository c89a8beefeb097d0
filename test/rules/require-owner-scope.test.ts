import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const unscoped = (operation: string, model: string) => ({ operation, model, field: "deviceId" });
const selectedBy = (operation: string, model: string, source: string) => ({ ...unscoped(operation, model), source });

ruleTester.run("require-owner-scope", eslintRule("require-owner-scope"), {
  valid: [
    { filename, code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, deviceId: req.user.deviceId } }));` + db },
    { filename, code: `const scope = (deviceId: string) => ({ deviceId });\napp.get("/items", (req) => prisma.item.findMany({ where: { ...scope(req.user.deviceId) } }));` + db },
    // the owner value comes from a caller the engine cannot see: unknown, not a leak
    { filename, code: `export function list(deviceId: string) { return prisma.item.findMany({ where: { deviceId } }); }` + db },
    { filename, code: `export function list(deviceId: string) { return prisma.item.findMany({ where: { AND: [{ deviceId }, { name: "a" }] } }); }` + db },
    { filename, code: `export function list(deviceId: string) { return prisma.item.findMany({ where: { OR: [{ deviceId, name: "a" }, { deviceId, name: "b" }] } }); }` + db },
    // through the owner relation
    { filename, code: `app.get("/items", (req) => prisma.item.findMany({ where: { device: { id: req.auth.deviceId } } }));` + db },
    // an ownership check right after the fetch
    {
      filename,
      code: `export async function get(deviceId: string, id: string) {\n  const row = await prisma.item.findUnique({ where: { id } });\n  if (!row || row.deviceId !== deviceId) throw new Error("not found");\n  return row;\n}` + db,
    },
    {
      filename,
      code: `export async function get(deviceId: string, id: string) {\n  const row = await prisma.item.findUnique({ where: { id }, include: { device: true } });\n  if (row?.device.id !== deviceId) throw new Error("not found");\n  return row;\n}` + db,
    },
    {
      filename,
      code: `declare function assertOwner(row: unknown, deviceId: string): void;\nexport async function get(deviceId: string, id: string) {\n  const row = await prisma.item.findUnique({ where: { id } });\n  assertOwner(row, deviceId);\n  return row;\n}` + db,
    },
    // check-then-act: a scoped read that stops when the row is absent, then the write by id
    {
      filename,
      code: `export async function remove(deviceId: string, id: string) {\n  const row = await prisma.item.findFirst({ where: { id, deviceId } });\n  if (!row) throw new Error("not found");\n  await prisma.item.update({ where: { id }, data: { name: "x" } });\n}` + db,
    },
    {
      filename,
      code: `function rename(id: string) { return prisma.item.update({ where: { id }, data: { name: "x" } }); }\nexport async function handle(deviceId: string, id: string) {\n  const row = await prisma.item.findFirst({ where: { id, deviceId } });\n  if (!row) return null;\n  return rename(id);\n}` + db,
    },
    // authentication: a lookup by a unique secret
    { filename, code: `export function session(token: string) { return prisma.session.findUnique({ where: { token } }); }` + db },
    // rows no caller chooses: a key from code, a job's sweep, a constant (the invalid twins below take the key from the request)
    { filename, code: `export function get(id: string) { return prisma.item.findUnique({ where: { id } }); }` + db },
    { filename, code: `prisma.item.findMany();` + db },
    { filename, code: `prisma.item.deleteMany({ where: { name: "a" } });` + db },
    { filename, code: `prisma.item.aggregate({ _count: true });` + db },
    { filename, code: `export async function sweep() {\n  const stale = await prisma.item.findMany({ where: { name: "old" }, take: 100 });\n  for (const row of stale) await prisma.item.update({ where: { id: row.id }, data: { name: "x" } });\n}` + db },
    // the owner inside a compound unique key, a relation filter, every branch of an OR
    { filename, code: `app.get("/favorites/:itemId", (req) => prisma.favorite.findUnique({ where: { deviceId_itemId: { deviceId: req.user.deviceId, itemId: req.params.itemId } } }));` + db },
    { filename, code: `app.get("/portions/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, device: { is: { id: req.user.deviceId } } } }));` + db },
    { filename, code: `app.get("/favorites/:itemId", (req) => prisma.favorite.findMany({ where: { itemId: req.params.itemId, item: { deviceId: req.user.deviceId } } }));` + db },
    { filename, code: `app.get("/favorites/:itemId", (req) => prisma.favorite.findMany({ where: { itemId: req.params.itemId, OR: [{ deviceId: req.user.deviceId }, { item: { deviceId: req.user.deviceId } }] } }));` + db },
    // a verified token's claims are the identity, not request input
    { filename, code: `declare function verifyToken(token: unknown): { deviceId: string };\napp.get("/items", (req) => prisma.item.findMany({ where: { deviceId: verifyToken(req.headers.authorization).deviceId } }));` + db },
    // an authorization call given the same key before the query, here or in every caller
    { filename, code: `declare function assertItemOwner(deviceId: string, id: string): Promise<void>;\napp.get("/items/:id", async (req) => {\n  await assertItemOwner(req.user.deviceId, req.params.id);\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db },
    { filename, code: `declare function canAccessItem(deviceId: string, id: string): Promise<boolean>;\nfunction load(id: string) { return prisma.item.findUnique({ where: { id } }); }\napp.get("/items/:id", async (req, res) => {\n  const { id } = req.params;\n  if (!(await canAccessItem(req.user.deviceId, id))) return res.sendStatus(403);\n  return load(id);\n});` + db },
    // a read whose owner is checked, then the write by the same id
    { filename, code: `app.delete("/items/:id", async (req) => {\n  const row = await prisma.item.findUnique({ where: { id: req.params.id } });\n  if (!row || row.deviceId !== req.user.deviceId) throw new Error("not found");\n  await prisma.item.delete({ where: { id: req.params.id } });\n});` + db },
    // a membership check before a tenant key from the request is used as the owner
    { filename, code: `declare function assertDeviceMember(userId: string, deviceId: string): Promise<void>;\napp.get("/devices/:deviceId/items", async (req) => {\n  await assertDeviceMember(req.user.id, req.params.deviceId);\n  return prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 });\n});` + db },
    // a service's read by the same key, its owner checked, then the write
    { filename, code: `declare const items: { byId(id: string): Promise<{ deviceId: string } | null> };\napp.patch("/items/:id", async (req) => {\n  const row = await items.byId(req.params.id);\n  if (!row || row.deviceId !== req.user.deviceId) throw new Error("not found");\n  return prisma.item.update({ where: { id: req.params.id }, data: { name: "x" } });\n});` + db },
    // a router-level middleware checks the path's tenant against the caller before every handler below it
    { filename, code: `router.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.session.devices.includes(req.params.deviceId)) return res.sendStatus(403);\n  next();\n});\nrouter.get("/devices/:deviceId/items", (req) => prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 }));` + db },
    // a key read from a row the code looked up (whatever the lookup was given) is the database's, not the caller's
    { filename, code: `app.get("/items", async (req) => {\n  const tag = await prisma.tag.findFirst({ where: { name: req.query.tag } });\n  return prisma.item.findMany({ where: { name: tag!.name }, take: 10 });\n});` + db },
    // an equality guard between the request key and the caller's identity
    { filename, code: `app.get("/devices/:deviceId/items", async (req, res) => {\n  if (req.params.deviceId !== req.user.deviceId) return res.sendStatus(403);\n  return prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 });\n});` + db },
    // global models and the identity model itself
    { filename, code: `prisma.tag.findMany();` + db },
    { filename, code: `prisma.device.findUnique({ where: { id: "d" } });` + db },
    // Portion has no owner field of its own (owned through its product only when configured)
    { filename, code: `prisma.portion.findMany();` + db },
    { filename, code: `app.post("/items", (req) => prisma.item.create({ data: { name: req.body.name, deviceId: req.user.deviceId } }));` + db },
    { filename, code: `app.post("/items", (req, res) => prisma.item.create({ data: { name: "a", device: { connect: { id: res.locals.deviceId } } } }));` + db },
    { filename, code: `export function importRows(deviceId: string, rows: { name: string }[]) { return prisma.item.createMany({ data: rows.map((row) => ({ ...row, deviceId })) }); }` + db },
    { filename, code: `prisma.item.findMany();` + db, options: [{ publicModels: ["Item"], ownerFields: [], requestSources: [] }] },
    { filename, code: `prisma.item.findMany();` + db, options: [{ publicModels: [], ownerFields: ["userId"], requestSources: [] }] },
    // a cron job is no request: nobody chooses what it creates or reads
    { filename, code: `cron.schedule("0 * * * *", async () => { await prisma.item.create({ data: { id: "x", name: "imported" } }); });` + db },
  ],
  invalid: [
    {
      // the twin of the cron job: a route creating a row without its owner
      filename,
      code: `app.post("/items", async () => { await prisma.item.create({ data: { id: "x", name: "imported" } }); });` + db,
      errors: [{ messageId: "createWithoutOwner", line: 1, column: 52, data: { operation: "create", model: "Item", field: "deviceId" } }],
    },
    {
      filename,
      code: `export function get(id: string) { return prisma.item.findUnique({ where: { id } }); }\napp.get("/items/:id", (req) => get(req.params.id));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 54, data: selectedBy("findUnique", "Item", "req.params.id") }],
    },
    {
      filename,
      code: `app.get("/items/:id", (req) => prisma.item.findMany({ where: { name: req.query.name } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 44, data: selectedBy("findMany", "Item", "req.query.name") }],
    },
    {
      filename,
      code: `export function rename(id: string) { return prisma.product.update({ where: { id }, data: { name: "b" } }); }\napp.patch("/products/:id", (req) => rename(req.params.id));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 60, data: selectedBy("update", "Product", "req.params.id") }],
    },
    {
      filename,
      code: `app.delete("/items", (req) => prisma.item.deleteMany({ where: { name: req.body.name } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 43, data: selectedBy("deleteMany", "Item", "req.body.name") }],
    },
    {
      filename,
      code: `import { PrismaClient } from "@prisma/client";\nclass Items {\n  constructor(private readonly prisma: PrismaClient) {}\n  byId(id: string) {\n    return this.prisma.item.findFirst({ where: { id } });\n  }\n}\ndeclare const items: Items;\napp.get("/items/:id", (req) => items.byId(req.params.id));`,
      errors: [{ messageId: "unscoped", line: 5, column: 29, data: selectedBy("findFirst", "Item", "req.params.id") }],
    },
    {
      filename,
      code: `app.get("/count", (req) => prisma.$transaction(async (tx) => tx.item.count({ where: { name: req.query.name } })));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 70, data: selectedBy("count", "Item", "req.query.name") }],
    },
    {
      // a compound key without the owner, a NOT that excludes the owner
      filename,
      code: `app.get("/items/:name", (req) => prisma.item.findMany({ where: { name: req.params.name, NOT: { deviceId: req.user.deviceId } } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 46, data: selectedBy("findMany", "Item", "req.params.name") }],
    },
    {
      // a scope on some paths only
      filename,
      code: `export function find(deviceId: string, name: string) { return prisma.item.findMany({ where: { OR: [{ deviceId }, { name }] } }); }\napp.get("/items", (req) => find(req.user.deviceId, req.query.name));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 75, data: selectedBy("findMany", "Item", "req.query.name") }],
    },
    {
      // a call that is no authorization check, or that checks another key, ties nothing
      filename,
      code: `declare function audit(id: string): Promise<void>;\ndeclare function assertTagOwner(deviceId: string, tagId: string): Promise<void>;\napp.get("/items/:id", async (req) => {\n  await audit(req.params.id);\n  await assertTagOwner(req.user.deviceId, req.query.tag);\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 6, column: 22, data: selectedBy("findUnique", "Item", "req.params.id") }],
    },
    {
      // a middleware that reads the parameter but never the caller checks nothing
      filename,
      code: `router.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.params.deviceId) return res.sendStatus(404);\n  next();\n});\nrouter.get("/devices/:deviceId/items", (req) => prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 }));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 5, column: 61, data: { ...unscoped("findMany", "Item"), source: "req.params.deviceId" } }],
    },
    {
      // a validated request value is still the caller's choice
      filename,
      code: `declare const Query: { parse(value: unknown): { tag: string } };\napp.get("/items", (req) => prisma.item.findMany({ where: { name: Query.parse(req.query).tag }, take: 10 }));` + db,
      errors: [{ messageId: "unscoped", line: 2, column: 40, data: selectedBy("findMany", "Item", "Query.parse(req.query).tag") }],
    },
    {
      // comparing the key with a constant is no equality guard
      filename,
      code: `app.get("/devices/:deviceId/items", async (req, res) => {\n  if (req.params.deviceId === "") return res.sendStatus(400);\n  return prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 22, data: { ...unscoped("findMany", "Item"), source: "req.params.deviceId" } }],
    },
    {
      // a null check is not an ownership check
      filename,
      code: `app.get("/items/:id", async (req) => {\n  const row = await prisma.item.findUnique({ where: { id: req.params.id } });\n  if (!row) throw new Error("not found");\n  return row;\n});` + db,
      errors: [{ messageId: "unscoped", line: 2, column: 33, data: selectedBy("findUnique", "Item", "req.params.id") }],
    },
    {
      filename,
      code: `app.get("/devices/:deviceId/items", (req) => prisma.item.findMany({ where: { deviceId: req.params.deviceId } }));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 1, column: 58, data: { ...unscoped("findMany", "Item"), source: "req.params.deviceId" } }],
    },
    {
      filename,
      code: `app.get("/items", (req) => {\n  const { deviceId } = req.query;\n  return prisma.item.findMany({ where: { deviceId: String(deviceId) } });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 22, data: { ...unscoped("findMany", "Item"), source: "req.query.deviceId" } }],
    },
    {
      // the owner value reaches the query through a function parameter
      filename,
      code: `function list(deviceId: string) {\n  return prisma.item.findMany({ where: { deviceId } });\n}\napp.post("/sync", (req) => list(req.body.deviceId));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 2, column: 22, data: { ...unscoped("findMany", "Item"), source: "req.body.deviceId" } }],
    },
    {
      filename,
      code: `app.get("/items", (req) => {\n  const { deviceId } = req.query;\n  return prisma.item.findMany({ where: { deviceId } });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 22, data: { ...unscoped("findMany", "Item"), source: "req.query.deviceId" } }],
    },
    { filename, code: `prisma.item.create({ data: { id: "1", name: "a" } });` + db, errors: [{ messageId: "createWithoutOwner", line: 1, column: 13, data: unscoped("create", "Item") }] },
    { filename, code: `prisma.item.createMany({ data: [{ id: "1", name: "a" }] });` + db, errors: [{ messageId: "createWithoutOwner", line: 1, column: 13, data: unscoped("createMany", "Item") }] },
    {
      filename,
      code: `app.post("/items", (req) => prisma.item.create({ data: { name: "a", deviceId: req.body.deviceId } }));` + db,
      errors: [{ messageId: "ownerFromRequest", line: 1, column: 41, data: { ...unscoped("create", "Item"), source: "req.body.deviceId" } }],
    },
    {
      filename,
      code: `app.post("/items/:owner", (req) => prisma.item.create({ data: { name: "a", device: { connect: { id: req.params.owner } } } }));` + db,
      errors: [{ messageId: "ownerFromRequest", line: 1, column: 48, data: { ...unscoped("create", "Item"), source: "req.params.owner" } }],
    },
    {
      filename,
      code: `export function save(id: string, deviceId: string) { return prisma.item.upsert({ where: { id }, create: { id, name: "a", deviceId }, update: {} }); }\napp.put("/items/:id", (req) => save(req.params.id, req.user.deviceId));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 73, data: selectedBy("upsert", "Item", "req.params.id") }],
    },
  ],
});
