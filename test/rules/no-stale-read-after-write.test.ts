import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const repository = `\nimport { ItemRepository, insertItem } from "./stale-repository.js";`;
const modules = `\nimport { ItemRepository, itemRepository, itemStore } from "./stale-repository.js";`;
const read = `  const item = await prisma.item.findFirst({ where: { id, deviceId } });\n`;
const stale = (readLine: number, operation: string, writeLine: number, extra: Record<string, string | number> = {}) => ({
  name: "item",
  model: "Item",
  origin: "read",
  readLine,
  operation,
  writeModel: "Item",
  writeLine,
  ...extra,
});

ruleTester.run("no-stale-read-after-write", eslintRule("no-stale-read-after-write"), {
  valid: [
    // the write's result is returned
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  if (!item) return null;\n  const updated = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return updated;\n}` + db,
    },
    // the row is read again after the write
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return prisma.item.findFirst({ where: { id, deviceId } });\n}` + db,
    },
    // the read comes after the write
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n  await prisma.item.update({ where: { id }, data: { name: "b" } });\n${read}  return item;\n}` + db,
    },
    // the write is to another model
    {
      filename,
      code: `export async function tag(id: string, deviceId: string) {\n${read}  await prisma.tag.update({ where: { id: "t" }, data: { name: "b" } });\n  return item;\n}` + db,
    },
    // the write's result is assigned back to the variable
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n  let item = await prisma.item.findFirst({ where: { id, deviceId } });\n  item = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return item;\n}` + db,
    },
    // the mutated record is what the update writes
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  if (!item) return null;\n  item.name = "b";\n  await prisma.item.update({ where: { id }, data: item });\n  return item;\n}` + db,
    },
    // a property that is no column of the model decorates the response; nothing is lost
    {
      filename,
      code: `export async function get(id: string, deviceId: string) {\n  const item: any = await prisma.item.findFirst({ where: { id, deviceId } });\n  item.url = "/items/" + id;\n  return item;\n}` + db,
    },
    // the input is merged with the created row, which carries the generated fields
    {
      filename,
      code: `export async function create(deviceId: string, input: { id: string; name: string }) {\n  const row = await prisma.item.create({ data: { ...input, deviceId } });\n  return { ...input, ...row };\n}` + db,
    },
    {
      filename,
      code: `export async function create(deviceId: string, input: { id: string; name: string }) {\n  const row = await insertItem(deviceId, input);\n  return { ...input, id: row.id };\n}` + repository,
    },
    // the write sits in a branch that returns before the stale record is returned
    {
      filename,
      code: `export async function rename(id: string, deviceId: string, name?: string) {\n${read}  if (name) {\n    await prisma.item.update({ where: { id }, data: { name } });\n    return prisma.item.findFirst({ where: { id, deviceId } });\n  }\n  return item;\n}` + db,
    },
    // updateMany, then the rows are read again
    {
      filename,
      code: `export async function archive(deviceId: string) {\n  const items = await prisma.item.findMany({ where: { deviceId } });\n  await prisma.item.updateMany({ where: { deviceId }, data: { status: "archived" } });\n  return items.length > 0 ? prisma.item.findMany({ where: { deviceId } }) : [];\n}` + db,
    },
    // a repository write whose result is returned
    {
      filename,
      code: `const items = new ItemRepository();\nexport async function rename(id: string, deviceId: string) {\n  const item = await items.findOwned(deviceId, id);\n  if (!item) return null;\n  return items.rename(deviceId, id, "b");\n}` + repository,
    },
    // deleting the row and returning what it was
    {
      filename,
      code: `export async function remove(id: string, deviceId: string) {\n${read}  await prisma.item.delete({ where: { id } });\n  return item;\n}` + db,
    },
    // only the id of the old record is returned; ids do not change
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return { id: item?.id };\n}` + db,
    },
    // `send` of something that is no response
    {
      filename,
      code: `declare const mailer: { send(value: unknown): void };\nexport async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  mailer.send(item);\n}` + db,
    },
    // `json` is not a send method under these options
    {
      filename,
      code: `app.patch("/items/:id", async (req, res) => {\n  const item = await prisma.item.findFirst({ where: { id: req.params.id } });\n  await prisma.item.update({ where: { id: req.params.id }, data: req.body });\n  res.json(item);\n});` + db,
      options: [{ sendMethods: ["send"] }],
    },
    // [connect-only] the update only links favorites, which the returned record does not include
    {
      filename,
      code: `export async function favorite(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { favorites: { connect: [{ id: "f" }] } } });\n  return item;\n}` + db,
    },
    // [spread-fresh] the written fields are put back over the record
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return { ...item, name: "b" };\n}` + db,
    },
    // [updateMany-other-rows] the device's other items, not the one returned
    {
      filename,
      code: `export async function keepOnly(id: string, deviceId: string) {\n${read}  await prisma.item.updateMany({ where: { deviceId, id: { not: item?.id } }, data: { status: "archived" } });\n  return item;\n}` + db,
    },
    // [updateMany-other-rows] the rows after the record in an order
    {
      filename,
      code: `export async function archiveLater(id: string, deviceId: string) {\n${read}  if (!item) return null;\n  await prisma.item.updateMany({ where: { deviceId, name: { gt: item.name } }, data: { status: "archived" } });\n  return item;\n}` + db,
    },
    // [updateMany-other-rows] rows that point at the record by the key it was selected by, through a helper
    {
      filename,
      code: `async function archiveOwnedBy(ownerId: string) {\n  await prisma.item.updateMany({ where: { deviceId: ownerId }, data: { status: "archived" } });\n}\nexport async function archiveChildren(id: string) {\n  const item = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  await archiveOwnedBy(id);\n  return item;\n}` + db,
    },
    // [deferred-callback] the write runs later, when the timer fires
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  setTimeout(async () => {\n    await prisma.item.update({ where: { id }, data: { name: "b" } });\n  }, 1000);\n  return item;\n}` + db,
    },
    // [deferred-callback] a called function only registers the job that writes
    {
      filename,
      code: `declare class CronJob { constructor(when: string, run: () => Promise<void>) }\nfunction scheduleRename(id: string) {\n  new CronJob("0 * * * *", async () => {\n    await prisma.item.update({ where: { id }, data: { name: "b" } });\n  });\n}\nexport async function create(deviceId: string) {\n  const item = await prisma.item.create({ data: { id: "i", name: "a", deviceId } });\n  scheduleRename(item.id);\n  return item;\n}` + db,
    },
    // [response-shaping] an included relation filtered in memory is no change to store
    {
      filename,
      code: `export async function get(id: string, deviceId: string) {\n  const item = await prisma.item.findFirst({ where: { id, deviceId }, include: { favorites: true } });\n  if (!item) return null;\n  item.favorites = item.favorites.filter((favorite) => favorite.deviceId === deviceId);\n  return item;\n}` + db,
    },
    // [caller-reads-fresh-field] the only caller reads the name the first update returned; the later write sets the status
    {
      filename,
      code: `async function renameAndArchive(id: string) {\n  const item = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  await prisma.item.update({ where: { id }, data: { status: "archived" } });\n  return item;\n}\nexport async function newName(id: string) {\n  const renamed = await renameAndArchive(id);\n  return renamed.name;\n}` + db,
    },
    // [caller-reads-fresh-field] the later write goes through a helper that takes { where, data }: its fields are the argument's
    {
      filename,
      code: `const updateItem = ({ where, data }: { where: { id: string }; data: Record<string, unknown> }) => prisma.item.update({ where, data });\nasync function renameAndLock(id: string) {\n  const item = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  await updateItem({ where: { id }, data: { status: "archived" } });\n  return item;\n}\nexport async function newName(id: string) {\n  return isLong(await renameAndLock(id));\n}\nfunction isLong(item: { name: string }) {\n  return item.name.length > 10;\n}` + db,
    },
    // [other-model-write] a key of another call's result goes into a row of another model; the result is no input
    {
      filename,
      code: `declare function signUp(deviceId: string): Promise<{ id: string; token: string }>;\nexport async function register(deviceId: string) {\n  const result = await signUp(deviceId);\n  await prisma.tag.create({ data: { id: "t", name: result.id } });\n  return result;\n}` + db,
    },
    // [domain-state-not-row] the state of an existing row, named by its where, written and handed back
    {
      filename,
      code: `export async function persist(state: { id: string; name: string }) {\n  await prisma.item.update({ where: { id: state.id }, data: { name: state.name } });\n  return state;\n}` + db,
    },
    // [upload-handle] the create runs on the last chunk only; the handle is returned for every chunk
    {
      filename,
      code: `export async function uploadChunk(deviceId: string, file: { id: string; name: string }, last: boolean) {\n  if (last) {\n    await prisma.item.create({ data: { ...file, deviceId } });\n  }\n  return file;\n}` + db,
    },
    // a function handed the record that writes it as data: what is returned is what was stored
    {
      filename,
      code: `async function save(row: { id: string; name: string }) {\n  await prisma.item.update({ where: { id: row.id }, data: row });\n}\nexport async function rename(id: string, deviceId: string) {\n${read}  if (!item) return null;\n  await save(item);\n  return item;\n}` + db,
    },
  ],
  invalid: [
    {
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 10, data: stale(2, "update", 3) }],
    },
    {
      // the result of orNull(update) is dropped just the same
      filename,
      code: `declare function orNull<T>(write: Promise<T>): Promise<T | null>;\nexport async function rename(id: string, deviceId: string) {\n${read}  await orNull(prisma.item.update({ where: { id }, data: { name: "b" } }));\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 5, column: 10, data: stale(3, "update", 4) }],
    },
    {
      filename,
      code: `export async function archive(id: string, deviceId: string) {\n${read}  const { count } = await prisma.item.updateMany({ where: { id }, data: { status: "archived" } });\n  return count > 0 ? item : null;\n}` + db,
      errors: [{ messageId: "staleAfterBulkWrite", line: 4, column: 10, data: stale(2, "updateMany", 3, { bulkOperation: "updateMany" }) }],
    },
    {
      // sent to the client instead of returned
      filename,
      code: `app.patch("/items/:id", async (req, res) => {\n  const item = await prisma.item.findFirst({ where: { id: req.params.id } });\n  await prisma.item.update({ where: { id: req.params.id }, data: req.body });\n  res.status(200).json(item);\n});` + db,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 24, data: stale(2, "update", 3) }],
    },
    {
      // handed to a mapper on the way out
      filename,
      code: `const toDto = (row: unknown) => ({ row });\nexport async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return toDto(item);\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 5, column: 10, data: stale(3, "update", 4) }],
    },
    {
      // a read and a write through repository methods
      filename,
      code: `const items = new ItemRepository();\nexport async function rename(id: string, deviceId: string) {\n  const item = await items.findOwned(deviceId, id);\n  await items.rename(deviceId, id, "b");\n  return item;\n}` + repository,
      errors: [{ messageId: "staleAfterWrite", line: 5, column: 10, data: stale(3, "rename", 4) }],
    },
    {
      // two levels deep: this.get reads through the repository, the write is a repository updateMany
      filename,
      code: `export class ItemService {\n  constructor(private readonly items = new ItemRepository()) {}\n  async get(deviceId: string, id: string) {\n    const item = await this.items.findOwned(deviceId, id);\n    if (!item) throw new Error("not found");\n    return item;\n  }\n  async archiveAll(deviceId: string, id: string) {\n    const item = await this.get(deviceId, id);\n    await this.items.archiveAll(deviceId);\n    return item;\n  }\n}` + repository,
      errors: [{ messageId: "staleAfterBulkWrite", line: 11, column: 12, data: stale(9, "archiveAll", 10, { bulkOperation: "updateMany" }) }],
    },
    {
      // the write's result went into the variable, then a bulk write made it stale
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n  let item = await prisma.item.findFirst({ where: { id, deviceId } });\n  item = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  await prisma.item.updateMany({ where: { deviceId }, data: { status: "archived" } });\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterBulkWrite", line: 5, column: 10, data: stale(3, "updateMany", 4, { origin: "written", bulkOperation: "updateMany" }) }],
    },
    {
      // the included portions are replaced inside a transaction
      filename,
      code: `export function replacePortions(id: string, deviceId: string) {\n  return prisma.$transaction(async (tx) => {\n    const product = await tx.product.findFirst({ where: { id, deviceId }, include: { portions: true } });\n    if (!product) return null;\n    await tx.portion.createMany({ data: [{ id: "p", productId: id, grams: 100 }] });\n    return product;\n  });\n}` + db,
      errors: [
        {
          messageId: "staleAfterBulkWrite",
          line: 6,
          column: 12,
          data: { name: "product", model: "Product", origin: "read", readLine: 3, operation: "createMany", writeModel: "Portion", writeLine: 5, bulkOperation: "createMany" },
        },
      ],
    },
    {
      // the write runs in a transaction callback
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  await prisma.$transaction(async (tx) => {\n    await tx.item.update({ where: { id }, data: { name: "b" } });\n  });\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 6, column: 10, data: stale(2, "$transaction", 3) }],
    },
    {
      // a field set on the fetched record and never written
      filename,
      code: `export async function archive(id: string, deviceId: string) {\n${read}  if (!item) throw new Error("not found");\n  item.status = "archived";\n  return item;\n}` + db,
      errors: [{ messageId: "notPersisted", line: 5, column: 10, data: { name: "item", model: "Item", origin: "read", readLine: 2, field: "status", line: 4 } }],
    },
    {
      filename,
      code: `export async function create(deviceId: string, input: { id: string; name: string }) {\n  await prisma.item.create({ data: { ...input, deviceId } });\n  return input;\n}` + db,
      errors: [{ messageId: "inputReturned", line: 3, column: 10, data: { name: "input", model: "Item", operation: "create", writeLine: 2 } }],
    },
    {
      // the DTO went to a repository function, and comes back with the owner added
      filename,
      code: `export async function createDraft(deviceId: string, input: { name: string }) {\n  const draft = { ...input, id: "item_1" };\n  await insertItem(deviceId, draft);\n  return { ...draft, deviceId };\n}` + repository,
      errors: [{ messageId: "inputReturned", line: 4, column: 10, data: { name: "draft", model: "Item", operation: "insertItem", writeLine: 3 } }],
    },
    {
      filename,
      code: `export async function importRows(deviceId: string, rows: { id: string; name: string }[]) {\n  await prisma.item.createMany({ data: rows.map((row) => ({ ...row, deviceId })) });\n  return rows;\n}` + db,
      errors: [{ messageId: "inputReturnedBulk", line: 3, column: 10, data: { name: "rows", model: "Item", operation: "createMany", writeLine: 2, bulkOperation: "createMany" } }],
    },
    {
      // [once-each] `return res.json(item)` hands the record back once
      filename,
      code: `app.patch("/items/:id", async (req, res) => {\n  const item = await prisma.item.findFirst({ where: { id: req.params.id } });\n  await prisma.item.update({ where: { id: req.params.id }, data: req.body });\n  return res.status(200).json(item);\n});` + db,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 31, data: stale(2, "update", 3) }],
    },
    {
      // [connect-only] twin: the record includes the favorites the update relinks
      filename,
      code: `export async function favorite(id: string, deviceId: string) {\n  const item = await prisma.item.findFirst({ where: { id, deviceId }, include: { favorites: true } });\n  await prisma.item.update({ where: { id }, data: { favorites: { set: [] } } });\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 10, data: stale(2, "update", 3) }],
    },
    {
      // [spread-fresh] twin: the record is spread, but the written name is not put back
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n${read}  await prisma.item.update({ where: { id }, data: { name: "b" } });\n  return { ...item, status: "active" };\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 10, data: stale(2, "update", 3) }],
    },
    {
      // [updateMany-other-rows] twin: every item of the device, the returned one among them
      filename,
      code: `export async function archiveAll(id: string, deviceId: string) {\n${read}  await prisma.item.updateMany({ where: { deviceId }, data: { status: "archived" } });\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterBulkWrite", line: 4, column: 10, data: stale(2, "updateMany", 3, { bulkOperation: "updateMany" }) }],
    },
    {
      // [deferred-callback] twin: a callback the call runs before it returns
      filename,
      code: `declare function run(work: () => Promise<void>): Promise<void>;\nexport async function rename(id: string, deviceId: string) {\n${read}  await run(async () => {\n    await prisma.item.update({ where: { id }, data: { name: "b" } });\n  });\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 7, column: 10, data: stale(3, "run", 4) }],
    },
    {
      // [caller-reads-fresh-field] twin: the caller reads the status the later write changed
      filename,
      code: `async function renameAndArchive(id: string) {\n  const item = await prisma.item.update({ where: { id }, data: { name: "b" } });\n  await prisma.item.update({ where: { id }, data: { status: "archived" } });\n  return item;\n}\nexport async function newStatus(id: string) {\n  const renamed = await renameAndArchive(id);\n  return renamed.status;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 10, data: stale(2, "update", 3, { origin: "written" }) }],
    },
    {
      // [other-model-write] twin: the parameter's fields are the new row; the parameter goes back without its id
      filename,
      code: `export async function addTag(input: { name: string }) {\n  await prisma.tag.create({ data: { id: "t", name: input.name } });\n  return input;\n}` + db,
      errors: [{ messageId: "inputReturned", line: 3, column: 10, data: { name: "input", model: "Tag", operation: "create", writeLine: 2 } }],
    },
    {
      // [domain-state-not-row] twin: a patch for a row named by another key goes back in place of the row
      filename,
      code: `export async function patch(id: string, changes: { name: string }) {\n  await prisma.item.update({ where: { id }, data: { name: changes.name } });\n  return changes;\n}` + db,
      errors: [{ messageId: "inputReturned", line: 3, column: 10, data: { name: "changes", model: "Item", operation: "update", writeLine: 2 } }],
    },
    {
      // a called function handed the record updates its row by id: the record is stale
      filename,
      code: `async function markArchived(row: { id: string }) {\n  await prisma.item.update({ where: { id: row.id }, data: { status: "archived" } });\n}\nexport async function archive(id: string, deviceId: string) {\n${read}  if (!item) return null;\n  await markArchived(item);\n  return item;\n}` + db,
      errors: [{ messageId: "staleAfterWrite", line: 8, column: 10, data: stale(5, "markArchived", 7) }],
    },
    {
      // a module-level repository instance, imported
      filename,
      code: `export async function rename(id: string, deviceId: string) {\n  const item = await itemRepository.findOwned(deviceId, id);\n  await itemRepository.rename(deviceId, id, "b");\n  return item;\n}` + modules,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 10, data: stale(2, "rename", 3) }],
    },
    {
      // a repository written as an object of functions
      filename,
      code: `export async function archive(id: string, deviceId: string) {\n  const item = await itemStore.findOwned(deviceId, id);\n  await itemStore.archive(id);\n  return item;\n}` + modules,
      errors: [{ messageId: "staleAfterWrite", line: 4, column: 10, data: stale(2, "archive", 3) }],
    },
    {
      // a repository held by a static class property
      filename,
      code: `export class ItemService {\n  static items = new ItemRepository();\n  static async rename(id: string, deviceId: string) {\n    const item = await ItemService.items.findOwned(deviceId, id);\n    await ItemService.items.rename(deviceId, id, "b");\n    return item;\n  }\n}` + modules,
      errors: [{ messageId: "staleAfterWrite", line: 6, column: 12, data: stale(4, "rename", 5) }],
    },
  ],
});
