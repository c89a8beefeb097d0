/**
 * A deterministic Express + Prisma corpus for the benchmark: one feature folder per module
 * (routes, service, repository, zod schema), one Prisma model per module, and about 5% of the
 * modules planting a defect of each rule, annotated `// expect: <rule>` like the reference API.
 *
 * Two styles alternate so the checker is measured on more than one shape of code: even modules
 * are classes with an injected client (`this.db`), odd modules are plain functions over the
 * imported client, reached from routes through a namespace import.
 */
import fs from "node:fs";
import path from "node:path";

/** The rules a module can plant, in a fixed order: the order decides which modules plant which rule. */
export const PLANTED_RULES = [
  "require-soft-delete-filter",
  "no-hard-delete",
  "require-owner-scope",
  "valid-enum-value",
  "no-stale-read-after-write",
  "require-transaction-client",
  "layer-boundaries",
  "no-query-in-loop",
  "require-bounded-list",
  "no-unsafe-raw-sql",
  "no-unvalidated-input",
  "require-auth",
  "prisma-schema-conventions",
  "no-http-in-services",
] as const;

export type PlantedRule = (typeof PLANTED_RULES)[number];

const NOUNS = [
  "order", "invoice", "ticket", "note", "task", "project", "payment", "shipment", "review", "booking",
  "contract", "asset", "report", "campaign", "lead", "subscription", "gadget", "message", "event", "document",
];

/** One module in 20 plants each rule, and no module plants two: (7·i + 3·r) mod 20 = 0 has one rule per residue of i. */
export function plantedRule(moduleIndex: number): PlantedRule | undefined {
  return PLANTED_RULES.find((_, rule) => (7 * moduleIndex + 3 * rule) % 20 === 0);
}

interface ModuleNames {
  /** `order7`: folder, file prefix and Prisma delegate */
  name: string;
  /** `Order7`: model and class prefix */
  Name: string;
  index: number;
  planted: PlantedRule | undefined;
  classes: boolean;
}

function moduleNames(index: number): ModuleNames {
  const name = `${NOUNS[index % NOUNS.length]}${index}`;
  return { name, Name: name[0].toUpperCase() + name.slice(1), index, planted: plantedRule(index), classes: index % 2 === 0 };
}

/** Writes the corpus of `modules` modules into `dir` (emptied first) and returns the number of files written. */
export function generateCorpus(dir: string, modules: number, options: { repoRoot: string }): number {
  fs.rmSync(dir, { recursive: true, force: true });
  const files = corpusFiles(modules, path.relative(dir, options.repoRoot).split(path.sep).join("/"));
  for (const [file, text] of files) {
    const full = path.join(dir, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return files.size;
}

/** Every file of the corpus by relative path; `repoRoot` is the path from the corpus to this repository (for the ESLint configs). */
export function corpusFiles(modules: number, repoRoot: string): Map<string, string> {
  const all = Array.from({ length: modules }, (_, index) => moduleNames(index));
  const files = new Map<string, string>();
  files.set("tsconfig.json", TSCONFIG);
  files.set("backend-conventions.config.json", CONFIG);
  files.set("eslint.config.js", eslintPluginConfig(repoRoot));
  files.set("eslint.typed.config.js", ESLINT_TYPED_CONFIG);
  files.set("eslint.recommended.config.js", ESLINT_RECOMMENDED_CONFIG);
  files.set("eslint.recommended-plugin.config.js", eslintRecommendedPluginConfig(repoRoot));
  files.set("prisma/schema.prisma", schemaPrisma(all));
  files.set("src/generated/prisma/client.ts", generatedClient(all));
  files.set("src/db/client.ts", DB_CLIENT);
  files.set("src/middleware/auth.ts", AUTH_MIDDLEWARE);
  files.set("src/shared/errors.ts", ERRORS);
  files.set("src/shared/scope.ts", SCOPE);
  files.set("src/shared/pagination.ts", PAGINATION);
  files.set("src/app.ts", app(all));
  for (const names of all) {
    const dir = `src/modules/${names.name}`;
    files.set(`${dir}/${names.name}.schema.ts`, zodSchema(names));
    files.set(`${dir}/${names.name}.repository.ts`, names.classes ? classRepository(names) : functionRepository(names));
    files.set(`${dir}/${names.name}.service.ts`, names.classes ? classService(names) : functionService(names));
    files.set(`${dir}/${names.name}.routes.ts`, routes(names));
  }
  return files;
}

/** `text` when the module plants `rule`, otherwise `otherwise`. */
function plant(names: ModuleNames, rule: PlantedRule, text: string, otherwise = ""): string {
  return names.planted === rule ? text : otherwise;
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      types: ["node"],
    },
    include: ["src"],
  },
  null,
  2,
)}\n`;

const CONFIG = `${JSON.stringify(
  {
    prismaSchema: "prisma/schema.prisma",
    ownership: { field: "userId", ownerModels: ["User"] },
    rules: { "require-auth": ["error", { publicRoutes: ["GET /health"] }], "prisma-schema-conventions": "error" },
  },
  null,
  2,
)}\n`;

function eslintPluginConfig(repoRoot: string): string {
  return `// Our rules under ESLint: the editor's path, with the same config file as the CLI.
import conventions from "${repoRoot}/dist/src/index.js";
import tseslint from "typescript-eslint";

export default [
  { ignores: ["src/generated/**", "*.config.js"] },
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
  conventions.configs.strict,
];
`;
}

// What a team runs in CI before adding us: typescript-eslint's recommended rules, no type information.
const ESLINT_RECOMMENDED_CONFIG = `// The yardstick of the plugin's cost: \`eslint .\` with typescript-eslint's recommended rules.
import tseslint from "typescript-eslint";

export default tseslint.config({ ignores: ["src/generated/**", "*.config.js"] }, ...tseslint.configs.recommended);
`;

/** The same run with our plugin's recommended config added: what the plugin costs is this against the one above. */
function eslintRecommendedPluginConfig(repoRoot: string): string {
  return `// \`eslint .\` with typescript-eslint's recommended rules and backend-conventions' recommended config.
import conventions from "${repoRoot}/dist/src/index.js";
import tseslint from "typescript-eslint";

export default tseslint.config({ ignores: ["src/generated/**", "*.config.js"] }, ...tseslint.configs.recommended, conventions.configs.recommended);
`;
}

const ESLINT_TYPED_CONFIG = `// The baseline: typescript-eslint's type-checked recommended rules.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["src/generated/**", "*.config.js"] },
  ...tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
);
`;

function schemaPrisma(all: readonly ModuleNames[]): string {
  const models = all.map((names) => {
    // An owner field that leads no index: every scoped query scans the table.
    const index = plant(names, "prisma-schema-conventions", "  @@index([title])\n", "  @@index([userId])\n");
    return `model ${names.Name} {
  id        String       @id @default(uuid())
${plant(names, "prisma-schema-conventions", "  // expect: prisma-schema-conventions\n")}  userId    String
  title     String
  amount    Int          @default(0)
  status    RecordStatus @default(draft)
  deletedAt DateTime?
  createdAt DateTime     @default(now())
  updatedAt DateTime     @updatedAt

${index}}
`;
  });
  return `// Generated benchmark corpus: one model per module, owned by a user, soft-deletable.
generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "postgresql"
}

enum RecordStatus {
  draft
  active
  archived
}

model User {
  id        String   @id @default(uuid())
  email     String   @unique
  apiKey    String   @unique
  createdAt DateTime @default(now())
}

${models.join("\n")}`;
}

/**
 * A compact stand-in for Prisma's generated client: the same API surface the corpus uses, typed,
 * so \`tsc\` checks every query, without the megabytes of types \`prisma generate\` writes per model.
 */
function generatedClient(all: readonly ModuleNames[]): string {
  const models = all
    .map(
      ({ Name }) => `export interface ${Name} {
  id: string;
  userId: string;
  title: string;
  amount: number;
  status: RecordStatus;
  deletedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
`,
    )
    .join("\n");
  const delegates = all.map(({ name, Name }) => `  ${name}: Delegate<${Name}>;`).join("\n");
  return `// A typed stand-in for the generated Prisma client of the benchmark corpus.
export type RecordStatus = "draft" | "active" | "archived";

type Filter<T> = T | null | { in?: T[]; not?: T | null; gte?: T; lte?: T; contains?: string };
export type WhereInput<T> = { [K in keyof T]?: Filter<T[K]> } & { AND?: WhereInput<T>[]; OR?: WhereInput<T>[]; NOT?: WhereInput<T> };
type OrderBy<T> = { [K in keyof T]?: "asc" | "desc" };
type CreateInput<T> = Omit<T, "id" | "amount" | "status" | "deletedAt" | "createdAt" | "updatedAt"> & Partial<T>;

export interface FindManyArgs<T> {
  where?: WhereInput<T>;
  orderBy?: OrderBy<T> | OrderBy<T>[];
  take?: number;
  skip?: number;
  cursor?: { id: string };
}

export interface Delegate<T> {
  findMany(args?: FindManyArgs<T>): Promise<T[]>;
  findFirst(args?: FindManyArgs<T>): Promise<T | null>;
  findUnique(args: { where: { id: string } & WhereInput<T> }): Promise<T | null>;
  create(args: { data: CreateInput<T> }): Promise<T>;
  update(args: { where: { id: string } & WhereInput<T>; data: Partial<T> }): Promise<T>;
  updateMany(args: { where?: WhereInput<T>; data: Partial<T> }): Promise<{ count: number }>;
  delete(args: { where: { id: string } & WhereInput<T> }): Promise<T>;
  count(args?: { where?: WhereInput<T> }): Promise<number>;
}

${models}
export interface User {
  id: string;
  email: string;
  apiKey: string;
  createdAt: Date;
}

export interface TransactionClient {
  user: Delegate<User>;
${delegates}
  $queryRaw<R = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<R>;
  $queryRawUnsafe<R = unknown>(query: string, ...values: unknown[]): Promise<R>;
}

export declare class PrismaClient implements TransactionClient {
  user: Delegate<User>;
${delegates}
  $queryRaw<R = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<R>;
  $queryRawUnsafe<R = unknown>(query: string, ...values: unknown[]): Promise<R>;
  $transaction<R>(run: (tx: TransactionClient) => Promise<R>): Promise<R>;
}
`;
}

const DB_CLIENT = `// The one Prisma client of the API.
import { PrismaClient } from "../generated/prisma/client.js";

export const prisma = new PrismaClient();
`;

const AUTH_MIDDLEWARE = `// Bearer-token authentication: sets req.user, which every query is scoped by.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { HttpError } from "../shared/errors.js";

declare module "express-serve-static-core" {
  interface Request {
    user: { id: string };
  }
}

const secret = process.env.TOKEN_SECRET ?? "dev-secret";

function sign(userId: string): string {
  return createHmac("sha256", secret).update(userId).digest("hex");
}

export function requireUser(req: Request, _res: Response, next: NextFunction): void {
  const [userId, signature] = (req.get("authorization") ?? "").replace(/^Bearer\\s+/i, "").split(".");
  if (!userId || !signature) throw new HttpError(401, "Missing bearer token");
  const expected = Buffer.from(sign(userId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new HttpError(401, "Invalid token");
  req.user = { id: userId };
  next();
}
`;

const ERRORS = `// Domain errors: services throw these, the error handler maps them to HTTP.
export class NotFoundError extends Error {
  constructor(readonly entity: string) {
    super(\`\${entity} not found\`);
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
`;

const SCOPE = `// Where-clause building blocks shared by every repository.
export const live = { deletedAt: null } as const;

export function owned(userId: string) {
  return { userId, deletedAt: null };
}
`;

const PAGINATION = `import { z } from "zod";

export const PageQuery = z.object({
  take: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const IdsBody = z.object({ ids: z.array(z.string()).min(1).max(100) });
export const SearchQuery = z.object({ q: z.string().min(1).max(100) });
`;

function app(all: readonly ModuleNames[]): string {
  const imports = all.map(({ name }) => `import { ${name}Router } from "./modules/${name}/${name}.routes.js";`).join("\n");
  const mounts = all.map(({ name }) => `app.use("/${name}", ${name}Router);`).join("\n");
  return `import express, { type NextFunction, type Request, type Response } from "express";
import { HttpError, NotFoundError } from "./shared/errors.js";
${imports}

export const app = express();
app.use(express.json());

app.get("/health", (_req, res) => {
  res.json({ status: "ok" });
});

${mounts}

app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
  if (res.headersSent) next(error);
  else if (error instanceof NotFoundError) res.status(404).json({ error: error.message });
  else if (error instanceof HttpError) res.status(error.status).json({ error: error.message });
  else res.status(500).json({ error: "Internal error" });
});
`;
}

function zodSchema({ Name }: ModuleNames): string {
  return `import { z } from "zod";
import { PageQuery } from "../../shared/pagination.js";

// Mirrors the Prisma enum RecordStatus.
export const ${Name}Status = z.enum(["draft", "active", "archived"]);

export const Create${Name}Body = z.object({
  title: z.string().min(1).max(200),
  amount: z.number().int().min(0).max(1_000_000),
  status: ${Name}Status.default("draft"),
});
export type Create${Name}Body = z.infer<typeof Create${Name}Body>;

export const Update${Name}Body = z
  .object({
    title: z.string().min(1).max(200),
    amount: z.number().int().min(0).max(1_000_000),
    status: ${Name}Status,
  })
  .partial();
export type Update${Name}Body = z.infer<typeof Update${Name}Body>;

export const Rename${Name}Body = z.object({ title: z.string().min(1).max(200) });

export const List${Name}Query = PageQuery.extend({ status: ${Name}Status.optional() });
export type List${Name}Query = z.infer<typeof List${Name}Query>;
`;
}

/** The repository as a class over an injected client. */
function classRepository(names: ModuleNames): string {
  const { name, Name } = names;
  return `// Data access for ${Name}: every read is scoped to its owner and skips soft-deleted rows.
import { prisma } from "../../db/client.js";
import type { PrismaClient, RecordStatus } from "../../generated/prisma/client.js";
import { live, owned } from "../../shared/scope.js";
import type { Create${Name}Body, Update${Name}Body } from "./${name}.schema.js";

export class ${Name}Repository {
  constructor(private readonly db: PrismaClient = prisma) {}

  findOwned(userId: string, id: string) {
    return this.db.${name}.findFirst({ where: { id, ...owned(userId) } });
  }
${plant(
  names,
  "require-owner-scope",
  `
  findById(id: string) {
    // expect: require-owner-scope
    return this.db.${name}.findFirst({ where: { id, ...live } });
  }
`,
)}
  findOwnedByIds(userId: string, ids: string[]) {
    return this.db.${name}.findMany({ where: { id: { in: ids }, userId, deletedAt: null } });
  }

  list(userId: string, take: number, cursor?: string) {
    ${plant(names, "require-bounded-list", "// expect: require-bounded-list\n    ")}return this.db.${name}.findMany({
      where: { userId, ...live },
      orderBy: { createdAt: "desc" },${plant(names, "require-bounded-list", "", "\n      take,")}
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
  }

  listByStatus(userId: string, status: RecordStatus) {
    ${plant(names, "require-soft-delete-filter", "// expect: require-soft-delete-filter\n    ")}return this.db.${name}.findMany({ where: { userId, status${plant(names, "require-soft-delete-filter", "", ", deletedAt: null")} }, orderBy: { createdAt: "desc" }, take: 100 });
  }

  countActive(userId: string) {
    return this.db.${name}.count({ where: { userId, status: "active", deletedAt: null } });
  }

  create(userId: string, data: Create${Name}Body) {
    return this.db.${name}.create({ data: { ...data, userId } });
  }

  async update(userId: string, id: string, data: Update${Name}Body): Promise<boolean> {
    const { count } = await this.db.${name}.updateMany({ where: { id, userId, deletedAt: null }, data });
    return count > 0;
  }

  async softDelete(userId: string, id: string): Promise<boolean> {
    const { count } = await this.db.${name}.updateMany({ where: { id, ...owned(userId) }, data: { deletedAt: new Date() } });
    return count > 0;
  }
${plant(
  names,
  "no-hard-delete",
  `
  async purge(userId: string, id: string): Promise<boolean> {
    const row = await this.findOwned(userId, id);
    if (!row) return false;
    // expect: no-hard-delete
    await this.db.${name}.delete({ where: { id: row.id, userId } });
    return true;
  }
`,
)}
  duplicate(userId: string, id: string) {
    return this.db.$transaction(async (tx) => {
      const row = await tx.${name}.findFirst({ where: { id, userId, deletedAt: null } });
      if (!row) return null;
      ${plant(names, "require-transaction-client", "// expect: require-transaction-client\n      ")}return ${plant(names, "require-transaction-client", "this.db", "tx")}.${name}.create({ data: { userId, title: \`\${row.title} (copy)\`, amount: row.amount, status: row.status } });
    });
  }

  search(userId: string, term: string) {
${plant(
  names,
  "no-unsafe-raw-sql",
  `    // expect: no-unsafe-raw-sql
    return this.db.$queryRawUnsafe<{ id: string }[]>(\`SELECT id FROM "${Name}" WHERE "userId" = '\${userId}' AND "deletedAt" IS NULL AND title ILIKE '%\${term}%' LIMIT 50\`);`,
  `    return this.db.$queryRaw<{ id: string }[]>\`SELECT id FROM "${Name}" WHERE "userId" = \${userId} AND "deletedAt" IS NULL AND title ILIKE \${\`%\${term}%\`} LIMIT 50\`;`,
)}
  }
}
`;
}

/** The repository as functions over the imported client. */
function functionRepository(names: ModuleNames): string {
  const { name, Name } = names;
  return `// Data access for ${Name}: every read is scoped to its owner and skips soft-deleted rows.
import { prisma } from "../../db/client.js";
import type { RecordStatus } from "../../generated/prisma/client.js";
import { live, owned } from "../../shared/scope.js";
import type { Create${Name}Body, Update${Name}Body } from "./${name}.schema.js";

export function findOwned(userId: string, id: string) {
  return prisma.${name}.findFirst({ where: { id, ...owned(userId) } });
}
${plant(
  names,
  "require-owner-scope",
  `
export function findById(id: string) {
  // expect: require-owner-scope
  return prisma.${name}.findFirst({ where: { id, ...live } });
}
`,
)}
export function findOwnedByIds(userId: string, ids: string[]) {
  return prisma.${name}.findMany({ where: { id: { in: ids }, userId, deletedAt: null } });
}

export function list(userId: string, take: number, cursor?: string) {
  ${plant(names, "require-bounded-list", "// expect: require-bounded-list\n  ")}return prisma.${name}.findMany({
    where: { userId, ...live },
    orderBy: { createdAt: "desc" },${plant(names, "require-bounded-list", "", "\n    take,")}
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
  });
}

export function listByStatus(userId: string, status: RecordStatus) {
  ${plant(names, "require-soft-delete-filter", "// expect: require-soft-delete-filter\n  ")}return prisma.${name}.findMany({ where: { userId, status${plant(names, "require-soft-delete-filter", "", ", deletedAt: null")} }, orderBy: { createdAt: "desc" }, take: 100 });
}

export function countActive(userId: string) {
  return prisma.${name}.count({ where: { userId, status: "active", deletedAt: null } });
}

export function create(userId: string, data: Create${Name}Body) {
  return prisma.${name}.create({ data: { ...data, userId } });
}

export async function update(userId: string, id: string, data: Update${Name}Body): Promise<boolean> {
  const { count } = await prisma.${name}.updateMany({ where: { id, userId, deletedAt: null }, data });
  return count > 0;
}

export async function softDelete(userId: string, id: string): Promise<boolean> {
  const { count } = await prisma.${name}.updateMany({ where: { id, ...owned(userId) }, data: { deletedAt: new Date() } });
  return count > 0;
}
${plant(
  names,
  "no-hard-delete",
  `
export async function purge(userId: string, id: string): Promise<boolean> {
  const row = await findOwned(userId, id);
  if (!row) return false;
  // expect: no-hard-delete
  await prisma.${name}.delete({ where: { id: row.id, userId } });
  return true;
}
`,
)}
export function duplicate(userId: string, id: string) {
  return prisma.$transaction(async (tx) => {
    const row = await tx.${name}.findFirst({ where: { id, userId, deletedAt: null } });
    if (!row) return null;
    ${plant(names, "require-transaction-client", "// expect: require-transaction-client\n    ")}return ${plant(names, "require-transaction-client", "prisma", "tx")}.${name}.create({ data: { userId, title: \`\${row.title} (copy)\`, amount: row.amount, status: row.status } });
  });
}

export function search(userId: string, term: string) {
${plant(
  names,
  "no-unsafe-raw-sql",
  `  // expect: no-unsafe-raw-sql
  return prisma.$queryRawUnsafe<{ id: string }[]>(\`SELECT id FROM "${Name}" WHERE "userId" = '\${userId}' AND "deletedAt" IS NULL AND title ILIKE '%\${term}%' LIMIT 50\`);`,
  `  return prisma.$queryRaw<{ id: string }[]>\`SELECT id FROM "${Name}" WHERE "userId" = \${userId} AND "deletedAt" IS NULL AND title ILIKE \${\`%\${term}%\`} LIMIT 50\`;`,
)}
}
`;
}

/** The retire status comes from the environment, as deployments configure it; a wrong default is the enum trap. */
function retireStatus(names: ModuleNames): string {
  return `${plant(names, "valid-enum-value", "// expect: valid-enum-value\n")}const RETIRED_STATUS = process.env.${names.name.toUpperCase()}_RETIRED_STATUS ?? "${plant(names, "valid-enum-value", "retired", "archived")}";`;
}

function classService(names: ModuleNames): string {
  const { name, Name } = names;
  return `// Business rules for ${Name}. No HTTP here: failures are domain errors.
import type { RecordStatus } from "../../generated/prisma/client.js";
import { ${plant(names, "no-http-in-services", "HttpError, ")}NotFoundError } from "../../shared/errors.js";
import { ${Name}Repository } from "./${name}.repository.js";
import type { Create${Name}Body, List${Name}Query, Update${Name}Body } from "./${name}.schema.js";

${retireStatus(names)}

export class ${Name}Service {
  constructor(private readonly repo = new ${Name}Repository()) {}

  async get(userId: string, id: string) {
    const row = await this.repo.findOwned(userId, id);
    ${plant(names, "no-http-in-services", `// expect: no-http-in-services\n    if (!row) throw new HttpError(404, "${Name} not found");`, `if (!row) throw new NotFoundError("${Name}");`)}
    return row;
  }

  list(userId: string, query: List${Name}Query) {
    return query.status ? this.repo.listByStatus(userId, query.status) : this.repo.list(userId, query.take, query.cursor);
  }

  async summary(userId: string, id: string) {
    const row = await this.repo.${plant(names, "require-owner-scope", "findById(id)", "findOwned(userId, id)")};
    if (!row) throw new NotFoundError("${Name}");
    return { id: row.id, title: row.title, status: row.status, ageMs: Date.now() - row.createdAt.getTime() };
  }

  async stats(userId: string) {
    return { active: await this.repo.countActive(userId) };
  }

  create(userId: string, body: Create${Name}Body) {
    return this.repo.create(userId, body);
  }

  async update(userId: string, id: string, body: Update${Name}Body) {
    if (!(await this.repo.update(userId, id, body))) throw new NotFoundError("${Name}");
    return this.get(userId, id);
  }

  async rename(userId: string, id: string, title: string) {
    const row = await this.get(userId, id);
    if (row.title === title) return row;
    await this.repo.update(userId, id, { title });
    ${plant(names, "no-stale-read-after-write", "// expect: no-stale-read-after-write\n    return row;", "return this.get(userId, id);")}
  }

  async retire(userId: string, id: string) {
    if (!(await this.repo.update(userId, id, { status: RETIRED_STATUS as RecordStatus }))) throw new NotFoundError("${Name}");
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.repo.softDelete(userId, id))) throw new NotFoundError("${Name}");
  }
${plant(
  names,
  "no-hard-delete",
  `
  async purge(userId: string, id: string): Promise<void> {
    if (!(await this.repo.purge(userId, id))) throw new NotFoundError("${Name}");
  }
`,
)}
  async getMany(userId: string, ids: string[]) {
${plant(
  names,
  "no-query-in-loop",
  `    const rows = [];
    for (const id of ids) {
      // expect: no-query-in-loop
      rows.push(await this.repo.findOwned(userId, id));
    }
    return rows;`,
  `    return this.repo.findOwnedByIds(userId, ids);`,
)}
  }

  duplicate(userId: string, id: string) {
    return this.repo.duplicate(userId, id);
  }

  search(userId: string, term: string) {
    return this.repo.search(userId, term);
  }
}
`;
}

function functionService(names: ModuleNames): string {
  const { name, Name } = names;
  return `// Business rules for ${Name}. No HTTP here: failures are domain errors.
import type { RecordStatus } from "../../generated/prisma/client.js";
import { ${plant(names, "no-http-in-services", "HttpError, ")}NotFoundError } from "../../shared/errors.js";
import * as repo from "./${name}.repository.js";
import type { Create${Name}Body, List${Name}Query, Update${Name}Body } from "./${name}.schema.js";

${retireStatus(names)}

export async function get(userId: string, id: string) {
  const row = await repo.findOwned(userId, id);
  ${plant(names, "no-http-in-services", `// expect: no-http-in-services\n  if (!row) throw new HttpError(404, "${Name} not found");`, `if (!row) throw new NotFoundError("${Name}");`)}
  return row;
}

export function list(userId: string, query: List${Name}Query) {
  return query.status ? repo.listByStatus(userId, query.status) : repo.list(userId, query.take, query.cursor);
}

export async function summary(userId: string, id: string) {
  const row = await repo.${plant(names, "require-owner-scope", "findById(id)", "findOwned(userId, id)")};
  if (!row) throw new NotFoundError("${Name}");
  return { id: row.id, title: row.title, status: row.status, ageMs: Date.now() - row.createdAt.getTime() };
}

export async function stats(userId: string) {
  return { active: await repo.countActive(userId) };
}

export function create(userId: string, body: Create${Name}Body) {
  return repo.create(userId, body);
}

export async function update(userId: string, id: string, body: Update${Name}Body) {
  if (!(await repo.update(userId, id, body))) throw new NotFoundError("${Name}");
  return get(userId, id);
}

export async function rename(userId: string, id: string, title: string) {
  const row = await get(userId, id);
  if (row.title === title) return row;
  await repo.update(userId, id, { title });
  ${plant(names, "no-stale-read-after-write", "// expect: no-stale-read-after-write\n  return row;", "return get(userId, id);")}
}

export async function retire(userId: string, id: string) {
  if (!(await repo.update(userId, id, { status: RETIRED_STATUS as RecordStatus }))) throw new NotFoundError("${Name}");
}

export async function remove(userId: string, id: string): Promise<void> {
  if (!(await repo.softDelete(userId, id))) throw new NotFoundError("${Name}");
}
${plant(
  names,
  "no-hard-delete",
  `
export async function purge(userId: string, id: string): Promise<void> {
  if (!(await repo.purge(userId, id))) throw new NotFoundError("${Name}");
}
`,
)}
export async function getMany(userId: string, ids: string[]) {
${plant(
  names,
  "no-query-in-loop",
  `  const rows = [];
  for (const id of ids) {
    // expect: no-query-in-loop
    rows.push(await repo.findOwned(userId, id));
  }
  return rows;`,
  `  return repo.findOwnedByIds(userId, ids);`,
)}
}

export function duplicate(userId: string, id: string) {
  return repo.duplicate(userId, id);
}

export function search(userId: string, term: string) {
  return repo.search(userId, term);
}
`;
}

function routes(names: ModuleNames): string {
  const { name, Name } = names;
  const service = names.classes ? `const service = new ${Name}Service();\n` : "";
  const serviceImport = names.classes ? `import { ${Name}Service } from "./${name}.service.js";` : `import * as service from "./${name}.service.js";`;
  const repository = names.classes ? `new ${Name}Repository()` : "repository";
  const repositoryImport = names.classes ? `import { ${Name}Repository } from "./${name}.repository.js";` : `import * as repository from "./${name}.repository.js";`;
  return `import { Router } from "express";
import { requireUser } from "../../middleware/auth.js";
import { IdsBody, SearchQuery } from "../../shared/pagination.js";
${plant(names, "layer-boundaries", `// expect: layer-boundaries\n${repositoryImport}\n`)}import { Create${Name}Body, List${Name}Query, Rename${Name}Body${plant(names, "no-unvalidated-input", "", `, Update${Name}Body`)} } from "./${name}.schema.js";
${serviceImport}

export const ${name}Router = Router();
${service}${plant(
  names,
  "require-auth",
  `
/** A CSV export, added above the router-wide authentication: Express runs it without. */
// expect: require-auth
${name}Router.get("/export", async (req, res) => {
  res.json(await service.list(req.user.id, { take: 100 }));
});
`,
)}
${name}Router.use(requireUser);

${name}Router.get("/", async (req, res) => {
  const query = List${Name}Query.parse(req.query);
  res.json(await service.list(req.user.id, query));
});

${name}Router.get("/stats", async (req, res) => {
  res.json(await service.stats(req.user.id));
});

${name}Router.get("/search", async (req, res) => {
  const { q } = SearchQuery.parse(req.query);
  res.json(await service.search(req.user.id, q));
});

${name}Router.post("/", async (req, res) => {
  const body = Create${Name}Body.parse(req.body);
  res.status(201).json(await service.create(req.user.id, body));
});

${name}Router.post("/bulk", async (req, res) => {
  const { ids } = IdsBody.parse(req.body);
  res.json(await service.getMany(req.user.id, ids));
});

${name}Router.get("/:id", async (req, res) => {
  res.json(await service.get(req.user.id, req.params.id));
});

${name}Router.get("/:id/summary", async (req, res) => {
  res.json(await service.summary(req.user.id, req.params.id));
});

${name}Router.patch("/:id", async (req, res) => {
${plant(
  names,
  "no-unvalidated-input",
  `  // expect: no-unvalidated-input
  res.json(await service.update(req.user.id, req.params.id, req.body));`,
  `  const body = Update${Name}Body.parse(req.body);
  res.json(await service.update(req.user.id, req.params.id, body));`,
)}
});

${name}Router.post("/:id/rename", async (req, res) => {
  const { title } = Rename${Name}Body.parse(req.body);
  res.json(await service.rename(req.user.id, req.params.id, title));
});

${name}Router.post("/:id/retire", async (req, res) => {
  await service.retire(req.user.id, req.params.id);
  res.status(204).end();
});

${name}Router.post("/:id/duplicate", async (req, res) => {
  res.status(201).json(await service.duplicate(req.user.id, req.params.id));
});

${name}Router.delete("/:id", async (req, res) => {
  await service.remove(req.user.id, req.params.id);
  res.status(204).end();
});
${plant(
  names,
  "no-hard-delete",
  `
${name}Router.delete("/:id/purge", async (req, res) => {
  await service.purge(req.user.id, req.params.id);
  res.status(204).end();
});
`,
)}${plant(
  names,
  "layer-boundaries",
  `
${name}Router.get("/:id/raw", async (req, res) => {
  res.json(await ${repository}.findOwned(req.user.id, req.params.id));
});
`,
)}`;
}
