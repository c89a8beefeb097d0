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
  ],
});
