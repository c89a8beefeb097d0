/**
 * prisma-schema-conventions is a schema rule: it reports on schema.prisma, which ESLint never
 * lints, so the RuleTester cannot run it. These cases run the CLI's check on small temporary
 * projects and assert every finding exactly: rule, file, line, column and message.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkProject, runCheck } from "../../src/cli/check.js";
import { toEslintRule } from "../../src/eslint/to-eslint-rule.js";
import rule from "../../rules/prisma-schema-conventions.js";

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const DATASOURCE = `datasource db {
  provider = "postgresql"
}
`;

/** A project with this schema (after the datasource block, so models start on line 5) and config. */
function project(models: string, config: Record<string, unknown> = { rules: { "prisma-schema-conventions": "error" } }): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-schema-rule-")));
  created.push(dir);
  const files: Record<string, string> = {
    "package.json": `{ "name": "schema-rule", "private": true, "type": "module" }\n`,
    "tsconfig.json": `{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true }, "include": ["src"] }\n`,
    "src/db.ts": "export const ready = true;\n",
    "prisma/schema.prisma": `${DATASOURCE}\n${models}`,
    "backend-conventions.config.json": `${JSON.stringify(config)}\n`,
  };
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `rule file:line:column message` for every finding of a whole-project run. */
async function findings(dir: string, paths?: string[]): Promise<string[]> {
  const result = await runCheck({ cwd: dir, paths });
  return result.files.flatMap((file) =>
    file.findings.map((finding) => `${finding.ruleId} ${path.relative(dir, file.filePath)}:${finding.line}:${finding.column} ${finding.message}`),
  );
}

const ownerNotIndexed = (model: string, field: string) =>
  `Owner field ${field} of model ${model} leads no index: every query scoped to the caller scans the whole table. Add \`@@index([${field}])\` (or put ${field} first in an existing index).`;
const duplicateIndex = (model: string, index: string, existing: string, fields: string) =>
  `${index} on model ${model} repeats ${existing} on the same columns (${fields}): the database keeps the same index twice and every write pays for both. Remove ${index}.`;
const softDeleteRequired = (model: string, field: string, type: string) =>
  `Soft-delete field ${field} of model ${model} is not nullable: a live row must have ${field} null. Make it \`${type}?\`.`;
const softDeleteDefault = (model: string, field: string, value: string, live: string, hint = "") =>
  `Soft-delete field ${field} of model ${model} has a default (${value}) that is not its live value (${live}): every new row is created deleted. Remove the default${hint}.`;

describe("prisma-schema-conventions", () => {
  describe("an owner field leads an index", () => {
    it("reports an owned model without an index on its owner field, on the field", async () => {
      const dir = project(`model Note {
  id     String @id
  userId String
  body   String

  @@index([body, userId])
}
`);
      expect(await findings(dir)).toEqual([`prisma-schema-conventions prisma/schema.prisma:7:3 ${ownerNotIndexed("Note", "userId")}`]);
    });

    it("accepts @@index, @@unique, @@id led by the owner field, and @unique on it", async () => {
      const dir = project(`model Note {
  id     String @id
  userId String
  body   String

  @@index([userId, body])
}

model Setting {
  id     String @id
  userId String
  key    String

  @@unique([userId, key])
}

model Membership {
  userId String
  teamId String

  @@id([userId, teamId])
}

model Profile {
  id     String @id
  userId String @unique
}
`);
      expect(await findings(dir)).toEqual([]);
    });

    it("skips owner models, global models and models owned through a relation", async () => {
      const dir = project(
        `model User {
  id     String @id
  userId String
}

model Tag {
  id   String @id
  name String
}

model Product {
  id       String    @id
  userId   String
  portions Portion[]

  @@index([userId])
}

model Portion {
  id        String  @id
  productId String
  product   Product @relation(fields: [productId], references: [id])
}
`,
        { ownership: { ownerModels: ["User"], models: { Portion: "product.userId" } }, rules: { "prisma-schema-conventions": "error" } },
      );
      expect(await findings(dir)).toEqual([]);
    });
  });

  describe("no index twice", () => {
    it("reports an @@index repeating a @unique field, on the @@index", async () => {
      const dir = project(`model Device {
  id        String @id
  tokenHash String @unique

  @@index([tokenHash])
}
`);
      expect(await findings(dir)).toEqual([
        `prisma-schema-conventions prisma/schema.prisma:9:3 ${duplicateIndex("Device", "@@index([tokenHash])", "@unique on tokenHash", "tokenHash")}`,
      ]);
    });

    it("reports an @@index repeating the @id, and an @@unique repeating a @unique", async () => {
      const dir = project(`model Device {
  id    String @id
  email String @unique

  @@index([id])
  @@unique([email], map: "Device_email_again")
}
`);
      expect(await findings(dir)).toEqual([
        `prisma-schema-conventions prisma/schema.prisma:9:3 ${duplicateIndex("Device", "@@index([id])", "@id on id", "id")}`,
        `prisma-schema-conventions prisma/schema.prisma:10:3 ${duplicateIndex("Device", "@@unique([email])", "@unique on email", "email")}`,
      ]);
    });

    it("reports the second of two identical @@index, and an @@index repeating an @@unique", async () => {
      const dir = project(`model Entry {
  id      String @id
  userId  String
  day     Int

  @@index([userId])
  @@index([userId], map: "Entry_owner_idx")
  @@unique([userId, day])
  @@index([userId, day])
}
`);
      expect(await findings(dir)).toEqual([
        `prisma-schema-conventions prisma/schema.prisma:11:3 ${duplicateIndex("Entry", "@@index([userId])", "@@index([userId])", "userId")}`,
        `prisma-schema-conventions prisma/schema.prisma:13:3 ${duplicateIndex("Entry", "@@index([userId, day])", "@@unique([userId, day])", "userId, day")}`,
      ]);
    });

    it("accepts a prefix of another index, the same columns in another order, and another sort order", async () => {
      const dir = project(`model Entry {
  id      String @id
  userId  String @unique
  day     Int

  @@index([userId, day])
  @@index([day, userId])
  @@index([userId(sort: Desc)])
}
`);
      expect(await findings(dir)).toEqual([]);
    });
  });

  describe("a soft-delete field reads as live by default", () => {
    it("reports a soft-delete timestamp that is not nullable, on its type", async () => {
      const dir = project(`model Item {
  id        String   @id
  deletedAt DateTime
}
`);
      expect(await findings(dir)).toEqual([`prisma-schema-conventions prisma/schema.prisma:7:13 ${softDeleteRequired("Item", "deletedAt", "DateTime")}`]);
    });

    it("reports a nullable soft-delete timestamp with a default, on the @default", async () => {
      const dir = project(`model Item {
  id        String    @id
  // a "@default" in a comment is not the attribute
  deletedAt DateTime? @default(now())
}
`);
      expect(await findings(dir)).toEqual([
        `prisma-schema-conventions prisma/schema.prisma:8:23 ${softDeleteDefault("Item", "deletedAt", "@default(now())", "null")}`,
      ]);
    });

    it("reports a soft-delete flag whose default is not its live value", async () => {
      const dir = project(
        `model Account {
  id        String  @id
  isDeleted Boolean @default(true)
}
`,
        { softDelete: { field: ["isDeleted"] }, rules: { "prisma-schema-conventions": "error" } },
      );
      expect(await findings(dir)).toEqual([
        `prisma-schema-conventions prisma/schema.prisma:7:21 ${softDeleteDefault("Account", "isDeleted", "@default(true)", "false", " or make it `@default(false)`")}`,
      ]);
    });

    it("accepts a nullable timestamp without a default, a flag defaulting to false, a flag without default, and a non-soft-delete timestamp with a default", async () => {
      const dir = project(
        `model Item {
  id        String    @id
  createdAt DateTime  @default(now())
  deletedAt DateTime?
}

model Account {
  id        String  @id
  isDeleted Boolean @default(false)
}

model Session {
  id        String  @id
  isDeleted Boolean
}
`,
        { softDelete: { field: ["deletedAt", "isDeleted"] }, rules: { "prisma-schema-conventions": "error" } },
      );
      expect(await findings(dir)).toEqual([]);
    });
  });

  describe("options and front-ends", () => {
    it("skips the models of ignoreModels", async () => {
      const dir = project(
        `model Legacy {
  id        String   @id
  userId    String
  deletedAt DateTime
}
`,
        { rules: { "prisma-schema-conventions": ["error", { ignoreModels: ["Legacy"] }] } },
      );
      expect(await findings(dir)).toEqual([]);
    });

    it("is off unless the config turns it on (a strict rule), and then adds no schema file result", async () => {
      const dir = project(
        `model Note {
  id     String @id
  userId String
}
`,
        {},
      );
      const result = await runCheck({ cwd: dir });
      expect(result.files.map((file) => path.relative(dir, file.filePath))).toEqual(["src/db.ts"]);
    });

    it("adds the schema file, with its text, after the TS files, with the configured severity", async () => {
      const dir = project(
        `model Note {
  id     String @id
  userId String
}
`,
        { rules: { "prisma-schema-conventions": "warn" } },
      );
      const { result, files } = await checkProject({ cwd: dir });
      expect(files.map((file) => path.relative(dir, file.filePath))).toEqual(["src/db.ts"]);
      expect(result.files.map((file) => path.relative(dir, file.filePath))).toEqual(["src/db.ts", "prisma/schema.prisma"]);
      const schemaResult = result.files[1];
      expect(schemaResult.source).toBe(fs.readFileSync(path.join(dir, "prisma/schema.prisma"), "utf8"));
      expect(schemaResult.findings).toEqual([
        {
          ruleId: "prisma-schema-conventions",
          severity: 1,
          message: ownerNotIndexed("Note", "userId"),
          messageId: "ownerNotIndexed",
          line: 7,
          column: 3,
          endLine: 7,
          endColumn: 9,
        },
      ]);
    });

    it("runs on the schema only when the whole project or a folder holding it is checked", async () => {
      const dir = project(`model Note {
  id     String @id
  userId String
}
`);
      expect(await findings(dir, ["src/db.ts"])).toEqual([]);
      expect(await findings(dir, ["."])).toEqual([`prisma-schema-conventions prisma/schema.prisma:7:3 ${ownerNotIndexed("Note", "userId")}`]);
    });

    it("does nothing in ESLint, which lints TS files only", () => {
      expect(rule.check).toBeUndefined();
      expect(toEslintRule(rule).create({} as never)).toEqual({});
    });
  });
});
