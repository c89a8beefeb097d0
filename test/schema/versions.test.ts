/** Schemas of Prisma 4 to 7, each judged by the parser of the Prisma the project runs. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaError } from "../../src/errors.js";
import { detectPrismaVersion, loadPrismaSchema, locateSchema, majorOf } from "../../src/schema/index.js";
import { project } from "./helpers.js";

const settings = { fields: ["deletedAt"], models: {} };

/** The datasource of Prisma 4 to 6: connection URLs in the schema (Prisma 7 moved them to prisma.config.ts). */
const DATASOURCE_WITH_URLS = `datasource db {
  provider          = "postgresql"
  url               = env("DATABASE_URL")
  directUrl         = env("DIRECT_URL")
  shadowDatabaseUrl = env("SHADOW_DATABASE_URL")
}
`;

const MODELS = `
model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id        Int       @id
  userId    Int
  deletedAt DateTime?
  user      User      @relation(fields: [userId], references: [id])

  @@index([userId])
}
`;

function declaring(range: string, schema: string, files: Record<string, string> = {}): string {
  return project({ "package.json": JSON.stringify({ devDependencies: { prisma: range } }), "prisma/schema.prisma": schema, ...files });
}

function load(root: string) {
  return loadPrismaSchema(locateSchema(root), settings);
}

function loadError(root: string): SchemaError {
  try {
    load(root);
  } catch (error) {
    if (error instanceof SchemaError) return error;
    throw error;
  }
  throw new Error("expected a SchemaError");
}

describe("the Prisma a project runs", () => {
  it("reads the major of a declared version or range", () => {
    expect(["5.22.0", "^6.1.0", "~4.16.2", ">=5.0.0 <6", "5.x", "npm:prisma@6.0.0", "7"].map(majorOf)).toStrictEqual([5, 6, 4, 5, 5, 6, 7]);
  });

  it("parses majors before 4 as 4 and after 7 as 7; names without a major say nothing", () => {
    expect(["^3.15.2", "2.30.0", "8.0.0"].map(majorOf)).toStrictEqual([4, 4, 7]);
    expect(["latest", "*", "workspace:*", "catalog:", ""].map(majorOf)).toStrictEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("prefers the installed prisma package to the declared range, and prisma to @prisma/client", () => {
    const root = project({
      "package.json": JSON.stringify({ dependencies: { "@prisma/client": "^4.0.0" }, devDependencies: { prisma: "^5.0.0" } }),
      "node_modules/prisma/package.json": JSON.stringify({ name: "prisma", version: "6.19.0" }),
      "prisma/schema.prisma": DATASOURCE_WITH_URLS,
    });
    expect(detectPrismaVersion(path.join(root, "prisma/schema.prisma"))).toStrictEqual({
      major: 6,
      source: `${path.join(root, "node_modules/prisma")} 6.19.0`,
    });
  });

  it("takes the nearest folder that says: a workspace package before the monorepo's root", () => {
    const root = project({
      "package.json": JSON.stringify({ devDependencies: { prisma: "^7.0.0" } }),
      "packages/db/package.json": JSON.stringify({ dependencies: { "@prisma/client": "5.10.2" } }),
      "packages/db/prisma/schema.prisma": DATASOURCE_WITH_URLS,
    });
    expect(detectPrismaVersion(path.join(root, "packages/db/prisma/schema.prisma"))).toStrictEqual({
      major: 5,
      source: `${path.join(root, "packages/db/package.json")} "@prisma/client": "5.10.2"`,
    });
  });

  it("knows nothing without a package.json that names Prisma", () => {
    const root = project({ "package.json": JSON.stringify({ dependencies: { express: "^5.0.0" } }), "schema.prisma": "" });
    expect(detectPrismaVersion(path.join(root, "schema.prisma"))).toBeUndefined();
  });
});

describe("schemas of each Prisma major", () => {
  it.each([
    ["4", "^4.16.2", 4],
    ["5", "^5.22.0", 5],
    ["6", "6.19.0", 6],
  ] as const)("Prisma %s: url, directUrl and shadowDatabaseUrl parse", (_, range, major) => {
    const schema = load(declaring(range, DATASOURCE_WITH_URLS + MODELS));
    expect(schema.prismaMajor).toBe(major);
    expect([...schema.models.keys()]).toStrictEqual(["User", "Post"]);
    expect(schema.models.get("Post")?.softDelete).toStrictEqual({ field: "deletedAt", live: null });
    expect(schema.indexes.filter((index) => index.type === "normal").map((index) => index.fields.map((field) => field.name))).toStrictEqual([["userId"]]);
  });

  it("Prisma 7: a datasource without URLs parses", () => {
    const schema = load(declaring("^7.0.0", 'datasource db {\n  provider = "postgresql"\n}\n' + MODELS));
    expect(schema.prismaMajor).toBe(7);
    expect([...schema.models.keys()]).toStrictEqual(["User", "Post"]);
  });

  it("Prisma 6: a multi-file schema folder parses", () => {
    const root = project({
      "package.json": JSON.stringify({ devDependencies: { prisma: "^6.6.0" } }),
      "prisma/schema/base.prisma": DATASOURCE_WITH_URLS,
      "prisma/schema/models.prisma": MODELS,
    });
    expect([...loadPrismaSchema(locateSchema(root, "prisma/schema"), settings).models.keys()]).toStrictEqual(["User", "Post"]);
  });

  it("without a declared version: Prisma 7's parser, then 6's for a schema with URLs", () => {
    expect(load(project({ "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n' + MODELS })).prismaMajor).toBe(7);
    expect(load(project({ "prisma/schema.prisma": DATASOURCE_WITH_URLS + MODELS })).prismaMajor).toBe(6);
  });

  it("without a declared version, a broken schema with URLs is reported by the parser with the fewest errors (6)", () => {
    const root = project({ "prisma/schema.prisma": `${DATASOURCE_WITH_URLS}\nmodel A {\n  id Int @id\n  b  Strin\n}\n` });
    expect(loadError(root).format()).toBe(
      `Prisma schema error: ${path.join(root, "prisma/schema.prisma")}:10:6: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.`,
    );
  });
});

describe("broken constructs, reported as the project's own Prisma reports them", () => {
  it("Prisma 4: uuid(7) takes no argument there (its byte offsets become columns after non-ASCII text)", () => {
    const root = declaring("4.16.2", `// Schéma 😀\n${DATASOURCE_WITH_URLS}\nmodel A {\n  id String @id @default(uuid(7))\n}\n`);
    const file = path.join(root, "prisma/schema.prisma");
    expect(loadError(root).format()).toBe(
      `Prisma schema error: ${file}:10:17: Error parsing attribute "@default": The \`uuid\` function does not take any argument. Consider changing this default to \`uuid()\`. (Prisma 4, from ${path.join(root, "package.json")} "prisma": "4.16.2")`,
    );
  });

  it("Prisma 4's own wording of an unknown type", () => {
    const root = declaring("^4.0.0", `${DATASOURCE_WITH_URLS}\nmodel A {\n  id Int @id\n  b  Strin\n}\n`);
    expect(loadError(root).message).toBe(
      `Type "Strin" is neither a built-in type, nor refers to another model, custom type, or enum. (Prisma 4, from ${path.join(root, "package.json")} "prisma": "^4.0.0")`,
    );
    expect(loadError(root).location?.line).toBe(10);
  });

  it("Prisma 5: ulid() is not known there; the same schema parses under Prisma 6", () => {
    const schema = `${DATASOURCE_WITH_URLS}\nmodel A {\n  id String @id @default(ulid())\n}\n`;
    const root = declaring("^5.22.0", schema);
    expect(loadError(root).format()).toBe(
      `Prisma schema error: ${path.join(root, "prisma/schema.prisma")}:9:26: Unknown function in @default(): \`ulid\` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions (Prisma 5, from ${path.join(root, "package.json")} "prisma": "^5.22.0")`,
    );
    expect(load(declaring("^6.0.0", schema)).models.has("A")).toBe(true);
  });

  it("Prisma 6: a relation to a missing model", () => {
    const root = declaring("^6.0.0", `${DATASOURCE_WITH_URLS}\nmodel A {\n  id Int @id\n  b  B\n}\n`);
    expect(loadError(root).location).toStrictEqual({ file: path.join(root, "prisma/schema.prisma"), line: 10, column: 6 });
  });

  it("Prisma 7: the datasource url is no longer supported", () => {
    const root = declaring("^7.0.0", DATASOURCE_WITH_URLS + MODELS);
    const error = loadError(root);
    expect(error.location).toStrictEqual({ file: path.join(root, "prisma/schema.prisma"), line: 3, column: 3 });
    expect(error.message).toMatch(/^The datasource property `url` is no longer supported in schema files\. .* \(and 2 more\) \(Prisma 7, from /);
  });
});
