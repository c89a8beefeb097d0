import { eslintRule, filename, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const cron = `\nimport cron from "node-cron";`;
const zod = `\nimport { z } from "zod";`;
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
    // not a request path: one query per row in a cron job keeps no caller waiting
    { filename, code: `cron.schedule("0 * * * *", async () => {\n  const tags = await prisma.tag.findMany({ take: 500 });\n  for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: tag.name.trim() } });\n});` + cron + db },
    // a batch per turn: the loop is the batching
    { filename, code: `export async function f(batches: string[][]) { for (const batch of batches) await prisma.tag.deleteMany({ where: { id: { in: batch } } }); }` + db },
    // a page with a literal take: at most that many turns
    { filename, code: `export async function f() { const tags = await prisma.tag.findMany({ take: 10 }); for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } }); }` + db },
    // a module's constant list and a Prisma enum's values are fixed in the code
    { filename, code: `const NAMES = ["a", "b"];\nexport async function f() { for (const name of NAMES) await prisma.tag.count({ where: { name } }); }` + db },
    { filename, code: `import { ItemStatus } from "@prisma/client";\nexport function f() { return Promise.all(Object.values(ItemStatus).map((status) => prisma.item.count({ where: { status } }))); }` + db },
    // a retry loop counting to a constant
    { filename, code: `const MAX_ATTEMPTS = 5;\nexport async function f() { for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) await prisma.tag.count(); }` + db },
    // probing for a free key: one row by a key the loop changes, over no list
    { filename, code: `export async function freeEmail(base: string) { let email = base; let n = 0; while (await prisma.account.findUnique({ where: { email } })) email = \`\${n++}.\${base}\`; return email; }` + db },
    // an admin's bulk action: one row per listed user keeps no user waiting
    { filename, code: `router.post("/admin/invites", authenticate, requireAdmin, async (req) => {\n  for (const email of req.body.emails) await prisma.tag.create({ data: { name: email } });\n});` + db },
    // the query is followed by a return out of the loop: it runs once for the whole loop
    { filename, code: `export async function f(names: string[]) {\n  for (const name of names) {\n    if (name.length > 3) {\n      const tag = await prisma.tag.create({ data: { id: name, name } });\n      return tag;\n    }\n  }\n}` + db },
    // a local set filled by two calls written out: at most two turns
    { filename, code: `export async function f(a: string, b: string) {\n  const names = new Set<string>();\n  names.add(a);\n  names.add(b);\n  for (const name of names) await prisma.tag.findFirst({ where: { name } });\n}` + db },
    // a list the request's schema caps with .max(5)
    {
      filename,
      code: `const Send = z.object({ to: z.array(z.string()).max(5) });\napp.post("/send", async (req, res) => {\n  const { to } = Send.parse(req.body);\n  for (const email of to) await prisma.account.findUnique({ where: { email } });\n});` + zod + db,
    },
    // the rows of a helper that returns a findMany with a literal take (passed down as an argument): at most ten turns
    { filename, code: `function pending(limit = 10) {\n  return prisma.tag.findMany({ take: limit });\n}\nexport async function f() {\n  const tags = await pending(10);\n  for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } });\n}` + db },
    // --- causes removed on the real-world corpus ---
    // each kind of element is written to its own table: no one query replaces the loop (unknown, not a finding)
    { filename, code: `export function f(sources: { type: "tag" | "account"; id: string }[]) {\n  return Promise.all(sources.map((s) => {\n    switch (s.type) {\n      case "tag": return prisma.tag.update({ where: { id: s.id }, data: { name: "x" } });\n      case "account": return prisma.account.update({ where: { id: s.id }, data: { email: "x" } });\n    }\n  }));\n}` + db },
    // each turn waits for an email of its own: the query beside it is not the cost of the loop
    { filename, code: `export async function f(users: { id: string; email: string }[]) {\n  for (const user of users) {\n    await mailer.sendMail({ to: user.email });\n    await prisma.tag.create({ data: { name: user.id } });\n  }\n}\ndeclare const mailer: { sendMail(message: object): Promise<void> };` + db },
    // a take its callers fill with small literals, one of them passed by the loop's own call: at most that many turns
    { filename, code: `function pending(source?: string, limit = 10) {\n  return prisma.tag.findMany({ where: { name: source }, take: limit });\n}\nexport async function other() {\n  return pending("x", 20);\n}\nexport async function f() {\n  const tags = await pending(undefined, 10);\n  for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } });\n}` + db },
    // a retry loop: a while counting to a parameter's small default
    { filename, code: `export async function withRetry(maxRetries = 5) {\n  let attempt = 1;\n  while (attempt <= maxRetries) {\n    try { return await prisma.tag.findMany(); } catch { attempt++; }\n  }\n}` + db },
    // each row gets its own value (its position, its own name): one updateMany cannot write it
    { filename, code: `export function f(rows: { id: string; name: string }[]) {\n  return prisma.$transaction(rows.map((row) => prisma.tag.update({ where: { id: row.id }, data: { name: row.name } })));\n}` + db },
    { filename, code: `export function f(ids: string[]) {\n  return Promise.all(ids.map((id, index) => prisma.tag.update({ where: { id }, data: { name: \`#\${index + 1}\` } })));\n}` + db },
    // a createMany per turn of the rows a group holds: the loop is the batching
    { filename, code: `export async function f(groups: { name: string; tags: { name: string }[] }[]) {\n  for (const group of groups) await prisma.tag.createMany({ data: group.tags.map((t) => ({ name: \`\${group.name}/\${t.name}\` })) });\n}` + db },
    // updateMany per element, each with its own value (a position): no one query writes it
    { filename, code: `export function f(ids: string[]) {\n  return prisma.$transaction(ids.map((id, index) => prisma.tag.updateMany({ where: { id }, data: { name: \`#\${index}\` } })));\n}` + db },
  ],
  invalid: [
    {
      // the twin: the helper's own page size is a page for a reader, not a batch the loop chose
      filename,
      code: `function names() {\n  return prisma.tag.findMany({ take: 100 });\n}\nexport async function f() {\n  const tags = await names();\n  for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } });\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 6, column: 44, data: read("update", "Tag", "for…of loop over tags", "updateMany") }],
    },
    {
      // the twin: the helper returns every tag
      filename,
      code: `function pending() {\n  return prisma.tag.findMany();\n}\nexport async function f() {\n  const tags = await pending();\n  for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } });\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 6, column: 44, data: read("update", "Tag", "for…of loop over tags", "updateMany") }],
    },
    {
      // the twin: the schema sets no maximum
      filename,
      code: `const Send = z.object({ to: z.array(z.string()) });\napp.post("/send", async (req, res) => {\n  const { to } = Send.parse(req.body);\n  for (const email of to) await prisma.account.findUnique({ where: { email } });\n});` + zod + db,
      errors: [{ messageId: "readInLoop", line: 4, column: 48, data: read("findUnique", "Account", "for…of loop over to") }],
    },
    {
      // the twin: the return is conditional, so every turn may write
      filename,
      code: `export async function f(names: string[]) {\n  for (const name of names) {\n    const tag = await prisma.tag.create({ data: { id: name, name } });\n    if (tag.name.length > 3) return tag;\n  }\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 3, column: 34, data: read("create", "Tag", "for…of loop over names", "createMany") }],
    },
    {
      // the twin: the set is filled in a loop, so it is as long as the input
      filename,
      code: `export async function f(all: string[]) {\n  const names = new Set<string>();\n  for (const a of all) names.add(a);\n  for (const name of names) await prisma.tag.findFirst({ where: { name } });\n}` + db,
      errors: [{ messageId: "readInLoop", line: 4, column: 46, data: read("findFirst", "Tag", "for…of loop over names") }],
    },
    {
      // a tree walk: the create in the loop is reported once, not again at the recursive call that reaches it
      filename,
      code: `export async function walk(nodes: { id: string; name: string; children: any[] }[]): Promise<void> {\n  for (const node of nodes) {\n    await prisma.tag.create({ data: { id: node.id, name: node.name } });\n    await walk(node.children);\n  }\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 3, column: 22, data: read("create", "Tag", "for…of loop over nodes", "createMany") }],
    },
    {
      // the twin: the query is outside the loop, so the recursion is what repeats it
      filename,
      code: `export async function walk(nodes: { id: string; name: string; children: any[] }[]): Promise<void> {\n  await prisma.tag.createMany({ data: nodes.map((node) => ({ id: node.id, name: node.name })) });\n  for (const node of nodes) await walk(node.children);\n}` + db,
      errors: [{ messageId: "callInLoop", line: 3, column: 35, data: { callee: "walk", ...read("createMany", "Tag", "for…of loop over nodes", "createMany") } }],
    },
    {
      // the twin of the probe: a key read from a list is one query per element
      filename,
      code: `export async function f(emails: string[]) { let i = 0; while (i < emails.length) await prisma.account.findUnique({ where: { email: emails[i++] } }); }` + db,
      errors: [{ messageId: "readInLoop", line: 1, column: 103, data: read("findUnique", "Account", "while loop") }],
    },
    {
      // in a cron job too, the same query on every turn is waste: read it once before the loop
      filename,
      code: `cron.schedule("0 * * * *", async () => {\n  const tags = await prisma.tag.findMany({ take: 500 });\n  for (const tag of tags) await prisma.account.findFirst();\n});` + cron + db,
      errors: [{ messageId: "readInLoop", line: 3, column: 48, data: read("findFirst", "Account", "for…of loop over tags", "findMany") }],
    },
    {
      // the twin of the batch: one row per turn
      filename,
      code: `export async function f(ids: string[]) { for (const id of ids) await prisma.tag.deleteMany({ where: { id: { in: [id] } } }); }` + db,
      errors: [{ messageId: "writeInLoop", line: 1, column: 81, data: read("deleteMany", "Tag", "for…of loop over ids", "deleteMany") }],
    },
    {
      // the twin of the page: every row
      filename,
      code: `export async function f() { const tags = await prisma.tag.findMany(); for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } }); }` + db,
      errors: [{ messageId: "writeInLoop", line: 1, column: 112, data: read("update", "Tag", "for…of loop over tags", "updateMany") }],
    },
    {
      // a local list filled at run time is data
      filename,
      code: `export async function f(input: string[]) { const names: string[] = []; names.push(...input); for (const name of names) await prisma.tag.count({ where: { name } }); }` + db,
      errors: [{ messageId: "readInLoop", line: 1, column: 137, data: read("count", "Tag", "for…of loop over names", "groupBy") }],
    },
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
      // a $transaction built by map is still one query per element (the same value for every row: one updateMany)
      filename,
      code: `export function f(rows: { id: string; name: string }[]) {\n  return prisma.$transaction(rows.map((row) => prisma.tag.update({ where: { id: row.id }, data: { name: "x" } })));\n}` + db,
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
    {
      // the twin: the same bulk action behind no admin gate
      filename,
      code: `router.post("/invites", authenticate, async (req) => {\n  for (const email of req.body.emails) await prisma.tag.create({ data: { name: email } });\n});` + db,
      errors: [{ messageId: "writeInLoop", line: 2, column: 57, data: read("create", "Tag", "for…of loop over req.body.emails", "createMany") }],
    },
    {
      // the twin: every case writes the same table, so one updateMany per kind would do
      filename,
      code: `export function f(sources: { type: "a" | "b"; id: string }[]) {\n  return Promise.all(sources.map((s) => {\n    switch (s.type) {\n      case "a": return prisma.tag.update({ where: { id: s.id }, data: { name: "a" } });\n      case "b": return prisma.tag.update({ where: { id: s.id }, data: { name: "b" } });\n    }\n  }));\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 4, column: 35, data: read("update", "Tag", "sources.map callback", "updateMany") }, { messageId: "writeInLoop", line: 5, column: 35, data: read("update", "Tag", "sources.map callback", "updateMany") }],
    },
    {
      // the twin: the email is not awaited, so the loop's cost is its one create per element
      filename,
      code: `export async function f(users: { id: string; email: string }[]) {\n  for (const user of users) {\n    void mailer.sendMail({ to: user.email });\n    await prisma.tag.create({ data: { name: user.id } });\n  }\n}\ndeclare const mailer: { sendMail(message: object): Promise<void> };` + db,
      errors: [{ messageId: "writeInLoop", line: 4, column: 22, data: read("create", "Tag", "for…of loop over users", "createMany") }],
    },
    {
      // beside an email per element, a query that reads nothing of the element still moves out of the loop
      filename,
      code: `export async function f(users: { id: string; email: string }[]) {\n  for (const user of users) {\n    await mailer.sendMail({ to: user.email });\n    await prisma.account.findFirst();\n  }\n}\ndeclare const mailer: { sendMail(message: object): Promise<void> };` + db,
      errors: [{ messageId: "readInLoop", line: 4, column: 26, data: read("findFirst", "Account", "for…of loop over users") }],
    },
    {
      // the twin: another caller passes 500, so the helper's page is not a small batch
      filename,
      code: `function pending(source?: string, limit = 10) {\n  return prisma.tag.findMany({ where: { name: source }, take: limit });\n}\nexport async function other() {\n  return pending("x", 500);\n}\nexport async function f() {\n  const tags = await pending(undefined, 10);\n  for (const tag of tags) await prisma.tag.update({ where: { id: tag.id }, data: { name: "x" } });\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 9, column: 44, data: read("update", "Tag", "for…of loop over tags", "updateMany") }],
    },
    {
      // the twin: fifty attempts are not a retry loop the rule can tell from a walk
      filename,
      code: `export async function withRetry(maxRetries = 50) {\n  let attempt = 1;\n  while (attempt <= maxRetries) {\n    try { return await prisma.tag.findMany(); } catch { attempt++; }\n  }\n}` + db,
      errors: [{ messageId: "readInLoop", line: 4, column: 35, data: read("findMany", "Tag", "while loop") }],
    },
    {
      // a short inner loop (the schema caps `to` at five) inside a loop over data is reported against the outer loop
      filename,
      code: `const Send = z.object({ to: z.array(z.string()).max(5) });\napp.post("/send", async (req, res) => {\n  const { to } = Send.parse(req.body);\n  for (const team of req.body.teams) {\n    for (const email of to) await prisma.account.findFirst({ where: { email, name: team } });\n  }\n});` + zod + db,
      errors: [{ messageId: "readInLoop", line: 5, column: 50, data: read("findFirst", "Account", "for…of loop over req.body.teams") }],
    },
    {
      // the twin: a Boolean of the element splits the rows into two updateMany
      filename,
      code: `export function f(accounts: { id: string; status: string }[]) {\n  return Promise.all(accounts.map((a) => prisma.account.update({ where: { id: a.id }, data: { active: a.status === "ok" } })));\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 2, column: 57, data: read("update", "Account", "accounts.map callback", "updateMany") }],
    },
    {
      // the twin: a read by the keys one group holds is one read per group
      filename,
      code: `export async function f(groups: { name: string; tagIds: string[] }[]) {\n  for (const group of groups) await prisma.tag.findMany({ where: { id: { in: group.tagIds.map(String) } } });\n}` + db,
      errors: [{ messageId: "readInLoop", line: 2, column: 48, data: read("findMany", "Tag", "for…of loop over groups") }],
    },
    {
      // the twin: the same value for every element, one updateMany with \`in\` would do
      filename,
      code: `export function f(ids: string[]) {\n  return prisma.$transaction(ids.map((id) => prisma.tag.updateMany({ where: { id }, data: { name: "x" } })));\n}` + db,
      errors: [{ messageId: "writeInLoop", line: 2, column: 57, data: read("updateMany", "Tag", "ids.map callback", "updateMany") }],
    },
  ],
});
