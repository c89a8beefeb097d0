// The three descriptions of a fixture's database must agree: prisma/schema.prisma, the
// hand-written migration SQL, and the checked-in generated client. Shared by the Express
// reference API (test/fixture-api/schema.test.ts) and the NestJS one (test/fixture-nest/schema.test.ts).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";

const SCALARS = new Set(["String", "Int", "Float", "Boolean", "DateTime"]);

interface SchemaColumn {
  table: string;
  column: string;
  nullable: boolean;
  unique: boolean;
}

/** A small reader for the subset of the Prisma schema language this fixture uses. */
function readSchema(text: string) {
  const enums = new Map<string, string[]>();
  const models = new Map<string, string[]>();
  for (const [, kind, name, body] of text.matchAll(/^(model|enum)\s+(\w+)\s*\{([^}]*)\}/gm)) {
    const lines = body!
      .split("\n")
      .map((line) => line.replace(/\/\/.*$/, "").trim())
      .filter((line) => line !== "" && !line.startsWith("@@"));
    (kind === "enum" ? enums : models).set(name!, lines);
  }
  const columns: SchemaColumn[] = [];
  for (const [table, lines] of models) {
    for (const line of lines) {
      const [column, type = ""] = line.split(/\s+/);
      const base = type.replace(/[?[\]]/g, "");
      if (!SCALARS.has(base) && !enums.has(base)) continue;
      columns.push({ table, column: column!, nullable: type.endsWith("?"), unique: /@unique\b/.test(line) });
    }
  }
  const compoundUniques: string[] = [];
  for (const [, table, body] of text.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    for (const [, fields] of body!.matchAll(/^\s*@@unique\(\[([^\]]*)\]/gm)) {
      compoundUniques.push(`${table}_${fields!.split(",").map((field) => field.trim()).join("_")}_key`);
    }
  }
  return {
    enums: new Map([...enums].map(([name, lines]) => [name, lines.map((l) => l.split(/\s+/)[0]!)])),
    models: [...models.keys()],
    columns,
    compoundUniques,
  };
}

/**
 * The checks, on the fixture at `fixtureRoot` whose migrations have been applied to the
 * database `database()` returns (read when the tests run, after the file's beforeAll).
 */
export function describeSchemaAgreement(fixtureRoot: string, database: () => PGlite): void {
  const schema = readSchema(readFileSync(join(fixtureRoot, "prisma/schema.prisma"), "utf8"));
  describe("the migration SQL", () => {
    it("creates exactly the tables of the schema", async () => {
      const { rows } = await database().query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%' ORDER BY table_name`,
      );
      expect(rows.map((row) => row.table_name)).toEqual([...schema.models].sort());
    });

    it("creates every scalar field as a column with the schema's nullability", async () => {
      const { rows } = await database().query<{ table_name: string; column_name: string; is_nullable: string }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%'`,
      );
      const actual = rows.map((row) => `${row.table_name}.${row.column_name}${row.is_nullable === "YES" ? "?" : ""}`).sort();
      const wanted = schema.columns.map((c) => `${c.table}.${c.column}${c.nullable ? "?" : ""}`).sort();
      expect(actual).toEqual(wanted);
    });

    it("creates every enum with the schema's values, in order", async () => {
      const { rows } = await database().query<{ typname: string; enumlabel: string }>(
        `SELECT t.typname, e.enumlabel FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid ORDER BY t.typname, e.enumsortorder`,
      );
      const actual = new Map<string, string[]>();
      for (const row of rows) actual.set(row.typname, [...(actual.get(row.typname) ?? []), row.enumlabel]);
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(schema.enums));
    });

    it("creates a unique index for every @unique field and @@unique key", async () => {
      const { rows } = await database().query<{ indexname: string }>(
        `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE 'CREATE UNIQUE INDEX%' AND indexname NOT LIKE '%_pkey'`,
      );
      const wanted = [...schema.columns.filter((c) => c.unique).map((c) => `${c.table}_${c.column}_key`), ...schema.compoundUniques];
      expect(rows.map((row) => row.indexname).sort()).toEqual(wanted.sort());
    });
  });

  describe("the checked-in Prisma client", () => {
    it("is exactly what `prisma generate` makes of the schema", () => {
      const work = mkdtempSync(join(tmpdir(), "fixture-generate-"));
      try {
        cpSync(join(fixtureRoot, "prisma/schema.prisma"), join(work, "prisma/schema.prisma"));
        const prismaCli = join(fixtureRoot, "../../node_modules/prisma/build/index.js");
        const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", "prisma/schema.prisma"], {
          cwd: work,
          encoding: "utf8",
          // prisma only checks that a schema engine exists; generate never runs it.
          env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
        });
        expect(result.status, result.stderr).toBe(0);
        const list = (dir: string): string[] =>
          readdirSync(dir, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile())
            .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
            .sort();
        const fresh = join(work, "src/generated/prisma");
        const committed = join(fixtureRoot, "src/generated/prisma");
        expect(list(committed)).toEqual(list(fresh));
        const stale = list(fresh).filter((file) => readFileSync(join(fresh, file), "utf8") !== readFileSync(join(committed, file), "utf8"));
        expect(stale, `regenerate: see ${relative(join(fixtureRoot, "../.."), fixtureRoot)}/README.md`).toEqual([]);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
