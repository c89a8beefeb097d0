// Starts the reference API on its own in-memory PGlite for one test file.
// Vitest isolates modules per test file, so each file gets a fresh database.
import type { Express } from "express";
import request from "supertest";
import type { PrismaClient } from "../../fixtures/reference-api/src/generated/prisma/client.js";

export interface Api {
  app: Express;
  prisma: PrismaClient;
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

export async function startApi(): Promise<Api> {
  // Always the embedded database, and a short transaction timeout so that a
  // transaction blocked by a query through the outer client fails fast.
  delete process.env.DATABASE_URL;
  process.env.PRISMA_TX_TIMEOUT_MS = "1000";
  process.env.NODE_ENV = "test";
  const { createApp } = await import("../../fixtures/reference-api/src/app.js");
  const { prisma, pglite } = await import("../../fixtures/reference-api/src/db/client.js");
  const { applyMigrations } = await import("../../fixtures/reference-api/src/db/migrate.js");
  const { ensureDefaultProtocols } = await import("../../fixtures/reference-api/src/repositories/protocol-repository.js");
  await applyMigrations();
  await ensureDefaultProtocols();
  const app = createApp();
  return {
    app,
    prisma,
    anonymous: client(app),
    async device(name?: string) {
      const res = await request(app).post("/devices").send(name ? { name } : {});
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      const { deviceId, token } = res.body as { deviceId: string; token: string };
      return { deviceId, token, ...client(app, token) };
    },
    async close() {
      await prisma.$disconnect();
      await pglite?.close();
    },
  };
}
