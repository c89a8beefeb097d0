import path from "node:path";
import { eslintRule, filename, projectDir, ruleTester } from "./rule-tester.js";

const header = `import { prisma } from "./db.js";\n`;
/** A route whose guard middleware loads the item of `req.params.id` with the filter, and a handler that updates it. */
const guardedRoute = (guard: string, registrations: string) =>
  `import type { NextFunction, Request, Response } from "express";\n` +
  header +
  `declare const router: { put(...handlers: unknown[]): void; patch(...handlers: unknown[]): void };\n` +
  guard +
  `async function rename(req: Request, res: Response) {\n  await prisma.item.update({ where: { id: req.params.id }, data: { name: req.body.name } });\n  res.sendStatus(204);\n}\n` +
  registrations;
const ownsItem = `async function ownsItem(req: Request, res: Response, next: NextFunction) {\n  const item = await prisma.item.findFirst({ where: { id: req.params.id, deletedAt: null } });\n  if (!item) return res.sendStatus(404);\n  next();\n}\n`;
/** An update inside a transaction callback of a function keyed by its parameter, and a caller (given as the tail). */
const inTransaction = (caller: string) =>
  header + `async function rename(id: string) {\n  await prisma.$transaction(async (tx) => {\n    await tx.item.update({ where: { id }, data: { name: "b" } });\n  });\n}\n` + caller;
/** A helper keyed by its parameter, a function handing the key on, and the caller of that (given as the tail). */
const handedOn = (caller: string) =>
  header + `async function rename(id: string) {\n  await prisma.item.update({ where: { id }, data: { name: "b" } });\n}\nasync function renameLater(id: string) {\n  await rename(id);\n}\n` + caller;
/** A queue worker's file: code no request reaches. */
const jobFile = path.join(projectDir, "src/jobs/file.ts");
const jobWrite = header + `export async function optimize(itemId: string) {\n  await prisma.item.update({ where: { id: itemId }, data: { name: "optimized" } });\n}`;
/** A project whose identity model (User) is soft-deletable and whose passport authentication reads it with the filter. */
const identityFile = path.join(projectDir, "../identity-soft-delete/src/file.ts");
const handler = `import type { Request } from "express";\n` + header;

/** A parent's setting handed down to its children (Portion.productId is the foreign key to Product). */
const handDown = (where: string) => header + `export async function setGrams(productId: string) {\n  await prisma.portion.updateMany({ where: ${where}, data: { grams: 100 } });\n}`;
/** Rows moved to another parent (Portion.productId is a foreign key; grams is not). */
const moveRows = (data: string) => header + `export async function merge(from: string, productId: string) {\n  await prisma.portion.updateMany({ where: { productId: from, grams: { gt: 0 } }, data: ${data} });\n}`;
/** The portions of a product (where it comes from given): none can be deleted when the product was just created. */
const portionsOf = (product: string) => header + `export async function portions(deviceId: string) {\n  const product = ${product};\n  return prisma.portion.findMany({ where: { productId: product.id } });\n}`;
/** A drag-and-drop reorder of the rows the body lists. */
const reorder = (data: string) => header + `export async function sort(ids: string[]) {\n  await Promise.all(ids.map((id, index) => prisma.portion.update({ where: { id }, data: ${data} })));\n}`;
/** BullMQ's queue events, a handler given to `on` (the call up to the event name given). */
const queueEvent = (on: string) =>
  header +
  `declare class QueueEvents {\n  constructor(name: string);\n  on(event: string, handler: (job: { jobId: string }) => unknown): void;\n}\nconst uploads = new QueueEvents("upload");\ndeclare const socket: QueueEvents;\n${on}, async ({ jobId }) => {\n  await prisma.item.update({ where: { id: jobId }, data: { name: "uploaded" } });\n});`;
/** A filtered read run beside another in `Promise.all`, and an update keyed by one of the destructured results. */
const besideOther = (pattern: string, key: string) =>
  header +
  `export async function rename(id: string) {\n  const ${pattern} = await Promise.all([prisma.item.findFirst({ where: { id, deletedAt: null } }), prisma.tag.findFirst()]);\n  if (item && tag) await prisma.item.update({ where: { id: ${key}.id }, data: { name: tag.name } });\n}`;
/** A helper that reads the item by name (its where given) and returns it in an object; a caller updates the row. */
const loadThenUpdate = (where: string) =>
  header +
  `async function load(name: string) {\n  const item = await prisma.item.findFirst({ where: ${where} });\n  return { item };\n}\nexport async function rename(name: string) {\n  const { item } = await load(name);\n  if (item) await prisma.item.update({ where: { id: item.id }, data: { name: "b" } });\n}`;
/** A function that keeps a closure for later, keyed by its own parameter, and a caller (given as the tail). */
const keptForLater = (caller: string) =>
  header +
  `declare function remember(options: { save: (name: string) => Promise<unknown> }): Promise<void>;\nasync function syncName(item: { id: string }) {\n  await remember({ save: (name) => prisma.item.update({ where: { id: item.id }, data: { name } }) });\n}\n` +
  caller;

ruleTester.run("require-soft-delete-filter", eslintRule("require-soft-delete-filter"), {
  valid: [
    { filename, code: header + `prisma.item.findMany({ where: { deletedAt: null } });` },
    { filename, code: header + `prisma.item.findMany({ where: { deletedAt: { equals: null } } });` },
    // a trash view is intent, not a mistake
    { filename, code: header + `prisma.item.findMany({ where: { deletedAt: { not: null } } });` },
    { filename, code: `import { liveRows } from "./helpers.js";\n` + header + `prisma.item.findMany({ where: { name: "a", ...liveRows } });` },
    { filename, code: `import { notDeleted } from "./helpers.js";\n` + header + `prisma.item.findMany({ where: { AND: [notDeleted(), { name: "a" }] } });` },
    { filename, code: header + `prisma.item.findMany({ where: { OR: [{ deletedAt: null, name: "a" }, { deletedAt: null, name: "b" }] } });` },
    { filename, code: header + `prisma.account.findMany({ where: { isDeleted: false } });` },
    // a global model has no soft-delete field
    { filename, code: header + `prisma.tag.findMany();` },
    { filename, code: header + `prisma.item.create({ data: { name: "a", deviceId: "d" } });` },
    // the where comes from a caller the engine cannot see: unknown, not a violation
    { filename, code: header + `export function list(where: object) { return prisma.item.findMany({ where }); }` },
    { filename, code: header + `export function list(filters: object) { return prisma.item.findMany({ where: { ...filters } }); }` },
    {
      filename,
      code: header + `export async function get(id: string) {\n  const row = await prisma.item.findUnique({ where: { id } });\n  if (!row || row.deletedAt) throw new Error("not found");\n  return row;\n}`,
    },
    { filename, code: header + `prisma.product.findMany({ where: { deletedAt: null }, include: { portions: { where: { deletedAt: null } } } });` },
    // to-one relations cannot take a where in include
    { filename, code: header + `prisma.portion.findMany({ where: { deletedAt: null }, include: { product: true } });` },
    { filename, code: header + `const where: Record<string, unknown> = { name: "a" };\nwhere.deletedAt = null;\nprisma.item.findMany({ where });` },
    { filename, code: header + `declare const cache: any;\ncache.item.findMany();` },
    { filename, code: header + `declare const x: boolean;\nprisma.item.findMany({ where: { ...(x ? { deletedAt: null } : { deletedAt: null, name: "a" }) } });` },
    { filename, code: header + `prisma.product.findMany({ where: { deletedAt: null, portions: { some: { grams: 5, deletedAt: null } } } });` },
    { filename, code: header + `prisma.product.findMany({ where: { deletedAt: null }, select: { _count: { select: { portions: { where: { deletedAt: null } } } } } });` },
    { filename, code: header + `prisma.item.findMany();`, options: [{ ignoreModels: ["Item"], checkNested: true }] },
    { filename, code: header + `let where = {};\nwhere = { name: "a" };\nprisma.item.findMany({ where });` },
    // [field-never-written] Draft has a deletedAt nothing sets: a plain column, not a soft delete
    { filename, code: header + `prisma.draft.findMany({ where: { title: "a" } });` },
    // [field-never-written] true in a select constant sets no DateTime
    { filename, code: header + `const draftSelect = { id: true, deletedAt: true };\nprisma.draft.findMany({ select: draftSelect });` },
    // [soft-delete-is-suspension] the code sets Draft's deletedAt but no query of the project ever leaves flagged drafts
    // out (it checks the flag after the fetch): a status, not a hidden row; the read is the project's practice
    { filename, code: header + `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.findMany({ where: { title: "a" } });` },
    // [parent-delete-cascades] a product is only ever soft-deleted together with its portions (the project's
    // softDeleteProduct marks them in a nested updateMany; removeProduct calls removePortions on every path): a live
    // portion has a live product, so the relation filter needs no flag of its own
    { filename, code: header + `prisma.portion.findMany({ where: { deletedAt: null, product: { name: "a" } } });` },
    {
      filename,
      code: header + `async function removePortions(productId: string) {\n  await prisma.portion.updateMany({ where: { productId }, data: { deletedAt: new Date() } });\n}\nexport async function removeProduct(id: string) {\n  await prisma.product.update({ where: { id }, data: { deletedAt: new Date() } });\n  await removePortions(id);\n}\nprisma.portion.findMany({ where: { deletedAt: null, product: { name: "a" } } });`,
    },
    // [parent-delete-cascades] with a hard delete: the portions of a product go for good when it is soft-deleted
    {
      filename,
      code: header + `export async function removeProduct(id: string) {\n  await prisma.product.update({ where: { id }, data: { deletedAt: new Date() } });\n  await prisma.portion.deleteMany({ where: { productId: id } });\n}\nprisma.portion.findMany({ where: { deletedAt: null, product: { name: "a" } } });`,
    },
    // [children-outlive-parent] the project soft-deletes one item at a time (softDeleteItem) and never deletes its
    // favorites with it: a favorite is meant to outlive its item, so a filter on the item it points to selects which
    // favorites belong where, not which items are live
    { filename, code: header + `prisma.favorite.findMany({ where: { item: { deviceId: "d" } } });` },
    // [historical-record] the same from a where of its own: a sale of an item deleted later is still a sale
    { filename, code: header + `export function sales(deviceId: string) {\n  return prisma.favorite.count({ where: { deviceId, item: { is: { name: "a" } } } });\n}` },
    // [unused-relation] the included portions never leave the function and nothing reads them (a shared include's
    // leftover): whether deleted portions ride along changes nothing, so the site is unknown, not a finding
    {
      filename,
      code: header + `declare function notify(name: string): Promise<void>;\nexport async function ping(id: string) {\n  const product = await prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: true } });\n  if (!product) throw new Error("gone");\n  await notify(product.name);\n}`,
    },
    // [by-unique-after-filtered-read] the key is read from a \`let\` the filtered read was assigned to
    {
      filename,
      code: header + `export async function rename(id: string) {\n  let item = null;\n  item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await prisma.item.update({ where: { id: item.id }, data: { name: "b" } });\n}`,
    },
    // [by-unique-after-filtered-read] in the callers: every caller passes the key of a row it read with the filter
    { filename, code: header + `async function rename(id: string) {\n  await prisma.item.update({ where: { id }, data: { name: "b" } });\n}\nexport async function handler(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await rename(item.id);\n}` },
    // [with-deleted-intent] a trash view: the deleted portions' products may be deleted too
    {
      filename,
      code: header + `export async function hide(id: string) {\n  await prisma.product.update({ where: { id }, data: { deletedAt: new Date() } });\n}\nprisma.portion.findMany({ where: { AND: [{ deletedAt: { not: null } }, { product: { name: "a" } }] } });`,
    },
    // [reindex-all-rows] a write that only shifts numbers (positions, counters) shows and restores nothing
    { filename, code: header + `prisma.portion.updateMany({ where: { productId: "p", grams: { gte: 5 } }, data: { grams: { increment: 1 } } });` },
    // [uniqueness-check] a read by a unique key (not the id) only tested for a row: a deleted row still holds the key
    { filename, code: header + `export async function signUp(email: string) {\n  const taken = await prisma.account.findUnique({ where: { email } });\n  if (taken) throw new Error("email taken");\n}` },
    // [dual-flag] Poll's isDeleted and deletedAt are set together: a filter on either leaves deleted polls out
    { filename, code: header + `prisma.poll.findMany({ where: { isDeleted: false } });` },
    // [soft-delete-update] the update that soft-deletes, and [restore] the one that restores, decide the state themselves
    { filename, code: header + `prisma.item.update({ where: { id: "1" }, data: { deletedAt: new Date() } });` },
    { filename, code: header + `prisma.item.updateMany({ where: { deviceId: "d" }, data: { deletedAt: null } });` },
    // [central-extension] a client whose query extension adds the filter to findMany
    {
      filename,
      code:
        header +
        `const db = prisma.$extends({ query: { $allModels: { async findMany({ args, query }) { args.where = { ...args.where, deletedAt: null }; return query(args); } } } });\ndb.item.findMany({ where: { name: "a" } });`,
    },
    // [with-deleted-intent] an explicit "with deleted" switch
    { filename, code: header + `export function list(includeDeleted: boolean) {\n  return prisma.item.findMany({ where: { ...(includeDeleted ? {} : { deletedAt: null }) } });\n}` },
    // [check-after-fetch] on the other flag, and in the caller of a function that returns the row
    { filename, code: header + `export async function get(id: string) {\n  const poll = await prisma.poll.findUnique({ where: { id } });\n  if (!poll || poll.isDeleted) throw new Error("gone");\n  return poll;\n}` },
    {
      filename,
      code: header + `async function find(id: string) {\n  const row = await prisma.item.findUnique({ where: { id } });\n  return row;\n}\nexport async function show(id: string) {\n  const item = await find(id);\n  if (!item || item.deletedAt) throw new Error("gone");\n  return item;\n}`,
    },
    // [soft-delete-update] a read of the rows the same function soft-deletes
    { filename, code: header + `export async function remove(id: string) {\n  const item = await prisma.item.findUnique({ where: { id } });\n  if (!item) return;\n  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });\n}` },
    // [by-unique-after-filtered-read] an update by the key a filtered read (here, the guard it calls) just checked
    { filename, code: header + `export async function rename(id: string, name: string) {\n  const live = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (!live) throw new Error("gone");\n  await prisma.item.update({ where: { id }, data: { name } });\n}` },
    {
      filename,
      code: header + `async function canEdit(itemId: string) {\n  return (await prisma.item.count({ where: { id: itemId, deletedAt: null } })) > 0;\n}\nexport async function rename(id: string, name: string) {\n  if (!(await canEdit(id))) throw new Error("forbidden");\n  await prisma.item.update({ where: { id }, data: { name } });\n}`,
    },
    { filename, code: header + `export async function touchAll() {\n  const items = await prisma.item.findMany({ where: { deletedAt: null } });\n  for (const item of items) await prisma.item.update({ where: { id: item.id }, data: { name: "x" } });\n}` },
    // [filtered-elsewhere] the caller's own user row: authentication found the user live, so a deleted user is never the caller
    { filename: identityFile, code: handler + `export async function rename(req: Request) {\n  await prisma.user.update({ where: { id: req.user.id }, data: { name: req.body.name } });\n}` },
    // [filtered-elsewhere] the path's user id, compared with the caller's before the read
    {
      filename: identityFile,
      code: handler + `export async function show(req: Request) {\n  if (req.params.userId !== req.user.id) throw new Error("forbidden");\n  return prisma.user.findUnique({ where: { id: req.params.userId } });\n}`,
    },
    // [filtered-elsewhere] a helper every caller gives the caller's own id
    {
      filename: identityFile,
      code: handler + `async function setName(userId: string, name: string) {\n  await prisma.user.update({ where: { id: userId }, data: { name } });\n}\nexport async function rename(req: Request) {\n  await setName(req.user.id, req.body.name);\n}`,
    },
    // [by-unique-after-filtered-read] the route's guard middleware read the same row with the filter
    { filename, code: guardedRoute(ownsItem, `router.put("/items/:id", ownsItem, rename);`) },
    // [by-unique-after-filtered-read] through a helper the guard gives the route's id, which reads it with the filter
    {
      filename,
      code: guardedRoute(
        `async function liveItem(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (!item) throw new Error("not found");\n  return item;\n}\nasync function ownsItem(req: Request, res: Response, next: NextFunction) {\n  await liveItem(req.params.id);\n  next();\n}\n`,
        `router.put("/items/:id", [ownsItem, rename]);`,
      ),
    },
    // [non-request-code] a job records its work on one row by its id: on a deleted row it shows nothing and answers nobody
    { filename: jobFile, code: jobWrite },
    // [by-unique-after-filtered-read] in the callers, through the transaction callback the query runs in
    { filename, code: inTransaction(`export async function handler(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await rename(item.id);\n}`) },
    // [by-unique-after-filtered-read] two levels of callers: the key is handed on, and read with the filter by the caller's caller
    { filename, code: handedOn(`export async function handler(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await renameLater(item.id);\n}`) },
    // only administrators reach it (moderation may see deleted rows): a gate the route is given the admin role, an admin check that stops otherwise
    { filename, code: header + `declare function userHasPermission(role: string): unknown;\nasync function GET(req) { return prisma.item.findUnique({ where: { id: req.params.id } }); }\nexport const operations = { GET: [authenticate, userHasPermission("admin"), GET] };` },
    { filename, code: header + `app.get("/admin/items", async (req) => {\n  if (!req.user.isAdmin) throw new Error("forbidden");\n  return prisma.item.findMany();\n});` },
    // and sees the deleted children it includes, handed on as they are
    { filename, code: header + `app.get("/admin/products", async (req) => {\n  if (!req.user.isAdmin) throw new Error("forbidden");\n  return prisma.product.findMany({ where: { deletedAt: null }, include: { portions: true } });\n});` },
    // [harmless-on-deleted] a parent's setting handed down to all its children: updateMany returns no row, and a deleted child shows nothing
    { filename, code: handDown(`{ productId }`) },
    // [with-deleted-intent] rows moved to another parent: the deleted ones move with the live ones, and nothing of them shows
    { filename, code: moveRows(`{ productId }`) },
    // [by-unique-after-write] rows of a row this function just created: none can have been deleted yet
    { filename, code: portionsOf(`await prisma.product.create({ data: { name: "a", deviceId } })`) },
    // [harmless-on-deleted] a reorder: the position of a row no list shows is shown nowhere
    { filename, code: reorder(`{ position: index }`) },
    // [non-request-code] a queue's job event handler is run by the worker, not by a request
    { filename, code: queueEvent(`uploads.on("completed"`) },
    // [by-unique-after-filtered-read] the row of a filtered read run in Promise.all, destructured by position
    { filename, code: besideOther(`[item, tag]`, `item`) },
    // [by-unique-after-filtered-read] the row a helper read with the filter, destructured from the object it returns
    { filename, code: loadThenUpdate(`{ name, deletedAt: null }`) },
    // [by-unique-after-filtered-read] a closure kept for later closes over its function's parameter, which every caller read with the filter
    { filename, code: keptForLater(`export async function handler(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await syncName(item);\n}`) },
  ],
  invalid: [
    {
      filename,
      code: header + `prisma.item.findMany();`,
      errors: [
        {
          messageId: "missingFilter",
          line: 2,
          column: 13,
          data: { operation: "findMany", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", data: { field: "deletedAt", live: "null" }, output: header + `prisma.item.findMany({ where: { deletedAt: null } });` }],
        },
      ],
    },
    {
      filename,
      code: header + `export function get(id: string) { return prisma.item.findUnique({ where: { id } }); }`,
      errors: [
        {
          messageId: "missingFilter",
          line: 2,
          column: 54,
          suggestions: [{ messageId: "addFilter", output: header + `export function get(id: string) { return prisma.item.findUnique({ where: { deletedAt: null, id } }); }` }],
        },
      ],
    },
    {
      filename,
      code: header + `prisma.item.count({ where: {} });`,
      errors: [{ messageId: "missingFilter", line: 2, column: 13, suggestions: [{ messageId: "addFilter", output: header + `prisma.item.count({ where: { deletedAt: null } });` }] }],
    },
    {
      filename,
      code: header + `prisma.item.update({ where: { id: "1" }, data: { name: "b" } });`,
      errors: [{ messageId: "missingFilter", line: 2, column: 13, suggestions: [{ messageId: "addFilter", output: header + `prisma.item.update({ where: { deletedAt: null, id: "1" }, data: { name: "b" } });` }] }],
    },
    {
      filename,
      code: `import { PrismaClient } from "@prisma/client";\nclass ItemRepository {\n  constructor(private readonly prisma: PrismaClient) {}\n  find(id: string) {\n    return this.prisma.item.findFirst({ where: { id } });\n  }\n}`,
      errors: [{ messageId: "missingFilter", line: 5, column: 29, suggestions: [{ messageId: "addFilter", output: `import { PrismaClient } from "@prisma/client";\nclass ItemRepository {\n  constructor(private readonly prisma: PrismaClient) {}\n  find(id: string) {\n    return this.prisma.item.findFirst({ where: { deletedAt: null, id } });\n  }\n}` }] }],
    },
    {
      filename,
      code: header + `prisma.$transaction(async (tx) => tx.item.findMany({ where: { name: "a" } }));`,
      errors: [{ messageId: "missingFilter", line: 2, column: 43, suggestions: [{ messageId: "addFilter", output: header + `prisma.$transaction(async (tx) => tx.item.findMany({ where: { deletedAt: null, name: "a" } }));` }] }],
    },
    {
      filename,
      code: header + `const { item } = prisma;\nitem.findMany({ where: { name: "a" } });`,
      errors: [{ messageId: "missingFilter", line: 3, column: 6, suggestions: [{ messageId: "addFilter", output: header + `const { item } = prisma;\nitem.findMany({ where: { deletedAt: null, name: "a" } });` }] }],
    },
    {
      filename,
      code: header + `const items = prisma["item"];\nitems.findFirst({ where: { name: "a" } });`,
      errors: [{ messageId: "missingFilter", line: 3, column: 7, suggestions: [{ messageId: "addFilter", output: header + `const items = prisma["item"];\nitems.findFirst({ where: { deletedAt: null, name: "a" } });` }] }],
    },
    {
      filename,
      code: header + `const db = prisma.$extends({});\ndb.item.aggregate({ _count: true });`,
      errors: [{ messageId: "missingFilter", line: 3, column: 9, suggestions: [{ messageId: "addFilter", output: header + `const db = prisma.$extends({});\ndb.item.aggregate({ where: { deletedAt: null }, _count: true });` }] }],
    },
    {
      // only what holds on every path counts
      filename,
      code: header + `declare const all: boolean;\nprisma.item.findMany({ where: { ...(all ? {} : { deletedAt: null }) } });`,
      errors: [{ messageId: "missingFilter", line: 3, column: 13, suggestions: [{ messageId: "addFilter", output: header + `declare const all: boolean;\nprisma.item.findMany({ where: { deletedAt: null, ...(all ? {} : { deletedAt: null }) } });` }] }],
    },
    {
      // Prisma ignores undefined: this filters nothing
      filename,
      code: header + `prisma.item.findMany({ where: { deletedAt: undefined } });`,
      errors: [{ messageId: "missingFilter", line: 2, column: 13, suggestions: [{ messageId: "addFilter", output: header + `prisma.item.findMany({ where: { deletedAt: null, deletedAt: undefined } });` }] }],
    },
    {
      filename,
      code: header + `prisma.item.findMany({ where: { OR: [{ deletedAt: null }, { name: "b" }] } });`,
      errors: [{ messageId: "missingFilter", line: 2, column: 13, suggestions: [{ messageId: "addFilter", output: header + `prisma.item.findMany({ where: { deletedAt: null, OR: [{ deletedAt: null }, { name: "b" }] } });` }] }],
    },
    {
      // the where is built by the caller and passed in
      filename,
      code: header + `function find(where: object) {\n  return prisma.item.findMany({ where });\n}\nfind({ name: "a" });`,
      errors: [{ messageId: "missingFilter", line: 3, column: 22, suggestions: [{ messageId: "addFilter", output: header + `function find(where: object) {\n  return prisma.item.findMany({ where: { ...where, deletedAt: null } });\n}\nfind({ name: "a" });` }] }],
    },
    {
      filename,
      code: header + `prisma.product.findMany({ where: { deletedAt: null }, include: { portions: true } });`,
      errors: [
        {
          messageId: "missingNestedFilter",
          line: 2,
          column: 66,
          data: { relation: "portions", model: "Portion", via: "include", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addNestedFilter", output: header + `prisma.product.findMany({ where: { deletedAt: null }, include: { portions: { where: { deletedAt: null } } } });` }],
        },
      ],
    },
    {
      filename,
      code: header + `prisma.product.findMany({ where: { deletedAt: null }, include: { portions: { orderBy: { grams: "asc" } } } });`,
      errors: [{ messageId: "missingNestedFilter", line: 2, column: 66, suggestions: [{ messageId: "addNestedFilter", output: header + `prisma.product.findMany({ where: { deletedAt: null }, include: { portions: { where: { deletedAt: null }, orderBy: { grams: "asc" } } } });` }] }],
    },
    {
      filename,
      code: header + `prisma.product.findMany({ where: { deletedAt: null }, select: { _count: { select: { portions: true } } } });`,
      errors: [{ messageId: "missingNestedFilter", line: 2, column: 85, data: { relation: "portions", model: "Portion", via: "_count", field: "deletedAt", live: "null" }, suggestions: [{ messageId: "addNestedFilter", output: header + `prisma.product.findMany({ where: { deletedAt: null }, select: { _count: { select: { portions: { where: { deletedAt: null } } } } } });` }] }],
    },
    {
      filename,
      code: header + `prisma.product.findMany({ where: { deletedAt: null, portions: { some: { grams: 5 } } } });`,
      errors: [{ messageId: "missingRelationFilter", line: 2, column: 65, data: { relation: "portions", filter: "some", model: "Portion", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      filename,
      code: header + `export function byEmail(email: string) { return prisma.account.findUnique({ where: { email } }); }`,
      errors: [{ messageId: "missingFilter", line: 2, column: 64, data: { operation: "findUnique", model: "Account", field: "isDeleted", live: "false" }, suggestions: [{ messageId: "addFilter", output: header + `export function byEmail(email: string) { return prisma.account.findUnique({ where: { isDeleted: false, email } }); }` }] }],
    },
    {
      // an include constant from another file is reported at the query
      filename,
      code: `import { withPortions } from "./helpers.js";\n` + header + `prisma.product.findMany({ where: { deletedAt: null }, include: withPortions });`,
      errors: [{ messageId: "missingNestedFilter", line: 3, column: 16, suggestions: [] }],
    },
    {
      // [field-never-written] the twin: once the code sets Draft's deletedAt (and hides deleted drafts somewhere), Draft is soft-deletable
      filename,
      code: header + `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.count({ where: { deletedAt: null } });\nprisma.draft.findMany({ where: { title: "a" } });`,
      errors: [{ messageId: "missingFilter", line: 4, column: 14, data: { operation: "findMany", model: "Draft", field: "deletedAt", live: "null" }, suggestions: [{ messageId: "addFilter", output: header + `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.count({ where: { deletedAt: null } });\nprisma.draft.findMany({ where: { deletedAt: null, title: "a" } });` }] }],
    },
    {
      // [dual-flag] the twin: a flag the where does not constrain is no filter
      filename,
      code: header + `prisma.poll.findMany({ where: { title: "a" } });`,
      errors: [{ messageId: "missingFilter", line: 2, column: 13, data: { operation: "findMany", model: "Poll", field: "deletedAt", live: "null" }, suggestions: [{ messageId: "addFilter", output: header + `prisma.poll.findMany({ where: { deletedAt: null, title: "a" } });` }] }],
    },
    {
      // [central-extension] the twin: count is not among the operations the extension filters
      filename,
      code:
        header +
        `const db = prisma.$extends({ query: { $allModels: { async findMany({ args, query }) { args.where = { ...args.where, deletedAt: null }; return query(args); } } } });\ndb.item.count({ where: { name: "a" } });`,
      errors: [{ messageId: "missingFilter", line: 3, column: 9, suggestions: [{ messageId: "addFilter", output: header + `const db = prisma.$extends({ query: { $allModels: { async findMany({ args, query }) { args.where = { ...args.where, deletedAt: null }; return query(args); } } } });\ndb.item.count({ where: { deletedAt: null, name: "a" } });` }] }],
    },
    {
      // [check-after-fetch] the twin: a caller that uses the row without checking it
      filename,
      code: header + `async function find(id: string) {\n  const row = await prisma.item.findUnique({ where: { id } });\n  return row;\n}\nexport async function show(id: string) {\n  const item = await find(id);\n  return item?.name;\n}`,
      errors: [{ messageId: "missingFilter", line: 3, column: 33, suggestions: [{ messageId: "addFilter", output: header + `async function find(id: string) {\n  const row = await prisma.item.findUnique({ where: { deletedAt: null, id } });\n  return row;\n}\nexport async function show(id: string) {\n  const item = await find(id);\n  return item?.name;\n}` }] }],
    },
    {
      // [soft-delete-update] the twin: a count of other rows before the soft delete still counts deleted ones
      filename,
      code: header + `export async function remove(id: string, deviceId: string) {\n  const left = await prisma.item.count({ where: { deviceId } });\n  if (left < 2) throw new Error("keep one");\n  await prisma.item.update({ where: { id, deviceId }, data: { deletedAt: new Date() } });\n}`,
      errors: [{ messageId: "missingFilter", line: 3, column: 34, suggestions: [{ messageId: "addFilter", output: header + `export async function remove(id: string, deviceId: string) {\n  const left = await prisma.item.count({ where: { deletedAt: null, deviceId } });\n  if (left < 2) throw new Error("keep one");\n  await prisma.item.update({ where: { id, deviceId }, data: { deletedAt: new Date() } });\n}` }] }],
    },
    {
      // [by-unique-after-filtered-read] the twin: a count by the same key still counts the deleted rows
      filename,
      code: header + `export async function stats(deviceId: string) {\n  const first = await prisma.item.findFirst({ where: { deviceId, deletedAt: null } });\n  const total = await prisma.item.count({ where: { deviceId } });\n  return { first, total };\n}`,
      errors: [{ messageId: "missingFilter", line: 4, column: 35, suggestions: [{ messageId: "addFilter", output: header + `export async function stats(deviceId: string) {\n  const first = await prisma.item.findFirst({ where: { deviceId, deletedAt: null } });\n  const total = await prisma.item.count({ where: { deletedAt: null, deviceId } });\n  return { first, total };\n}` }] }],
    },
    {
      // [duplicate-finding] a relation filter in a where two queries share: one problem, reported once where it is written
      filename,
      code: header + `const where = { deletedAt: null, portions: { some: { grams: 5 } } };\nprisma.product.count({ where });\nprisma.product.findMany({ where });`,
      errors: [{ messageId: "missingRelationFilter", line: 2, column: 46, data: { relation: "portions", filter: "some", model: "Portion", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      // [parent-delete-cascades] the twin: a product soft-deleted without its portions leaves them live
      filename,
      code: header + `export async function hide(id: string) {\n  await prisma.product.update({ where: { id }, data: { deletedAt: new Date() } });\n}\nprisma.portion.findMany({ where: { deletedAt: null, product: { name: "a" } } });`,
      errors: [{ messageId: "missingRelationFilter", line: 5, column: 53, data: { relation: "product", filter: "is", model: "Product", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      // [parent-delete-cascades] the twin: the portions go only on one branch
      filename,
      code: header + `async function removePortions(productId: string) {\n  await prisma.portion.updateMany({ where: { productId }, data: { deletedAt: new Date() } });\n}\nexport async function removeProduct(id: string, all: boolean) {\n  await prisma.product.update({ where: { id }, data: { deletedAt: new Date() } });\n  if (all) await removePortions(id);\n}\nprisma.portion.findMany({ where: { deletedAt: null, product: { name: "a" } } });`,
      errors: [{ messageId: "missingRelationFilter", line: 9, column: 53, data: { relation: "product", filter: "is", model: "Product", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      // [children-outlive-parent] the twin: one delete of an item takes its favorites with it (on a branch), so the
      // project means them to go together, and a favorite of a deleted item is a leftover
      filename,
      code: header + `export async function removeItem(id: string, all: boolean) {\n  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });\n  if (all) await prisma.favorite.deleteMany({ where: { itemId: id } });\n}\nprisma.favorite.findMany({ where: { item: { deviceId: "d" } } });`,
      errors: [{ messageId: "missingRelationFilter", line: 6, column: 37, data: { relation: "item", filter: "is", model: "Item", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      // [children-outlive-parent] the twin from the other side: a device's items are its children, not its parent
      // (a to-many relation), and a deleted item still matches `some` unless the filter says otherwise
      filename,
      code: header + `prisma.device.findMany({ where: { items: { some: { name: "a" } } } });`,
      errors: [{ messageId: "missingRelationFilter", line: 2, column: 44, data: { relation: "items", filter: "some", model: "Item", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      // [unused-relation] the twin: the function counts the included portions, deleted ones too
      filename,
      code: header + `declare function notify(name: string): Promise<void>;\nexport async function ping(id: string) {\n  const product = await prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: true } });\n  if (!product) throw new Error("gone");\n  await notify(String(product.portions.length));\n}`,
      errors: [{ messageId: "missingNestedFilter", line: 4, column: 95, suggestions: [{ messageId: "addNestedFilter", output: header + `declare function notify(name: string): Promise<void>;\nexport async function ping(id: string) {\n  const product = await prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: { where: { deletedAt: null } } } });\n  if (!product) throw new Error("gone");\n  await notify(String(product.portions.length));\n}` }] }],
    },
    {
      // [unused-relation] the twin: a function the row is handed to reads the portions
      filename,
      code: header + `function grams(product: { portions: { grams: number }[] }) {\n  return product.portions.reduce((sum, portion) => sum + portion.grams, 0);\n}\nexport async function ping(id: string) {\n  const product = await prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: true } });\n  if (product) console.log(grams(product));\n}`,
      errors: [{ messageId: "missingNestedFilter", line: 6, column: 95, suggestions: [{ messageId: "addNestedFilter", output: header + `function grams(product: { portions: { grams: number }[] }) {\n  return product.portions.reduce((sum, portion) => sum + portion.grams, 0);\n}\nexport async function ping(id: string) {\n  const product = await prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: { where: { deletedAt: null } } } });\n  if (product) console.log(grams(product));\n}` }] }],
    },
    {
      // [unused-relation] the twin: the row, portions and all, is returned to the caller
      filename,
      code: header + `export async function show(id: string) {\n  return prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: true } });\n}`,
      errors: [{ messageId: "missingNestedFilter", line: 3, column: 80, suggestions: [{ messageId: "addNestedFilter", output: header + `export async function show(id: string) {\n  return prisma.product.findFirst({ where: { id, deletedAt: null }, include: { portions: { where: { deletedAt: null } } } });\n}` }] }],
    },
    {
      // [by-unique-after-filtered-read] the twin: the update's key is not the row the filtered read assigned
      filename,
      code: header + `export async function rename(id: string, otherId: string) {\n  let item = null;\n  item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await prisma.item.update({ where: { id: otherId }, data: { name: "b" } });\n}`,
      errors: [{ messageId: "missingFilter", line: 5, column: 31, data: { operation: "update", model: "Item", field: "deletedAt", live: "null" }, suggestions: [{ messageId: "addFilter", output: header + `export async function rename(id: string, otherId: string) {\n  let item = null;\n  item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await prisma.item.update({ where: { deletedAt: null, id: otherId }, data: { name: "b" } });\n}` }] }],
    },
    {
      // [by-unique-after-filtered-read] the twin: one caller passes a key no filtered read checked
      filename,
      code: header + `async function rename(id: string) {\n  await prisma.item.update({ where: { id }, data: { name: "b" } });\n}\nexport async function handler(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await rename(item.id);\n}\nexport async function other(id: string) {\n  await rename(id);\n}`,
      errors: [{ messageId: "missingFilter", line: 3, column: 21, suggestions: [{ messageId: "addFilter", output: header + `async function rename(id: string) {\n  await prisma.item.update({ where: { deletedAt: null, id }, data: { name: "b" } });\n}\nexport async function handler(id: string) {\n  const item = await prisma.item.findFirst({ where: { id, deletedAt: null } });\n  if (item) await rename(item.id);\n}\nexport async function other(id: string) {\n  await rename(id);\n}` }] }],
    },
    {
      // [duplicate-finding] the update works on the row the read returned: one problem, reported once at the read
      filename,
      code: header + `export async function rename(id: string) {\n  const item = await prisma.item.findUnique({ where: { id } });\n  if (item) await prisma.item.update({ where: { id: item.id }, data: { name: "b" } });\n}`,
      errors: [{ messageId: "missingFilter", line: 3, column: 34, suggestions: [{ messageId: "addFilter", output: header + `export async function rename(id: string) {\n  const item = await prisma.item.findUnique({ where: { deletedAt: null, id } });\n  if (item) await prisma.item.update({ where: { id: item.id }, data: { name: "b" } });\n}` }] }],
    },
    {
      // [with-deleted-intent] the twin: live portions of a product that may be deleted
      filename,
      code: header + `export async function hide(id: string) {\n  await prisma.product.update({ where: { id }, data: { deletedAt: new Date() } });\n}\nprisma.portion.findMany({ where: { AND: [{ deletedAt: null }, { product: { name: "a" } }] } });`,
      errors: [{ messageId: "missingRelationFilter", line: 5, column: 65, data: { relation: "product", filter: "is", model: "Product", field: "deletedAt", live: "null" }, suggestions: [] }],
    },
    {
      // [reindex-all-rows] the twin: a value set outright lands on deleted rows as if they were live
      filename,
      code: header + `prisma.portion.updateMany({ where: { productId: "p", grams: { gte: 5 } }, data: { grams: 6 } });`,
      errors: [{ messageId: "missingFilter", line: 2, column: 16, suggestions: [{ messageId: "addFilter", output: header + `prisma.portion.updateMany({ where: { deletedAt: null, productId: "p", grams: { gte: 5 } }, data: { grams: 6 } });` }] }],
    },
    {
      // [uniqueness-check] the twin: the row found by the unique key is returned, deleted or not
      filename,
      code: header + `export async function byEmail(email: string) {\n  const account = await prisma.account.findUnique({ where: { email } });\n  if (!account) throw new Error("not found");\n  return account;\n}`,
      errors: [{ messageId: "missingFilter", line: 3, column: 40, data: { operation: "findUnique", model: "Account", field: "isDeleted", live: "false" }, suggestions: [{ messageId: "addFilter", output: header + `export async function byEmail(email: string) {\n  const account = await prisma.account.findUnique({ where: { isDeleted: false, email } });\n  if (!account) throw new Error("not found");\n  return account;\n}` }] }],
    },
    // [filtered-elsewhere] twin: the path's user id is not compared with the caller's, so it may name a deleted user
    {
      filename: identityFile,
      code: handler + `export async function show(req: Request) {\n  return prisma.user.findUnique({ where: { id: req.params.userId } });\n}`,
      errors: [
        {
          messageId: "missingFilter",
          line: 4,
          column: 22,
          data: { operation: "findUnique", model: "User", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: handler + `export async function show(req: Request) {\n  return prisma.user.findUnique({ where: { deletedAt: null, id: req.params.userId } });\n}` }],
        },
      ],
    },
    // [filtered-elsewhere] twin: one caller of the helper passes an id from the request
    {
      filename: identityFile,
      code: handler + `async function setName(userId: string, name: string) {\n  await prisma.user.update({ where: { id: userId }, data: { name } });\n}\nexport async function rename(req: Request) {\n  await setName(req.body.userId, req.body.name);\n}`,
      errors: [
        {
          messageId: "missingFilter",
          line: 4,
          column: 21,
          data: { operation: "update", model: "User", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: handler + `async function setName(userId: string, name: string) {\n  await prisma.user.update({ where: { deletedAt: null, id: userId }, data: { name } });\n}\nexport async function rename(req: Request) {\n  await setName(req.body.userId, req.body.name);\n}` }],
        },
      ],
    },
    // [by-unique-after-filtered-read] twin: the handler is also registered on a route without the guard
    {
      filename,
      code: guardedRoute(ownsItem, `router.put("/items/:id", ownsItem, rename);\nrouter.patch("/items/:id", rename);`),
      errors: [
        {
          messageId: "missingFilter",
          line: 10,
          column: 21,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [
            {
              messageId: "addFilter",
              output: guardedRoute(ownsItem, `router.put("/items/:id", ownsItem, rename);\nrouter.patch("/items/:id", rename);`).replace("update({ where: { id: req.params.id }", "update({ where: { deletedAt: null, id: req.params.id }"),
            },
          ],
        },
      ],
    },
    // [non-request-code] twin: the same write in request code answers a caller as if the row were live
    {
      filename,
      code: jobWrite,
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 21,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: jobWrite.replace("where: { id: itemId }", "where: { deletedAt: null, id: itemId }") }],
        },
      ],
    },
    // [non-request-code] twin: a job's read decides what the job does, and stays checked
    {
      filename: jobFile,
      code: header + `export async function announce(itemId: string) {\n  return prisma.item.findUnique({ where: { id: itemId } });\n}`,
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 22,
          data: { operation: "findUnique", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: header + `export async function announce(itemId: string) {\n  return prisma.item.findUnique({ where: { deletedAt: null, id: itemId } });\n}` }],
        },
      ],
    },
    // [by-unique-after-filtered-read] twin: the caller passes a key it never read with the filter
    {
      filename,
      code: inTransaction(`export async function handler(id: string) {\n  await rename(id);\n}`),
      errors: [
        {
          messageId: "missingFilter",
          line: 4,
          column: 19,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: inTransaction(`export async function handler(id: string) {\n  await rename(id);\n}`).replace("where: { id }", "where: { deletedAt: null, id }") }],
        },
      ],
    },
    // [by-unique-after-filtered-read] twin: nobody up the chain read the key with the filter
    {
      filename,
      code: handedOn(`export async function handler(id: string) {\n  await renameLater(id);\n}`),
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 21,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: handedOn(`export async function handler(id: string) {\n  await renameLater(id);\n}`).replace("where: { id }", "where: { deletedAt: null, id }") }],
        },
      ],
    },
    {
      // the twin: a gate given another role lets every artist through
      filename,
      code: header + `declare function userHasPermission(role: string): unknown;\nasync function GET(req) { return prisma.item.findUnique({ where: { id: req.params.id } }); }\nexport const operations = { GET: [authenticate, userHasPermission("artist"), GET] };`,
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 46,
          suggestions: [
            {
              messageId: "addFilter",
              output:
                header +
                `declare function userHasPermission(role: string): unknown;\nasync function GET(req) { return prisma.item.findUnique({ where: { deletedAt: null, id: req.params.id } }); }\nexport const operations = { GET: [authenticate, userHasPermission("artist"), GET] };`,
            },
          ],
        },
      ],
    },
    {
      // an admin's query still reports the deleted children it includes when the code reads them (who gets the mail)
      filename,
      code: header + `app.get("/admin/products", async (req) => {\n  if (!req.user.isAdmin) throw new Error("forbidden");\n  const rows = await prisma.product.findMany({ where: { deletedAt: null }, include: { portions: true } });\n  return rows.filter((row) => row.portions.length > 0);\n});`,
      errors: [
        {
          messageId: "missingNestedFilter",
          line: 4,
          column: 87,
          suggestions: [
            {
              messageId: "addNestedFilter",
              output:
                header +
                `app.get("/admin/products", async (req) => {\n  if (!req.user.isAdmin) throw new Error("forbidden");\n  const rows = await prisma.product.findMany({ where: { deletedAt: null }, include: { portions: { where: { deletedAt: null } } } });\n  return rows.filter((row) => row.portions.length > 0);\n});`,
            },
          ],
        },
      ],
    },
    // [harmless-on-deleted] twin: a where with more than the parent's key picks rows by what they are
    {
      filename,
      code: handDown(`{ productId, grams: { lt: 100 } }`),
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 24,
          data: { operation: "updateMany", model: "Portion", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: handDown(`{ deletedAt: null, productId, grams: { lt: 100 } }`) }],
        },
      ],
    },
    // [with-deleted-intent] twin: a move that also changes what the rows say
    {
      filename,
      code: moveRows(`{ productId, grams: 0 }`),
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 24,
          data: { operation: "updateMany", model: "Portion", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: moveRows(`{ productId, grams: 0 }`).replace("where: { productId: from", "where: { deletedAt: null, productId: from") }],
        },
      ],
    },
    // [by-unique-after-write] twin: the product was only read (with the filter): its older portions may be deleted
    {
      filename,
      code: portionsOf(`await prisma.product.findFirstOrThrow({ where: { deviceId, deletedAt: null } })`),
      errors: [
        {
          messageId: "missingFilter",
          line: 4,
          column: 25,
          data: { operation: "findMany", model: "Portion", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: portionsOf(`await prisma.product.findFirstOrThrow({ where: { deviceId, deletedAt: null } })`).replace("where: { productId", "where: { deletedAt: null, productId") }],
        },
      ],
    },
    // [harmless-on-deleted] twin: a reorder that also changes what the row says
    {
      filename,
      code: reorder(`{ position: index, grams: 100 }`),
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 59,
          data: { operation: "update", model: "Portion", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: reorder(`{ position: index, grams: 100 }`).replace("where: { id }", "where: { deletedAt: null, id }") }],
        },
      ],
    },
    // [non-request-code] twin: a socket's message handler answers a request
    {
      filename,
      code: queueEvent(`socket.on("message"`),
      errors: [
        {
          messageId: "missingFilter",
          line: 9,
          column: 21,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: queueEvent(`socket.on("message"`).replace("where: { id: jobId }", "where: { deletedAt: null, id: jobId }") }],
        },
      ],
    },
    // [by-unique-after-filtered-read] twin: the key comes from the other element, a row of another model
    {
      filename,
      code: besideOther(`[item, tag]`, `tag`),
      errors: [
        {
          messageId: "missingFilter",
          line: 4,
          column: 38,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: besideOther(`[item, tag]`, `tag`).replace("where: { id: tag.id }", "where: { deletedAt: null, id: tag.id }") }],
        },
      ],
    },
    // [by-unique-after-filtered-read] twin: the helper's read lets deleted rows in: it is reported, and so is the update keyed by its row
    {
      filename,
      code: loadThenUpdate(`{ name }`),
      errors: [
        {
          messageId: "missingFilter",
          line: 3,
          column: 34,
          data: { operation: "findFirst", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: loadThenUpdate(`{ deletedAt: null, name }`) }],
        },
        {
          messageId: "missingFilter",
          line: 8,
          column: 31,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: loadThenUpdate(`{ name }`).replace("where: { id: item.id }", "where: { deletedAt: null, id: item.id }") }],
        },
      ],
    },
    // [by-unique-after-filtered-read] twin: the caller passes a row it never read with the filter
    {
      filename,
      code: keptForLater(`export async function handler(item: { id: string }) {\n  await syncName(item);\n}`),
      errors: [
        {
          messageId: "missingFilter",
          line: 4,
          column: 48,
          data: { operation: "update", model: "Item", field: "deletedAt", live: "null" },
          suggestions: [{ messageId: "addFilter", output: keptForLater(`export async function handler(item: { id: string }) {\n  await syncName(item);\n}`).replace("where: { id: item.id }", "where: { deletedAt: null, id: item.id }") }],
        },
      ],
    },
  ],
});
