// Starts the reference API on its own in-memory PGlite for one test file.
// Vitest isolates modules per test file, so each file gets a fresh database.
import { createHash, randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Express } from "express";
import request from "supertest";
import type { PGlite } from "@electric-sql/pglite";
import type { PrismaClient } from "../../fixtures/reference-api/src/generated/prisma/client.js";

export interface Api {
  app: Express;
  prisma: PrismaClient;
  /** The embedded database under the client, for checks below Prisma. */
  pglite: PGlite;
  /** Registers a new device and returns a client authenticated as it. */
  device(name?: string): Promise<DeviceClient>;
  anonymous: ReturnType<typeof client>;
  close(): Promise<void>;
}

export interface DeviceClient extends ReturnType<typeof client> {
  deviceId: string;
  token: string;
}

function client(app: Express, token?: string) {
  const auth = (test: request.Test) => (token ? test.set("authorization", `Bearer ${token}`) : test);
  return {
    get: (path: string) => auth(request(app).get(path)),
    delete: (path: string) => auth(request(app).delete(path)),
    post: (path: string, body: object = {}) => auth(request(app).post(path)).send(body),
    put: (path: string, body: object = {}) => auth(request(app).put(path)).send(body),
    patch: (path: string, body: object = {}) => auth(request(app).patch(path)).send(body),
  };
}

/**
 * An empty, initialised PGlite data directory, built once per PGlite version.
 * `initdb` takes seconds; copying a template and opening it takes a fraction of that.
 * The key is the installed PGlite version, the only input of an empty cluster.
 */
function templateDataDir(): string {
  const manifest = new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url);
  const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
  const key = createHash("sha256").update(`pglite@${version}`).digest("hex").slice(0, 16);
  const root = join(tmpdir(), "backend-conventions-pglite");
  return join(root, key);
}

async function ensureTemplate(): Promise<string> {
  const template = templateDataDir();
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

export async function startApi(): Promise<Api> {
  const template = await ensureTemplate();
  const dataDir = join(tmpdir(), `reference-api-${process.pid}-${randomUUID()}`);
  cpSync(template, dataDir, { recursive: true });
  if (readdirSync(dataDir).length === 0) throw new Error(`empty PGlite template at ${template}`);
  // Always the embedded database, and a short transaction timeout so that a
  // transaction blocked by a query through the outer client fails fast.
  process.env.PGLITE_DATA_DIR = dataDir;
  delete process.env.DATABASE_URL;
  process.env.PRISMA_TX_TIMEOUT_MS = "1000";
  process.env.NODE_ENV = "test";
  const { createApp } = await import("../../fixtures/reference-api/src/app.js");
  const { prisma, pglite } = await import("../../fixtures/reference-api/src/db/client.js");
  const { applyMigrations } = await import("../../fixtures/reference-api/src/db/migrate.js");
  const { ensureDefaultProtocols } = await import("../../fixtures/reference-api/src/repositories/protocol-repository.js");
  await applyMigrations();
  await ensureDefaultProtocols();
  if (!pglite) throw new Error("the reference API did not start on PGlite");
  const app = createApp();
  return {
    app,
    prisma,
    pglite,
    anonymous: client(app),
    async device(name?: string) {
      const res = await request(app).post("/devices").send(name ? { name } : {});
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      const { deviceId, token } = res.body as { deviceId: string; token: string };
      return { deviceId, token, ...client(app, token) };
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
