import { describe, expect, it } from "vitest";
import { cappedByCount, isReferenceData, rowOrigin } from "../../src/analysis/model-writes.js";
import { querySitesIn } from "../engine/helpers.js";

const SCHEMA = `datasource db {\n  provider = "postgresql"\n}\nmodel User {\n  id String @id\n  posts Post[]\n}\nmodel Post {\n  id String @id\n  userId String\n  user User @relation(fields: [userId], references: [id])\n  tags Tag[]\n}\nmodel Tag {\n  id String @id\n  name String\n  post Post? @relation(fields: [postId], references: [id])\n  postId String?\n}\nmodel Category {\n  id String @id\n  name String\n}\n`;

const query = `import { prisma } from "../db.js";\n`;
/** A route that lists every model, so the project has a file to ask from. */
const lists = `${query}export const all = () => [prisma.category.findMany(), prisma.tag.findMany(), prisma.post.findMany()];\n`;

function originsOf(files: Record<string, string>): Record<string, string> {
  const { analysis } = querySitesIn(SCHEMA, { "src/routes/lists.ts": lists, ...files }, "src/routes/lists.ts");
  return Object.fromEntries([...analysis.schema.models.values()].map((model) => [model.name, rowOrigin(analysis, model)]));
}

describe("model writes", () => {
  it("knows rows a migration inserts, and rows nothing creates", () => {
    const origins = originsOf({ "prisma/migrations/0001_init/migration.sql": `INSERT INTO "Category" ("id", "name") VALUES ('a', 'A');\n` });
    expect(origins).toMatchObject({ Category: "curated", Tag: "unknown", Post: "unknown" });
  });

  it("reads the seed beside the schema and ignored scripts as outside requests", () => {
    const origins = originsOf({
      "prisma/seed.ts": `import { PrismaClient } from "@prisma/client";\nconst prisma = new PrismaClient();\nprisma.tag.upsert({ where: { id: "a" }, update: {}, create: { id: "a", name: "A" } });\n`,
      "src/scripts/sync.ts": `${query}export const sync = () => prisma.category.createMany({ data: [] });\n`,
    });
    expect(origins).toMatchObject({ Tag: "curated", Category: "curated" });
  });

  it("counts a create in checked code as a request's, through a transaction and a nested relation write", () => {
    const origins = originsOf({
      "prisma/seed.ts": `prisma.tag.create({ data: { id: "a", name: "A" } });\nprisma.category.create({ data: { id: "a", name: "A" } });\n`,
      "src/services/posts.ts": `${query}export const add = (userId: string) => prisma.$transaction((tx: any) => tx.post.create({ data: { id: "p", userId, tags: { create: [{ id: "t", name: "T" }] } } }));\n`,
      "src/services/categories.ts": `${query}export const add = (db: any) => db.category.upsert({ where: { id: "c" }, update: {}, create: { id: "c", name: "C" } });\n`,
    });
    expect(origins).toMatchObject({ Tag: "request", Category: "request", Post: "request" });
  });

  it("counts a raw insert in checked code as a request's", () => {
    const origins = originsOf({
      "prisma/seed.ts": `prisma.category.create({ data: { id: "a", name: "A" } });\n`,
      "src/services/raw.ts": `${query}export const add = () => prisma.$executeRaw\`INSERT INTO "Category" (id, name) VALUES ('b', 'B')\`;\n`,
    });
    expect(origins).toMatchObject({ Category: "request" });
  });

  it("never calls owned or identity rows reference data", () => {
    const { analysis } = querySitesIn(
      SCHEMA,
      { "src/routes/lists.ts": lists, "prisma/seed.ts": `prisma.post.create({ data: {} });\nprisma.user.create({ data: {} });\nprisma.category.create({ data: {} });\n` },
      "src/routes/lists.ts",
    );
    const model = (name: string) => analysis.schema.models.get(name)!;
    expect(rowOrigin(analysis, model("Post"))).toBe("curated");
    expect(isReferenceData(analysis, model("Post"))).toBe(false);
    expect(isReferenceData(analysis, model("Category"))).toBe(true);
  });

  it("knows creates refused past a count, on every path to the create", () => {
    const capped = `${query}export async function add(postId: string) {\n  const n = await prisma.tag.count({ where: { postId } });\n  if (n >= 10) throw new Error("full");\n  return prisma.tag.create({ data: { id: "t", name: "T", postId } });\n}\n`;
    const sometimes = `${query}export async function add(pro: boolean) {\n  if (!pro) {\n    const n = await prisma.category.count();\n    if (n >= 3) return null;\n  }\n  return prisma.category.create({ data: { id: "c", name: "C" } });\n}\n`;
    const { analysis } = querySitesIn(SCHEMA, { "src/routes/lists.ts": lists, "src/services/tags.ts": capped, "src/services/categories.ts": sometimes }, "src/routes/lists.ts");
    const model = (name: string) => analysis.schema.models.get(name)!;
    expect(cappedByCount(analysis, model("Tag"))).toBe(true);
    expect(cappedByCount(analysis, model("Category"))).toBe(false);
    expect(cappedByCount(analysis, model("Post"))).toBe(false);
  });
});
