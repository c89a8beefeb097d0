import path from "node:path";
import { eslintRule, filename, projectDir, ruleTester } from "./rule-tester.js";

const db = `\nimport { prisma } from "./db.js";`;
const zod = `\nimport { z } from "zod";`;
const max = (model: string) => ({ model, max: 100 });
const cron = `\nimport cron from "node-cron";`;
const jobFile = path.join(projectDir, "src/jobs/purge.ts");
/** A file of `test/projects/reference-data`: models only a migration, the seed or an ignored script create, beside their twins. */
const referenceFile = path.join(projectDir, "../reference-data/src/file.ts");

ruleTester.run("require-bounded-list", eslintRule("require-bounded-list"), {
  valid: [
    // reference data: rows only a migration (`INSERT INTO "Category"`), the seed or an ignored script create
    { filename: referenceFile, code: `export const categories = () => prisma.category.findMany();` + db },
    { filename: referenceFile, code: `export const settings = () => prisma.setting.findMany();` + db },
    { filename: referenceFile, code: `export const plans = () => prisma.plan.findMany();` + db },
    // only the first row leaves, not the list: an index, a destructured first element
    { filename, code: `export async function first() { const rows = await prisma.tag.findMany(); return rows[0]; }` + db },
    { filename, code: `export async function first() { const [row] = await prisma.tag.findMany(); return row; }` + db },
    // every create is refused past a count (`if (feeds >= MAX_FEEDS) throw`): a list's feeds stay under the cap
    { filename: referenceFile, code: `export const feeds = (listId: string) => prisma.feed.findMany({ where: { listId } });` + db },
    { filename, code: `prisma.tag.findMany({ take: 50 });` + db },
    { filename, code: `prisma.tag.findMany({ take: -100 });` + db },
    // a page size from the request, clamped
    { filename, code: `app.get("/tags", (req) => prisma.tag.findMany({ take: Math.min(Number(req.query.limit), 100) }));` + db },
    { filename, code: `app.get("/tags", (req) => { const limit = Number(req.query.limit ?? 20); return prisma.tag.findMany({ take: limit > 100 ? 100 : limit }); });` + db },
    { filename, code: `app.get("/tags", (req) => { const limit = Math.min(Number(req.query.limit), 100); return prisma.tag.findMany({ take: limit + 1 }); });` + db },
    // a schema with .max() parsed from the query
    {
      filename,
      code: `const Page = z.object({ limit: z.coerce.number().int().max(100).default(20) });\napp.get("/tags", (req) => prisma.tag.findMany({ take: Page.parse(req.query).limit }));` + zod + db,
    },
    {
      filename,
      code: `const Base = z.object({ limit: z.coerce.number().max(50) });\nconst Query = Base.extend({ q: z.string() });\nexport function list(page: { limit: number }) { return prisma.tag.findMany({ take: page.limit }); }\napp.get("/tags", (req) => list(Query.parse(req.query)));` + zod + db,
    },
    // a page size the engine cannot trace is not a finding
    { filename, code: `export function page(take: number) { return prisma.tag.findMany({ take }); }` + db },
    // a default parameter, when every caller leaves it out
    { filename, code: `function page(take = 30) { return prisma.tag.findMany({ take }); }\npage();` + db },
    // one row per listed key
    { filename, code: `export function byIds(ids: string[]) { return prisma.tag.findMany({ where: { id: { in: ids } } }); }` + db },
    { filename, code: `prisma.tag.findFirst();` + db },
    { filename, code: `prisma.tag.findMany({ take: 500 });` + db, options: [{ max: 1000, allowPaths: [], allowLayers: [], requestSources: [] }] },
    // a literal take is a bound its author chose: the maximum applies only when the project sets one
    { filename, code: `prisma.tag.findMany({ take: 1000 });` + db },
    { filename, code: `app.get("/tags", (req) => prisma.tag.findMany({ take: Math.min(Number(req.query.limit), 1000) }));` + db },
    { filename, code: `prisma.tag.findMany();` + db, options: [{ max: 100, allowPaths: ["src/*.ts"], allowLayers: [], requestSources: [] }] },
    {
      filename: path.join(projectDir, "src/repositories/export-job.ts"),
      code: `prisma.tag.findMany();` + db,
      options: [{ max: 100, allowPaths: [], allowLayers: ["repositories"], requestSources: [] }],
    },
    // one row per key: every field of a compound unique is given (`@@unique([deviceId, itemId])`)
    { filename, code: `export function favorites(deviceId: string, ids: string[]) { return prisma.favorite.findMany({ where: { deviceId, itemId: { in: ids } } }); }` + db },
    // one row per listed key: distinct on the field given `in` keys
    { filename, code: `export function latest(ids: string[]) { return prisma.favorite.findMany({ where: { itemId: { in: ids } }, distinct: ["itemId"] }); }` + db },
    // keys only: the rows feed a next step, not a page a caller reads (counted unknown)
    { filename, code: `export function itemIds(deviceId: string) { return prisma.favorite.findMany({ where: { deviceId }, select: { itemId: true } }); }` + db },
    // not a request path: a job's folder, a cron callback, a @Cron method, a function only a worker calls
    { filename: jobFile, code: `export function purgeAll() { return prisma.tag.findMany(); }` + db },
    { filename, code: `cron.schedule("0 * * * *", async () => {\n  await prisma.tag.findMany();\n});` + cron + db },
    { filename, code: `class Jobs {\n  @Cron("0 * * * *")\n  async purge() { return prisma.tag.findMany(); }\n}` + db },
    { filename, code: `async function expired() { return prisma.tag.findMany(); }\nnew Worker("purge", async () => { await expired(); });` + db },
    // only administrators reach it: the page size is the admin's to choose (a gate given the admin role, an admin branch)
    { filename, code: `declare function userHasPermission(role: string): unknown;\nasync function GET(req) { return prisma.tag.findMany({ take: Number(req.query.take) }); }\nexport const operations = { GET: [authenticate, userHasPermission("admin"), GET] };` + db },
    { filename, code: `app.get("/tags", async (req) => {\n  if (req.user.isAdmin) {\n    return prisma.tag.findMany({ take: Number(req.query.limit) });\n  }\n  return [];\n});` + db },
    // rows that never reach the caller: mapped to keys for the next query, iterated for per-row work, given to a function whose result is dropped
    {
      filename,
      code: `app.get("/tags/:id/items", async (req, res) => {\n  const tags = await prisma.tag.findMany({ where: { name: req.params.id } });\n  res.json(await prisma.favorite.findMany({ where: { itemId: { in: tags.map((tag) => tag.id) } }, take: 50 }));\n});` + db,
    },
    {
      filename,
      code: `app.delete("/tags", async (req, res) => {\n  const tags = await prisma.tag.findMany({ where: { name: req.body.name } });\n  for (const tag of tags) await removeFromIndex(tag.id);\n  if (tags.length === 0) return res.sendStatus(404);\n  res.sendStatus(204);\n});` + db,
    },
    {
      filename,
      code: `async function notifyAll(name: string) {\n  const [tags, count] = await Promise.all([prisma.tag.findMany({ where: { name } }), prisma.tag.count()]);\n  await sendMail(tags);\n  return count;\n}\napp.post("/notify", async (req, res) => res.json(await notifyAll(req.body.name)));` + db,
    },
  ],
  invalid: [
    {
      // the twin: the rows are returned, and the route sends what the helper returns
      filename,
      code: `async function byName(name: string) {\n  const tags = await prisma.tag.findMany({ where: { name } });\n  return tags.map((tag) => ({ id: tag.id }));\n}\napp.get("/tags", async (req, res) => res.json(await byName(req.query.name)));` + db,
      errors: [{ messageId: "missingTake", line: 2, column: 33, data: max("Tag") }],
    },
    {
      // the twin: rows collected one by one into a list the route sends
      filename,
      code: `app.get("/tags", async (req, res) => {\n  const out = [];\n  for (const tag of await prisma.tag.findMany()) out.push({ name: tag.name });\n  res.json(out);\n});` + db,
      errors: [{ messageId: "missingTake", line: 3, column: 38, data: max("Tag") }],
    },
    {
      // the twin: every row loaded to count it, and the count sent (a count query's work)
      filename,
      code: `app.get("/tags/count", async (req, res) => {\n  const tags = await prisma.tag.findMany({ where: { name: req.query.name } });\n  res.json({ result: tags.length });\n});` + db,
      errors: [{ messageId: "missingTake", line: 2, column: 33, data: max("Tag") }],
    },
    {
      // the twin: an aggregate computed in memory over every row (a groupBy's work)
      filename,
      code: `app.get("/tags/total", async (req, res) => {\n  let total = 0;\n  for (const tag of await prisma.tag.findMany()) total += tag.name.length;\n  res.json({ total });\n});` + db,
      errors: [{ messageId: "missingTake", line: 3, column: 38, data: max("Tag") }],
    },
    {
      // the twin: the compound unique is only half given, so every favorite of the device comes back
      filename,
      code: `export function favorites(deviceId: string) { return prisma.favorite.findMany({ where: { deviceId } }); }` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 70, data: max("Favorite") }],
    },
    {
      filename,
      code: `export function latest(ids: string[]) { return prisma.favorite.findMany({ where: { itemId: { in: ids } } }); }` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 64, data: max("Favorite") }],
    },
    {
      // a relation beside the keys: rows a caller reads
      filename,
      code: `export function items(deviceId: string) { return prisma.favorite.findMany({ where: { deviceId }, select: { itemId: true, item: true } }); }` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 66, data: max("Favorite") }],
    },
    {
      // the same function, called from a route as well as from the worker
      filename,
      code: `async function expired() { return prisma.tag.findMany(); }\nnew Worker("purge", async () => { await expired(); });\napp.get("/tags", async () => expired());` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 46, data: max("Tag") }],
    },
    {
      // an undecorated method of the same class is not scheduled
      filename,
      code: `class Jobs {\n  async purge() { return prisma.tag.findMany(); }\n}` + db,
      errors: [{ messageId: "missingTake", line: 2, column: 37, data: max("Tag") }],
    },

    { filename, code: `export const tags = () => prisma.tag.findMany();` + db, errors: [{ messageId: "missingTake", line: 1, column: 38, data: max("Tag") }] },
    // the twins of reference data: seeded but also created by a request (src/labels.ts), created by no code at all, seeded but owned by a user
    { filename: referenceFile, code: `export const labels = () => prisma.label.findMany();` + db, errors: [{ messageId: "missingTake", line: 1, column: 42, data: max("Label") }] },
    { filename: referenceFile, code: `export const cities = () => prisma.city.findMany();` + db, errors: [{ messageId: "missingTake", line: 1, column: 41, data: max("City") }] },
    { filename: referenceFile, code: `export const members = () => prisma.member.findMany();` + db, errors: [{ messageId: "missingTake", line: 1, column: 44, data: max("Member") }] },
    // the twin of the first row: the rest of the list leaves with it
    {
      filename,
      code: `export async function rest() { const [row, ...others] = await prisma.tag.findMany(); return { row, others }; }` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 74, data: max("Tag") }],
    },
    // the twin of the capped list: the count check runs for free lists only, so a pro list grows without a cap
    {
      filename: referenceFile,
      code: `export const drafts = (listId: string) => prisma.draft.findMany({ where: { listId } });` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 56, data: max("Draft") }],
    },
    {
      filename,
      code: `export const tags = () => prisma.tag.findMany({ where: { name: "a" }, orderBy: { name: "asc" } });` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 38, data: max("Tag") }],
    },
    {
      // missing on one path
      filename,
      code: `export function list(all: boolean) { return prisma.tag.findMany(all ? {} : { take: 10 }); }` + db,
      errors: [{ messageId: "missingTake", line: 1, column: 56, data: max("Tag") }],
    },
    {
      filename,
      code: `app.get("/tags", (req) => prisma.tag.findMany({ take: Number(req.query.limit) }));` + db,
      errors: [{ messageId: "takeFromRequest", line: 1, column: 49, data: { ...max("Tag"), source: "Number(req.query.limit)" } }],
    },
    {
      // through a helper's parameter, from the route that calls it
      filename,
      code: `function page(take: number) {\n  return prisma.tag.findMany({ take });\n}\napp.get("/tags", (req) => page(req.query.limit));` + db,
      errors: [{ messageId: "takeFromRequest", line: 2, column: 32, data: { ...max("Tag"), source: "req.query.limit" } }],
    },
    {
      // a schema without .max()
      filename,
      code: `const Page = z.object({ limit: z.coerce.number().int().min(1) });\napp.get("/tags", (req) => prisma.tag.findMany({ take: Page.parse(req.query).limit }));` + zod + db,
      errors: [{ messageId: "takeFromRequest", line: 2, column: 49, data: { ...max("Tag"), source: "Page.parse(req.query).limit" } }],
    },
    {
      // the twin of the literal take: with a maximum set, a larger literal is reported
      filename,
      code: `export const tags = () => prisma.tag.findMany({ take: 1000 });` + db,
      options: [{ max: 100, allowPaths: [], allowLayers: [], requestSources: [] }],
      errors: [{ messageId: "takeTooLarge", line: 1, column: 49, data: { ...max("Tag"), value: 1000 } }],
    },
    {
      filename,
      code: `export const tags = () => prisma.tag.findMany({ take: 500 });` + db,
      options: [{ max: 200, allowPaths: [], allowLayers: [], requestSources: [] }],
      errors: [{ messageId: "takeTooLarge", line: 1, column: 49, data: { model: "Tag", max: 200, value: 500 } }],
    },
    {
      filename,
      code: `export const tags = () => prisma.tag.findMany();` + db,
      options: [{ max: 100, allowPaths: ["src/jobs/**"], allowLayers: ["repositories"], requestSources: [] }],
      errors: [{ messageId: "missingTake", line: 1, column: 38, data: max("Tag") }],
    },
    {
      // the twin of the admin's page size: an admin list with no page at all is the whole table for the admin too
      filename,
      code: `declare function userHasPermission(role: string): unknown;\nasync function GET() { return prisma.tag.findMany(); }\nexport const operations = { GET: [authenticate, userHasPermission("admin"), GET] };` + db,
      errors: [{ messageId: "missingTake", line: 2, column: 42, data: max("Tag") }],
    },
    {
      // a page size from the request after an admin check that does not stop the request: every caller chooses it
      filename,
      code: `app.get("/tags", async (req) => {\n  if (req.user.isAdmin) console.log("admin");\n  return prisma.tag.findMany({ take: Number(req.query.limit) });\n});` + db,
      errors: [{ messageId: "takeFromRequest", line: 3, column: 32, data: { ...max("Tag"), source: "Number(req.query.limit)" } }],
    },
    {
      // the twin: a gate given another role lets every artist list the whole table
      filename,
      code: `declare function userHasPermission(role: string): unknown;\nasync function GET() { return prisma.tag.findMany(); }\nexport const operations = { GET: [authenticate, userHasPermission("artist"), GET] };` + db,
      errors: [{ messageId: "missingTake", line: 2, column: 42, data: max("Tag") }],
    },
    {
      // an admin check that does not stop the request
      filename,
      code: `app.get("/tags", async (req) => {\n  if (req.user.isAdmin) console.log("admin");\n  return prisma.tag.findMany();\n});` + db,
      errors: [{ messageId: "missingTake", line: 3, column: 21, data: max("Tag") }],
    },
  ],
});
