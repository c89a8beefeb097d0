import path from "node:path";
import { describe, expect, it } from "vitest";
import { SchemaError } from "../../src/errors.js";
import { locateSchema } from "../../src/schema/index.js";
import { DATASOURCE, project } from "./helpers.js";

function schemaError(run: () => unknown): SchemaError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchemaError) return error;
    throw error;
  }
  throw new Error("expected a SchemaError");
}

describe("locateSchema", () => {
  it("uses the configured file, relative to the root", () => {
    const root = project({ "db/main.prisma": DATASOURCE, "prisma/schema.prisma": DATASOURCE });
    expect(locateSchema(root, "db/main.prisma")).toEqual([path.join(root, "db/main.prisma")]);
  });

  it("uses every .prisma file under a configured folder, recursively and sorted", () => {
    const root = project({
      "db/schema/b.prisma": DATASOURCE,
      "db/schema/a/z.prisma": "",
      "db/schema/notes.md": "",
      "db/schema/migrations/001/migration.sql": "",
    });
    expect(locateSchema(root, "db/schema")).toEqual([
      path.join(root, "db/schema/a/z.prisma"),
      path.join(root, "db/schema/b.prisma"),
    ]);
  });

  it("reports a configured path that does not exist", () => {
    const root = project({ "prisma/schema.prisma": DATASOURCE });
    expect(schemaError(() => locateSchema(root, "db/missing.prisma")).format()).toBe(
      `Prisma schema error: ${root}: prisma schema ${path.join(root, "db/missing.prisma")} does not exist`,
    );
  });

  it("reports a configured folder without .prisma files", () => {
    const root = project({ "db/readme.md": "" });
    expect(schemaError(() => locateSchema(root, "db")).format()).toBe(
      `Prisma schema error: ${root}: prisma schema folder ${path.join(root, "db")} contains no .prisma files`,
    );
  });

  it('reads package.json "prisma.schema" before the default locations', () => {
    const root = project({
      "package.json": JSON.stringify({ name: "api", prisma: { schema: "database/app.prisma" } }),
      "database/app.prisma": DATASOURCE,
      "prisma/schema.prisma": DATASOURCE,
    });
    expect(locateSchema(root)).toEqual([path.join(root, "database/app.prisma")]);
  });

  it('reports a package.json "prisma.schema" that does not exist, at package.json', () => {
    const root = project({ "package.json": JSON.stringify({ prisma: { schema: "nope.prisma" } }) });
    expect(schemaError(() => locateSchema(root)).format()).toBe(
      `Prisma schema error: ${path.join(root, "package.json")}: prisma schema ${path.join(root, "nope.prisma")} does not exist`,
    );
  });

  it("ignores a package.json without prisma.schema", () => {
    const root = project({ "package.json": JSON.stringify({ name: "api" }), "prisma/schema.prisma": DATASOURCE });
    expect(locateSchema(root)).toEqual([path.join(root, "prisma/schema.prisma")]);
  });

  it("reads the schema file from prisma.config.ts without running it", () => {
    const root = project({
      "prisma.config.ts": `import { defineConfig } from "prisma/config";
throw new Error("must not run");
export default defineConfig({
  schema: "db/schema.prisma",
});
`,
      "db/schema.prisma": DATASOURCE,
      "prisma/schema.prisma": DATASOURCE,
    });
    expect(locateSchema(root)).toEqual([path.join(root, "db/schema.prisma")]);
  });

  it("reads a schema folder from prisma.config.ts", () => {
    const root = project({
      "prisma.config.ts": `import path from "node:path";
import type { PrismaConfig } from "prisma";
const config = {
  earlyAccess: true,
  schema: path.join("db", "schema"),
} satisfies PrismaConfig;
export default config;
`,
      "db/schema/main.prisma": DATASOURCE,
      "db/schema/user.prisma": "",
    });
    expect(locateSchema(root)).toEqual([
      path.join(root, "db/schema/main.prisma"),
      path.join(root, "db/schema/user.prisma"),
    ]);
  });

  it("reads a CommonJS prisma.config.cjs", () => {
    const root = project({
      "prisma.config.cjs": `module.exports = { schema: \`db/app.prisma\` };\n`,
      "db/app.prisma": DATASOURCE,
    });
    expect(locateSchema(root)).toEqual([path.join(root, "db/app.prisma")]);
  });

  it("falls back to the defaults when prisma.config.ts has no schema property", () => {
    const root = project({
      "prisma.config.ts": `export default { migrations: { path: "db/migrations" } };\n`,
      "prisma/schema.prisma": DATASOURCE,
    });
    expect(locateSchema(root)).toEqual([path.join(root, "prisma/schema.prisma")]);
  });

  it("reports a prisma.config.ts schema path that does not exist, at the property", () => {
    const root = project({
      "prisma.config.ts": `export default {\n  schema: "db/missing.prisma",\n};\n`,
    });
    expect(schemaError(() => locateSchema(root)).format()).toBe(
      `Prisma schema error: ${path.join(root, "prisma.config.ts")}:2:11: prisma schema ${path.join(root, "db/missing.prisma")} does not exist`,
    );
  });

  it("reports a prisma.config.ts schema path computed at run time", () => {
    const root = project({
      "prisma.config.ts": `export default {\n  schema: process.env.SCHEMA,\n};\n`,
      "prisma/schema.prisma": DATASOURCE,
    });
    expect(schemaError(() => locateSchema(root)).format()).toBe(
      `Prisma schema error: ${path.join(root, "prisma.config.ts")}:2:11: cannot read the "schema" path of prisma.config.ts without running it; write it as a string literal or set the schema path in the backend-conventions config`,
    );
  });

  it("finds prisma/schema.prisma", () => {
    const root = project({ "prisma/schema.prisma": DATASOURCE, "prisma/other.prisma": "" });
    expect(locateSchema(root)).toEqual([path.join(root, "prisma/schema.prisma")]);
  });

  it("finds schema.prisma at the root", () => {
    const root = project({ "schema.prisma": DATASOURCE });
    expect(locateSchema(root)).toEqual([path.join(root, "schema.prisma")]);
  });

  it("finds a multi-file schema in the prisma folder", () => {
    const root = project({
      "prisma/base.prisma": DATASOURCE,
      "prisma/models/user.prisma": "",
      "prisma/migrations/migration_lock.toml": "",
    });
    expect(locateSchema(root)).toEqual([
      path.join(root, "prisma/base.prisma"),
      path.join(root, "prisma/models/user.prisma"),
    ]);
  });

  it("reports a project without a schema", () => {
    const root = project({ "prisma/readme.md": "", "package.json": "{}" });
    const error = schemaError(() => locateSchema(root));
    expect(error.location).toEqual({ file: root });
    expect(error.format()).toBe(
      `Prisma schema error: ${root}: no Prisma schema found in ${root} (looked for: package.json "prisma.schema", prisma.config.{ts,mts,js,mjs,cjs}, prisma/schema.prisma, schema.prisma, prisma/**/*.prisma)`,
    );
  });
});
