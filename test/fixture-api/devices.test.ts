import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, startApi } from "./harness.js";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

describe("authentication", () => {
  it("registers a device with 201 and stores only the hash of its token", async () => {
    const res = await api.anonymous.post("/devices", { name: "phone" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ deviceId: expect.stringMatching(/^dev_[0-9a-f]{12}$/), name: "phone", token: expect.any(String) });
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: res.body.deviceId } });
    expect(row.tokenHash).toBe(createHash("sha256").update(res.body.token).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(res.body.token);
  });

  it("answers 401 without a token, with a malformed header and with an unknown token", async () => {
    expect((await api.anonymous.get("/items")).status).toBe(401);
    expect((await api.anonymous.get("/items").set("authorization", "Token abc")).status).toBe(401);
    const res = await api.anonymous.get("/items").set("authorization", "Bearer not-a-real-token");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "unauthorized", message: "Invalid or expired token" });
  });

  it("answers 422 with field errors for an invalid registration", async () => {
    const res = await api.anonymous.post("/devices", { name: "" });
    expect(res.status).toBe(422);
    expect(res.body.fields).toHaveProperty("name");
  });

  it("shows the device itself, and a soft-deleted device can no longer authenticate", async () => {
    const device = await api.device("tablet");
    const me = await device.get("/devices/me");
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: device.deviceId, name: "tablet", createdAt: expect.any(String) });
    expect((await device.delete("/devices/me")).status).toBe(204);
    expect((await device.get("/devices/me")).status).toBe(401);
    const row = await api.prisma.device.findUniqueOrThrow({ where: { id: device.deviceId } });
    expect(row.deletedAt).toBeInstanceOf(Date);
  });
});

describe("the HTTP shell", () => {
  it("serves /health", async () => {
    const res = await api.anonymous.get("/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("answers 404 for an unknown route and 400 for malformed JSON", async () => {
    expect((await api.anonymous.get("/nope")).status).toBe(404);
    const res = await api.anonymous.post("/devices").set("content-type", "application/json").send("{not json");
    expect(res.status).toBe(400);
  });
});

describe("planted defects", () => {
  it("no-stale-read-after-write: PATCH /devices/me answers with the name read before the update", async () => {
    const device = await api.device("old name");
    const res = await device.patch("/devices/me", { name: "new name" });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("old name");
    expect((await device.get("/devices/me")).body.name).toBe("new name");
  });

  it("require-owner-scope: GET /devices/:deviceId/items lists another device's items", async () => {
    const alice = await api.device();
    const bob = await api.device();
    await bob.post("/items", { name: "bob's secret", value: 1 });
    const res = await alice.get(`/devices/${bob.deviceId}/items`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((item: { name: string }) => item.name)).toEqual(["bob's secret"]);
  });
});
