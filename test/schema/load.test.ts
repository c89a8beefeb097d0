import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { loadPrismaSchema, locateSchema, type SoftDeleteSettings } from "../../src/schema/index.js";
import { DATASOURCE, project, writeFile } from "./helpers.js";

const NO_SOFT_DELETE: SoftDeleteSettings = { fields: [], models: {} };
const DEFAULT_SOFT_DELETE: SoftDeleteSettings = { fields: ["deletedAt", "isDeleted"], models: {} };

const BLOG = `${DATASOURCE}
generator client {
  provider = "prisma-client-js"
  output   = "../src/generated/client"
}

model User {
  id        Int          @id @default(autoincrement())
  email     String       @unique
  role      Role         @default(USER)
  posts     Post[]
  profile   UserProfile?
  deletedAt DateTime?
  updatedAt DateTime     @updatedAt
}

model UserProfile {
  id     Int    @id @default(autoincrement())
  bio    String
  userId Int    @unique
  user   User   @relation(fields: [userId], references: [id])
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  authorId  Int
  author    User    @relation(fields: [authorId], references: [id])
  isDeleted Boolean @default(false)
  tags      Tag[]

  @@unique([authorId, title])
  @@index([authorId])
}

model Tag {
  id    Int    @id
  name  String
  slug  String
  posts Post[]

  @@unique([name, slug])
}

model Membership {
  userId Int
  teamId Int

  @@id([userId, teamId])
}

enum Role {
  USER
  ADMIN @map("admin")
}
`;

function loadBlog(softDelete: SoftDeleteSettings = NO_SOFT_DELETE) {
  const root = project({ "prisma/schema.prisma": BLOG });
  return { root, schema: loadPrismaSchema(locateSchema(root), softDelete) };
}

describe("models and fields", () => {
  it("lists the models with their client delegates", () => {
    const { schema } = loadBlog();
    expect([...schema.models.keys()]).toEqual(["User", "UserProfile", "Post", "Tag", "Membership"]);
    expect(schema.models.get("UserProfile")?.delegate).toBe("userProfile");
    expect(schema.modelByDelegate("userProfile")?.name).toBe("UserProfile");
    expect(schema.modelByDelegate("post")?.name).toBe("Post");
    expect(schema.modelByDelegate("Post")).toBeUndefined();
  });

  it("describes scalar, enum and updatedAt fields", () => {
    const user = loadBlog().schema.models.get("User")!;
    expect(user.fields.get("id")).toEqual({
      name: "id",
      type: "Int",
      kind: "scalar",
      isList: false,
      isRequired: true,
      isId: true,
      isUnique: false,
      hasDefault: true,
      isUpdatedAt: false,
    });
    expect(user.fields.get("role")).toMatchObject({ kind: "enum", type: "Role", hasDefault: true });
    expect(user.fields.get("deletedAt")).toMatchObject({ type: "DateTime", isRequired: false, hasDefault: false });
    expect(user.fields.get("updatedAt")).toMatchObject({ isUpdatedAt: true });
  });

  it("collects id fields and unique criteria, single and compound", () => {
    const { models } = loadBlog().schema;
    expect(models.get("User")).toMatchObject({ idFields: ["id"], uniqueFields: [["email"]] });
    expect(models.get("Post")).toMatchObject({ idFields: ["id"], uniqueFields: [["authorId", "title"]] });
    expect(models.get("Tag")).toMatchObject({ idFields: ["id"], uniqueFields: [["name", "slug"]] });
    expect(models.get("Membership")).toMatchObject({ idFields: ["userId", "teamId"], uniqueFields: [] });
  });

  it("keeps the raw indexes", () => {
    const { indexes } = loadBlog().schema;
    expect(indexes).toContainEqual({
      model: "Post",
      type: "normal",
      isDefinedOnField: false,
      fields: [{ name: "authorId" }],
    });
    expect(indexes.filter((index) => index.model === "Post").map((index) => index.type).sort()).toEqual([
      "id",
      "normal",
      "unique",
    ]);
  });

  it("resolves generator outputs relative to the schema file", () => {
    const { root, schema } = loadBlog();
    expect(schema.generatorOutputs).toEqual([path.join(root, "src/generated/client")]);
    expect(schema.files).toEqual([path.join(root, "prisma/schema.prisma")]);
  });
});

describe("relations", () => {
  it("marks the side that holds the foreign key of a one-to-many relation", () => {
    const { models } = loadBlog().schema;
    expect(models.get("Post")!.fields.get("author")).toMatchObject({
      kind: "object",
      type: "User",
      relation: {
        model: "User",
        toMany: false,
        fromFields: ["authorId"],
        toFields: ["id"],
        name: "PostToUser",
        inverseField: "posts",
      },
    });
    expect(models.get("User")!.fields.get("posts")!.relation).toEqual({
      model: "Post",
      toMany: true,
      fromFields: [],
      toFields: [],
      name: "PostToUser",
      inverseField: "author",
    });
  });

  it("describes a one-to-one relation from both sides", () => {
    const { models } = loadBlog().schema;
    expect(models.get("User")!.fields.get("profile")).toMatchObject({
      isRequired: false,
      relation: { model: "UserProfile", toMany: false, fromFields: [], inverseField: "user" },
    });
    expect(models.get("UserProfile")!.fields.get("user")!.relation).toMatchObject({
      model: "User",
      toMany: false,
      fromFields: ["userId"],
      toFields: ["id"],
    });
  });

  it("describes an implicit many-to-many relation as to-many on both sides", () => {
    const { models } = loadBlog().schema;
    expect(models.get("Post")!.fields.get("tags")!.relation).toMatchObject({
      model: "Tag",
      toMany: true,
      fromFields: [],
      inverseField: "posts",
    });
    expect(models.get("Tag")!.fields.get("posts")!.relation).toMatchObject({ model: "Post", toMany: true });
  });

  it("pairs the two fields of a self-relation", () => {
    const root = project({
      "schema.prisma": `${DATASOURCE}
model Employee {
  id        Int        @id
  managerId Int?
  manager   Employee?  @relation("Reports", fields: [managerId], references: [id])
  reports   Employee[] @relation("Reports")
}
`,
    });
    const employee = loadPrismaSchema(locateSchema(root), NO_SOFT_DELETE).models.get("Employee")!;
    expect(employee.fields.get("manager")!.relation).toMatchObject({ name: "Reports", inverseField: "reports" });
    expect(employee.fields.get("reports")!.relation).toMatchObject({ name: "Reports", inverseField: "manager" });
  });
});

describe("enums", () => {
  it("lists enum values by their Prisma names, not their database names", () => {
    expect(loadBlog().schema.enums.get("Role")).toEqual({ name: "Role", values: ["USER", "ADMIN"] });
  });
});

describe("soft delete", () => {
  it("uses a nullable deletedAt timestamp with live value null", () => {
    const { models } = loadBlog(DEFAULT_SOFT_DELETE).schema;
    expect(models.get("User")!.softDelete).toEqual({ field: "deletedAt", live: null });
  });

  it("uses a Boolean isDeleted flag with live value false", () => {
    const { models } = loadBlog(DEFAULT_SOFT_DELETE).schema;
    expect(models.get("Post")!.softDelete).toEqual({ field: "isDeleted", live: false });
  });

  it("leaves models without a candidate field alone", () => {
    const { models } = loadBlog(DEFAULT_SOFT_DELETE).schema;
    expect(models.get("Tag")!.softDelete).toBeUndefined();
    expect(models.get("UserProfile")).not.toHaveProperty("softDelete");
  });

  it("tries the candidate fields in order", () => {
    const root = project({
      "schema.prisma": `${DATASOURCE}
model Note {
  id        Int       @id
  deletedAt DateTime?
  archived  Boolean   @default(false)
}
`,
    });
    const files = locateSchema(root);
    const archivedFirst = loadPrismaSchema(files, { fields: ["archived", "deletedAt"], models: {} });
    expect(archivedFirst.models.get("Note")!.softDelete).toEqual({ field: "archived", live: false });
    const deletedAtFirst = loadPrismaSchema(files, { fields: ["deletedAt", "archived"], models: {} });
    expect(deletedAtFirst.models.get("Note")!.softDelete).toEqual({ field: "deletedAt", live: null });
  });

  it("takes a per-model field and live value from the settings", () => {
    const { models } = loadBlog({
      fields: ["deletedAt"],
      models: { Post: { field: "isDeleted" }, UserProfile: { field: "bio", live: true } },
    }).schema;
    expect(models.get("Post")!.softDelete).toEqual({ field: "isDeleted", live: false });
    expect(models.get("UserProfile")!.softDelete).toEqual({ field: "bio", live: true });
    expect(models.get("User")!.softDelete).toEqual({ field: "deletedAt", live: null });
  });

  it("turns soft delete off for a model set to false", () => {
    const { models } = loadBlog({ fields: ["deletedAt", "isDeleted"], models: { User: false } }).schema;
    expect(models.get("User")!.softDelete).toBeUndefined();
    expect(models.get("Post")!.softDelete).toEqual({ field: "isDeleted", live: false });
  });

  it("rejects a configured field the model does not have", () => {
    const root = project({ "prisma/schema.prisma": BLOG });
    const settings = { fields: [], models: { Post: { field: "removedAt" } } };
    expect(() => loadPrismaSchema(locateSchema(root), settings)).toThrow(ConfigError);
    expect(() => loadPrismaSchema(locateSchema(root), settings)).toThrow(
      'softDelete.models.Post.field: model Post has no field "removedAt"',
    );
  });

  it("rejects settings for a model the schema does not have", () => {
    const root = project({ "prisma/schema.prisma": BLOG });
    expect(() => loadPrismaSchema(locateSchema(root), { fields: [], models: { Comment: false } })).toThrow(
      'softDelete.models.Comment: the Prisma schema has no model "Comment"',
    );
  });
});

describe("multi-file schemas", () => {
  it("reads every file of a schema folder as one schema", () => {
    const root = project({
      "prisma/schema.prisma": `${DATASOURCE}
generator client {
  provider = "prisma-client-js"
}
`,
      "prisma/models/user.prisma": `model User {
  id    Int    @id
  posts Post[]
}
`,
      "prisma/models/post.prisma": `model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
`,
    });
    fs.rmSync(path.join(root, "prisma/schema.prisma"));
    writeFile(root, "prisma/main.prisma", `${DATASOURCE}`);
    const files = locateSchema(root);
    expect(files).toEqual([
      path.join(root, "prisma/main.prisma"),
      path.join(root, "prisma/models/post.prisma"),
      path.join(root, "prisma/models/user.prisma"),
    ]);
    const schema = loadPrismaSchema(files, NO_SOFT_DELETE);
    expect([...schema.models.keys()].sort()).toEqual(["Post", "User"]);
    expect(schema.models.get("User")!.fields.get("posts")!.relation).toMatchObject({ inverseField: "author" });
    expect(schema.generatorOutputs).toEqual([]);
  });
});
