import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const repository = `\nimport { ItemRepository, insertItem } from "./stale-repository.js";`;
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
  ],
});
