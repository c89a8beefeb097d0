import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const read = (operation: string, model: string, loop: string, batched = "findMany") => ({ operation, model, loop, batched });

ruleTester.run("no-query-in-loop", eslintRule("no-query-in-loop"), {
  valid: [
    // the iterable of a for…of runs once
    { filename, code: `export async function f() { for (const p of await prisma.product.findMany({ include: { portions: true } })) console.log(p.portions); }` + db },
    // one query with `in` instead of one per element
    { filename, code: `export async function f(ids: string[]) { return prisma.portion.findMany({ where: { productId: { in: ids } } }); }` + db },
    // a fixed list, not data
    { filename, code: `export function f() { return Promise.all(["a", "b"].map((name) => prisma.tag.findFirst({ where: { name } }))); }` + db },
    { filename, code: `export async function f() { for (const name of ["a", "b"]) await prisma.tag.findFirst({ where: { name } }); }` + db },
    // a retry loop counting to a literal
    { filename, code: `export async function f() { for (let attempt = 0; attempt < 3; attempt++) await prisma.tag.count(); }` + db },
    // paging through a table with take
    { filename, code: `export async function f() { let cursor: string | undefined; do { const page = await prisma.tag.findMany({ take: 100, cursor: cursor ? { id: cursor } : undefined }); cursor = page.at(-1)?.id; } while (cursor); }` + db },
    // a closure defined in a loop is not run by it
    { filename, code: `export function f(ids: string[]) { const jobs = []; for (const id of ids) jobs.push(() => prisma.tag.findUnique({ where: { id } })); return jobs; }` + db },
    // a call in a loop that reaches no query
    { filename, code: `function label(name: string) { return name.toUpperCase(); }\nexport function f(names: string[]) { return names.map((name) => label(name)); }` + db },
    // a query behind a call, after the loop
    { filename, code: `function all() { return prisma.tag.findMany({ take: 10 }); }\nexport async function f(names: string[]) { const tags = await all(); return names.map((name) => tags.find((t) => t.name === name)); }` + db },
    { filename, code: `function one(id: string) { return prisma.tag.findUnique({ where: { id } }); }\nexport function f(ids: string[]) { return ids.map((id) => one(id)); }` + db, options: [{ depth: 0 }] },
  ],
  invalid: [
    {
      filename,
      code: `export async function f(ids: string[]) {\n  for (const id of ids) {\n    await prisma.portion.findMany({ where: { productId: id } });\n  }\n}` + db,
      errors: [{ messageId: "readInLoop", line: 3, column: 26, data: read("findMany", "Portion", "for…of loop over ids") }],
    },
    {
      filename,
      code: `export function f(ids: string[]) {\n  return Promise.all(ids.map((id) => prisma.tag.count({ where: { id } })));\n}` + db,
      errors: [{ messageId: "readInLoop", line: 2, column: 49, data: read("count", "Tag", "ids.map callback", "groupBy") }],
    },
    {
      filename,
      code: `export async function f(rows: AsyncIterable<{ id: string }>) {\n  for await (const row of rows) await prisma.tag.findUnique({ where: { id: row.id } });\n}` + db,
      errors: [{ messageId: "readInLoop", line: 2, column: 50, data: read("findUnique", "Tag", "for await…of loop over rows") }],
    },
    {
      // a $transaction built by map is still one query per element
      filename,
      code: `export function f(rows: { id: string; name: string }[]) {\n  return prisma.$transaction(rows.map((row) => prisma.tag.update({ where: { id: row.id }, data: { name: row.name } })));\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 2, column: 59, data: read("update", "Tag", "rows.map callback", "updateMany") }],
    },
    {
      filename,
      code: `export async function f(names: string[]) {\n  let i = 0;\n  while (i < names.length) await prisma.tag.create({ data: { id: String(i), name: names[i++] } });\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 3, column: 45, data: read("create", "Tag", "while loop", "createMany") }],
    },
    {
      // a function in the same file that runs the query
      filename,
      code: `function portionsOf(productId: string) {\n  return prisma.portion.findMany({ where: { productId } });\n}\nexport async function f(ids: string[]) {\n  for (const id of ids) await portionsOf(id);\n}` + db,
      errors: [{ messageId: "callInLoop", line: 5, column: 31, data: { callee: "portionsOf", ...read("findMany", "Portion", "for…of loop over ids") } }],
    },
    {
      // a method of an injected repository, two calls down
      filename,
      code: `class Repo {\n  find(id: string) { return this.load(id); }\n  load(id: string) { return prisma.tag.findUnique({ where: { id } }); }\n}\nclass Service {\n  constructor(private readonly repo: Repo) {}\n  all(ids: string[]) { return ids.flatMap((id) => this.repo.find(id)); }\n}` + db,
      errors: [{ messageId: "callInLoop", line: 7, column: 61, data: { callee: "repo.find", ...read("findUnique", "Tag", "ids.flatMap callback") } }],
    },
    {
      filename,
      code: `export async function f() {\n  let cursor = 0;\n  while (cursor < 10_000) { await prisma.tag.findMany({ skip: cursor }); cursor += 100; }\n}` + db,
      errors: [{ messageId: "readInLoop", line: 3, column: 46, data: read("findMany", "Tag", "while loop") }],
    },
  ],
});
