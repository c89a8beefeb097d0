import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const escape = (operation: string, model: string, client: string, tx = "tx") => ({ operation, model, client, tx });

ruleTester.run("require-transaction-client", eslintRule("require-transaction-client"), {
  valid: [
    { filename, code: `prisma.$transaction(async (tx) => {\n  await tx.item.create({ data: { id: "1", name: "a", deviceId: "d" } });\n  return tx.item.count();\n});` + db },
    // the array form runs its queries in one transaction
    { filename, code: `prisma.$transaction([prisma.item.count(), prisma.tag.count()]);` + db },
    // outside any transaction
    { filename, code: `prisma.item.count();` + db },
    // an alias of the transaction client
    { filename, code: `prisma.$transaction(async (tx) => {\n  const db = tx;\n  return db.item.count();\n});` + db },
    // a helper inside the callback that receives the transaction client
    { filename, code: `prisma.$transaction(async (trx) => {\n  const countIn = (client: typeof trx) => client.item.count();\n  return countIn(trx);\n});` + db },
    { filename, code: `prisma.$transaction(async (tx) => tx.$queryRaw\`SELECT 1\`);` + db },
    // a raw query on another object is not the outer client
    { filename, code: `declare const analytics: any;\nprisma.$transaction(async (tx) => {\n  await analytics.$queryRaw\`SELECT 1\`;\n  return tx.tag.count();\n});` + db },
    { filename, code: `import { PrismaClient } from "@prisma/client";\nclass Repo {\n  constructor(private readonly prisma: PrismaClient) {}\n  run() {\n    return this.prisma.$transaction(async (tx) => tx.item.count());\n  }\n}` },
  ],
  invalid: [
    {
      filename,
      code: `prisma.$transaction(async (tx) => {\n  await tx.item.update({ where: { id: "1" }, data: { name: "a" } });\n  return prisma.item.findMany();\n});` + db,
      errors: [
        {
          messageId: "outerClient",
          line: 3,
          column: 10,
          data: escape("findMany", "Item", "prisma"),
          suggestions: [{ messageId: "useTransactionClient", data: { tx: "tx" }, output: `prisma.$transaction(async (tx) => {\n  await tx.item.update({ where: { id: "1" }, data: { name: "a" } });\n  return tx.item.findMany();\n});` + db }],
        },
      ],
    },
    {
      filename,
      code: `import { PrismaClient } from "@prisma/client";\nclass Repo {\n  constructor(private readonly prisma: PrismaClient) {}\n  run() {\n    return this.prisma.$transaction(async (t) => {\n      await t.tag.deleteMany();\n      return this.prisma.tag.create({ data: { id: "1", name: "a" } });\n    });\n  }\n}`,
      errors: [
        {
          messageId: "outerClient",
          line: 7,
          column: 14,
          data: escape("create", "Tag", "this.prisma", "t"),
          suggestions: [{ messageId: "useTransactionClient", output: `import { PrismaClient } from "@prisma/client";\nclass Repo {\n  constructor(private readonly prisma: PrismaClient) {}\n  run() {\n    return this.prisma.$transaction(async (t) => {\n      await t.tag.deleteMany();\n      return t.tag.create({ data: { id: "1", name: "a" } });\n    });\n  }\n}` }],
        },
      ],
    },
    {
      // inside a callback nested in the transaction, still the outer client
      filename,
      code: `prisma.$transaction(async (tx) => {\n  await Promise.all(["a", "b"].map((name) => prisma.tag.create({ data: { id: name, name } })));\n});` + db,
      errors: [{ messageId: "outerClient", line: 2, column: 46, suggestions: [{ messageId: "useTransactionClient", output: `prisma.$transaction(async (tx) => {\n  await Promise.all(["a", "b"].map((name) => tx.tag.create({ data: { id: name, name } })));\n});` + db }] }],
    },
    {
      filename,
      code: `prisma.$transaction(async (tx) => {\n  await prisma.$executeRaw\`UPDATE "Tag" SET name = 'a'\`;\n});` + db,
      errors: [{ messageId: "outerRawClient", line: 2, column: 9, data: { method: "$executeRaw", client: "prisma", tx: "tx" }, suggestions: [{ messageId: "useTransactionClient", output: `prisma.$transaction(async (tx) => {\n  await tx.$executeRaw\`UPDATE "Tag" SET name = 'a'\`;\n});` + db }] }],
    },
    {
      // the raw methods are one table shared with no-unsafe-raw-sql and the layer rules, reached with dots or brackets
      filename,
      code: `prisma["$transaction"](async (tx) => {\n  await prisma["$queryRawTyped"](report());\n});\ndeclare const report: () => unknown;` + db,
      errors: [{ messageId: "outerRawClient", line: 2, column: 9, data: { method: "$queryRawTyped", client: "prisma", tx: "tx" }, suggestions: [{ messageId: "useTransactionClient", output: `prisma["$transaction"](async (tx) => {\n  await tx["$queryRawTyped"](report());\n});\ndeclare const report: () => unknown;` + db }] }],
    },
    {
      // a delegate taken from the outer client before the transaction
      filename,
      code: `const { item } = prisma;\nprisma.$transaction(async (tx) => item.count());` + db,
      errors: [{ messageId: "outerClient", line: 2, column: 35, data: escape("count", "Item", "prisma"), suggestions: [] }],
    },
    {
      // no parameter: every query escapes, and there is no client to suggest
      filename,
      code: `prisma.$transaction(async () => prisma.tag.count());` + db,
      errors: [{ messageId: "outerClient", line: 1, column: 33, data: escape("count", "Tag", "prisma", "(the callback's first parameter)"), suggestions: [] }],
    },
  ],
});
