import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Api, type DeviceClient, startApi } from "./harness.js";

let api: Api;
let alice: DeviceClient;
let bob: DeviceClient;

beforeAll(async () => {
  api = await startApi();
  alice = await api.device("alice");
  bob = await api.device("bob");
});
afterAll(async () => {
  await api?.close();
});

describe("clean endpoints", () => {
  it("POST /metrics answers 201 with the created row; the source defaults to user_input", async () => {
    const res = await alice.post("/metrics", { name: "weight", value: 80.5 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^met_[0-9a-f]{12}$/),
      deviceId: alice.deviceId,
      name: "weight",
      value: 80.5,
      source: "user_input",
      note: null,
    });
    expect(Date.parse(res.body.recordedAt)).not.toBeNaN();
  });

  it("POST /metrics maps the legacy source 'manual' to user_input", async () => {
    const res = await alice.post("/metrics", { name: "steps", value: 1000, source: "manual" });
    expect(res.status).toBe(201);
    expect(res.body.source).toBe("user_input");
  });

  it("POST /metrics answers 422 with field errors for an unknown source and a bad value", async () => {
    const res = await alice.post("/metrics", { name: "weight", value: "heavy", source: "wearable" });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(["source", "value"]);
  });

  it("GET /metrics lists only the device's own metrics; DELETE is 204, then 404, and 404 for a foreign one", async () => {
    const device = await api.device();
    const own = (await device.post("/metrics", { name: "sleep", value: 7 })).body;
    const foreign = (await bob.post("/metrics", { name: "sleep", value: 9 })).body;
    const list = await device.get("/metrics?name=sleep");
    expect(list.body.metrics.map((m: { id: string }) => m.id)).toEqual([own.id]);
    expect((await device.delete(`/metrics/${foreign.id}`)).status).toBe(404);
    expect((await device.delete(`/metrics/${own.id}`)).status).toBe(204);
    expect((await device.delete(`/metrics/${own.id}`)).status).toBe(404);
    expect(await api.prisma.metric.count({ where: { id: foreign.id } })).toBe(1);
  });
});

describe("planted defects", () => {
  it("valid-enum-value: POST /metrics/batch without a source crashes on the source 'manual'", async () => {
    const device = await api.device();
    const res = await device.post("/metrics/batch", { metrics: [{ name: "water", value: 1 }] });
    expect(res.status).toBe(500);
    expect(await api.prisma.metric.count({ where: { deviceId: device.deviceId } })).toBe(0);
  });

  it("no-stale-read-after-write: POST /metrics/batch answers with the input instead of the created rows", async () => {
    const device = await api.device();
    const res = await device.post("/metrics/batch", { metrics: [{ name: "water", value: 1, source: "device_sync" }] });
    expect(res.status).toBe(201);
    expect(res.body.metrics).toEqual([{ name: "water", value: 1, source: "device_sync" }]);
    expect(res.body.metrics[0].id).toBeUndefined();
    const stored = await api.prisma.metric.findMany({ where: { deviceId: device.deviceId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.id).toMatch(/^met_/);
  });

  it("valid-enum-value: GET /metrics/entered crashes on the source 'manual' in the filter", async () => {
    expect((await alice.get("/metrics/entered")).status).toBe(500);
  });

  it("valid-enum-value: GET /metrics/synced crashes on the source 'sync'", async () => {
    expect((await alice.get("/metrics/synced")).status).toBe(500);
  });

  it("require-owner-scope: POST /metrics/import writes into the device named in the body", async () => {
    const victim = await api.device();
    const res = await alice.post("/metrics/import", { deviceId: victim.deviceId, metrics: [{ name: "weight", value: 500 }] });
    expect(res.status).toBe(201);
    const seen = await victim.get("/metrics?name=weight");
    expect(seen.body.metrics.map((m: { value: number }) => m.value)).toEqual([500]);
  });

  it("require-owner-scope: GET /metrics/stats aggregates every device's metrics", async () => {
    const one = await api.device();
    const two = await api.device();
    await one.post("/metrics", { name: "bp", value: 100 });
    await two.post("/metrics", { name: "bp", value: 200 });
    const res = await one.get("/metrics/stats?name=bp");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: "bp", count: 2, max: 200 });
  });
});
