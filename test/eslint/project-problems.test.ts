import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eslintIn, messagesOf, removeTemporaryProjects, temporaryProject, writeFile } from "./helpers.js";

afterAll(removeTemporaryProjects);

const SUFFIX = "(backend-conventions checks no file of this project until it is fixed)";

/** A broken config or schema is the user's to fix: one lint message where it first shows, never a crash of the whole run. */
describe("a config or schema problem in the ESLint plugin", () => {
  it("is one message on the first file, naming the config file, line and column", async () => {
    const dir = temporaryProject();
    writeFile(dir, "backend-conventions.config.json", '{\n  "softDelete": { "field": 3 }\n}\n');
    const eslint = eslintIn(dir);
    const results = await eslint.lintFiles(["src/helpers.ts", "src/parity.ts"]);
    expect(results.flatMap((result) => result.messages)).toEqual([
      {
        ruleId: "backend-conventions/layer-boundaries",
        messageId: "projectProblem",
        severity: 2,
        message: `Config error: ${path.join(dir, "backend-conventions.config.json")}:2:19: softDelete.field: expected string or array of strings, got number ${SUFFIX}`,
        line: 1,
        column: 1,
      },
    ]);
    // ESLint reads files concurrently: the first one linted is either; the other shows nothing.
    const shown = results.filter((result) => result.messages.length > 0).map((result) => path.relative(dir, result.filePath));
    expect(shown).toHaveLength(1);

    // Linted again (an editor's next keystroke), the same file shows it again; fixed, the findings are back.
    expect(messagesOf(await eslint.lintFiles(shown), dir)).toEqual([`${shown[0]}:1:1 2 layer-boundaries`]);
    writeFile(dir, "backend-conventions.config.json", '{\n  "softDelete": { "field": ["deletedAt", "isDeleted"] }\n}\n');
    expect(messagesOf(await eslint.lintFiles(["src/parity.ts"]), dir)).toContain("src/parity.ts:17:24 2 no-hard-delete");
  });

  it("is one message naming the schema file, line and column", async () => {
    const dir = temporaryProject();
    const schemaFile = path.join(dir, "prisma/schema.prisma");
    const lines = fs.readFileSync(schemaFile, "utf8").split("\n").length;
    fs.appendFileSync(schemaFile, "model Broken {\n  id    String @id\n  other Nope\n}\n");
    const results = await eslintIn(dir).lintFiles(["src/helpers.ts", "src/parity.ts"]);
    expect(results.flatMap((result) => result.messages.map((message) => [message.line, message.column, message.message]))).toEqual([
      [
        1,
        1,
        `Prisma schema error: ${schemaFile}:${lines + 2}:9: Type "Nope" is neither a built-in type, nor refers to another model, composite type, or enum. ${SUFFIX}`,
      ],
    ]);
  });

  it("in a monorepo, a package without a Prisma schema keeps the other packages' findings", async () => {
    const root = temporaryProject(undefined);
    writeFile(root, "package.json", '{ "name": "monorepo", "private": true }');
    // packages/api: a Prisma project (a copy of the rule tests' project)
    fs.cpSync(temporaryProject(), path.join(root, "packages/api"), { recursive: true });
    // packages/web: no Prisma at all, but code the schema-free rules check (raw SQL built from input)
    writeFile(root, "packages/web/package.json", '{ "name": "web", "private": true }');
    writeFile(
      root,
      "packages/web/src/report.ts",
      [
        "declare const db: { $queryRawUnsafe(sql: string): Promise<unknown> };",
        "export function byName(name: string) {",
        "  return db.$queryRawUnsafe(`SELECT * FROM items WHERE name = '${name}'`);",
        "}",
        "declare const prisma: { item: { findMany(args: object): Promise<unknown[]> } };",
        "export const all = () => prisma.item.findMany({});",
        "",
      ].join("\n"),
    );
    const results = await eslintIn(root).lintFiles(["packages/api/src/parity.ts", "packages/web/src/report.ts"]);
    const messages = messagesOf(results, root);
    expect(messages.filter((line) => line.startsWith("packages/web/"))).toEqual(["packages/web/src/report.ts:3:29 2 no-unsafe-raw-sql"]);
    expect(messages.filter((line) => line.startsWith("packages/api/"))).toHaveLength(8);
    expect(messages).toContain("packages/api/src/parity.ts:17:24 2 no-hard-delete");
  });
});
