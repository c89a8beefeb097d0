import path from "node:path";
import { eslintRule, filename, projectDir, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const unscoped = (operation: string, model: string) => ({ operation, model, field: "deviceId" });
/** The data of a message about a request value: the endpoint that reaches the query (with its `: `, or empty) and the query in its function. */
const fromRequest = (operation: string, model: string, source: string, endpoint: string, query = operation) => ({
  ...unscoped(operation, model),
  source,
  endpoint: endpoint === "" ? "" : `${endpoint}: `,
  query,
});
const selectedBy = fromRequest;

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
    // judged by the field: a unique String named like a secret, not in ownership.secretFields
    { filename, code: `app.post("/push/:pushToken", (req) => prisma.session.findUnique({ where: { pushToken: req.params.pushToken } }));` + db },
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
    // the same middleware, the handler reading the parameter through a helper that validates `req.params` by a name it is given
    {
      filename,
      code: `declare const z: { object(shape: object): { parse(value: unknown): Record<string, string> } };\nfunction getParam(req: { params: unknown }, name: string) { return z.object({ [name]: "s" }).parse(req.params)[name]; }\nrouter.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.session.devices.includes(req.params["deviceId"])) return res.sendStatus(403);\n  next();\n});\nrouter.get("/devices/:deviceId/items", (req) => prisma.item.findMany({ where: { deviceId: getParam(req, "deviceId") }, take: 10 }));` + db,
    },
    // a route-chain middleware that loads the path's row for the caller and throws otherwise, before the handler
    {
      filename,
      code: `declare function itemEditableBy(id: string, user: unknown): Promise<boolean>;\nconst itemBelongsToLoggedInUser = async (req, res, next) => {\n  const { itemId } = req.params;\n  if (!(await itemEditableBy(itemId, req.user))) throw new Error("not found");\n  next();\n};\nasync function PUT(req) {\n  return prisma.item.update({ where: { id: req.params.itemId }, data: { name: "x" } });\n}\nexport const operations = { PUT: [authenticate, itemBelongsToLoggedInUser, PUT] };` + db,
    },
    // behind an admin gate: a configured admin middleware, a gate given the admin role, an admin check before the query
    { filename, code: `async function show(req) { return prisma.item.findUnique({ where: { id: req.params.id } }); }\nrouter.get("/admin/items/:id", authenticate, requireAdmin, show);` + db },
    { filename, code: `declare function userHasPermission(role: string): (req: unknown, res: unknown, next: unknown) => void;\nasync function GET(req) { return prisma.item.findUnique({ where: { id: req.params.id } }); }\nexport const operations = { GET: [authenticate, userHasPermission("admin"), GET] };` + db },
    { filename, code: `declare function guardAdmin(req: unknown, res: unknown): boolean;\napp.get("/admin/items/:id", async (req, res) => {\n  if (!guardAdmin(req, res)) return;\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db },
    { filename, code: `app.get("/items/:id", async (req) => {\n  if (req.user.isAdmin) return prisma.item.findUnique({ where: { id: req.params.id } });\n  return prisma.item.findFirst({ where: { id: req.params.id, deviceId: req.user.deviceId } });\n});` + db },
    { filename, code: `app.delete("/items/:id", async (req, res) => {\n  if (req.user.role !== "ADMIN") return res.sendStatus(403);\n  await prisma.item.delete({ where: { id: req.params.id } });\n});` + db },
    // every branch of the where ties the rows to the caller, through the owner or a relation filter on the caller's identity
    { filename, code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, OR: [{ deviceId: req.user.deviceId }, { tags: { some: { createdBy: req.user.id } } }] } }));` + db },
    { filename, code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, device: { members: { some: { userId: req.user.id } } } } }));` + db },
    // a read of public rows only
    { filename, code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, OR: [{ isPublic: true }, { deviceId: req.user.deviceId }] } }));` + db },
    // the equality guard through conversions of both sides
    { filename, code: `app.get("/devices/:deviceId/items", async (req) => {\n  const { deviceId } = req.params;\n  const me = req.user;\n  if (Number(deviceId) === Number(me.deviceId)) return prisma.item.findMany({ where: { deviceId: Number(deviceId) }, take: 10 });\n  throw new Error("forbidden");\n});` + db },
    // the same middleware before a write inside a transaction's callback, and a where that also requires the checked key
    {
      filename,
      code: `declare function itemEditableBy(id: string, user: unknown): Promise<boolean>;\nconst itemBelongsToLoggedInUser = async (req, res, next) => {\n  if (!(await itemEditableBy(req.params.itemId, req.user))) throw new Error("not found");\n  next();\n};\nasync function PUT(req) {\n  await prisma.$transaction(async (tx) => tx.item.update({ where: { id: req.params.itemId }, data: { name: "x" } }));\n  return prisma.favorite.deleteMany({ where: { itemId: req.params.itemId, deviceId: req.body.deviceId } });\n}\nexport const operations = { PUT: [authenticate, itemBelongsToLoggedInUser, PUT] };` + db,
    },
    // a create whose tenant key the router middleware checked
    {
      filename,
      code: `router.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.session.devices.includes(req.params.deviceId)) return res.sendStatus(403);\n  next();\n});\nrouter.post("/devices/:deviceId/items", (req) => prisma.item.create({ data: { name: "a", deviceId: req.params.deviceId } }));` + db,
    },
    // ownership.publicReads (the test project's config: Product rows named "catalogue" are public): a read that requires the condition
    { filename, code: `app.get("/products/:id", (req) => prisma.product.findFirst({ where: { id: req.params.id, name: "catalogue" } }));` + db },
    // what a verification returns (the row `verifyUser` looked up) is the verified identity
    {
      filename,
      code: `async function verifyUser(x: { req: { headers: { authorization?: string } } }) {\n  if (!x.req.headers.authorization) return null;\n  return prisma.device.findUnique({ where: { id: x.req.headers.authorization } });\n}\nexport default async function get(deviceId: string, id: string) {\n  return prisma.item.findFirst({ where: { id, OR: [{ deviceId }, { favorites: { some: { device: { id: deviceId } } } }] } });\n}\nexport async function handler(req, res) {\n  const device = await verifyUser({ req, res });\n  if (!device) return;\n  return get(device.id, req.query.id);\n}` + db,
    },
    // a membership read by the same key, scoped to the caller, that stops the request when absent
    { filename, code: `app.get("/devices/:deviceId/items", async (req, res) => {\n  const member = await prisma.favorite.findFirst({ where: { itemId: req.params.deviceId, deviceId: req.user.deviceId } });\n  if (!member) return res.sendStatus(403);\n  return prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 });\n});` + db },
    // a key read from the row an authorization returned
    { filename, code: `async function assertItemOwner(deviceId: string, id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deviceId } });\n  if (!item) throw new Error("not found");\n  return item;\n}\napp.delete("/items/:id/favorites/:device", async (req) => {\n  const item = await assertItemOwner(req.user.deviceId, req.params.id);\n  return prisma.favorite.deleteMany({ where: { itemId: item.id, deviceId: req.params.device } });\n});` + db },
    // the caller of a repository method checks the owner of the row it got back
    { filename, code: `function byId(id: string) { return prisma.item.findUnique({ where: { id } }); }\napp.get("/items/:id", async (req, res) => {\n  const row = await byId(req.params.id);\n  if (row?.deviceId !== req.user.deviceId) return res.sendStatus(404);\n  return row;\n});` + db },
    // the read inside an authorization function is the check itself
    { filename, code: `export async function assertItemAccess(deviceId: string, id: string) {\n  const row = await prisma.item.findFirst({ where: { id, OR: [{ deviceId }, { favorites: { some: { deviceId } } }] } });\n  if (!row) throw new Error("forbidden");\n}\napp.get("/items/:id", (req) => assertItemAccess(req.body.deviceId, req.params.id));` + db },
    // the same read in a lookup named like an authorization answer
    { filename, code: `export async function isAuthorizedForItem(id: string, deviceId: string) {\n  return prisma.item.findFirst({ where: { id, OR: [{ deviceId }, { favorites: { some: { deviceId } } }] } });\n}\napp.get("/items/:id", (req) => isAuthorizedForItem(req.params.id, req.body.deviceId));` + db },
    // the same owner-checked read before writes inside a callback given to map
    { filename, code: `app.patch("/items/:id/tags", async (req) => {\n  const row = await prisma.item.findUnique({ where: { id: req.params.id } });\n  if (!row || row.deviceId !== req.user.deviceId) throw new Error("not found");\n  await Promise.all(["a", "b"].map(async (name) => prisma.item.update({ where: { id: req.params.id }, data: { name } })));\n});` + db },
    // a caller that passes no value from the request key brings none of it: only the admin route passes one
    { filename, code: `function wipe(deviceId: string) { return prisma.item.deleteMany({ where: { deviceId } }); }\nrouter.delete("/admin/devices/:deviceId/items", authenticate, requireAdmin, (req) => wipe(req.params.deviceId));\nrouter.delete("/me/items", authenticate, (req) => wipe(req.user.deviceId));` + db },
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
    // a read whose result nothing sends before the authorization call given the same key
    { filename, code: `declare function assertDeviceMember(deviceId: string, me: string): Promise<void>;\napp.get("/devices/:deviceId/summary", async (req, res) => {\n  const item = await prisma.item.findFirst({ where: { deviceId: req.params.deviceId } });\n  if (item?.name === "locked") throw new Error("locked");\n  await assertDeviceMember(req.params.deviceId, req.user.deviceId);\n  return res.json({ ok: true });\n});` + db },
    // the same, the check run first thing in the function the key is passed to
    { filename, code: `declare function assertDeviceOwner(deviceId: string, me: string): Promise<void>;\nconst service = {\n  async portal(input: { deviceId: string; me: string; name: string }) {\n    await assertDeviceOwner(input.deviceId, input.me);\n    return input.name;\n  },\n};\napp.post("/devices/:deviceId/portal", async (req, res) => {\n  const item = await prisma.item.findFirstOrThrow({ where: { deviceId: req.params.deviceId } });\n  const url = await service.portal({ deviceId: req.params.deviceId, me: req.user.deviceId, name: item.name });\n  return res.json({ url });\n});` + db },
    // a where that is a secret token on some paths and an id on others: the id path has its owner checked after the fetch
    { filename, code: `function getSession(key: { token: string } | { id: string }) { return prisma.session.findUnique({ where: key }); }\napp.get("/join", (req) => getSession({ token: req.query.token }));\napp.delete("/sessions/:id", async (req, res) => {\n  const session = await getSession({ id: req.params.id });\n  if (session?.deviceId !== req.user.deviceId) return res.sendStatus(404);\n  return res.json({ ok: true });\n});` + db },
    // a scoped update by the same key throws when the row is not the caller's: the request stops before the next write
    { filename, code: `app.delete("/devices/:deviceId/items/:id", async (req) => {\n  await prisma.item.update({ where: { id: req.params.id, deviceId: req.user.deviceId }, data: { name: "deleted" } });\n  await prisma.favorite.deleteMany({ where: { itemId: req.params.id } });\n});` + db },
    // the owner left out only when an ownership check given the same key said the caller owns the rows
    { filename, code: `declare function doesItemBelongToDevice(id: string, deviceId: string): Promise<boolean>;\napp.get("/items/:id/favorites", async (req) => {\n  let isOwner = false;\n  isOwner = await doesItemBelongToDevice(req.params.id, req.user.deviceId);\n  return prisma.favorite.findFirst({ where: { itemId: req.params.id, ...(!isOwner ? { deviceId: req.user.deviceId } : {}) } });\n});` + db },
  ],
  invalid: [
    {
      // the owner left out when a flag named so but set from the request is true
      filename,
      code: `app.get("/items/:id/favorites", async (req) => {\n  const isOwner = req.query.all === "1";\n  return prisma.favorite.findFirst({ where: { itemId: req.params.id, ...(!isOwner ? { deviceId: req.user.deviceId } : {}) } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 3, column: 26, data: selectedBy("findFirst", "Favorite", "req.params.id", "GET /items/:id/favorites", "findFirst") }],
    },
    {
      // the same scoped update inside a try that swallows its error
      filename,
      code: `app.delete("/devices/:deviceId/items/:id", async (req) => {\n  try {\n    await prisma.item.update({ where: { id: req.params.id, deviceId: req.user.deviceId }, data: { name: "deleted" } });\n  } catch {}\n  await prisma.favorite.deleteMany({ where: { itemId: req.params.id } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 5, column: 25, data: selectedBy("deleteMany", "Favorite", "req.params.id", "DELETE /devices/:deviceId/items/:id", "deleteMany") }],
    },
    {
      // the same lookup whose id path checks nothing
      filename,
      code: `function getSession(key: { token: string } | { id: string }) { return prisma.session.findUnique({ where: key }); }\napp.get("/join", (req) => getSession({ token: req.query.token }));\napp.delete("/sessions/:id", async (req, res) => {\n  const session = await getSession({ id: req.params.id });\n  if (!session) return res.sendStatus(404);\n  return res.json({ ok: true });\n});` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 86, data: selectedBy("findUnique", "Session", "req.params.id", "DELETE /sessions/:id (and 1 more)", "findUnique in getSession") }],
    },
    {
      // the read sent back before the authorization call runs
      filename,
      code: `declare function assertDeviceMember(deviceId: string, me: string): Promise<void>;\napp.get("/devices/:deviceId/summary", async (req, res) => {\n  const item = await prisma.item.findFirst({ where: { deviceId: req.params.deviceId } });\n  if (item?.name === "locked") return res.json(item);\n  await assertDeviceMember(req.params.deviceId, req.user.deviceId);\n  return res.json({ ok: true });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 34, data: fromRequest("findFirst", "Item", "req.params.deviceId", "GET /devices/:deviceId/summary", "findFirst") }],
    },
    {
      // a function given the key that returns before its check
      filename,
      code: `declare function assertDeviceOwner(deviceId: string, me: string): Promise<void>;\nconst service = {\n  async portal(input: { deviceId: string; me: string; name: string }) {\n    if (input.name) return input.name;\n    await assertDeviceOwner(input.deviceId, input.me);\n    return "";\n  },\n};\napp.post("/devices/:deviceId/portal", async (req, res) => {\n  const item = await prisma.item.findFirstOrThrow({ where: { deviceId: req.params.deviceId } });\n  const url = await service.portal({ deviceId: req.params.deviceId, me: req.user.deviceId, name: item.name });\n  return res.json({ url });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 10, column: 34, data: fromRequest("findFirstOrThrow", "Item", "req.params.deviceId", "POST /devices/:deviceId/portal", "findFirstOrThrow") }],
    },
    {
      // a write the check after it cannot undo
      filename,
      code: `declare function assertDeviceMember(deviceId: string, me: string): Promise<void>;\napp.delete("/devices/:deviceId/items", async (req, res) => {\n  await prisma.item.deleteMany({ where: { deviceId: req.params.deviceId } });\n  await assertDeviceMember(req.params.deviceId, req.user.deviceId);\n  return res.json({ ok: true });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 21, data: fromRequest("deleteMany", "Item", "req.params.deviceId", "DELETE /devices/:deviceId/items", "deleteMany") }],
    },
    {
      // the twin of the cron job: a route creating a row without its owner
      filename,
      code: `app.post("/items", async () => { await prisma.item.create({ data: { id: "x", name: "imported" } }); });` + db,
      errors: [{ messageId: "createWithoutOwner", line: 1, column: 52, data: { operation: "create", model: "Item", field: "deviceId" } }],
    },
    {
      filename,
      code: `export function get(id: string) { return prisma.item.findUnique({ where: { id } }); }\napp.get("/items/:id", (req) => get(req.params.id));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 54, data: selectedBy("findUnique", "Item", "req.params.id", "GET /items/:id", "findUnique in get") }],
    },
    {
      filename,
      code: `app.get("/items/:id", (req) => prisma.item.findMany({ where: { name: req.query.name } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 44, data: selectedBy("findMany", "Item", "req.query.name", "GET /items/:id", "findMany") }],
    },
    {
      filename,
      code: `export function rename(id: string) { return prisma.product.update({ where: { id }, data: { name: "b" } }); }\napp.patch("/products/:id", (req) => rename(req.params.id));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 60, data: selectedBy("update", "Product", "req.params.id", "PATCH /products/:id", "update in rename") }],
    },
    {
      filename,
      code: `app.delete("/items", (req) => prisma.item.deleteMany({ where: { name: req.body.name } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 43, data: selectedBy("deleteMany", "Item", "req.body.name", "DELETE /items", "deleteMany") }],
    },
    {
      filename,
      code: `import { PrismaClient } from "@prisma/client";\nclass Items {\n  constructor(private readonly prisma: PrismaClient) {}\n  byId(id: string) {\n    return this.prisma.item.findFirst({ where: { id } });\n  }\n}\ndeclare const items: Items;\napp.get("/items/:id", (req) => items.byId(req.params.id));`,
      errors: [{ messageId: "unscoped", line: 5, column: 29, data: selectedBy("findFirst", "Item", "req.params.id", "GET /items/:id", "findFirst in Items.byId") }],
    },
    {
      filename,
      code: `app.get("/count", (req) => prisma.$transaction(async (tx) => tx.item.count({ where: { name: req.query.name } })));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 70, data: selectedBy("count", "Item", "req.query.name", "GET /count", "count") }],
    },
    {
      // a compound key without the owner, a NOT that excludes the owner
      filename,
      code: `app.get("/items/:name", (req) => prisma.item.findMany({ where: { name: req.params.name, NOT: { deviceId: req.user.deviceId } } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 46, data: selectedBy("findMany", "Item", "req.params.name", "GET /items/:name", "findMany") }],
    },
    {
      // a scope on some paths only
      filename,
      code: `export function find(deviceId: string, name: string) { return prisma.item.findMany({ where: { OR: [{ deviceId }, { name }] } }); }\napp.get("/items", (req) => find(req.user.deviceId, req.query.name));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 75, data: selectedBy("findMany", "Item", "req.query.name", "GET /items", "findMany in find") }],
    },
    {
      // a call that is no authorization check, or that checks another key, ties nothing
      filename,
      code: `declare function audit(id: string): Promise<void>;\ndeclare function assertTagOwner(deviceId: string, tagId: string): Promise<void>;\napp.get("/items/:id", async (req) => {\n  await audit(req.params.id);\n  await assertTagOwner(req.user.deviceId, req.query.tag);\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 6, column: 22, data: selectedBy("findUnique", "Item", "req.params.id", "GET /items/:id", "findUnique") }],
    },
    {
      // a middleware that reads the parameter but never the caller checks nothing
      filename,
      code: `router.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.params.deviceId) return res.sendStatus(404);\n  next();\n});\nrouter.get("/devices/:deviceId/items", (req) => prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 }));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 5, column: 61, data: fromRequest("findMany", "Item", "req.params.deviceId", "GET /devices/:deviceId/items", "findMany") }],
    },
    {
      // the helper reads a parameter no middleware checks
      filename,
      code: `declare const z: { object(shape: object): { parse(value: unknown): Record<string, string> } };\nfunction getParam(req: { params: unknown }, name: string) { return z.object({ [name]: "s" }).parse(req.params)[name]; }\nrouter.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.session.devices.includes(req.params["deviceId"])) return res.sendStatus(403);\n  next();\n});\nrouter.get("/devices/:deviceId/items/:owner", (req) => prisma.item.findMany({ where: { deviceId: getParam(req, "owner") }, take: 10 }));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 7, column: 68, data: fromRequest("findMany", "Item", "z.object({ [name]: \"s\" }).parse(req.params).owner", "GET /devices/:deviceId/items/:owner", "findMany") }],
    },
    {
      // a route-chain middleware that authenticates but checks no parameter ties nothing
      filename,
      code: `const itemLogger = async (req, res, next) => {\n  if (!req.user) throw new Error("unauthorized");\n  next();\n};\nasync function PUT(req) {\n  return prisma.item.update({ where: { id: req.params.itemId }, data: { name: "x" } });\n}\nexport const operations = { PUT: [authenticate, itemLogger, PUT] };` + db,
      errors: [{ messageId: "unscoped", line: 6, column: 22, data: selectedBy("update", "Item", "req.params.itemId", "", "update in PUT") }],
    },
    {
      // a gate given another role, and a tenant's admin check given a request key, are no administrator gate
      filename,
      code: `declare function userHasPermission(role: string): (req: unknown, res: unknown, next: unknown) => void;\ndeclare function assertAdmin(deviceId: string, userId: string): Promise<void>;\nasync function GET(req) {\n  await assertAdmin(req.params.deviceId, req.user.id);\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n}\nexport const operations = { GET: [authenticate, userHasPermission("owner"), GET] };` + db,
      errors: [{ messageId: "unscoped", line: 5, column: 22, data: selectedBy("findUnique", "Item", "req.params.id", "", "findUnique in GET") }],
    },
    {
      // an admin check that does not stop the request
      filename,
      code: `app.get("/items/:id", async (req) => {\n  if (req.user.role === "ADMIN") console.log("admin");\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 3, column: 22, data: selectedBy("findUnique", "Item", "req.params.id", "GET /items/:id", "findUnique") }],
    },
    {
      // one branch of the OR is not tied to the caller; a public flag does not open a write
      filename,
      code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, OR: [{ deviceId: req.user.deviceId }, { tags: { some: { name: req.query.tag } } }] } }));\napp.delete("/items/:id", (req) => prisma.item.deleteMany({ where: { id: req.params.id, isPublic: true } }));` + db,
      errors: [
        { messageId: "unscoped", line: 1, column: 44, data: selectedBy("findFirst", "Item", "req.params.id", "GET /items/:id", "findFirst") },
        { messageId: "unscoped", line: 2, column: 47, data: selectedBy("deleteMany", "Item", "req.params.id", "DELETE /items/:id", "deleteMany") },
      ],
    },
    {
      // a relation filter under NOT ties nothing
      filename,
      code: `app.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: req.params.id, NOT: { tags: { some: { createdBy: req.user.id } } } } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 44, data: selectedBy("findFirst", "Item", "req.params.id", "GET /items/:id", "findFirst") }],
    },
    {
      // a read without the public condition, and a write with it
      filename,
      code: `app.get("/products/:id", (req) => prisma.product.findFirst({ where: { id: req.params.id } }));\napp.put("/products/:id", (req) => prisma.product.update({ where: { id: req.params.id, name: "catalogue" }, data: { name: "x" } }));` + db,
      errors: [
        { messageId: "unscoped", line: 1, column: 50, data: selectedBy("findFirst", "Product", "req.params.id", "GET /products/:id", "findFirst") },
        { messageId: "unscoped", line: 2, column: 50, data: selectedBy("update", "Product", "req.params.id", "PUT /products/:id", "update") },
      ],
    },
    {
      // what a lookup named otherwise returns is no identity
      filename,
      code: `async function findDevice(x: { req: { headers: { authorization?: string } } }) {\n  return prisma.device.findUnique({ where: { id: x.req.headers.authorization } });\n}\nexport default async function get(deviceId: string, id: string) {\n  return prisma.item.findFirst({ where: { id, OR: [{ deviceId }, { favorites: { some: { device: { id: deviceId } } } }] } });\n}\nexport async function handler(req, res) {\n  const device = await findDevice({ req, res });\n  if (!device) return;\n  return get(device.id, req.query.id);\n}` + db,
      errors: [{ messageId: "unscoped", line: 5, column: 22, data: selectedBy("findFirst", "Item", "req.query.id", "", "findFirst in get") }],
    },
    {
      // the same membership read that does not stop the request
      filename,
      code: `app.get("/devices/:deviceId/items", async (req, res) => {\n  const member = await prisma.favorite.findFirst({ where: { itemId: req.params.deviceId, deviceId: req.user.deviceId } });\n  if (member) console.log("member");\n  return prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 4, column: 22, data: fromRequest("findMany", "Item", "req.params.deviceId", "GET /devices/:deviceId/items", "findMany") }],
    },
    {
      // the same key read from a row a plain lookup returned
      filename,
      code: `async function findItem(deviceId: string, id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deviceId } });\n  if (!item) throw new Error("not found");\n  return item;\n}\napp.delete("/items/:id/favorites/:device", async (req) => {\n  const item = await findItem(req.user.deviceId, req.params.id);\n  return prisma.favorite.deleteMany({ where: { itemId: item.id, deviceId: req.params.device } });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 8, column: 26, data: fromRequest("deleteMany", "Favorite", "req.params.device", "DELETE /items/:id/favorites/:device", "deleteMany") }],
    },
    {
      // the caller of a repository method that checks only that a row came back
      filename,
      code: `function byId(id: string) { return prisma.item.findUnique({ where: { id } }); }\napp.get("/items/:id", async (req, res) => {\n  const row = await byId(req.params.id);\n  if (!row) return res.sendStatus(404);\n  return row;\n});` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 48, data: selectedBy("findUnique", "Item", "req.params.id", "GET /items/:id", "findUnique in byId") }],
    },
    {
      // the same read in a function named otherwise
      filename,
      code: `export async function loadItem(deviceId: string, id: string) {\n  const row = await prisma.item.findFirst({ where: { id, OR: [{ deviceId }, { favorites: { some: { deviceId } } }] } });\n  if (!row) throw new Error("forbidden");\n}\napp.get("/items/:id", (req) => loadItem(req.body.deviceId, req.params.id));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 2, column: 33, data: fromRequest("findFirst", "Item", "req.body.deviceId", "GET /items/:id", "findFirst in loadItem") }],
    },
    {
      // a unique field named otherwise is no secret
      filename,
      code: `app.post("/push/:label", (req) => prisma.session.findUnique({ where: { label: req.params.label } }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 50, data: selectedBy("findUnique", "Session", "req.params.label", "POST /push/:label") }],
    },
    {
      // the same function, a second route passing the request key without a gate
      filename,
      code: `function wipe(deviceId: string) { return prisma.item.deleteMany({ where: { deviceId } }); }\nrouter.delete("/admin/devices/:deviceId/items", authenticate, requireAdmin, (req) => wipe(req.params.deviceId));\nrouter.delete("/devices/:deviceId/items", authenticate, (req) => wipe(req.params.deviceId));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 1, column: 54, data: fromRequest("deleteMany", "Item", "req.params.deviceId", "DELETE /admin/devices/:deviceId/items (and 1 more)", "deleteMany in wipe") }],
    },
    {
      // a caller passing the whole request object carries the key read from it
      filename,
      code: `function search(query: { name: string }) { return prisma.item.findMany({ where: { name: query.name }, take: 10 }); }\nrouter.get("/items", authenticate, (req) => search(req.query));\nrouter.get("/mine", authenticate, (req) => search({ name: req.user.deviceId }));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 63, data: selectedBy("findMany", "Item", "req.query.name", "GET /items (and 1 more)", "findMany in search") }],
    },
    {
      // a validated request value is still the caller's choice
      filename,
      code: `declare const Query: { parse(value: unknown): { tag: string } };\napp.get("/items", (req) => prisma.item.findMany({ where: { name: Query.parse(req.query).tag }, take: 10 }));` + db,
      errors: [{ messageId: "unscoped", line: 2, column: 40, data: selectedBy("findMany", "Item", "Query.parse(req.query).tag", "GET /items", "findMany") }],
    },
    {
      // comparing the key with a constant is no equality guard
      filename,
      code: `app.get("/devices/:deviceId/items", async (req, res) => {\n  if (req.params.deviceId === "") return res.sendStatus(400);\n  return prisma.item.findMany({ where: { deviceId: req.params.deviceId }, take: 10 });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 22, data: fromRequest("findMany", "Item", "req.params.deviceId", "GET /devices/:deviceId/items", "findMany") }],
    },
    {
      // a null check is not an ownership check
      filename,
      code: `app.get("/items/:id", async (req) => {\n  const row = await prisma.item.findUnique({ where: { id: req.params.id } });\n  if (!row) throw new Error("not found");\n  return row;\n});` + db,
      errors: [{ messageId: "unscoped", line: 2, column: 33, data: selectedBy("findUnique", "Item", "req.params.id", "GET /items/:id", "findUnique") }],
    },
    {
      filename,
      code: `app.get("/devices/:deviceId/items", (req) => prisma.item.findMany({ where: { deviceId: req.params.deviceId } }));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 1, column: 58, data: fromRequest("findMany", "Item", "req.params.deviceId", "GET /devices/:deviceId/items", "findMany") }],
    },
    {
      filename,
      code: `app.get("/items", (req) => {\n  const { deviceId } = req.query;\n  return prisma.item.findMany({ where: { deviceId: String(deviceId) } });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 22, data: fromRequest("findMany", "Item", "req.query.deviceId", "GET /items", "findMany") }],
    },
    {
      // the owner value reaches the query through a function parameter
      filename,
      code: `function list(deviceId: string) {\n  return prisma.item.findMany({ where: { deviceId } });\n}\napp.post("/sync", (req) => list(req.body.deviceId));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 2, column: 22, data: fromRequest("findMany", "Item", "req.body.deviceId", "POST /sync", "findMany in list") }],
    },
    {
      filename,
      code: `app.get("/items", (req) => {\n  const { deviceId } = req.query;\n  return prisma.item.findMany({ where: { deviceId } });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 22, data: fromRequest("findMany", "Item", "req.query.deviceId", "GET /items", "findMany") }],
    },
    { filename, code: `prisma.item.create({ data: { id: "1", name: "a" } });` + db, errors: [{ messageId: "createWithoutOwner", line: 1, column: 13, data: unscoped("create", "Item") }] },
    { filename, code: `prisma.item.createMany({ data: [{ id: "1", name: "a" }] });` + db, errors: [{ messageId: "createWithoutOwner", line: 1, column: 13, data: unscoped("createMany", "Item") }] },
    {
      filename,
      code: `app.post("/items", (req) => prisma.item.create({ data: { name: "a", deviceId: req.body.deviceId } }));` + db,
      errors: [{ messageId: "ownerFromRequest", line: 1, column: 41, data: fromRequest("create", "Item", "req.body.deviceId", "POST /items", "create") }],
    },
    {
      filename,
      code: `app.post("/items/:owner", (req) => prisma.item.create({ data: { name: "a", device: { connect: { id: req.params.owner } } } }));` + db,
      errors: [{ messageId: "ownerFromRequest", line: 1, column: 48, data: fromRequest("create", "Item", "req.params.owner", "POST /items/:owner", "create") }],
    },
    {
      filename,
      code: `export function save(id: string, deviceId: string) { return prisma.item.upsert({ where: { id }, create: { id, name: "a", deviceId }, update: {} }); }\napp.put("/items/:id", (req) => save(req.params.id, req.user.deviceId));` + db,
      errors: [{ messageId: "unscoped", line: 1, column: 73, data: selectedBy("upsert", "Item", "req.params.id", "PUT /items/:id", "upsert in save") }],
    },
  ],
});

// An app with no identity source anywhere (no `req.user`, session or token check): no query can be scoped to a
// caller, so its sites are unknown rather than findings. The invalid twins above run in a project that has one.
const withoutIdentity = path.join(projectDir, "../no-identity/src/file.ts");
ruleTester.run("require-owner-scope (no identity in the program)", eslintRule("require-owner-scope"), {
  valid: [
    { filename: withoutIdentity, code: `app.get("/items/:id", (req) => prisma.item.findUnique({ where: { id: req.params.id } }));` + db },
    { filename: withoutIdentity, code: `app.post("/items", (req) => prisma.item.create({ data: { name: "a", deviceId: req.body.deviceId } }));` + db },
  ],
  invalid: [
    {
      // a file that reads the identity is one: the same query is reported
      filename: withoutIdentity,
      code: `app.get("/items/:id", (req) => {\n  console.log(req.user);\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 3, column: 22, data: selectedBy("findUnique", "Item", "req.params.id", "GET /items/:id") }],
    },
  ],
});

// Content a project publishes (`test/projects/owner-public`): an endpoint anonymous callers reach (no authentication
// middleware, or one that lets them through: `auth.optional`) hands out Article rows by slug, so reading an article by
// a key elsewhere is no IDOR. Writes stay checked; private rows selected by another user's key (a purchase by email)
// are no published content.
const publicFile = path.join(projectDir, "../owner-public/src/file.ts");
const app = `import express from "express";
import { expressjwt } from "express-jwt";
import { prisma } from "./db.js";
const auth = { optional: expressjwt({ secret: "s", credentialsRequired: false, algorithms: ["HS256"] }), required: expressjwt({ secret: "s", algorithms: ["HS256"] }) };
const app = express();
`;
const owned = (operation: string, model: string, field: string, source: string, endpoint: string) => ({ operation, model, field, source, endpoint: `${endpoint}: `, query: operation });
ruleTester.run("require-owner-scope (content anonymous callers are served)", eslintRule("require-owner-scope"), {
  valid: [
    // served by slug behind `auth.optional`, and read by slug behind `auth.required` (to comment on it)
    {
      filename: publicFile,
      code: `${app}app.get("/articles/:slug", auth.optional, (req) => prisma.article.findUnique({ where: { slug: req.params.slug } }));\napp.post("/articles/:slug/comments", auth.required, (req) => prisma.article.findUnique({ where: { slug: req.params.slug }, select: { id: true } }));`,
    },
    // served by an endpoint with no authentication at all
    { filename: publicFile, code: `${app}app.get("/p/:slug", (req) => prisma.article.findUnique({ where: { slug: req.params.slug } }));` },
    // the write only links the caller's own identity to the row (a favourite), whoever wrote it
    {
      filename: publicFile,
      code: `${app}app.post("/articles/:slug/favorite", auth.required, (req) => prisma.article.update({ where: { slug: req.params.slug }, data: { favoritedBy: { connect: { id: req.auth.user.id } } } }));\napp.delete("/articles/:slug/favorite", auth.required, (req) => prisma.article.update({ where: { slug: req.params.slug }, data: { favoritedBy: { disconnect: [{ id: req.auth.user.id }] } } }));`,
    },
    // the same through a service another caller (a test) gives a constant user: still no caller-chosen link
    {
      filename: publicFile,
      code: `${app}export function favorite(slug: string, userId: string) {\n  return prisma.article.update({ where: { slug }, data: { favoritedBy: { connect: { id: userId } } } });\n}\napp.post("/articles/:slug/favorite", auth.required, (req) => favorite(req.params.slug, req.auth.user.id));\nexport const seeded = () => favorite("welcome", "u1");`,
    },
    // a count only anonymous callers are served (a badge): the number is what the endpoint publishes
    { filename: publicFile, code: `${app}app.get("/badge/:userId", (req) => prisma.event.count({ where: { userId: req.params.userId } }));` },
    // a row written for an anonymous caller (a tracking pixel): no identity to set, so unknown rather than a finding
    { filename: publicFile, code: `${app}app.get("/pixel/:userId", (req) => prisma.event.create({ data: { userId: req.params.userId, name: "view" } }));` },
    // a share link: only an anonymous endpoint reads the row, by its owner and its own id (the id is the capability)
    { filename: publicFile, code: `${app}app.get("/u/:userId/purchases/:id", (req) => prisma.purchase.findFirst({ where: { userId: req.params.userId, id: req.params.id } }));` },
  ],
  invalid: [
    {
      // the same anonymous endpoint listing the owner's rows without the row's id: no share link
      filename: publicFile,
      code: `${app}app.get("/u/:userId/purchases", (req) => prisma.purchase.findMany({ where: { userId: req.params.userId }, take: 10 }));`,
      errors: [{ messageId: "scopeFromRequest", line: 6, column: 58, data: owned("findMany", "Purchase", "userId", "req.params.userId", "GET /u/:userId/purchases") }],
    },
    {
      // read by slug behind `auth.required` only: nothing publishes articles
      filename: publicFile,
      code: `${app}app.get("/articles/:slug", auth.required, (req) => prisma.article.findUnique({ where: { slug: req.params.slug } }));`,
      errors: [{ messageId: "unscoped", line: 6, column: 67, data: owned("findUnique", "Article", "authorId", "req.params.slug", "GET /articles/:slug") }],
    },
    {
      // a handler that turns away callers without an identity is not anonymous, whatever its chain says
      filename: publicFile,
      code: `${app}app.get("/articles/:slug", (req, res) => {\n  if (!req.auth) return res.sendStatus(401);\n  return prisma.article.findUnique({ where: { slug: req.params.slug } });\n});`,
      errors: [{ messageId: "unscoped", line: 8, column: 25, data: owned("findUnique", "Article", "authorId", "req.params.slug", "GET /articles/:slug") }],
    },
    {
      // published content, but a write by its slug is still the owner's to make
      filename: publicFile,
      code: `${app}app.get("/articles/:slug", auth.optional, (req) => prisma.article.findUnique({ where: { slug: req.params.slug } }));\napp.put("/articles/:slug", auth.required, (req) => prisma.article.update({ where: { slug: req.params.slug }, data: { body: req.body.body } }));`,
      errors: [{ messageId: "unscoped", line: 7, column: 67, data: owned("update", "Article", "authorId", "req.params.slug", "PUT /articles/:slug") }],
    },
    {
      // an anonymous endpoint selecting private rows by another user's key (the owner relation): no published content
      filename: publicFile,
      code: `${app}app.get("/articles/:id/owns", (req) => prisma.purchase.findFirst({ where: { user: { email: req.query.email }, articleId: req.params.id } }));`,
      errors: [{ messageId: "unscoped", line: 6, column: 56, data: owned("findFirst", "Purchase", "userId", "req.query.email", "GET /articles/:id/owns") }],
    },
    {
      // connecting the caller on the owner relation hands them the row; connecting another user is their link
      filename: publicFile,
      code: `${app}app.post("/articles/:slug/claim", auth.required, (req) => prisma.article.update({ where: { slug: req.params.slug }, data: { author: { connect: { id: req.auth.user.id } } } }));\napp.post("/articles/:slug/favorite", auth.required, (req) => prisma.article.update({ where: { slug: req.params.slug }, data: { favoritedBy: { connect: { id: req.body.userId } } } }));`,
      errors: [
        { messageId: "unscoped", line: 6, column: 74, data: owned("update", "Article", "authorId", "req.params.slug", "POST /articles/:slug/claim") },
        { messageId: "unscoped", line: 7, column: 77, data: owned("update", "Article", "authorId", "req.params.slug", "POST /articles/:slug/favorite") },
      ],
    },
    {
      // the same count behind authentication: the caller picks whose events it counts
      filename: publicFile,
      code: `${app}app.get("/badge/:userId", auth.required, (req) => prisma.event.count({ where: { userId: req.params.userId } }));`,
      errors: [{ messageId: "scopeFromRequest", line: 6, column: 64, data: owned("count", "Event", "userId", "req.params.userId", "GET /badge/:userId") }],
    },
    {
      // the same row written behind authentication: the caller chooses the owner instead of being it
      filename: publicFile,
      code: `${app}app.post("/events/:userId", auth.required, (req) => prisma.event.create({ data: { userId: req.params.userId, name: "view" } }));`,
      errors: [{ messageId: "ownerFromRequest", line: 6, column: 66, data: owned("create", "Event", "userId", "req.params.userId", "POST /events/:userId") }],
    },
  ],
});

// A read whose result only decides whether the request goes on for a reason other than who the caller is (a plan
// limit, a missing row): nothing of the rows reaches the caller. The invalid twins hand the row, or what it says,
// back, or refuse as an authorization (which, made with rows the caller chose, authorizes nothing).
ruleTester.run("require-owner-scope (a read that only refuses)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename,
      code: `function findFavorite(deviceId: string, itemId: string) { return prisma.favorite.findFirst({ where: { itemId, deviceId } }); }\napp.post("/devices/:deviceId/items/:itemId/check", async (req, res) => {\n  const favorite = await findFavorite(req.params.deviceId, req.params.itemId);\n  if (!favorite) return res.status(404).end();\n  res.sendStatus(204);\n});` + db,
    },
    {
      filename,
      code: `app.post("/devices/:deviceId/items", async (req) => {\n  const count = await prisma.item.count({ where: { deviceId: req.params.deviceId } });\n  if (count >= 10) return { allowed: false, reason: "limit" };\n  return { allowed: true };\n});` + db,
    },
  ],
  invalid: [
    {
      filename,
      code: `function findFavorite(deviceId: string, itemId: string) { return prisma.favorite.findFirst({ where: { itemId, deviceId } }); }\napp.post("/devices/:deviceId/items/:itemId/check", async (req, res) => {\n  const favorite = await findFavorite(req.params.deviceId, req.params.itemId);\n  if (!favorite) return res.status(403).end();\n  res.sendStatus(204);\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 1, column: 82, data: fromRequest("findFirst", "Favorite", "req.params.deviceId", "POST /devices/:deviceId/items/:itemId/check", "findFirst in findFavorite") }],
    },
    {
      filename,
      code: `app.get("/devices/:deviceId/items/:itemId/favorite", async (req, res) => {\n  const favorite = await prisma.favorite.findFirst({ where: { itemId: req.params.itemId, deviceId: req.params.deviceId } });\n  if (!favorite) return res.status(404).end();\n  res.json(favorite);\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 2, column: 42, data: fromRequest("findFirst", "Favorite", "req.params.deviceId", "GET /devices/:deviceId/items/:itemId/favorite") }],
    },
    {
      filename,
      code: `app.get("/items/:id/favorited", async (req, res) => {\n  let exists = false;\n  const favorite = await prisma.favorite.findFirst({ where: { itemId: req.params.id, deviceId: req.query.deviceId } });\n  if (favorite) {\n    exists = true;\n  }\n  res.json({ exists });\n});` + db,
      errors: [{ messageId: "scopeFromRequest", line: 3, column: 42, data: fromRequest("findFirst", "Favorite", "req.query.deviceId", "GET /items/:id/favorited") }],
    },
  ],
});

// The membership check itself: one membership row pinned by the user and the workspace, the user the caller on some
// path (an assignee named by the caller elsewhere). The invalid twin has no path where the user is the caller.
ruleTester.run("require-owner-scope (the membership lookup)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}function findMember(userId: string, workspaceId: string) { return prisma.member.findUnique({ where: { userId_workspaceId: { userId, workspaceId } } }); }\napp.get("/workspaces/:workspaceId", auth.required, async (req, res) => {\n  const member = await findMember(req.auth.user.id, req.params.workspaceId);\n  if (!member) return res.sendStatus(403);\n  res.json({ role: member.role });\n});\napp.post("/workspaces/:workspaceId/assign", auth.required, async (req, res) => {\n  const assignee = await findMember(req.body.assigneeId, req.params.workspaceId);\n  res.json({ member: !!assignee });\n});`,
    },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}app.get("/workspaces/:workspaceId/members/:userId", auth.required, (req) => prisma.member.findUnique({ where: { userId_workspaceId: { userId: req.params.userId, workspaceId: req.params.workspaceId } } }));`,
      errors: [{ messageId: "scopeFromRequest", line: 6, column: 91, data: owned("findUnique", "Member", "userId", "req.params.userId", "GET /workspaces/:workspaceId/members/:userId") }],
    },
  ],
});

// A request value written over several lines is named on one.
ruleTester.run("require-owner-scope (a request value over several lines)", eslintRule("require-owner-scope"), {
  valid: [{ filename, code: `declare const schema: { parse(value: unknown): { id: string } };\napp.get("/items/:id", (req) => prisma.item.findFirst({ where: { id: schema\n  .parse(req.params)\n  .id, deviceId: req.user.deviceId } }));` + db }],
  invalid: [
    {
      filename,
      code: `declare const schema: { parse(value: unknown): { id: string } };\napp.get("/items/:id", (req) => prisma.item.findUnique({ where: { id: schema\n  .parse(req.params)\n  .id } }));` + db,
      errors: [{ messageId: "unscoped", line: 2, column: 44, data: selectedBy("findUnique", "Item", "schema.parse(req.params).id", "GET /items/:id") }],
    },
  ],
});

// A lodash path read names the member it reads: the identity (`get(req, "user.deviceId")`) or a request value.
ruleTester.run("require-owner-scope (a lodash path read)", eslintRule("require-owner-scope"), {
  valid: [{ filename, code: `declare function get(object: unknown, path: string): string;\napp.get("/items", (req) => prisma.item.findMany({ where: { deviceId: get(req, "user.deviceId") }, take: 10 }));` + db }],
  invalid: [
    {
      filename,
      code: `declare function get(object: unknown, path: string): string;\napp.get("/items", (req) => prisma.item.findMany({ where: { deviceId: get(req, "query.deviceId") }, take: 10 }));` + db,
      errors: [{ messageId: "scopeFromRequest", line: 2, column: 40, data: fromRequest("findMany", "Item", "req.query.deviceId", "GET /items") }],
    },
  ],
});

// Checks a later query relies on: a read of the same model scoped to the caller whose absence stops the request,
// or an update/delete scoped to the caller (Prisma throws when no row matches), by the same request key.
ruleTester.run("require-owner-scope (a scoped read or write before, by the same key)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename,
      code: `declare function deviceOf(req: unknown): Promise<string>;\napp.get("/items/:id", async (req) => {\n  const row = await prisma.item.findFirst({ where: { id: req.params.id, deviceId: await deviceOf(req) } });\n  if (!row) throw new Error("not found");\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
    },
    {
      filename,
      code: `declare function deviceOf(req: unknown): Promise<string>;\napp.put("/items/:id", async (req) => {\n  await prisma.item.update({ where: { id: req.params.id, deviceId: await deviceOf(req) }, data: { name: "x" } });\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
    },
  ],
  invalid: [
    {
      // the scoped read checked another key than the one read next
      filename,
      code: `declare function deviceOf(req: unknown): Promise<string>;\napp.get("/items/:id", async (req) => {\n  const row = await prisma.item.findFirst({ where: { id: req.params.id, deviceId: await deviceOf(req) } });\n  if (!row) throw new Error("not found");\n  return prisma.item.findUnique({ where: { id: req.query.other } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 5, column: 22, data: selectedBy("findUnique", "Item", "req.query.other", "GET /items/:id") }],
    },
    {
      // updateMany matches nothing without throwing: it checks nothing
      filename,
      code: `declare function deviceOf(req: unknown): Promise<string>;\napp.put("/items/:id", async (req) => {\n  await prisma.item.updateMany({ where: { id: req.params.id, deviceId: await deviceOf(req) }, data: { name: "x" } });\n  return prisma.item.findUnique({ where: { id: req.params.id } });\n});` + db,
      errors: [{ messageId: "unscoped", line: 4, column: 22, data: selectedBy("findUnique", "Item", "req.params.id", "PUT /items/:id") }],
    },
  ],
});

// A signed request (a webhook whose signature is checked first): its body comes from the signer, not the sender.
ruleTester.run("require-owner-scope (a signed request)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename,
      code: `declare function verifyWebhookSignature(req: unknown): boolean;\nfunction addFavorite(deviceId: string, itemId: string) { return prisma.favorite.create({ data: { id: "f", deviceId, itemId } }); }\napp.post("/webhooks/sync", async (req, res) => {\n  if (!verifyWebhookSignature(req)) {\n    res.end();\n    return;\n  }\n  await addFavorite(req.body.deviceId, req.body.itemId);\n  res.end();\n});` + db,
    },
  ],
  invalid: [
    {
      // a check of the payload's shape says nothing of who sent it
      filename,
      code: `declare function isValidPayload(req: unknown): boolean;\nfunction addFavorite(deviceId: string, itemId: string) { return prisma.favorite.create({ data: { id: "f", deviceId, itemId } }); }\napp.post("/webhooks/sync", async (req, res) => {\n  if (!isValidPayload(req)) {\n    res.end();\n    return;\n  }\n  await addFavorite(req.body.deviceId, req.body.itemId);\n  res.end();\n});` + db,
      errors: [{ messageId: "ownerFromRequest", line: 2, column: 81, data: { ...unscoped("create", "Favorite"), source: "req.body.deviceId", endpoint: "POST /webhooks/sync: ", query: "create in addFavorite" } }],
    },
  ],
});

// A create without an optional owner field (`userId String?`): the schema lets rows have no owner, so unknown.
ruleTester.run("require-owner-scope (an optional owner field)", eslintRule("require-owner-scope"), {
  valid: [{ filename: publicFile, code: `${app}export function audit(name: string) { return prisma.log.create({ data: { id: "l", name } }); }` }],
  invalid: [
    {
      // the owner field is required: the row is created without an owner
      filename: publicFile,
      code: `${app}export function record(name: string) { return prisma.event.create({ data: { id: "e", name } }); }`,
      errors: [{ messageId: "createWithoutOwner", line: 6, column: 60, data: { operation: "create", model: "Event", field: "userId" } }],
    },
  ],
});

// The parent read by the same key, its owner checked (`article.authorId !== me`), before the children are listed:
// the children's own owner field (a purchase's buyer) is another field of the configuration.
ruleTester.run("require-owner-scope (the parent's owner checked first)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}function articleById(id: string) { return prisma.article.findUnique({ where: { id } }); }\napp.get("/articles/:id/purchases", auth.required, async (req) => {\n  const article = await articleById(req.params.id);\n  if (!article || article.authorId !== req.auth.user.id) throw new Error("not found");\n  return prisma.purchase.findMany({ where: { articleId: req.params.id } });\n});`,
    },
  ],
  invalid: [
    {
      // the parent is read, but nothing of its owner is checked
      filename: publicFile,
      code: `${app}function articleById(id: string) { return prisma.article.findUnique({ where: { id } }); }\napp.get("/articles/:id/purchases", auth.required, async (req) => {\n  const article = await articleById(req.params.id);\n  if (!article || article.body === "") throw new Error("not found");\n  return prisma.purchase.findMany({ where: { articleId: req.params.id } });\n});`,
      // (the parent's read itself only refuses the request: not reported)
      errors: [{ messageId: "unscoped", line: 10, column: 26, data: owned("findMany", "Purchase", "userId", "req.params.id", "GET /articles/:id/purchases") }],
    },
  ],
});

// A mounted middleware ties a path parameter to one already checked against the caller: it loads the item and
// refuses when `item.deviceId` differs from the checked `deviceId`.
const deviceGuard = `router.use("/devices/:deviceId", (req, res, next) => {\n  if (!req.session.devices.includes(req.params.deviceId)) return res.sendStatus(403);\n  next();\n});\n`;
ruleTester.run("require-owner-scope (a parameter tied to a checked one)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename,
      code: `${deviceGuard}async function itemInDevice(req, res, next) {\n  const item = await prisma.item.findUnique({ where: { id: req.params.itemId } });\n  if (item?.deviceId !== req.params.deviceId) {\n    res.status(403).end();\n    return;\n  }\n  next();\n}\nrouter.use("/devices/:deviceId/items/:itemId", itemInDevice);\nrouter.put("/devices/:deviceId/items/:itemId", (req) => prisma.item.update({ where: { id: req.params.itemId }, data: { name: "x" } }));` + db,
    },
  ],
  invalid: [
    {
      // the middleware only checks the item exists
      filename,
      code: `${deviceGuard}async function itemExists(req, res, next) {\n  const item = await prisma.item.findUnique({ where: { id: req.params.itemId }, select: { id: true } });\n  if (!item) {\n    res.status(404).end();\n    return;\n  }\n  next();\n}\nrouter.use("/devices/:deviceId/items/:itemId", itemExists);\nrouter.put("/devices/:deviceId/items/:itemId", (req) => prisma.item.update({ where: { id: req.params.itemId }, data: { name: "x" } }));` + db,
      errors: [{ messageId: "unscoped", line: 14, column: 69, data: selectedBy("update", "Item", "req.params.itemId", "PUT /devices/:deviceId/items/:itemId") }],
    },
  ],
});

// Rows that never reach the caller: what a read found stays in a function that returns nothing and answers no
// request (a notification to the workspace), or goes back to callers that only decide with it (a plan limit). The
// invalid twins hand it back to the endpoint.
ruleTester.run("require-owner-scope (rows that never reach the caller)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}declare function notify(userId: string, total: number): Promise<void>;\nfunction eventCount(userId: string) { return prisma.event.count({ where: { userId } }); }\nasync function alertIfBusy(userId: string) {\n  const total = await eventCount(userId);\n  if (total > 100) await notify(userId, total);\n}\napp.post("/users/:userId/ping", auth.required, async (req, res) => {\n  await alertIfBusy(req.params.userId);\n  res.end();\n});`,
    },
    {
      filename: publicFile,
      code: `${app}async function purchaseLimits(id: string) {\n  const purchase = await prisma.purchase.findUnique({ where: { id } });\n  return purchase?.articleId === "free" ? { max: 0 } : { max: 10 };\n}\napp.post("/purchases/:id/seats", auth.required, async (req, res) => {\n  const limits = await purchaseLimits(req.params.id);\n  if (limits.max === 0) return res.status(402).json({ reason: \`at most \${limits.max}\` });\n  res.sendStatus(204);\n});`,
    },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}function eventCount(userId: string) { return prisma.event.count({ where: { userId } }); }\nasync function busy(userId: string) {\n  const total = await eventCount(userId);\n  return total > 100 ? total : 0;\n}\napp.post("/users/:userId/ping", auth.required, async (req, res) => {\n  res.json({ total: await busy(req.params.userId) });\n});`,
      errors: [{ messageId: "scopeFromRequest", line: 6, column: 59, data: { ...owned("count", "Event", "userId", "req.params.userId", "POST /users/:userId/ping"), query: "count in eventCount" } }],
    },
    {
      filename: publicFile,
      code: `${app}async function purchaseLimits(id: string) {\n  const purchase = await prisma.purchase.findUnique({ where: { id } });\n  return purchase?.articleId === "free" ? { max: 0 } : { max: 10 };\n}\napp.post("/purchases/:id/seats", auth.required, async (req, res) => {\n  const limits = await purchaseLimits(req.params.id);\n  res.json(limits);\n});`,
      errors: [{ messageId: "unscoped", line: 7, column: 42, data: { ...owned("findUnique", "Purchase", "userId", "req.params.id", "POST /purchases/:id/seats"), query: "findUnique in purchaseLimits" } }],
    },
  ],
});

// Only the number of rows reaches the caller, selected by a key that is not the owner (the buyers of an article): no
// row is disclosed. The invalid twin sends the rows too.
ruleTester.run("require-owner-scope (a count by another key)", eslintRule("require-owner-scope"), {
  valid: [
    { filename: publicFile, code: `${app}app.get("/articles/:id/buyers", auth.required, async (req, res) => {\n  const purchases = await prisma.purchase.findMany({ where: { articleId: req.params.id } });\n  res.json({ buyers: purchases.length });\n});` },
    { filename: publicFile, code: `${app}app.get("/articles/:id/buyers", auth.required, async (req, res) => res.json({ buyers: await prisma.purchase.count({ where: { articleId: req.params.id } }) }));` },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}app.get("/articles/:id/buyers", auth.required, async (req, res) => {\n  const purchases = await prisma.purchase.findMany({ where: { articleId: req.params.id } });\n  res.json({ buyers: purchases.length, purchases });\n});`,
      errors: [{ messageId: "unscoped", line: 7, column: 43, data: owned("findMany", "Purchase", "userId", "req.params.id", "GET /articles/:id/buyers") }],
    },
  ],
});

// The children of a parent nobody owns (a ticket the agents share), selected through it: the child's userId is who
// uploaded it, and access goes with the parent. The invalid twin selects a child by its own id.
ruleTester.run("require-owner-scope (children of a shared parent)", eslintRule("require-owner-scope"), {
  valid: [{ filename: publicFile, code: `${app}app.get("/tickets/:id/files", auth.required, (req) => prisma.ticketFile.findMany({ where: { ticketId: req.params.id } }));` }],
  invalid: [
    {
      filename: publicFile,
      code: `${app}app.delete("/files/:id", auth.required, (req) => prisma.ticketFile.delete({ where: { id: req.params.id } }));`,
      errors: [{ messageId: "unscoped", line: 6, column: 68, data: owned("delete", "TicketFile", "userId", "req.params.id", "DELETE /files/:id") }],
    },
  ],
});

// An OR of authorities: the request stops unless the caller is the ticket's creator or the agent it names, one of
// them tied to the key (a field of the row read by it). The invalid twin checks only the named agent.
ruleTester.run("require-owner-scope (an OR of authorities)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}app.post("/tickets/:id/assignments", auth.required, async (req) => {\n  const ticket = await prisma.ticket.findUnique({ where: { id: req.params.id } });\n  const isCreator = req.auth.user.id === ticket?.creatorId;\n  const isAgent = req.auth.user.id === req.body.agentId;\n  if (!isCreator && !isAgent) throw new Error("not allowed");\n  return prisma.assignment.findMany({ where: { ticketId: req.params.id } });\n});`,
    },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}app.post("/tickets/:id/assignments", auth.required, async (req) => {\n  const ticket = await prisma.ticket.findUnique({ where: { id: req.params.id } });\n  const isAgent = req.auth.user.id === req.body.agentId;\n  if (!ticket || !isAgent) throw new Error("not allowed");\n  return prisma.assignment.findMany({ where: { ticketId: req.params.id } });\n});`,
      errors: [{ messageId: "unscoped", line: 10, column: 28, data: owned("findMany", "Assignment", "userId", "req.params.id", "POST /tickets/:id/assignments") }],
    },
  ],
});

// An administrator named by a constant identity (`INIT_ADMIN_USER_ID`), or a development deployment: the request
// stops for anyone else. The invalid twin only checks the deployment.
ruleTester.run("require-owner-scope (an admin by a constant identity)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}declare const INIT_ADMIN_USER_ID: string;\ndeclare const env: { isDev: boolean };\napp.get("/users/:userId/events", auth.required, async (req, res) => {\n  if (req.auth.user.id !== INIT_ADMIN_USER_ID && !env.isDev) {\n    res.status(401).end();\n    return;\n  }\n  res.json(await prisma.event.findMany({ where: { userId: req.params.userId } }));\n});`,
    },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}declare const env: { isDev: boolean };\napp.get("/users/:userId/events", auth.required, async (req, res) => {\n  if (!env.isDev) {\n    res.status(401).end();\n    return;\n  }\n  res.json(await prisma.event.findMany({ where: { userId: req.params.userId } }));\n});`,
      errors: [{ messageId: "scopeFromRequest", line: 12, column: 31, data: owned("findMany", "Event", "userId", "req.params.userId", "GET /users/:userId/events") }],
    },
  ],
});

// The identity on every path a request takes: a function nothing calls hands on its own parameter, which is no path.
// The invalid twin's second caller passes a request value.
ruleTester.run("require-owner-scope (a parameter of a function nothing calls)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}function eventsOf(userId: string, name?: string) { return prisma.event.findMany({ where: { name, OR: [{ user: { id: userId } }, { user: { members: { some: { userId } } } }] } }); }\nexport async function unused(userId: string) { return eventsOf(userId); }\napp.get("/events", auth.required, async (req, res) => res.json(await eventsOf(req.auth.user.id, req.query.name)));`,
    },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}function eventsOf(userId: string, name?: string) { return prisma.event.findMany({ where: { name, OR: [{ user: { id: userId } }, { user: { members: { some: { userId } } } }] } }); }\napp.get("/users/:userId/events", auth.required, async (req, res) => res.json(await eventsOf(req.params.userId)));\napp.get("/events", auth.required, async (req, res) => res.json(await eventsOf(req.auth.user.id, req.query.name)));`,
      errors: [{ messageId: "unscoped", line: 6, column: 72, data: { ...owned("findMany", "Event", "userId", "req.query.name", "GET /events (and 1 more)"), query: "findMany in eventsOf" } }],
    },
  ],
});

// A create judged with the object a spec passes (`events.spec.ts` calls `recordEvent({ name: "from a test" })`): no
// request makes that row. The invalid twin's own caller leaves the owner out.
const eventsFile = path.join(projectDir, "../owner-public/src/events.ts");
const recordEvent = `${app}export function recordEvent(data: { name: string; userId?: string }) {\n  return prisma.event.create({ data: { id: "e", ...data } });\n}\n`;
ruleTester.run("require-owner-scope (a row a test passes)", eslintRule("require-owner-scope"), {
  valid: [{ filename: eventsFile, code: `${recordEvent}app.post("/login", auth.required, (req) => recordEvent({ name: "login", userId: req.auth.user.id }));` }],
  invalid: [
    {
      filename: eventsFile,
      code: `${recordEvent}app.post("/login", auth.required, (req) => recordEvent({ name: "login", userId: req.auth.user.id }));\napp.post("/ping", auth.required, () => recordEvent({ name: "ping" }));`,
      errors: [{ messageId: "createWithoutOwner", line: 7, column: 23, data: { operation: "create", model: "Event", field: "userId" } }],
    },
  ],
});

// Admin-only chains: a middleware named in `ownership.adminMiddleware` (`staffOnly` in this project's config), or a
// gate given the admin role (`requireRole(Role.ADMIN)`). The invalid twins use a middleware the config does not name and a
// gate given another role.
const gates = `declare function staffOnly(req: unknown, res: unknown, next: () => void): void;\ndeclare function supportOnly(req: unknown, res: unknown, next: () => void): void;\ndeclare function requireRole(role: string): (req: unknown, res: unknown, next: () => void) => void;\ndeclare const Role: { ADMIN: string; USER: string };\n`;
ruleTester.run("require-owner-scope (admin-only chains)", eslintRule("require-owner-scope"), {
  valid: [
    { filename: publicFile, code: `${app}${gates}app.delete("/users/:userId/events", auth.required, staffOnly, (req) => prisma.event.deleteMany({ where: { userId: req.params.userId } }));` },
    { filename: publicFile, code: `${app}${gates}app.delete("/users/:userId/events", requireRole(Role.ADMIN), (req) => prisma.event.deleteMany({ where: { userId: req.params.userId } }));` },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}${gates}app.delete("/users/:userId/events", auth.required, supportOnly, (req) => prisma.event.deleteMany({ where: { userId: req.params.userId } }));`,
      errors: [{ messageId: "scopeFromRequest", line: 10, column: 87, data: owned("deleteMany", "Event", "userId", "req.params.userId", "DELETE /users/:userId/events") }],
    },
    {
      filename: publicFile,
      code: `${app}${gates}app.delete("/users/:userId/events", requireRole(Role.USER), (req) => prisma.event.deleteMany({ where: { userId: req.params.userId } }));`,
      errors: [{ messageId: "scopeFromRequest", line: 10, column: 83, data: owned("deleteMany", "Event", "userId", "req.params.userId", "DELETE /users/:userId/events") }],
    },
  ],
});

// Report once, where the fix belongs: one read of the request taken as the owner of two queries or more is one finding
// where it is taken, naming the queries. The valid lookalike compares it with the caller first; a value that owns one
// query is reported at the query (above).
const wipe = `function eventsOf(userId: string) { return prisma.event.deleteMany({ where: { userId } }); }\nfunction purchasesOf(userId: string) { return prisma.purchase.deleteMany({ where: { userId } }); }\n`;
ruleTester.run("require-owner-scope (a request value taken as the owner of several queries)", eslintRule("require-owner-scope"), {
  valid: [
    {
      filename: publicFile,
      code: `${app}${wipe}app.delete("/users/:userId/data", auth.required, async (req) => {\n  const { userId } = req.params;\n  if (userId !== req.auth.user.id) throw new Error("forbidden");\n  await eventsOf(userId);\n  await purchasesOf(userId);\n});`,
    },
    {
      // Registered inside a function (a Fastify plugin, an Express router factory), compared with the caller first.
      filename: publicFile,
      code: `${app}${wipe}export function userRoutes(router: typeof app) {\n  router.delete("/users/:userId/data", auth.required, async (req) => {\n    const { userId } = req.params;\n    if (userId !== req.auth.user.id) throw new Error("forbidden");\n    await eventsOf(userId);\n    await purchasesOf(userId);\n  });\n}`,
    },
  ],
  invalid: [
    {
      filename: publicFile,
      code: `${app}${wipe}app.delete("/users/:userId/data", auth.required, async (req) => {\n  const { userId } = req.params;\n  await eventsOf(userId);\n  await purchasesOf(userId);\n});`,
      errors: [
        {
          messageId: "ownerTaken",
          line: 9,
          column: 22,
          data: { endpoint: "DELETE /users/:userId/data: ", source: "req.params.userId", field: "userId", count: 2, queries: "deleteMany in eventsOf of Event, deleteMany in purchasesOf of Purchase" },
        },
      ],
    },
    {
      // The handler of a route registered inside a function: the value is taken in that handler, reported there once.
      filename: publicFile,
      code: `${app}${wipe}export function userRoutes(router: typeof app) {\n  router.delete("/users/:userId/data", auth.required, async (req) => {\n    const { userId } = req.params;\n    await eventsOf(userId);\n    await purchasesOf(userId);\n  });\n}`,
      errors: [
        {
          messageId: "ownerTaken",
          line: 10,
          column: 24,
          data: { endpoint: "DELETE /users/:userId/data: ", source: "req.params.userId", field: "userId", count: 2, queries: "deleteMany in eventsOf of Event, deleteMany in purchasesOf of Purchase" },
        },
      ],
    },
  ],
});
