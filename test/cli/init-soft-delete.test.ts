/** Soft delete in the config `init` writes: only for the fields (and models) the code writes (exact inspections). */
import { describe, expect, it } from "vitest";
import { inspectProject } from "../../src/cli/init/inspect.js";
import { renderConfig } from "../../src/cli/init/render.js";
import { inspectSchema } from "../../src/cli/init/schema-inspection.js";
import { inspectSoftDelete, scanSoftDeleteWrites } from "../../src/cli/init/soft-delete-writes.js";
import { loadPrismaSchema } from "../../src/schema/index.js";
import { DATASOURCE, project, writeFile } from "../schema/helpers.js";

/** A project with `prisma/schema.prisma` and the given source files. */
function withSchema(models: string, files: Record<string, string>) {
  const root = project(files);
  const schema = loadPrismaSchema([writeFile(root, "prisma/schema.prisma", `${DATASOURCE}\n${models}`)], { fields: [], models: {} });
  return { root, schema, candidates: inspectSchema(schema).softDeleteFields };
}

async function inspect(models: string, files: Record<string, string>) {
  const { root, schema, candidates } = withSchema(models, files);
  return inspectSoftDelete(root, schema, candidates);
}

/** The soft-delete part of the config init writes: from after `prismaSchema` to before `ownership`. */
async function renderedSoftDelete(models: string, files: Record<string, string>): Promise<string> {
  const { root } = withSchema(models, files);
  const text = renderConfig(await inspectProject(root), "esm");
  return text.slice(text.indexOf("\n", text.indexOf("  prismaSchema:")) + 2, text.indexOf("\n  ownership: {"));
}

const EVERY_MODEL_HAS_DELETED_AT = `
model Post {
  id        String    @id
  deletedAt DateTime?
}

model Comment {
  id        String    @id
  deletedAt DateTime?
}
`;

/** Reads that filter, select and order by deletedAt: none of them writes it. */
const READS_ONLY = `
export const live = { deletedAt: null };
export function list(prisma: any) {
  return prisma.post.findMany({ where: { deletedAt: null }, select: { id: true, deletedAt: true }, orderBy: { deletedAt: "desc" } });
}
export function trash(prisma: any) {
  return prisma.comment.findMany({ where: { deletedAt: { not: null } } });
}
`;

describe("a column every model has and no code writes", () => {
  it("is no soft delete, and is listed as never written", async () => {
    expect(await inspect(EVERY_MODEL_HAS_DELETED_AT, { "src/posts.ts": READS_ONLY })).toStrictEqual({
      written: [],
      unqueried: [],
      neverWritten: [{ field: "deletedAt", models: ["Comment", "Post"] }],
      overrides: [],
    });
  });

  it("is turned off in the config, not left to the default deletedAt", async () => {
    expect(await renderedSoftDelete(EVERY_MODEL_HAS_DELETED_AT, { "src/posts.ts": READS_ONLY })).toBe(`  // Soft delete: the schema has nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt,
  // but no code sets one (to a date or true; tests and seeds aside), so no model is soft-deletable. List the
  // field here once the code soft-deletes rows.
  // In the schema, never written: deletedAt (Comment, Post).
  softDelete: { field: [] },
`);
  });

  it("is soft delete for every model with it once a write does not say which model (the valid twin)", async () => {
    const files = {
      "src/posts.ts": READS_ONLY,
      "src/soft-delete.ts": "export const softDelete = (repo: any, id: string) => repo.update(id, { deletedAt: new Date() });\n",
    };
    expect(await inspect(EVERY_MODEL_HAS_DELETED_AT, files)).toStrictEqual({
      written: [{ field: "deletedAt", models: ["Comment", "Post"], writtenAt: "src/soft-delete.ts:1" }],
      unqueried: [],
      neverWritten: [],
      overrides: [],
    });
    expect(await renderedSoftDelete(EVERY_MODEL_HAS_DELETED_AT, files)).toBe(`  softDelete: {
    // Soft-delete fields: nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt that the
    // code sets (to a date or true), most used first. A model with one is soft-deletable: reads must filter
    // deleted rows out, deletes must not delete.
    //   deletedAt: Comment, Post (set in src/soft-delete.ts:1)
    field: "deletedAt",
  },
`);
  });
});

const BOTH_FLAGS = `
model User {
  id        String    @id
  deletedAt DateTime?
}

model Post {
  id        String    @id
  deletedAt DateTime?
  isDeleted Boolean   @default(false)
}

model Comment {
  id        String    @id
  deletedAt DateTime?
  isDeleted Boolean   @default(false)
}
`;

describe("a project that writes isDeleted and never deletedAt", () => {
  const files = {
    "src/users.service.ts": "export const users = (prisma: any) => prisma.user.findMany({ where: { deletedAt: null } });\n",
    "src/posts.service.ts": [
      "export async function remove(prisma: any, id: string) {",
      "  await prisma.post.update({ where: { id, isDeleted: false }, data: { isDeleted: true } });",
      "  await prisma.comment.updateMany({ where: { postId: id }, data: { isDeleted: true } });",
      "}",
      "",
    ].join("\n"),
  };

  it("picks isDeleted, and lists deletedAt as never written", async () => {
    expect(await inspect(BOTH_FLAGS, files)).toStrictEqual({
      written: [{ field: "isDeleted", models: ["Comment", "Post"], writtenAt: "src/posts.service.ts:2" }],
      unqueried: [],
      neverWritten: [{ field: "deletedAt", models: ["Comment", "Post", "User"] }],
      overrides: [],
    });
  });

  it("writes isDeleted as the field", async () => {
    expect(await renderedSoftDelete(BOTH_FLAGS, files)).toBe(`  softDelete: {
    // Soft-delete fields: nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt that the
    // code sets (to a date or true), most used first. A model with one is soft-deletable: reads must filter
    // deleted rows out, deletes must not delete.
    //   isDeleted: Comment, Post (set in src/posts.service.ts:2)
    // In the schema, never written: deletedAt (Comment, Post, User).
    field: "isDeleted",
  },
`);
  });
});

describe("writes outside the API", () => {
  it("do not count in tests, seeds or scripts", async () => {
    const write = "export const f = (prisma: any) => prisma.post.update({ where: { id: '1' }, data: { deletedAt: new Date() } });\n";
    const found = await inspect(EVERY_MODEL_HAS_DELETED_AT, {
      "src/posts.service.test.ts": write,
      "src/posts.service.spec.ts": write,
      "src/__tests__/posts.ts": write,
      "test/posts.ts": write,
      "prisma/seed.ts": write,
      "prisma/seeds/posts.ts": write,
      "scripts/purge.ts": write,
      "src/posts.service.ts": READS_ONLY,
    });
    expect(found.written).toStrictEqual([]);
  });

  it("count in the service beside the test (the valid twin)", async () => {
    const write = "export const f = (prisma: any) => prisma.post.update({ where: { id: '1' }, data: { deletedAt: new Date() } });\n";
    const found = await inspect(EVERY_MODEL_HAS_DELETED_AT, {
      "src/posts.service.test.ts": write,
      "src/posts.service.ts": write,
      "src/reads.ts": READS_ONLY,
    });
    expect(found.written).toStrictEqual([{ field: "deletedAt", models: ["Post"], writtenAt: "src/posts.service.ts:1" }]);
  });
});

const OWNED = `
model User {
  id        String    @id
  deletedAt DateTime?
  posts     Post[]
}

model Post {
  id        String    @id
  authorId  String
  author    User      @relation(fields: [authorId], references: [id])
  deletedAt DateTime?
}

model Comment {
  id        String    @id
  deletedAt DateTime?
}

/// no code touches it
model Note {
  id        String    @id
  deletedAt DateTime?
}

model Audit {
  id        String  @id
  /// a String: not a flag
  deletedAt String?
  isDeleted Boolean @default(false)
}
`;

describe("writes tied to their model", () => {
  const files = {
    "src/users.repository.ts": [
      "export function removeUserPosts(prisma: any, id: string, now: Date) {",
      "  return prisma.user.update({ where: { id }, data: { posts: { updateMany: { where: {}, data: { deletedAt: now } } } } });",
      "}",
      "export const users = (prisma: any) => prisma.user.findMany({ where: { deletedAt: null } });",
      "export const comments = (prisma: any) => prisma.comment.findMany({ where: { deletedAt: null } });",
      "export const audit = (prisma: any, id: string) => prisma.audit.update({ where: { id }, data: { isDeleted: true } });",
      "",
    ].join("\n"),
  };

  it("enable the field only for the models written, and for those no code queries", async () => {
    expect(await inspect(OWNED, files)).toStrictEqual({
      written: [
        { field: "deletedAt", models: ["Note", "Post"], writtenAt: "src/users.repository.ts:2" },
        { field: "isDeleted", models: ["Audit"], writtenAt: "src/users.repository.ts:6" },
      ],
      unqueried: ["Note"],
      neverWritten: [{ field: "deletedAt", models: ["Comment", "User"] }],
      overrides: [
        { model: "User", value: false, field: "deletedAt", reason: "never-written" },
        { model: "Comment", value: false, field: "deletedAt", reason: "never-written" },
        { model: "Audit", value: "isDeleted", field: "deletedAt", reason: "not-a-flag" },
      ],
    });
  });

  it("say which models are off, and why", async () => {
    expect(await renderedSoftDelete(OWNED, files)).toBe(`  softDelete: {
    // Soft-delete fields: nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt that the
    // code sets (to a date or true), most used first. A model with one is soft-deletable: reads must filter
    // deleted rows out, deletes must not delete.
    //   deletedAt: Note, Post (set in src/users.repository.ts:2)
    //   isDeleted: Audit (set in src/users.repository.ts:6)
    // No code queries Note: taken as soft-deletable like the rest.
    // In the schema, never written: deletedAt (Comment, User).
    field: ["deletedAt", "isDeleted"],
    // Models the field list would give a field that is not their soft-delete flag: their own field, or false.
    models: {
      User: false, // the code never sets its deletedAt
      Comment: false, // the code never sets its deletedAt
      Audit: "isDeleted", // deletedAt is not a nullable DateTime or Boolean here
    },
  },
`);
  });
});

describe("what counts as setting a field", () => {
  const SCHEMA = `
model Post {
  id         String    @id
  deletedAt  DateTime?
  deleted_at DateTime?
  removedAt  DateTime?
  isDeleted  Boolean   @default(false)
  isRemoved  Boolean   @default(false)
}
`;

  it("a date for now or true, in a write, an assignment or a variable", async () => {
    const { root, schema } = withSchema(SCHEMA, {
      "src/writes.ts": [
        "import dayjs from 'dayjs';",
        "export async function f(prisma: any, row: any, id: string) {",
        "  await prisma.post.update({ where: { id }, data: { deletedAt: Date.now() } });",
        "  await prisma.post.update({ where: { id }, data: { deleted_at: dayjs().toDate() } });",
        "  row.removedAt = new Date().toISOString();",
        "  const isDeleted = true;",
        "  await prisma.post.updateMany({ data: [{ isDeleted }] as any });",
        "}",
        "",
      ].join("\n"),
    });
    expect(await scanSoftDeleteWrites(root, schema, ["deletedAt", "deleted_at", "removedAt", "isDeleted", "isRemoved"])).toStrictEqual({
      writes: [
        { field: "deletedAt", value: "date", model: "Post", at: "src/writes.ts:3" },
        { field: "deleted_at", value: "date", model: "Post", at: "src/writes.ts:4" },
        { field: "removedAt", value: "date", at: "src/writes.ts:5" },
        { field: "isDeleted", value: "true", model: "Post", at: "src/writes.ts:7" },
      ],
      queriedModels: ["Post"],
    });
  });

  it("not null, false, another value, or true under where/select (the invalid twins)", async () => {
    const { root, schema } = withSchema(SCHEMA, {
      "src/reads.ts": [
        "export async function f(prisma: any, row: any, id: string, when: Date) {",
        "  await prisma.post.update({ where: { id }, data: { deletedAt: null, isDeleted: false } });",
        "  await prisma.post.findMany({ where: { isRemoved: true }, select: { deleted_at: true } });",
        "  row.removedAt = when;",
        "  return { deletedAt: when };",
        "}",
        "export const postFilter = { isDeleted: true };",
        "",
      ].join("\n"),
    });
    expect(await scanSoftDeleteWrites(root, schema, ["deletedAt", "deleted_at", "removedAt", "isDeleted", "isRemoved"])).toStrictEqual({
      writes: [],
      queriedModels: ["Post"],
    });
  });
});

describe("a value of the wrong type for the field", () => {
  it("true in a select constant does not set a DateTime (the valid twin of a Boolean flag set to true)", async () => {
    const files = {
      "src/comments.ts":
        "export const commentSelect = { id: true, deletedAt: true };\nexport const list = (prisma: any) => prisma.comment.findMany({ select: { id: true, deletedAt: true } });\n",
      "src/posts.ts": "export const remove = (prisma: any, id: string) => prisma.post.update({ where: { id }, data: { deletedAt: new Date() } });\n",
    };
    expect(await inspect(EVERY_MODEL_HAS_DELETED_AT, files)).toStrictEqual({
      written: [{ field: "deletedAt", models: ["Post"], writtenAt: "src/posts.ts:1" }],
      unqueried: [],
      neverWritten: [{ field: "deletedAt", models: ["Comment"] }],
      overrides: [{ model: "Comment", value: false, field: "deletedAt", reason: "never-written" }],
    });
  });
});
