import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Api, type DeviceClient, startApi } from "./harness.js";

let api: Api;

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

interface Window {
  id: string;
  windowType: string;
  targetHours: number;
  endedAt: string | null;
}

async function startFast(client: DeviceClient, body: object = { targetHours: 16 }) {
  const res = await client.post("/fasting/start", body);
  expect(res.status).toBe(201);
  return res.body as Window;
}

/** A window that was started and stopped. */
async function completedFast(client: DeviceClient) {
  const started = await startFast(client);
  const stopped = await client.post("/fasting/stop");
  expect(stopped.status).toBe(200);
  return started;
}

describe("clean endpoints", () => {
  it("GET /fasting/protocols lists the global catalogue", async () => {
    const device = await api.device();
    const res = await device.get("/fasting/protocols");
    expect(res.status).toBe(200);
    expect(res.body.protocols.map((p: { name: string }) => p.name)).toEqual(["16:8", "18:6", "20:4"]);
  });

  it("POST /fasting/start answers 201 with the window; a protocol sets the target; a second start is 409", async () => {
    const device = await api.device();
    const res = await device.post("/fasting/start", { protocolId: "18_6" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^fast_/),
      deviceId: device.deviceId,
      windowType: "fasting",
      targetHours: 18,
      endedAt: null,
      protocol: { name: "18:6" },
    });
    expect((await device.post("/fasting/start", { targetHours: 12 })).status).toBe(409);
  });

  it("POST /fasting/start answers 422 with field errors", async () => {
    const device = await api.device();
    expect((await device.post("/fasting/start", {})).body.fields).toHaveProperty("targetHours");
    expect((await device.post("/fasting/start", { protocolId: "nope" })).body.fields).toHaveProperty("protocolId");
    const res = await device.post("/fasting/start", { windowType: "fast", targetHours: 100 });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(["targetHours", "windowType"]);
  });

  it("POST /fasting/stop answers with the ended row; then there is no open window", async () => {
    const device = await api.device();
    await startFast(device);
    const res = await device.post("/fasting/stop");
    expect(res.status).toBe(200);
    expect(res.body.endedAt).not.toBeNull();
    expect((await device.get("/fasting/active")).status).toBe(404);
    expect((await device.post("/fasting/stop")).status).toBe(404);
  });

  it("history hides soft-deleted windows; another device's window is 404 on delete", async () => {
    const device = await api.device();
    const other = await api.device();
    const first = await completedFast(device);
    const second = await completedFast(device);
    const foreign = await completedFast(other);
    expect((await device.delete(`/fasting/${foreign.id}`)).status).toBe(404);
    expect((await device.delete(`/fasting/${first.id}`)).status).toBe(204);
    const history = await device.get("/fasting/history");
    expect(history.body.windows.map((w: Window) => w.id)).toEqual([second.id]);
  });

  it("GET /coach/status combines the time keeper and the metrics of the device", async () => {
    const device = await api.device();
    await device.post("/metrics", { name: "weight", value: 72 });
    await startFast(device, { targetHours: 14 });
    const res = await device.get("/coach/status");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ active: { windowType: "fasting", targetHours: 14 }, lastFast: null, weight: 72 });
  });
});

describe("planted defects", () => {
  it("require-owner-scope: POST /fasting/:id/end ends another device's window", async () => {
    const alice = await api.device();
    const bob = await api.device();
    const bobs = await startFast(bob);
    const res = await alice.post(`/fasting/${bobs.id}/end`);
    expect(res.status).toBe(200);
    expect((await bob.get("/fasting/active")).status).toBe(404);
  });

  it("require-soft-delete-filter: GET /coach/status reports a soft-deleted fast as the last one", async () => {
    const device = await api.device();
    const fast = await completedFast(device);
    expect((await device.delete(`/fasting/${fast.id}`)).status).toBe(204);
    const res = await device.get("/coach/status");
    expect(res.body.lastFast).toMatchObject({ id: fast.id });
  });

  it("require-soft-delete-filter: PATCH /fasting/:id updates a soft-deleted window", async () => {
    const device = await api.device();
    const fast = await completedFast(device);
    await device.delete(`/fasting/${fast.id}`);
    const res = await device.patch(`/fasting/${fast.id}`, { targetHours: 20 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: fast.id, targetHours: 20, deletedAt: expect.any(String) });
  });

  it("valid-enum-value: GET /fasting/stats crashes on the window type 'fast'", async () => {
    const device = await api.device();
    await completedFast(device);
    expect((await device.get("/fasting/stats")).status).toBe(500);
  });

  it("no-hard-delete: DELETE /fasting/history destroys the rows instead of soft-deleting them", async () => {
    const device = await api.device();
    const fast = await completedFast(device);
    const res = await device.delete("/fasting/history");
    expect(res.body).toEqual({ deleted: 1 });
    expect(await api.prisma.fastingWindow.count({ where: { id: fast.id } })).toBe(0);
  });

  it("require-transaction-client: POST /fasting/switch fails and leaves both windows open", async () => {
    const device = await api.device();
    await startFast(device, { targetHours: 16 });
    const res = await device.post("/fasting/switch");
    expect(res.status).toBe(500);
    // The create ran on the outer client after the transaction was rolled back.
    await vi.waitFor(async () => {
      const open = await api.prisma.fastingWindow.findMany({ where: { deviceId: device.deviceId, endedAt: null }, orderBy: { startedAt: "asc" } });
      expect(open.map((w) => w.windowType)).toEqual(["fasting", "eating"]);
    });
  });
});
