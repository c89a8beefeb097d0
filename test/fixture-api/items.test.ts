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

async function createItem(client: DeviceClient, name: string, value = 1, status?: "active" | "archived") {
  const res = await client.post("/items", { name, value, ...(status ? { status } : {}) });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string; value: number; status: string; createdAt: string };
}

describe("clean endpoints", () => {
  it("POST /items answers 201 with the created row and its generated fields", async () => {
    const res = await alice.post("/items", { name: "  Water  ", value: 2.5 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^item_[0-9a-f]{12}$/),
      deviceId: alice.deviceId,
      name: "Water",
      value: 2.5,
      status: "active",
      description: null,
      deletedAt: null,
    });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
  });

  it("POST /items answers 422 with field errors", async () => {
    const res = await alice.post("/items", { name: "   ", value: -1, status: "deleted" });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(["name", "status", "value"]);
  });

  it("GET /items/:id is 404 for another device's item and for a soft-deleted one", async () => {
    const mine = await createItem(alice, "mine");
    const theirs = await createItem(bob, "theirs");
    expect((await alice.get(`/items/${mine.id}`)).status).toBe(200);
    expect((await alice.get(`/items/${theirs.id}`)).status).toBe(404);
    expect((await alice.delete(`/items/${mine.id}`)).status).toBe(204);
    expect((await alice.get(`/items/${mine.id}`)).status).toBe(404);
    expect((await alice.delete(`/items/${mine.id}`)).status).toBe(404);
  });

  it("GET /items pages with a cursor, newest first, without deleted or foreign rows", async () => {
    const device = await api.device();
    const created = [];
    for (const name of ["a", "b", "c", "d", "e"]) created.push(await createItem(device, name));
    await createItem(bob, "foreign");
    expect((await device.delete(`/items/${created[2]!.id}`)).status).toBe(204);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await device.get(`/items?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((item: { name: string }) => item.name));
      cursor = res.body.nextCursor;
      expect(res.body.hasMore).toBe(cursor !== null);
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(["e", "d", "b", "a"]);
    expect(pages).toBe(2);
  });

  it("GET /items filters by status and rejects an unknown status with 422", async () => {
    const device = await api.device();
    await createItem(device, "on", 1, "active");
    await createItem(device, "off", 1, "archived");
    const res = await device.get("/items?status=archived");
    expect(res.body.items.map((item: { name: string }) => item.name)).toEqual(["off"]);
    expect((await device.get("/items?status=manual")).status).toBe(422);
  });

  it("PATCH /items/:id answers with the updated row; another device's item is 404 and untouched", async () => {
    const item = await createItem(alice, "patch me", 1);
    const res = await alice.patch(`/items/${item.id}`, { value: 7, description: "seven" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ value: 7, description: "seven" });
    expect((await bob.patch(`/items/${item.id}`, { value: 0 })).status).toBe(404);
    expect((await alice.get(`/items/${item.id}`)).body.value).toBe(7);
  });

  it("DELETE /items/:id of another device's item is 404 and leaves it alone", async () => {
    const item = await createItem(bob, "keep");
    expect((await alice.delete(`/items/${item.id}`)).status).toBe(404);
    expect((await bob.get(`/items/${item.id}`)).status).toBe(200);
  });

  it("soft-deleted items show in the trash and can be restored", async () => {
    const device = await api.device();
    const item = await createItem(device, "trash me");
    await device.delete(`/items/${item.id}`);
    const trash = await device.get("/items/trash");
    expect(trash.body.items.map((row: { id: string }) => row.id)).toEqual([item.id]);
    const restored = await device.post(`/items/${item.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
    expect((await device.get("/items/trash")).body.items).toEqual([]);
    expect((await device.post(`/items/${item.id}/restore`)).status).toBe(404);
  });

  it("POST /items/:id/archive sets the status to archived; stats count active live items", async () => {
    const device = await api.device();
    const item = await createItem(device, "archive me");
    await createItem(device, "stay");
    const res = await device.post(`/items/${item.id}/archive`);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("archived");
    expect((await device.get("/items/stats")).body.active).toBe(1);
  });
});

describe("planted defects", () => {
  it("require-owner-scope: GET /items/:id/summary leaks another device's item", async () => {
    const secret = await createItem(bob, "bob's diary", 42);
    const res = await alice.get(`/items/${secret.id}/summary`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: secret.id, name: "bob's diary", value: 42 });
  });

  it("require-soft-delete-filter: GET /items/stats counts soft-deleted items in total", async () => {
    const device = await api.device();
    const gone = await createItem(device, "gone");
    await createItem(device, "here");
    await device.delete(`/items/${gone.id}`);
    const res = await device.get("/items/stats");
    expect(res.body).toEqual({ total: 2, active: 1 });
  });

  it("require-soft-delete-filter: GET /items/archived lists soft-deleted archived items", async () => {
    const device = await api.device();
    const gone = await createItem(device, "archived and deleted", 1, "archived");
    await device.delete(`/items/${gone.id}`);
    expect((await device.get(`/items/${gone.id}`)).status).toBe(404);
    const res = await device.get("/items/archived");
    expect(res.body.items.map((item: { id: string }) => item.id)).toEqual([gone.id]);
  });

  it("no-stale-read-after-write: PUT /items/:id/value answers with the value read before the update", async () => {
    const item = await createItem(alice, "counter", 1);
    const res = await alice.put(`/items/${item.id}/value`, { value: 99 });
    expect(res.status).toBe(200);
    expect(res.body.value).toBe(1);
    expect((await alice.get(`/items/${item.id}`)).body.value).toBe(99);
  });

  it("valid-enum-value: POST /items/archive-all crashes on the status 'inactive'", async () => {
    const device = await api.device();
    const item = await createItem(device, "stale");
    const res = await device.post("/items/archive-all");
    expect(res.status).toBe(500);
    expect((await device.get(`/items/${item.id}`)).body.status).toBe("active");
  });

  it("no-hard-delete: DELETE /items/:id/purge destroys the row, so it is not in the trash and cannot be restored", async () => {
    const device = await api.device();
    const item = await createItem(device, "purge me");
    expect((await device.delete(`/items/${item.id}/purge`)).status).toBe(204);
    expect((await device.get("/items/trash")).body.items).toEqual([]);
    expect((await device.post(`/items/${item.id}/restore`)).status).toBe(404);
    expect(await api.prisma.item.count({ where: { id: item.id } })).toBe(0);
  });
});
