/** The project's soft delete as the rules ask it: which models are soft-deletable, their flags, central clients. */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { projectSoftDelete } from "../../src/analysis/soft-delete.js";
import { scanSoftDeleteWrites } from "../../src/analysis/soft-delete-writes.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { querySitesOf, type AnalysisContext } from "../../src/engine/rule.js";
import { basicSchema, parse, tempProject } from "../engine/helpers.js";

const SCHEMA = `datasource db {
  provider = "postgresql"
}

model User {
  id        String    @id
  deletedAt DateTime?
  posts     Post[]
}

model Post {
  id        String    @id
  userId    String
  user      User      @relation(fields: [userId], references: [id])
  deleted   Boolean   @default(false)
  deletedAt DateTime?
}

model Tag {
  id        String    @id
  deletedAt DateTime?
}
`;

const TSCONFIG = `{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true }, "include": ["src"] }\n`;
const CLIENT = `import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n`;

function analysisOf(files: Record<string, string>, softDelete: object = { field: ["deletedAt", "deleted"] }): AnalysisContext {
  const root = tempProject({ "package.json": "{}", "tsconfig.json": TSCONFIG, "prisma/schema.prisma": SCHEMA, "src/db.ts": CLIENT, ...files });
  return loadAnalysis(resolveConfig({ softDelete }, { rootDir: root, rules: {} }));
}

/** Each model's flags as `Model: flag, flag`, or `Model: -` when it is not soft-deletable. */
function flags(analysis: AnalysisContext): string[] {
  const file = analysis.project.getSourceFile(path.join(analysis.config.rootDir, "src/db.ts"))!;
  const softDelete = projectSoftDelete(analysis, file);
  return [...analysis.schema.models.values()].map((model) => `${model.name}: ${softDelete.of(model)?.flags.map((flag) => flag.field).join(", ") ?? "-"}`);
}

describe("which models are soft-deletable", () => {
  it("those whose configured flag the code sets; a write that names no model counts for every model with the field", () => {
    expect(flags(analysisOf({ "src/users.ts": `import { prisma } from "./db.js";\nexport const remove = (id: string) => prisma.user.update({ where: { id }, data: { deletedAt: new Date() } });\n` }))).toEqual([
      "User: deletedAt",
      "Post: -",
      "Tag: -",
    ]);
    expect(flags(analysisOf({ "src/trash.ts": `export function trash(row: { deletedAt: Date | null }) {\n  row.deletedAt = new Date();\n}\n` }))).toEqual([
      "User: deletedAt",
      "Post: deletedAt",
      "Tag: deletedAt",
    ]);
  });

  it("not for a value of the wrong type, a read argument, or a write in a test", () => {
    const files = {
      "src/selects.ts": `export const userSelect = { id: true, deletedAt: true };\nexport const postWhere = { deleted: true };\n`,
      "src/users.test.ts": `import { prisma } from "./db.js";\nexport const remove = (id: string) => prisma.user.update({ where: { id }, data: { deletedAt: new Date() } });\n`,
    };
    expect(flags(analysisOf(files))).toEqual(["User: -", "Post: -", "Tag: -"]);
  });

  it("a model softDelete.models names, written or not", () => {
    expect(flags(analysisOf({}, { field: "deletedAt", models: { Tag: "deletedAt" } }))).toEqual(["User: -", "Post: -", "Tag: deletedAt"]);
  });

  it("the next listed flag the code sets when it never sets the first; both when it sets them together", () => {
    const alone = `import { prisma } from "./db.js";\nexport const remove = (id: string) => prisma.post.update({ where: { id }, data: { deleted: true } });\n`;
    expect(flags(analysisOf({ "src/posts.ts": alone }))).toEqual(["User: -", "Post: deleted", "Tag: -"]);
    const together = `import { prisma } from "./db.js";\nexport const remove = (id: string) => prisma.post.update({ where: { id }, data: { deleted: true, deletedAt: new Date() } });\n`;
    expect(flags(analysisOf({ "src/posts.ts": together }))).toEqual(["User: -", "Post: deletedAt, deleted", "Tag: -"]);
  });

  it("without a tsconfig every TypeScript file under the root is read: a flag nothing sets is a plain column", () => {
    const root = tempProject({ "package.json": "{}", "prisma/schema.prisma": SCHEMA, "src/db.ts": CLIENT });
    expect(flags(loadAnalysis(resolveConfig({}, { rootDir: root, rules: {} })))).toEqual(["User: -", "Post: -", "Tag: -"]);
  });
});

describe("the write scan", () => {
  it("ties a write to the model of its query, through nested relation writes, and records the flags set with it", () => {
    const file = parse(`prisma.product.update({ where: { id }, data: { portions: { updateMany: { where: {}, data: { deletedAt: now, isDeleted: true } } } } });`);
    const writes = scanSoftDeleteWrites(file, basicSchema(), new Set(["deletedAt", "isDeleted"]));
    expect(writes.map(({ field, value, model, together }) => ({ field, value, model, together }))).toEqual([
      { field: "deletedAt", value: "date", model: "Portion", together: ["isDeleted"] },
      { field: "isDeleted", value: "true", model: undefined, together: ["deletedAt"] },
    ]);
  });
});

/** Per query of src/routes.ts: `line operation → filters/softDeletes`, or `-` for a client without central soft delete. */
function central(analysis: AnalysisContext): string[] {
  const file = analysis.project.getSourceFile(path.join(analysis.config.rootDir, "src/routes.ts"))!;
  const softDelete = projectSoftDelete(analysis, file);
  return querySitesOf(file, analysis).map((site) => {
    const line = file.getLineAndCharacterOfPosition(site.call.getStart()).line + 1;
    const verdict = softDelete.central(site);
    return `${line} ${site.operation} ${verdict ? `${verdict.filters ? "filters" : "-"}/${verdict.softDeletes ? "soft-deletes" : "-"}` : "-"}`;
  });
}

const ROUTES = `import { db } from "./client.js";
import { prisma } from "./db.js";
export async function routes(id: string) {
  await db.user.findMany();
  await db.user.findUnique({ where: { id } });
  await db.user.delete({ where: { id } });
  await prisma.user.findMany();
  await db.$transaction(async (tx) => tx.user.findFirst());
}
`;

/** The soft delete of User, done outside the extension. */
const REMOVE_USER = `export const remove = (db: any, id: string) => db.user.update({ where: { id }, data: { deletedAt: new Date() } });\n`;

describe("central soft delete", () => {
  it("an $allOperations handler: its guards say which operations it filters and which deletes it turns into updates", () => {
    const client = `import { prisma } from "./db.js";
export const db = prisma.$extends({
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        if (operation === "delete") return (prisma as any)[model].update({ where: args.where, data: { deletedAt: new Date() } });
        if (operation === "findFirst" || operation === "findMany") args.where = { ...args.where, deletedAt: null };
        return query(args);
      },
    },
  },
});
`;
    const analysis = analysisOf({ "src/client.ts": client, "src/routes.ts": ROUTES, "src/users.ts": "" });
    expect(central(analysis)).toEqual(["4 findMany filters/-", "5 findUnique -/-", "6 delete -/soft-deletes", "7 findMany -", "8 findFirst filters/-"]);
  });

  it("an extension built by Prisma.defineExtension in another file, and early exits that narrow the operations", () => {
    const extension = `import { Prisma } from "@prisma/client";
export const softDelete = Prisma.defineExtension({
  query: {
    user: {
      async $allOperations({ operation, args, query }) {
        if (operation !== "findMany" && operation !== "findUnique") return query(args);
        args.where = { ...args.where, deletedAt: null };
        return query(args);
      },
    },
  },
});
`;
    const client = `import { prisma } from "./db.js";\nimport { softDelete } from "./extension.js";\nexport const db = prisma.$extends(softDelete);\n`;
    const analysis = analysisOf({ "src/extension.ts": extension, "src/client.ts": client, "src/routes.ts": ROUTES, "src/users.ts": REMOVE_USER });
    expect(central(analysis)).toEqual(["4 findMany filters/-", "5 findUnique filters/-", "6 delete -/-", "7 findMany -", "8 findFirst -/-"]);
  });

  it("$use middleware guarded by params.model and a switch on params.action applies to the client it is installed on", () => {
    const client = `import { PrismaClient } from "@prisma/client";
export const db = new PrismaClient();
db.$use(async (params, next) => {
  if (params.model === "User") {
    switch (params.action) {
      case "delete":
        params.action = "update";
        params.args.data = { deletedAt: new Date() };
        break;
      case "findFirst":
      case "findMany":
        params.args.where.deletedAt = null;
        break;
    }
  }
  return next(params);
});
`;
    const analysis = analysisOf({ "src/client.ts": client, "src/routes.ts": ROUTES });
    expect(central(analysis)).toEqual(["4 findMany filters/-", "5 findUnique -/-", "6 delete -/soft-deletes", "7 findMany -", "8 findFirst filters/-"]);
  });

  it("a client imported by name from a package of the monorepo", () => {
    const root = tempProject({
      "package.json": JSON.stringify({ name: "app", private: true, workspaces: ["packages/*"] }),
      "tsconfig.json": `{ "compilerOptions": { "module": "NodeNext", "moduleResolution": "NodeNext" }, "include": ["src", "packages"] }\n`,
      "prisma/schema.prisma": SCHEMA,
      "packages/db/package.json": JSON.stringify({ name: "@acme/db", main: "./client.ts" }),
      "packages/db/client.ts": `import { PrismaClient } from "@prisma/client";
const base = new PrismaClient();
export default base.$extends({ query: { $allModels: { async findMany({ args, query }) { args.where = { ...args.where, deletedAt: null }; return query(args); } } } });
`,
      "src/routes.ts": `import db from "@acme/db";\nexport const list = () => db.user.findMany();\n`,
      "src/users.ts": REMOVE_USER,
    });
    const analysis = loadAnalysis(resolveConfig({}, { rootDir: root, rules: {} }));
    expect(central(analysis)).toEqual(["2 findMany filters/-"]);
  });
});
