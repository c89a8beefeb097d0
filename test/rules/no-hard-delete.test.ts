import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;

ruleTester.run("no-hard-delete", eslintRule("no-hard-delete"), {
  valid: [
    // a global model may be deleted
    { filename, code: `prisma.tag.delete({ where: { id: "1" } });` + db },
    { filename, code: `prisma.tag.deleteMany({});` + db },
    // the soft delete itself
    { filename, code: `prisma.item.update({ where: { id: "1", deletedAt: null }, data: { deletedAt: new Date() } });` + db },
    { filename, code: `prisma.item.delete({ where: { id: "1" } });` + db, options: [{ allowModels: ["Item"] }] },
    // not a Prisma client
    { filename, code: `const cache = new Map<string, number>();\ncache.delete("item");` },
    { filename, code: `declare const queue: any;\nqueue.item.delete({ where: { id: "1" } });` },
    // [field-never-written] Draft's deletedAt is never set: Draft is not soft-deletable
    { filename, code: `prisma.draft.delete({ where: { id: "1" } });` + db },
    // [soft-delete-is-suspension] no query of the project leaves flagged drafts out: the flag is a status (a
    // suspension), and deleting the row bypasses nothing
    { filename, code: `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.delete({ where: { id: "2" } });` + db },
    // [purge] rows already soft-deleted: a deleted-only where, or the rows a deleted-only read returned
    { filename, code: `export function purge(cutoff: Date) { return prisma.item.deleteMany({ where: { deletedAt: { lt: cutoff } } }); }` + db },
    { filename, code: `prisma.item.deleteMany({ where: { deletedAt: { not: null } } });` + db },
    { filename, code: `prisma.account.deleteMany({ where: { isDeleted: true } });` + db },
    {
      filename,
      code: `export async function emptyTrash() {\n  const trashed = await prisma.item.findMany({ where: { deletedAt: { not: null } }, select: { id: true } });\n  await prisma.item.deleteMany({ where: { id: { in: trashed.map((row) => row.id) } } });\n}` + db,
    },
    // [mode-dependent-delete] the other branch of a choice between soft and hard delete
    {
      filename,
      code: `export async function remove(id: string, soft: boolean) {\n  if (soft) {\n    return prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });\n  }\n  return prisma.item.delete({ where: { id } });\n}` + db,
    },
    { filename, code: `export const remove = (id: string, soft: boolean) => (soft ? prisma.item.update({ where: { id }, data: { deletedAt: new Date() } }) : prisma.item.delete({ where: { id } }));` + db },
    // [purge] a function whose name says it deletes for good
    { filename, code: `export function hardDeleteItem(id: string) { return prisma.item.delete({ where: { id } }); }` + db },
    // [central-extension] a client whose query extension turns delete into an update of deletedAt
    {
      filename,
      code:
        `const db = prisma.$extends({ query: { $allModels: { async delete({ model, args }) { return (prisma as any)[model].update({ where: args.where, data: { deletedAt: new Date() } }); } } } });\ndb.item.delete({ where: { id: "1" } });` +
        db,
    },
  ],
  invalid: [
    {
      filename,
      code: `prisma.item.delete({ where: { id: "1" } });` + db,
      errors: [
        {
          messageId: "hardDelete",
          line: 1,
          column: 13,
          data: { operation: "delete", model: "Item", field: "deletedAt", replacement: "update" },
          suggestions: [{ messageId: "useSoftDelete", output: `prisma.item.update({ data: { deletedAt: new Date() }, where: { id: "1" } });` + db }],
        },
      ],
    },
    {
      filename,
      code: `prisma.product.deleteMany({ where: { deviceId: "d" } });` + db,
      errors: [
        {
          messageId: "hardDelete",
          line: 1,
          column: 16,
          data: { operation: "deleteMany", model: "Product", field: "deletedAt", replacement: "updateMany" },
          suggestions: [{ messageId: "useSoftDelete", output: `prisma.product.updateMany({ data: { deletedAt: new Date() }, where: { deviceId: "d" } });` + db }],
        },
      ],
    },
    {
      // a Boolean flag: the deleted value is the opposite of the live one
      filename,
      code: `prisma.account.delete({ where: { id: "1" } });` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 16, suggestions: [{ messageId: "useSoftDelete", output: `prisma.account.update({ data: { isDeleted: true }, where: { id: "1" } });` + db }] }],
    },
    {
      filename,
      code: `prisma.$transaction(async (tx) => {\n  await tx.portion.deleteMany({ where: { productId: "p" } });\n});` + db,
      errors: [{ messageId: "hardDelete", line: 2, column: 20, suggestions: [{ messageId: "useSoftDelete", output: `prisma.$transaction(async (tx) => {\n  await tx.portion.updateMany({ data: { deletedAt: new Date() }, where: { productId: "p" } });\n});` + db }] }],
    },
    {
      filename,
      code: `prisma["item"]["delete"]({ where: { id: "1" } });` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 16, suggestions: [{ messageId: "useSoftDelete", output: `prisma["item"]["update"]({ data: { deletedAt: new Date() }, where: { id: "1" } });` + db }] }],
    },
    {
      // no literal arguments to rewrite: reported without a suggestion
      filename,
      code: `export function remove(args: { where: { id: string } }) { return prisma.item.delete(args); }` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 78, suggestions: [] }],
    },
    {
      // [field-never-written] the twin: once the code soft-deletes a Draft, its hard delete is reported
      filename,
      code: `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.count({ where: { deletedAt: null } });\nprisma.draft.delete({ where: { id: "2" } });` + db,
      errors: [{ messageId: "hardDelete", line: 3, column: 14, data: { operation: "delete", model: "Draft", field: "deletedAt", replacement: "update" }, suggestions: [{ messageId: "useSoftDelete", output: `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.count({ where: { deletedAt: null } });\nprisma.draft.update({ data: { deletedAt: new Date() }, where: { id: "2" } });` + db }] }],
    },
    {
      // [purge] the twin: a where that keeps live rows is no purge
      filename,
      code: `prisma.item.deleteMany({ where: { deletedAt: null } });` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `prisma.item.updateMany({ data: { deletedAt: new Date() }, where: { deletedAt: null } });` + db }] }],
    },
    {
      // [mode-dependent-delete] the twin: a soft delete and then a hard delete both run
      filename,
      code: `export async function remove(id: string) {\n  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });\n  await prisma.item.delete({ where: { id } });\n}` + db,
      errors: [{ messageId: "hardDelete", line: 3, column: 21, suggestions: [{ messageId: "useSoftDelete", output: `export async function remove(id: string) {\n  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });\n  await prisma.item.update({ data: { deletedAt: new Date() }, where: { id } });\n}` + db }] }],
    },
    {
      // [central-extension] the twin: the base client the extension was built from deletes for good
      filename,
      code:
        `const db = prisma.$extends({ query: { $allModels: { async delete({ model, args }) { return (prisma as any)[model].update({ where: args.where, data: { deletedAt: new Date() } }); } } } });\nprisma.item.delete({ where: { id: "1" } });\nexport { db };` +
        db,
      errors: [{ messageId: "hardDelete", line: 2, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `const db = prisma.$extends({ query: { $allModels: { async delete({ model, args }) { return (prisma as any)[model].update({ where: args.where, data: { deletedAt: new Date() } }); } } } });\nprisma.item.update({ data: { deletedAt: new Date() }, where: { id: "1" } });\nexport { db };` + db }] }],
    },
    {
      // [purge] the twin: a name that does not say "for good" (`purge`, `remove`) is often the soft delete's own
      filename,
      code: `export function purge(id: string) { return prisma.item.delete({ where: { id } }); }` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 56, suggestions: [{ messageId: "useSoftDelete", output: `export function purge(id: string) { return prisma.item.update({ data: { deletedAt: new Date() }, where: { id } }); }` + db }] }],
    },
  ],
});
