// Boots the NestJS reference API on its own in-memory PGlite for one test file, through
// @nestjs/testing, configured the way main.ts's bootstrap() configures it (the /api prefix, the
// global ValidationPipe; "main.ts and the harness configure the app alike" in auth.test.ts keeps
// the two in step). Vitest isolates modules per test file, so each file gets a fresh database.
import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { INestApplication } from "@nestjs/common";
import type { PGlite } from "@electric-sql/pglite";
import request from "supertest";
import type { PrismaClient } from "../../fixtures/nestjs-api/src/generated/prisma/client.js";

export interface NestApi {
  app: INestApplication;
  /** The app's PrismaService, for setting up rows and checking them below the HTTP layer. */
  prisma: PrismaClient;
  pglite: PGlite;
  /** Registers a new user and returns a client authenticated as it. */
  user(name?: string): Promise<UserClient>;
  /** Registers a new user, makes it an admin, and returns a client authenticated as it. */
  admin(name?: string): Promise<UserClient>;
  anonymous: Client;
  close(): Promise<void>;
}

export type Client = ReturnType<typeof client>;

export interface UserClient extends Client {
  id: string;
  token: string;
}

function client(server: Server, token?: string) {
  const auth = (test: request.Test) => (token ? test.set("authorization", `Bearer ${token}`) : test);
  return {
    get: (path: string) => auth(request(server).get(`/api${path}`)),
    delete: (path: string) => auth(request(server).delete(`/api${path}`)),
    post: (path: string, body: object = {}) => auth(request(server).post(`/api${path}`)).send(body),
    put: (path: string, body: object = {}) => auth(request(server).put(`/api${path}`)).send(body),
    patch: (path: string, body: object = {}) => auth(request(server).patch(`/api${path}`)).send(body),
  };
}

/** An empty, initialised PGlite data directory, built once per PGlite version (the same one the Express fixture's harness builds). */
async function ensureTemplate(): Promise<string> {
  const manifest = new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url);
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const key = createHash("sha256").update(`pglite@${version}`).digest("hex").slice(0, 16);
  const template = join(tmpdir(), "backend-conventions-pglite", key);
  if (existsSync(join(template, "PG_VERSION"))) return template;
  const { PGlite } = await import("@electric-sql/pglite");
  const building = `${template}.build-${process.pid}-${randomUUID()}`;
  mkdirSync(building, { recursive: true });
  const db = new PGlite(building);
  await db.waitReady;
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    // Another test file won the race; its template is as good as ours.
    rmSync(building, { recursive: true, force: true });
  }
  return template;
}

/** What main.ts's bootstrap() sets on the app, repeated here as NestJS end-to-end tests do. */
export const GLOBAL_PREFIX = "api";
export const VALIDATION = { whitelist: true } as const;

let registered = 0;

export async function startNestApi(): Promise<NestApi> {
  const template = await ensureTemplate();
  const dataDir = join(tmpdir(), `nestjs-api-${process.pid}-${randomUUID()}`);
  cpSync(template, dataDir, { recursive: true });
  // Always the embedded database, and a short transaction timeout so that a
  // transaction blocked by a query through the outer client fails fast.
  process.env.PGLITE_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  process.env.PRISMA_TX_TIMEOUT_MS = "1000";
  await import("reflect-metadata");
  const { Test } = await import("@nestjs/testing");
  const { AppModule } = await import("../../fixtures/nestjs-api/src/app.module.js");
  const { ValidationPipe } = await import("@nestjs/common");
  const { pglite } = await import("../../fixtures/nestjs-api/src/prisma/database.js");
  const { applyMigrations } = await import("../../fixtures/nestjs-api/src/prisma/migrate.js");
  const { PrismaService } = await import("../../fixtures/nestjs-api/src/prisma/prisma.service.js");
  if (!pglite) throw new Error("the NestJS API did not start on PGlite");
  await applyMigrations();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix(GLOBAL_PREFIX);
  app.useGlobalPipes(new ValidationPipe(VALIDATION));
  await app.init();
  const server = app.getHttpServer() as Server;
  const prisma = app.get(PrismaService) as unknown as PrismaClient;
  const register = async (name?: string): Promise<UserClient> => {
    registered += 1;
    const email = `${name ?? "user"}-${registered}-${randomUUID().slice(0, 8)}@example.test`;
    const res = await request(server).post("/api/users").send(name ? { email, name } : { email });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    const { id, token } = res.body as { id: string; token: string };
    return { id, token, ...client(server, token) };
  };
  return {
    app,
    prisma,
    pglite,
    anonymous: client(server),
    user: register,
    async admin(name?: string) {
      const user = await register(name ?? "admin");
      await prisma.user.update({ where: { id: user.id }, data: { role: "admin" } });
      return user;
    },
    async close() {
      await app.close();
      await pglite.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
