import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const unscoped = (operation: string, model: string) => ({ operation, model, field: "deviceId" });

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
  ],
  invalid: [
    {
      filename,
      code: `export function get(id: string) { return prisma.item.findUnique({ where: { id } }); }` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 54, data: unscoped("findUnique", "Item") }],
    },
    { filename, code: `prisma.item.findMany();` + db, errors: [{ messageId: "unscoped", line: 1, column: 13, data: unscoped("findMany", "Item") }] },
    {
      filename,
      code: `export function rename(id: string) { return prisma.product.update({ where: { id }, data: { name: "b" } }); }` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 60, data: unscoped("update", "Product") }],
    },
    { filename, code: `prisma.item.deleteMany({ where: { name: "a" } });` + db, errors: [{ messageId: "unscoped", line: 1, column: 13, data: unscoped("deleteMany", "Item") }] },
    {
      filename,
      code: `import { PrismaClient } from "@prisma/client";\nclass Items {\n  constructor(private readonly prisma: PrismaClient) {}\n  byId(id: string) {\n    return this.prisma.item.findFirst({ where: { id } });\n  }\n}`,
      errors: [{ messageId: "unscoped", line: 5, column: 29, data: unscoped("findFirst", "Item") }],
    },
    {
      filename,
      code: `prisma.$transaction(async (tx) => tx.item.count({ where: { name: "a" } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 43, data: unscoped("count", "Item") }],
    },
    { filename, code: `prisma.item.aggregate({ _count: true });` + db, errors: [{ messageId: "unscoped", line: 1, column: 13, data: unscoped("aggregate", "Item") }] },
    {
      // a scope on some paths only
      filename,
      code: `export function find(deviceId: string) { return prisma.item.findMany({ where: { OR: [{ deviceId }, { name: "shared" }] } }); }` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 61, data: unscoped("findMany", "Item") }],
    },
    {
      // a null check is not an ownership check
      filename,
      code: `export async function get(id: string) {\n  const row = await prisma.item.findUnique({ where: { id } });\n  if (!row) throw new Error("not found");\n  return row;\n}` + db,
      errors: [{ messageId: "unscoped", line: 2, column: 33, data: unscoped("findUnique", "Item") }],
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
      code: `export function save(id: string, deviceId: string) { return prisma.item.upsert({ where: { id }, create: { id, name: "a", deviceId }, update: {} }); }` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 73, data: unscoped("upsert", "Item") }],
    },
  ],
});
