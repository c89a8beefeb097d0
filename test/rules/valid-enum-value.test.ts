import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "../../scripts/generated-files.js";
import { eslintRule, filename, projectDir, ruleTester } from "./rule-tester.js";

// The basic project's schema has `enum ItemStatus { active archived }` on Item.status; Device has items.
const db = `\nimport { prisma } from "./db.js";`;
const helpers = (names: string) => `\nimport { ${names} } from "./enum-helpers.js";`;
const itemStatus = { article: "an", enum: "ItemStatus", values: "active, archived" };

// The reference API's schema has `enum MetricSource { user_input calculated device_sync }` on Metric.source.
const apiFile = path.join(repoRoot, "fixtures/reference-api/src/services/enum-check.ts");
const apiDb = `\nimport { prisma } from "../db/client.js";`;
const metricSource = { article: "a", enum: "MetricSource", values: "user_input, calculated, device_sync" };

const lookups = `\nimport { ItemLookup } from "./enum-lookups.js";`;
const queriesFile = path.join(projectDir, "src/enum-queries.ts");
const callersFile = path.join(projectDir, "src/enum-callers.ts");
const constantsFile = path.join(projectDir, "src/enum-constants.ts");
const constantQueriesFile = path.join(projectDir, "src/enum-constant-queries.ts");

ruleTester.run("valid-enum-value", eslintRule("valid-enum-value"), {
  valid: [
    { filename, code: `prisma.item.findMany({ where: { status: "archived" } });` + db },
    { filename, code: `prisma.item.findMany({ where: { status: { in: ["active", "archived"] } } });` + db },
    // a plain String field takes any string
    { filename, code: `prisma.item.findMany({ where: { name: "archive" } });` + db },
    // the generated enum object
    { filename, code: `prisma.item.findMany({ where: { status: ItemStatus.archived } });\nimport { ItemStatus } from "@prisma/client";` + db },
    { filename, code: `prisma.item.create({ data: { id: "1", name: "a", deviceId: "d", status: $Enums.ItemStatus.active } });\nimport { $Enums } from "@prisma/client";` + db },
    // sort order and selection name the field, they do not hold a value of it
    { filename, code: `prisma.item.findMany({ orderBy: { status: "asc" }, select: { status: true } });` + db },
    { filename, code: `prisma.item.findMany({ where: { status: ACTIVE_STATUS } });` + helpers("ACTIVE_STATUS") + db },
    { filename, code: `prisma.item.findMany({ where: { name: ARCHIVE_STATUS } });` + helpers("ARCHIVE_STATUS") + db },
    // a constant of another file is reported where it is written (enum-constants.ts), not at the query that uses it
    { filename, code: `prisma.item.findMany({ where: { status: ARCHIVE_STATUS } });` + helpers("ARCHIVE_STATUS") + db },
    {
      filename: constantQueriesFile,
      code: fs.readFileSync(constantQueriesFile, "utf8"),
    },
    { filename, code: `itemsWithStatus("archived");` + helpers("itemsWithStatus") },
    // the helper checks the value with a type guard before the query
    { filename, code: `itemsWithCheckedStatus("archive");` + helpers("itemsWithCheckedStatus") },
    {
      filename,
      code: `function byStatus(status: string) {\n  if (isItemStatus(status)) return prisma.item.findMany({ where: { status } });\n  return [];\n}\nbyStatus("archive");\ndeclare function isItemStatus(value: string): value is "active" | "archived";` + db,
    },
    // a parameter without callers: the value is unknown, not wrong
    { filename, code: `export function byStatus(status: string) {\n  return prisma.item.findMany({ where: { status: status as ItemStatus } });\n}` + db },
    // the legacy value is mapped before it reaches the column
    {
      filename,
      code: `function toStatus(input: string) {\n  return input === "inactive" ? "archived" : "active";\n}\nprisma.item.create({ data: { id: "1", name: "a", deviceId: "d", status: toStatus("inactive") } });` + db,
    },
    // comparisons with something that is not a record of a query
    { filename, code: `declare const body: { status: string };\nif (body.status === "inactive") console.log("legacy");` },
    { filename, code: `const item = { status: "inactive" };\nif (item.status === "inactive") console.log("legacy");` },
    { filename, code: `async function f() {\n  const item = await prisma.item.findFirst({ where: { id: "1" } });\n  return item?.name === "archive" || item?.status === "archived";\n}` + db },
    { filename, code: `async function f() {\n  const rows = await prisma.item.findMany();\n  return rows.filter((row) => row.status !== "active");\n}` + db },
    { filename, code: `prisma.item.findMany({ where: { status: "archive" } });` + db, options: [{ ignoreEnums: ["ItemStatus"] }] },
    // not a Prisma client
    { filename, code: `declare const cache: any;\ncache.item.findMany({ where: { status: "archive" } });` },
    { filename, code: `console.log("archive", JSON.stringify({ status: "inactive" }));` },
    // a caller's literal is reported in the caller's file (see the invalid case for enum-callers.ts), not at the query;
    // the literal of a test file the check leaves out (enum-queries.spec.ts) is reported nowhere
    {
      filename: queriesFile,
      code: fs.readFileSync(queriesFile, "utf8"),
    },
    { filename: apiFile, code: `prisma.metric.findMany({ where: { source: { in: ["user_input", "device_sync"] } } });` + apiDb },
    { filename: callersFile, code: `import { itemsOfStatus } from "./enum-queries.js";\n\nexport function archivedItems() {\n  return itemsOfStatus("archived");\n}` },
    { filename, code: `const repository = new ItemStatusRepository();\nrepository.countWith("d", "active");` + helpers("ItemStatusRepository") },
    {
      filename,
      code: `prisma.device.create({ data: { id: "d", tokenHash: "h", items: { create: [{ id: "i", name: "a", status: "archived" }] } } });\nprisma.device.findMany({ where: { items: { some: { status: "active" } } } });` + db,
    },
    {
      filename,
      code: `prisma.item.upsert({\n  where: { id: "1" },\n  create: { id: "1", name: "a", deviceId: "d", status: "active" },\n  update: { status: { set: "archived" } },\n});` + db,
    },
    {
      filename,
      code: `function toRow(name: string) {\n  return { id: name, name, deviceId: "d", status: "archived" };\n}\ndeclare const names: string[];\nprisma.item.createMany({ data: names.map(toRow) });` + db,
    },
    { filename, code: `const FALLBACK = process.env.ITEM_STATUS ?? "archived";\nprisma.item.updateMany({ where: { deviceId: "d" }, data: { status: FALLBACK as ItemStatus } });` + db },
    {
      filename,
      code: `declare const names: { name: string; status?: string }[];\nprisma.item.createMany({ data: names.map((row) => ({ id: row.name, name: row.name, deviceId: "d", status: (row.status ?? "active") as ItemStatus })) });` + db,
    },
    {
      filename,
      code: `async function f() {\n  const item = await prisma.item.findUniqueOrThrow({ where: { id: "1" } });\n  switch (item.status) {\n    case "active":\n      return 1;\n    case "archived":\n      return 2;\n  }\n}` + db,
    },
    { filename, code: `async function f() {\n  const { status, name } = await prisma.item.findFirstOrThrow({ where: { id: "1" } });\n  return status === "archived" && name === "inactive";\n}` + db },
    // [membership] every listed value is one of the enum
    { filename, code: `async function f(id: string) {\n  const item = await prisma.item.findFirst({ where: { id } });\n  return ["active", "archived"].includes(item?.status ?? "");\n}` + db },
    // [enum-typed value] every case is a value of the Prisma enum the parameter is declared with
    { filename, code: `export function label(status: ItemStatus) {\n  switch (status) {\n    case "active": return "Live";\n    case "archived": return "Old";\n  }\n}\nimport type { ItemStatus } from "@prisma/client";` },
    // the enum type from the generated client's enums module, every case valid
    { filename, code: `export function isLive(status: ItemStatus) {\n  return status === "active";\n}\nimport type { ItemStatus } from "../generated/prisma/enums.js";` },
    // a type of the same name that is not the generated client's enum
    { filename, code: `export function label(status: ItemStatus) {\n  switch (status) {\n    case "deleted": return "Gone";\n  }\n}\nimport type { ItemStatus } from "./statuses.js";` },
    // [repository row] a row a repository method of another file returns, compared with a valid value
    { filename, code: `export async function isOld(id: string) {\n  const item = await new ItemLookup().findById(id);\n  return item?.status === "archived";\n}` + lookups },
  ],
  invalid: [
    {
      filename,
      code: `prisma.item.findMany({ where: { status: "archive" } });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 41,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", data: { suggestion: "archived" }, output: `prisma.item.findMany({ where: { status: "archived" } });` + db }],
        },
      ],
    },
    {
      // the 'manual' trap: the legacy word suggests the value that means it
      filename: apiFile,
      code: `prisma.metric.findMany({ where: { source: "manual" } });` + apiDb,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 43,
          data: { value: "manual", suggestion: "user_input", ...metricSource },
          suggestions: [{ messageId: "replaceWith", data: { suggestion: "user_input" }, output: `prisma.metric.findMany({ where: { source: "user_input" } });` + apiDb }],
        },
      ],
    },
    {
      filename: apiFile,
      code: `prisma.metric.create({ data: { id: "m", deviceId: "d", name: "w", value: 1, source: 'sync' } });` + apiDb,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 85,
          data: { value: "sync", suggestion: "device_sync", ...metricSource },
          suggestions: [{ messageId: "replaceWith", output: `prisma.metric.create({ data: { id: "m", deviceId: "d", name: "w", value: 1, source: 'device_sync' } });` + apiDb }],
        },
      ],
    },
    {
      // single quotes are kept; a synonym of the word
      filename,
      code: `prisma.item.create({ data: { id: "1", name: "a", deviceId: "d", status: 'inactive' } });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 73,
          data: { value: "inactive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `prisma.item.create({ data: { id: "1", name: "a", deviceId: "d", status: 'archived' } });` + db }],
        },
      ],
    },
    {
      filename,
      code: "prisma.item.findMany({ where: { status: `Archived` } });" + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 41,
          data: { value: "Archived", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: "prisma.item.findMany({ where: { status: `archived` } });" + db }],
        },
      ],
    },
    {
      // nothing close: the valid values, no suggestion
      filename,
      code: `prisma.item.findMany({ where: { status: { in: ["active", "pending"] } } });` + db,
      errors: [{ messageId: "invalidValueNoSuggestion", line: 1, column: 58, data: { value: "pending", ...itemStatus }, suggestions: [] }],
    },
    {
      filename,
      code: `prisma.item.count({\n  where: { OR: [{ status: { not: "activ" } }, { status: { notIn: ["archived", "done"] } }] },\n});` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 2,
          column: 34,
          data: { value: "activ", suggestion: "active", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `prisma.item.count({\n  where: { OR: [{ status: { not: "active" } }, { status: { notIn: ["archived", "done"] } }] },\n});` + db }],
        },
        { messageId: "invalidValueNoSuggestion", line: 2, column: 79, data: { value: "done", ...itemStatus }, suggestions: [] },
      ],
    },
    {
      filename,
      code: `prisma.item.findFirst({ where: { AND: [{ deviceId: "d" }, { status: { equals: "ACTIVE" } }] } });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 79,
          data: { value: "ACTIVE", suggestion: "active", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `prisma.item.findFirst({ where: { AND: [{ deviceId: "d" }, { status: { equals: "active" } }] } });` + db }],
        },
      ],
    },
    {
      // a nested create and a relation filter of a related model
      filename,
      code: `prisma.device.create({ data: { id: "d", tokenHash: "h", items: { create: [{ id: "i", name: "a", status: "archve" }] } } });\nprisma.device.findMany({ where: { items: { some: { status: "archivd" } } } });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 105,
          data: { value: "archve", suggestion: "archived", ...itemStatus },
          suggestions: [
            {
              messageId: "replaceWith",
              output: `prisma.device.create({ data: { id: "d", tokenHash: "h", items: { create: [{ id: "i", name: "a", status: "archived" }] } } });\nprisma.device.findMany({ where: { items: { some: { status: "archivd" } } } });` + db,
            },
          ],
        },
        {
          messageId: "invalidValue",
          line: 2,
          column: 60,
          data: { value: "archivd", suggestion: "archived", ...itemStatus },
          suggestions: [
            {
              messageId: "replaceWith",
              output: `prisma.device.create({ data: { id: "d", tokenHash: "h", items: { create: [{ id: "i", name: "a", status: "archve" }] } } });\nprisma.device.findMany({ where: { items: { some: { status: "archived" } } } });` + db,
            },
          ],
        },
      ],
    },
    {
      // the where of an included relation
      filename,
      code: `prisma.device.findUnique({ where: { id: "d" }, include: { items: { where: { status: "gone" } } } });` + db,
      errors: [{ messageId: "invalidValueNoSuggestion", line: 1, column: 85, data: { value: "gone", ...itemStatus }, suggestions: [] }],
    },
    {
      filename,
      code: `prisma.item.upsert({\n  where: { id: "1" },\n  create: { id: "1", name: "a", deviceId: "d", status: "new" },\n  update: { status: { set: "archive" } },\n});` + db,
      errors: [
        { messageId: "invalidValueNoSuggestion", line: 3, column: 56, data: { value: "new", ...itemStatus }, suggestions: [] },
        {
          messageId: "invalidValue",
          line: 4,
          column: 28,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `prisma.item.upsert({\n  where: { id: "1" },\n  create: { id: "1", name: "a", deviceId: "d", status: "new" },\n  update: { status: { set: "archived" } },\n});` + db }],
        },
      ],
    },
    {
      filename,
      code: `prisma.item.createMany({ data: [{ id: "1", name: "a", deviceId: "d" }, { id: "2", name: "b", deviceId: "d", status: "actve" }] });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 117,
          data: { value: "actve", suggestion: "active", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `prisma.item.createMany({ data: [{ id: "1", name: "a", deviceId: "d" }, { id: "2", name: "b", deviceId: "d", status: "active" }] });` + db }],
        },
      ],
    },
    {
      // rows built by a map callback, the fallback of a nullish default
      filename,
      code: `declare const names: { name: string; status?: string }[];\nprisma.item.createMany({ data: names.map((row) => ({ id: row.name, name: row.name, deviceId: "d", status: (row.status ?? "archive") as ItemStatus })) });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 2,
          column: 122,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [
            {
              messageId: "replaceWith",
              output: `declare const names: { name: string; status?: string }[];\nprisma.item.createMany({ data: names.map((row) => ({ id: row.name, name: row.name, deviceId: "d", status: (row.status ?? "archived") as ItemStatus })) });` + db,
            },
          ],
        },
      ],
    },
    {
      // rows built by a named function passed to map
      filename,
      code: `function toRow(name: string) {\n  return { id: name, name, deviceId: "d", status: "archive" };\n}\ndeclare const names: string[];\nprisma.item.createMany({ data: names.map(toRow) });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 2,
          column: 51,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [
            {
              messageId: "replaceWith",
              output: `function toRow(name: string) {\n  return { id: name, name, deviceId: "d", status: "archived" };\n}\ndeclare const names: string[];\nprisma.item.createMany({ data: names.map(toRow) });` + db,
            },
          ],
        },
      ],
    },
    {
      // a constant with an environment fallback, written through a cast: reported on the literal
      filename,
      code: `const FALLBACK = process.env.ITEM_STATUS ?? "inactive";\nprisma.item.updateMany({ where: { deviceId: "d" }, data: { status: FALLBACK as ItemStatus } });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 45,
          data: { value: "inactive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `const FALLBACK = process.env.ITEM_STATUS ?? "archived";\nprisma.item.updateMany({ where: { deviceId: "d" }, data: { status: FALLBACK as ItemStatus } });` + db }],
        },
      ],
    },
    {
      // a spread object, used by two queries: the literal is reported once
      filename,
      code: `const archived = { status: "archive" };\nprisma.item.findMany({ where: { deviceId: "d", ...archived } });\nprisma.item.count({ where: archived });` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 1,
          column: 28,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `const archived = { status: "archived" };\nprisma.item.findMany({ where: { deviceId: "d", ...archived } });\nprisma.item.count({ where: archived });` + db }],
        },
      ],
    },
    {
      // the literal lives in another file and is reported there, where it is written, naming this query
      filename: constantsFile,
      code: fs.readFileSync(constantsFile, "utf8"),
      errors: [
        {
          messageId: "invalidValueReaching",
          line: 3,
          column: 36,
          data: { value: "archive", suggestion: "archived", ...itemStatus, model: "Item", operation: "updateMany", location: "src/enum-constant-queries.ts:7" },
          suggestions: [{ messageId: "replaceWith", output: fs.readFileSync(constantsFile, "utf8").replace('"archive"', '"archived"') }],
        },
      ],
    },
    {
      // a literal passed to a query function of another file: the message names the query it reaches
      filename,
      code: `itemsWithStatus("archive");` + helpers("itemsWithStatus"),
      errors: [
        {
          messageId: "invalidValueReaching",
          line: 1,
          column: 17,
          data: { value: "archive", suggestion: "archived", ...itemStatus, model: "Item", operation: "findMany", location: "src/enum-helpers.ts:10" },
          suggestions: [{ messageId: "replaceWith", output: `itemsWithStatus("archived");` + helpers("itemsWithStatus") }],
        },
      ],
    },
    {
      // a method of a class instance
      filename,
      code: `const repository = new ItemStatusRepository();\nrepository.countWith("d", "activ");` + helpers("ItemStatusRepository"),
      errors: [
        {
          messageId: "invalidValueReaching",
          line: 2,
          column: 27,
          data: { value: "activ", suggestion: "active", ...itemStatus, model: "Item", operation: "count", location: "src/enum-helpers.ts:24" },
          suggestions: [{ messageId: "replaceWith", output: `const repository = new ItemStatusRepository();\nrepository.countWith("d", "active");` + helpers("ItemStatusRepository") }],
        },
      ],
    },
    {
      // the caller's file of enum-queries.ts (the valid case above)
      filename: callersFile,
      code: `import { itemsOfStatus } from "./enum-queries.js";\n\nexport function archivedItems() {\n  return itemsOfStatus("archive");\n}`,
      errors: [
        {
          messageId: "invalidValueReaching",
          line: 4,
          column: 24,
          data: { value: "archive", suggestion: "archived", ...itemStatus, model: "Item", operation: "findMany", location: "src/enum-queries.ts:7" },
          suggestions: [{ messageId: "replaceWith", output: `import { itemsOfStatus } from "./enum-queries.js";\n\nexport function archivedItems() {\n  return itemsOfStatus("archived");\n}` }],
        },
      ],
    },
    {
      // a local function and its caller in the same file
      filename,
      code: `function byStatus(status: string) {\n  return prisma.item.findMany({ where: { status: status as ItemStatus } });\n}\nbyStatus("inactive");` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 4,
          column: 10,
          data: { value: "inactive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `function byStatus(status: string) {\n  return prisma.item.findMany({ where: { status: status as ItemStatus } });\n}\nbyStatus("archived");` + db }],
        },
      ],
    },
    {
      // a comparison with a field of the record a query returned
      filename,
      code: `async function f() {\n  const item = await prisma.item.findFirst({ where: { id: "1" } });\n  if (item?.status === "archive") return null;\n  return item;\n}` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 3,
          column: 24,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `async function f() {\n  const item = await prisma.item.findFirst({ where: { id: "1" } });\n  if (item?.status === "archived") return null;\n  return item;\n}` + db }],
        },
      ],
    },
    {
      filename,
      code: `async function f() {\n  const item = await prisma.item.findUniqueOrThrow({ where: { id: "1" } });\n  switch (item.status) {\n    case "active":\n      return 1;\n    case "deleted":\n      return 2;\n  }\n}` + db,
      errors: [{ messageId: "invalidValueNoSuggestion", line: 6, column: 10, data: { value: "deleted", ...itemStatus }, suggestions: [] }],
    },
    {
      // a field destructured from the record
      filename,
      code: `async function f() {\n  const { status } = await prisma.item.findFirstOrThrow({ where: { id: "1" } });\n  return status !== "inactive";\n}` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 3,
          column: 21,
          data: { value: "inactive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `async function f() {\n  const { status } = await prisma.item.findFirstOrThrow({ where: { id: "1" } });\n  return status !== "archived";\n}` + db }],
        },
      ],
    },
    {
      // elements of a findMany result: a filter callback and a for-of loop
      filename,
      code: `async function f() {\n  const rows = await prisma.item.findMany();\n  const live = rows.filter((row) => row.status !== "Active");\n  for (const row of await prisma.item.findMany()) if (row.status == "archve") live.push(row);\n  return live;\n}` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 3,
          column: 52,
          data: { value: "Active", suggestion: "active", ...itemStatus },
          suggestions: [
            {
              messageId: "replaceWith",
              output: `async function f() {\n  const rows = await prisma.item.findMany();\n  const live = rows.filter((row) => row.status !== "active");\n  for (const row of await prisma.item.findMany()) if (row.status == "archve") live.push(row);\n  return live;\n}` + db,
            },
          ],
        },
        {
          messageId: "invalidValue",
          line: 4,
          column: 69,
          data: { value: "archve", suggestion: "archived", ...itemStatus },
          suggestions: [
            {
              messageId: "replaceWith",
              output: `async function f() {\n  const rows = await prisma.item.findMany();\n  const live = rows.filter((row) => row.status !== "Active");\n  for (const row of await prisma.item.findMany()) if (row.status == "archived") live.push(row);\n  return live;\n}` + db,
            },
          ],
        },
      ],
    },
    {
      // [membership] a literal of a list used as a membership test against an enum field
      filename,
      code: `async function f(id: string) {\n  const item = await prisma.item.findFirst({ where: { id } });\n  const OPEN = ["active", "archive"];\n  return OPEN.includes(item!.status);\n}` + db,
      errors: [
        {
          messageId: "invalidValue",
          line: 3,
          column: 27,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `async function f(id: string) {\n  const item = await prisma.item.findFirst({ where: { id } });\n  const OPEN = ["active", "archived"];\n  return OPEN.includes(item!.status);\n}` + db }],
        },
      ],
    },
    {
      // [enum-typed value] a case label, and a comparison, on values declared with the Prisma enum
      filename,
      code: `export function label(status: ItemStatus | null) {\n  switch (status) {\n    case "active": return "Live";\n    case "deleted": return "Gone";\n  }\n  const kind: ItemStatus = status ?? "active";\n  return kind === "archive" ? "Old" : "";\n}\nimport type { ItemStatus } from "@prisma/client";`,
      errors: [
        { messageId: "invalidValueNoSuggestion", line: 4, column: 10, data: { value: "deleted", ...itemStatus }, suggestions: [] },
        {
          messageId: "invalidValue",
          line: 7,
          column: 19,
          data: { value: "archive", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `export function label(status: ItemStatus | null) {\n  switch (status) {\n    case "active": return "Live";\n    case "deleted": return "Gone";\n  }\n  const kind: ItemStatus = status ?? "active";\n  return kind === "archived" ? "Old" : "";\n}\nimport type { ItemStatus } from "@prisma/client";` }],
        },
      ],
    },
    {
      // [enum-typed value] the enum type from the generated client's enums module
      filename,
      code: `export function isLive(status: ItemStatus) {\n  return status === "live";\n}\nimport type { ItemStatus } from "../generated/prisma/enums.js";`,
      errors: [{ messageId: "invalidValueNoSuggestion", line: 2, column: 21, data: { value: "live", ...itemStatus }, suggestions: [] }],
    },
    {
      // [repository row] rows returned by repository methods in another file, compared where the literal is written
      filename,
      code: `export async function isOld(id: string, deviceId: string) {\n  const lookup = new ItemLookup();\n  const item = await lookup.findById(id);\n  const rows = await lookup.listForDevice(deviceId);\n  return item?.status === "canceled" || rows.some((row) => row.status === "Archived");\n}` + lookups,
      errors: [
        { messageId: "invalidValueNoSuggestion", line: 5, column: 27, data: { value: "canceled", ...itemStatus }, suggestions: [] },
        {
          messageId: "invalidValue",
          line: 5,
          column: 75,
          data: { value: "Archived", suggestion: "archived", ...itemStatus },
          suggestions: [{ messageId: "replaceWith", output: `export async function isOld(id: string, deviceId: string) {\n  const lookup = new ItemLookup();\n  const item = await lookup.findById(id);\n  const rows = await lookup.listForDevice(deviceId);\n  return item?.status === "canceled" || rows.some((row) => row.status === "archived");\n}` + lookups }],
        },
      ],
    },
  ],
});
