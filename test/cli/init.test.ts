/** The inspection behind `backend-conventions init`, on small schemas and source trees (exact findings). */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LAYER_PRESETS } from "../../src/config/defaults.js";
import { existingConfig, moduleFormatOf, WRITABLE_NAMES } from "../../src/cli/init/existing-config.js";
import { inspectIdentitySources } from "../../src/cli/init/identity-inspection.js";
import { inspectProject } from "../../src/cli/init/inspect.js";
import { inspectLayers } from "../../src/cli/init/layer-inspection.js";
import { renderConfig } from "../../src/cli/init/render.js";
import { inspectSchema } from "../../src/cli/init/schema-inspection.js";
import { loadPrismaSchema } from "../../src/schema/index.js";
import { DATASOURCE, project, writeFile } from "../schema/helpers.js";

function inspect(models: string) {
  const root = project({});
  const file = writeFile(root, "schema.prisma", `${DATASOURCE}\n${models}`);
  return inspectSchema(loadPrismaSchema([file], { fields: [], models: {} }));
}

describe("soft-delete fields", () => {
  const found = inspect(`
model Item {
  id        String    @id
  deletedAt DateTime?
}

model Order {
  id        String    @id
  deletedAt DateTime?
  /// archiving keeps the row readable: mentioned, not configured
  archivedAt DateTime?
}

model Post {
  id        String  @id
  isDeleted Boolean @default(false)
}

model Legacy {
  id         String    @id
  deleted_at DateTime?
}

model Event {
  id        String   @id
  /// required: a timestamp, not a soft-delete flag; the model has a real one below
  deletedAt DateTime
  removedAt DateTime?
}

model Audit {
  id        String  @id
  /// a String, not a flag
  deletedAt String?
  deletedBy String?
}
`);

  it("lists nullable DateTime and Boolean fields named like a soft-delete flag, most used first", () => {
    expect(found.softDeleteFields).toStrictEqual([
      { field: "deletedAt", models: ["Item", "Order"] },
      { field: "deleted_at", models: ["Legacy"] },
      { field: "isDeleted", models: ["Post"] },
      { field: "removedAt", models: ["Event"] },
    ]);
  });

  it("gives a model whose first listed field is not a flag its own field, or false", () => {
    expect(found.softDeleteOverrides).toStrictEqual({ Event: "removedAt", Audit: false });
  });

  it("mentions archive fields without listing them", () => {
    expect(found.archiveFields).toStrictEqual([{ field: "archivedAt", models: ["Order"] }]);
  });

  it("finds none in a schema without flags", () => {
    const none = inspect(`
model Tag {
  id        String   @id
  createdAt DateTime @default(now())
}
`);
    expect(none.softDeleteFields).toStrictEqual([]);
    expect(none.softDeleteOverrides).toStrictEqual({});
  });
});

describe("owners", () => {
  const found = inspect(`
model User {
  id       String    @id
  orgId    String
  org      Organization @relation(fields: [orgId], references: [id])
  posts    Post[]
  comments Comment[]
}

model Organization {
  id       String    @id
  users    User[]
  projects Project[]
}

model Post {
  id       String    @id
  authorId String
  author   User      @relation(fields: [authorId], references: [id])
  comments Comment[]
}

model Comment {
  id       String @id
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
  postId   String
  post     Post   @relation(fields: [postId], references: [id])
}

model Project {
  id    String       @id
  orgId String
  org   Organization @relation(fields: [orgId], references: [id])
  tasks Task[]
}

model Task {
  id          String       @id
  projectId   String
  project     Project      @relation(fields: [projectId], references: [id])
  attachments Attachment[]
  notes       Note[]
}

model Attachment {
  id     String @id
  taskId String
  task   Task   @relation(fields: [taskId], references: [id])
}

/// optional parent: not owned through it
model Note {
  id     String  @id
  taskId String?
  task   Task?   @relation(fields: [taskId], references: [id])
}

/// referenced by two models but not an identity
model Product {
  id      String   @id
  orders  Order[]
  reviews Review[]
}

model Order {
  id        String  @id
  productId String
  product   Product @relation(fields: [productId], references: [id])
}

model Review {
  id        String  @id
  productId String
  product   Product @relation(fields: [productId], references: [id])
}

/// a self-relation does not make Category an owner
model Category {
  id       String     @id
  parentId String?
  parent   Category?  @relation("tree", fields: [parentId], references: [id])
  children Category[] @relation("tree")
}
`);

  it("takes the user model as the identity, and the model its required key points to as a tenant", () => {
    expect(found.identityModels).toStrictEqual([
      { name: "User", role: "identity", referencedBy: ["Comment", "Post"] },
      { name: "Organization", role: "tenant", referencedBy: ["Project", "User"], reachedThrough: ["User.orgId"] },
    ]);
  });

  it("takes the foreign keys to them as owner fields, the tenant's first, then most used first", () => {
    expect(found.ownerFields).toStrictEqual([
      { field: "orgId", ownerModel: "Organization", models: ["Project"] },
      { field: "authorId", ownerModel: "User", models: ["Comment", "Post"] },
    ]);
    expect(found.ownerFieldList).toStrictEqual(["orgId", "authorId"]);
  });

  it("suggests relation paths for models owned only through a required parent, at any depth", () => {
    expect(found.ownedThroughParent).toStrictEqual({ Task: "project.orgId", Attachment: "task.project.orgId" });
  });

  it("leaves the rest global", () => {
    expect(found.globalModels).toStrictEqual(["Note", "Product", "Order", "Review", "Category"]);
  });

  it("finds no owner when no model that looks like a login is referenced", () => {
    const none = inspect(`
model User {
  id String @id
}

model Tag {
  id     String @id
  postId String
  post   Post   @relation(fields: [postId], references: [id])
}

model Post {
  id   String @id
  tags Tag[]
}
`);
    expect(none.identityModels).toStrictEqual([]);
    expect(none.ownerFields).toStrictEqual([]);
    expect(none.ownedThroughParent).toStrictEqual({});
  });
});

describe("layer folders", () => {
  it("chooses three-layer when there are repositories, and adds folders the preset's globs miss", async () => {
    const root = project({
      "src/routes/items.ts": "",
      "src/controllers/users.ts": "",
      "src/services/items.ts": "",
      "src/repos/items.ts": "",
      "src/db/client.ts": "",
      "src/generated/prisma/client.ts": "",
      "src/utils/ids.ts": "",
      "prisma/seed.ts": "",
    });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "src/",
      folders: [
        { layer: "routes", folder: "src/controllers", coveredByPreset: true },
        { layer: "routes", folder: "src/routes", coveredByPreset: true },
        { layer: "services", folder: "src/services", coveredByPreset: true },
        { layer: "repositories", folder: "src/repos", coveredByPreset: false },
        { layer: "data", folder: "src/db", coveredByPreset: true },
      ],
      namedFiles: [],
      preset: "three-layer",
      definitions: { repositories: [...LAYER_PRESETS["three-layer"].definitions.repositories, "src/repos/**"] },
    });
  });

  it("chooses two-layer without repositories, and counts files named by layer", async () => {
    const root = project({
      "src/items/items.routes.ts": "",
      "src/items/items.service.ts": "",
      "src/users/users.service.ts": "",
      "src/database/client.ts": "",
    });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "src/",
      folders: [{ layer: "data", folder: "src/database", coveredByPreset: false }],
      namedFiles: [
        { layer: "routes", pattern: "*.routes.ts", count: 1, coveredByPreset: true },
        { layer: "services", pattern: "*.service.ts", count: 2, coveredByPreset: true },
      ],
      preset: "two-layer",
      definitions: { data: [...LAYER_PRESETS["two-layer"].definitions.data, "src/database/**"] },
    });
  });

  it("takes *.repository.ts files as a repositories layer", async () => {
    const root = project({ "lib/items.repository.ts": "", "lib/items.service.ts": "" });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "the project",
      folders: [],
      namedFiles: [
        { layer: "services", pattern: "*.service.ts", count: 1, coveredByPreset: true },
        { layer: "repositories", pattern: "*.repository.ts", count: 1, coveredByPreset: true },
      ],
      preset: "three-layer",
      definitions: {},
    });
  });
});

describe("identity sources", () => {
  it("finds identity-named properties the code assigns on the request, beyond the defaults", async () => {
    const root = project({
      "src/middleware/auth.ts": [
        "export function auth(req: any, next: () => void) {",
        "  req.body = parse(req.body);",
        "  if (req.identity == null) req.identity = { deviceId: 'd' };",
        "  req.user = undefined;",
        "  next();",
        "}",
      ].join("\n"),
      "src/middleware/auth.test.ts": "req.account = {};",
    });
    expect(await inspectIdentitySources(root)).toStrictEqual([
      { expression: "req.identity", assignedAt: "src/middleware/auth.ts:3" },
    ]);
  });
});

describe("existing configs", () => {
  it("finds any config cosmiconfig would load in the folder", () => {
    expect(existingConfig(project({ ".backend-conventionsrc": "{}" }))).toBe(".backend-conventionsrc");
    expect(existingConfig(project({ "backend-conventions.config.ts": "" }))).toBe("backend-conventions.config.ts");
    expect(existingConfig(project({ "package.json": '{ "backend-conventions": {} }' }))).toBe("package.json");
  });

  it("ignores a package.json without the key", () => {
    expect(existingConfig(project({ "package.json": '{ "name": "x" }' }))).toBeUndefined();
  });

  it("writes only JS forms, ES module or CommonJS by extension and package type", () => {
    expect(WRITABLE_NAMES).toStrictEqual([
      ".backend-conventionsrc.js",
      ".backend-conventionsrc.cjs",
      ".backend-conventionsrc.mjs",
      "backend-conventions.config.js",
      "backend-conventions.config.mjs",
      "backend-conventions.config.cjs",
    ]);
    const esm = project({ "package.json": '{ "type": "module" }' });
    const cjs = project({ "package.json": "{}" });
    expect(moduleFormatOf(esm, "backend-conventions.config.js")).toBe("esm");
    expect(moduleFormatOf(cjs, "backend-conventions.config.js")).toBe("commonjs");
    expect(moduleFormatOf(path.join(esm, "sub"), "backend-conventions.config.js")).toBe("esm");
    expect(moduleFormatOf(cjs, "backend-conventions.config.mjs")).toBe("esm");
    expect(moduleFormatOf(esm, "backend-conventions.config.cjs")).toBe("commonjs");
  });
});

describe("a project without a schema", () => {
  it("is inspected, with a placeholder for the schema", async () => {
    const root = project({ "src/routes/a.ts": "", "src/services/b.ts": "" });
    const inspection = await inspectProject(root);
    expect(inspection.schema).toBeUndefined();
    expect(inspection.missingSchema).toMatch(/^no Prisma schema found in /);
    expect(renderConfig(inspection, "commonjs")).toBe(`// backend-conventions config, written by \`backend-conventions init\` from what it found in this project.
// Review it: each comment says what was found and why the key is set. A key left out takes its default
// (README, Configuration). Then run \`npx backend-conventions check\`.

module.exports = {
  $schema: "./node_modules/backend-conventions/backend-conventions.schema.json",

  // No Prisma schema found (looked for package.json "prisma.schema", prisma.config.ts, prisma/schema.prisma,
  // schema.prisma, prisma/**/*.prisma, also in workspace packages). \`check\` needs one: set prismaSchema to its
  // path (or run init --schema <path>), and softDelete and ownership by hand (or remove this file and run init
  // again once the schema is in place).
  // prismaSchema: "prisma/schema.prisma",

  layers: {
    // Layers found under src/: src/routes (routes), src/services (services).
    // No repositories layer, so the two-layer preset: routes → services → data.
    preset: "two-layer",
  },
};
`);
  });
});
