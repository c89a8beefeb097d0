// The no-unvalidated-input defects of the reference API, shown as real bugs: request input
// that reaches a query without a schema parse lets the client write columns the API never
// meant to expose (mass assignment) or pass Prisma operators instead of values.
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

describe("no-unvalidated-input", () => {
  it("PUT /items/:id writes the raw body: the client moves its item to another device", async () => {
    const created = await alice.post("/items", { name: "lamp", value: 3 });
    expect(created.status).toBe(201);
    const res = await alice.put(`/items/${created.body.id}`, { deviceId: bob.deviceId });
    expect(res.status).toBe(200);
    expect(res.body.deviceId).toBe(bob.deviceId);
    expect((await alice.get(`/items/${created.body.id}`)).status).toBe(404);
    expect((await bob.get(`/items/${created.body.id}`)).status).toBe(200);
  });

  it("PUT /items/:id writes the raw body: the client sets deletedAt, which PATCH rejects", async () => {
    const created = await alice.post("/items", { name: "chair", value: 1 });
    expect((await alice.patch(`/items/${created.body.id}`, { deletedAt: "2020-01-01T00:00:00.000Z" })).body.deletedAt).toBeNull();
    const res = await alice.put(`/items/${created.body.id}`, { deletedAt: "2020-01-01T00:00:00.000Z" });
    expect(res.status).toBe(200);
    expect(res.body.deletedAt).toBe("2020-01-01T00:00:00.000Z");
  });

  it("POST /posts/quick spreads the raw body after deviceId: the client posts as another device", async () => {
    const res = await alice.post("/posts/quick", { title: "Not mine", content: "hi", deviceId: bob.deviceId });
    expect(res.status).toBe(201);
    expect(res.body.deviceId).toBe(bob.deviceId);
    const bobs = await bob.get("/posts");
    expect(bobs.body.posts.map((post: { title: string }) => post.title)).toContain("Not mine");
  });

  it("POST /posts (parsed) drops the deviceId the client sends", async () => {
    const res = await alice.post("/posts", { title: "Mine", content: "hi", deviceId: bob.deviceId });
    expect(res.status).toBe(201);
    expect(res.body.deviceId).toBe(alice.deviceId);
  });

  it("PUT /fasting/:id/target passes an update operator through: the target grows past the 72 h maximum", async () => {
    const started = await alice.post("/fasting/start", { targetHours: 16 });
    expect(started.status).toBe(201);
    expect((await alice.patch(`/fasting/${started.body.id}`, { targetHours: 116 })).status).toBe(422);
    const res = await alice.put(`/fasting/${started.body.id}/target`, { targetHours: { increment: 100 } });
    expect(res.status).toBe(200);
    expect(res.body.targetHours).toBe(116);
  });

  it("GET /metrics/search puts the query string in the where: a repeated parameter is an array and the query fails", async () => {
    expect((await alice.get("/metrics/search?name=weight")).status).toBe(200);
    expect((await alice.get("/metrics/search?name=weight&name=steps")).status).toBe(500);
    // the parsed list answers 422 for the same input
    expect((await alice.get("/metrics?name=weight&name=steps")).status).toBe(422);
  });
});
