import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { plugin } from "../../src/eslint/plugin.js";
import { eslintRule, filename, projectDir, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
/** A file of a project on Prisma 4 (`test/projects/prisma4`), whose `update` takes a unique where only. */
const prisma4File = path.join(projectDir, "../prisma4/src/file.ts");

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
          suggestions: [{ messageId: "useSoftDelete", output: `prisma.item.update({ data: { deletedAt: new Date() }, where: { id: "1", deletedAt: null } });` + db }],
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
          suggestions: [{ messageId: "useSoftDelete", output: `prisma.product.updateMany({ data: { deletedAt: new Date() }, where: { deviceId: "d", deletedAt: null } });` + db }],
        },
      ],
    },
    {
      // a Boolean flag: the deleted value is the opposite of the live one
      filename,
      code: `prisma.account.delete({ where: { id: "1" } });` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 16, suggestions: [{ messageId: "useSoftDelete", output: `prisma.account.update({ data: { isDeleted: true }, where: { id: "1", isDeleted: false } });` + db }] }],
    },
    {
      filename,
      code: `prisma.$transaction(async (tx) => {\n  await tx.portion.deleteMany({ where: { productId: "p" } });\n});` + db,
      errors: [{ messageId: "hardDelete", line: 2, column: 20, suggestions: [{ messageId: "useSoftDelete", output: `prisma.$transaction(async (tx) => {\n  await tx.portion.updateMany({ data: { deletedAt: new Date() }, where: { productId: "p", deletedAt: null } });\n});` + db }] }],
    },
    {
      filename,
      code: `prisma["item"]["delete"]({ where: { id: "1" } });` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 16, suggestions: [{ messageId: "useSoftDelete", output: `prisma["item"]["update"]({ data: { deletedAt: new Date() }, where: { id: "1", deletedAt: null } });` + db }] }],
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
      errors: [{ messageId: "hardDelete", line: 3, column: 14, data: { operation: "delete", model: "Draft", field: "deletedAt", replacement: "update" }, suggestions: [{ messageId: "useSoftDelete", output: `prisma.draft.update({ where: { id: "1" }, data: { deletedAt: new Date() } });\nprisma.draft.count({ where: { deletedAt: null } });\nprisma.draft.update({ data: { deletedAt: new Date() }, where: { id: "2", deletedAt: null } });` + db }] }],
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
      errors: [{ messageId: "hardDelete", line: 3, column: 21, suggestions: [{ messageId: "useSoftDelete", output: `export async function remove(id: string) {\n  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });\n  await prisma.item.update({ data: { deletedAt: new Date() }, where: { id, deletedAt: null } });\n}` + db }] }],
    },
    {
      // [central-extension] the twin: the base client the extension was built from deletes for good
      filename,
      code:
        `const db = prisma.$extends({ query: { $allModels: { async delete({ model, args }) { return (prisma as any)[model].update({ where: args.where, data: { deletedAt: new Date() } }); } } } });\nprisma.item.delete({ where: { id: "1" } });\nexport { db };` +
        db,
      errors: [{ messageId: "hardDelete", line: 2, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `const db = prisma.$extends({ query: { $allModels: { async delete({ model, args }) { return (prisma as any)[model].update({ where: args.where, data: { deletedAt: new Date() } }); } } } });\nprisma.item.update({ data: { deletedAt: new Date() }, where: { id: "1", deletedAt: null } });\nexport { db };` + db }] }],
    },
    {
      // [purge] the twin: a name that does not say "for good" (`purge`, `remove`) is often the soft delete's own
      filename,
      code: `export function purge(id: string) { return prisma.item.delete({ where: { id } }); }` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 56, suggestions: [{ messageId: "useSoftDelete", output: `export function purge(id: string) { return prisma.item.update({ data: { deletedAt: new Date() }, where: { id, deletedAt: null } }); }` + db }] }],
    },
    {
      // the where is a variable: spread, and the live filter after it so that nothing in it can undo the filter
      filename,
      code: `export function remove(where: { id: string }) { return prisma.item.delete({ where }); }` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 68, suggestions: [{ messageId: "useSoftDelete", output: `export function remove(where: { id: string }) { return prisma.item.update({ data: { deletedAt: new Date() }, where: { ...where, deletedAt: null } }); }` + db }] }],
    },
    {
      filename,
      code: `declare function byName(name: string): { name: string };\nprisma.item.deleteMany({ take: 5, where: byName("x") });` + db,
      errors: [{ messageId: "hardDelete", line: 2, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `declare function byName(name: string): { name: string };\nprisma.item.updateMany({ data: { deletedAt: new Date() }, take: 5, where: { ...byName("x"), deletedAt: null } });` + db }] }],
    },
    {
      // a spread in the where comes before the filter
      filename,
      code: `export function remove(filter: { name?: string }) { return prisma.item.deleteMany({ where: { ...filter } }); }` + db,
      errors: [{ messageId: "hardDelete", line: 1, column: 72, suggestions: [{ messageId: "useSoftDelete", output: `export function remove(filter: { name?: string }) { return prisma.item.updateMany({ data: { deletedAt: new Date() }, where: { ...filter, deletedAt: null } }); }` + db }] }],
    },
    {
      // every row: the update gets a where that keeps to live rows
      filename,
      code: `prisma.item.deleteMany();\nprisma.product.deleteMany({});\nprisma.portion.deleteMany({ where: {} });` + db,
      errors: [
        { messageId: "hardDelete", line: 1, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `prisma.item.updateMany({ data: { deletedAt: new Date() }, where: { deletedAt: null } });\nprisma.product.deleteMany({});\nprisma.portion.deleteMany({ where: {} });` + db }] },
        { messageId: "hardDelete", line: 2, column: 16, suggestions: [{ messageId: "useSoftDelete", output: `prisma.item.deleteMany();\nprisma.product.updateMany({ data: { deletedAt: new Date() }, where: { deletedAt: null } });\nprisma.portion.deleteMany({ where: {} });` + db }] },
        { messageId: "hardDelete", line: 3, column: 16, suggestions: [{ messageId: "useSoftDelete", output: `prisma.item.deleteMany();\nprisma.product.deleteMany({});\nprisma.portion.updateMany({ data: { deletedAt: new Date() }, where: { deletedAt: null } });` + db }] },
      ],
    },
    {
      // a model with two flags (Poll: isDeleted and deletedAt): the configured field first in the list, deletedAt
      filename,
      code: `prisma.poll.delete({ where: { id: "1" } });\nprisma.poll.deleteMany({ where: { isDeleted: false } });` + db,
      errors: [
        { messageId: "hardDelete", line: 1, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `prisma.poll.update({ data: { deletedAt: new Date() }, where: { id: "1", deletedAt: null } });\nprisma.poll.deleteMany({ where: { isDeleted: false } });` + db }] },
        // its other flag already keeps to live rows: no second filter
        { messageId: "hardDelete", line: 2, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `prisma.poll.delete({ where: { id: "1" } });\nprisma.poll.updateMany({ data: { deletedAt: new Date() }, where: { isDeleted: false } });` + db }] },
      ],
    },
    {
      // Prisma 4: `update` takes a unique where only, so delete becomes the update of that row; updateMany filters
      filename: prisma4File,
      code: `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nprisma.item.delete({ where: { id: "1" } });\nprisma.item.deleteMany({ where: { name: "x" } });`,
      errors: [
        { messageId: "hardDelete", line: 3, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nprisma.item.update({ data: { deletedAt: new Date() }, where: { id: "1" } });\nprisma.item.deleteMany({ where: { name: "x" } });` }] },
        { messageId: "hardDelete", line: 4, column: 13, suggestions: [{ messageId: "useSoftDelete", output: `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nprisma.item.delete({ where: { id: "1" } });\nprisma.item.updateMany({ data: { deletedAt: new Date() }, where: { name: "x", deletedAt: null } });` }] },
      ],
    },
  ],
});

/** ESLint with the plugin and one rule on, linting files of the rule tests' projects (`test/projects/*`). */
function eslintWith(rule: string): ESLint {
  return new ESLint({
    cwd: path.dirname(projectDir),
    overrideConfigFile: true,
    overrideConfig: [{ ...(plugin.configs.recommended as Linter.Config), rules: { [`backend-conventions/${rule}`]: "error" } }],
  });
}

/** The code with the first suggestion of its one no-hard-delete finding applied. */
async function withSuggestion(code: string, filePath: string): Promise<string> {
  const [result] = await eslintWith("no-hard-delete").lintText(code, { filePath });
  expect(result.messages.map((message) => `${message.ruleId} ${message.message}`)).toEqual([expect.stringMatching(/^backend-conventions\/no-hard-delete /)]);
  const { fix } = result.messages[0].suggestions![0];
  return code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
}

async function softDeleteFilterFindings(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslintWith("require-soft-delete-filter").lintText(code, { filePath });
  return result.messages.map((message) => `${message.line}:${message.column} ${message.message}`);
}

describe("the no-hard-delete suggestion is clean", () => {
  const cases = [
    { code: `export function remove(id: string) { return prisma.item.delete({ where: { id } }); }` + db, filePath: filename },
    { code: `export function clear(deviceId: string) { return prisma.product.deleteMany({ where: { deviceId } }); }` + db, filePath: filename },
    { code: `export function close(id: string) { return prisma.account.delete({ where: { id } }); }` + db, filePath: filename },
    { code: `export function remove(where: { id: string }) { return prisma.item.delete({ where }); }` + db, filePath: filename },
    { code: `export function clearAll() { return prisma.portion.deleteMany(); }` + db, filePath: filename },
    { code: `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nexport function clear(name: string) { return prisma.item.deleteMany({ where: { name } }); }`, filePath: prisma4File },
  ];

  it.each(cases)("require-soft-delete-filter reports nothing on the suggested update: $code", async ({ code, filePath }) => {
    const fixed = await withSuggestion(code, filePath);
    expect(fixed).toMatch(/\.update(Many)?\(\{ data: /);
    expect(await softDeleteFilterFindings(fixed, filePath)).toEqual([]);
  });

  it.each(cases)("the suggested update's where, read on its own, keeps to live rows: $code", async ({ code, filePath }) => {
    // The update is exempt from require-soft-delete-filter because it writes the flag; a read with its where is not.
    const fixed = await withSuggestion(code, filePath);
    const read = fixed.replace(/\.update(Many)?\(\{ data: \{ [A-Za-z]+: [^}]+ \}, /, (_all, many: string | undefined) => (many ? ".findMany({ " : ".findFirst({ "));
    expect(read).not.toBe(fixed);
    expect(await softDeleteFilterFindings(read, filePath)).toEqual([]);
  });

  it("the old suggestion's where (no live filter), read on its own, is reported: the check above can fail", async () => {
    const read = `export function remove(id: string) { return prisma.item.findFirst({ where: { id } }); }` + db;
    expect(await softDeleteFilterFindings(read, filename)).toEqual([
      "1:57 findFirst on soft-deletable model Item does not filter out deleted rows: its where never constrains deletedAt (add `deletedAt: null`).",
    ]);
  });
});
