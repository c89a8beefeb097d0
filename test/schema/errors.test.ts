import path from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaError } from "../../src/errors.js";
import { loadPrismaSchema, locateSchema } from "../../src/schema/index.js";
import { fromRenderedMessage } from "../../src/schema/parser.js";
import { DATASOURCE, project } from "./helpers.js";

const settings = { fields: ["deletedAt"], models: {} };

function loadError(root: string): SchemaError {
  try {
    loadPrismaSchema(locateSchema(root), settings);
  } catch (error) {
    if (error instanceof SchemaError) return error;
    throw error;
  }
  throw new Error("expected a SchemaError");
}

describe("broken schemas", () => {
  it("reports Prisma's message at the exact line and column", () => {
    const root = project({ "prisma/schema.prisma": `model Foo {\n  id  Int @id\n  bar Bar\n}\n` });
    const file = path.join(root, "prisma/schema.prisma");
    const error = loadError(root);
    expect(error.location).toEqual({ file, line: 3, column: 7 });
    expect(error.format()).toBe(
      `Prisma schema error: ${file}:3:7: Type "Bar" is neither a built-in type, nor refers to another model, composite type, or enum.`,
    );
  });

  it("counts the other errors", () => {
    const root = project({ "schema.prisma": `model Foo {\n  id  Int @id\n  bar Bar\n  baz Baz\n  qux Qux\n}\n` });
    expect(loadError(root).format()).toBe(
      `Prisma schema error: ${path.join(root, "schema.prisma")}:3:7: Type "Bar" is neither a built-in type, nor refers to another model, composite type, or enum. (and 2 more)`,
    );
  });

  it("counts lines and columns after non-ASCII text as ESLint does, in UTF-16 code units", () => {
    const root = project({ "schema.prisma": `// Schéma — données 😀\nmodel Foo {\n  id Int @id\n  /// «x» 😀\n  e Int @default(1) @relation("😀") \n}\n` });
    expect(loadError(root).location).toEqual({ file: path.join(root, "schema.prisma"), line: 5, column: 21 });
  });

  it("places an error that follows non-ASCII text on the same line", () => {
    const root = project({ "schema.prisma": `model Foo {\n  id Int @id\n  e Int @map("é😀") @default(cuid())\n}\n` });
    expect(loadError(root).location).toEqual({ file: path.join(root, "schema.prisma"), line: 3, column: 21 });
  });

  it("names the file of a multi-file schema that holds the error", () => {
    const root = project({
      "prisma/a.prisma": DATASOURCE,
      "prisma/b.prisma": `model User {\n  id    Int    @id\n  posts Post[]\n}\n`,
    });
    const file = path.join(root, "prisma/b.prisma");
    expect(loadError(root).format()).toBe(
      `Prisma schema error: ${file}:3:9: Type "Post" is neither a built-in type, nor refers to another model, composite type, or enum.`,
    );
  });

  it("reports a schema file that is missing", () => {
    const file = path.join(project({}), "gone.prisma");
    expect(() => loadPrismaSchema([file], settings)).toThrow(`prisma schema ${file} does not exist`);
  });

  it("reports a duplicate model at its name", () => {
    const root = project({ "schema.prisma": `model A {\n  id Int @id\n}\n\nmodel A {\n  id Int @id\n}\n` });
    expect(loadError(root).format()).toBe(
      `Prisma schema error: ${path.join(root, "schema.prisma")}:5:7: The model "A" cannot be defined because a model with that name already exists.`,
    );
  });
});

describe("fromRenderedMessage (used when lint reports nothing)", () => {
  it("reads the first error and its file:line from Prisma's rendered message", () => {
    const rendered = [
      'error: Type "Bar" is neither a built-in type, nor refers to another model, composite type, or enum.',
      "  -->  /p/schema.prisma:6",
      "   | ",
      " 6 |   b  Bar",
      "   | ",
      "error: Argument \"provider\" is missing in data source block \"db\".",
      "  -->  /p/other.prisma:1",
      "   | ",
      "",
      "Validation Error Count: 2",
    ].join("\n");
    expect(fromRenderedMessage(rendered, [["/p/schema.prisma", ""]]).format()).toBe(
      'Prisma schema error: /p/schema.prisma:6: Type "Bar" is neither a built-in type, nor refers to another model, composite type, or enum. (and 1 more)',
    );
  });

  it("falls back to the first file when the message has no position", () => {
    const rendered = 'error: The preview feature "nope" is not known.\n  \n\nValidation Error Count: 1';
    expect(fromRenderedMessage(rendered, [["/p/schema.prisma", ""]]).format()).toBe(
      'Prisma schema error: /p/schema.prisma: The preview feature "nope" is not known.',
    );
  });
});
