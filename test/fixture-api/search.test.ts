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

async function createItem(client: DeviceClient, name: string) {
  const res = await client.post("/items", { name, value: 1 });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}

async function createProduct(client: DeviceClient, name: string, kcal100g: number) {
  const res = await client.post("/products", { name, kcal100g });
  expect(res.status).toBe(201);
  return res.body as { id: string; name: string };
}

const names = (rows: { name?: string; title?: string }[]) => rows.map((row) => row.name ?? row.title).sort();

describe("clean endpoints", () => {
  it("GET /search/items finds the device's own live items by part of the name", async () => {
    const device = await api.device();
    await createItem(device, "Green tea");
    await createItem(device, "Coffee");
    await createItem(bob, "Green juice");
    const res = await device.get("/search/items?q=green");
    expect(res.status).toBe(200);
    expect(names(res.body.items)).toEqual(["Green tea"]);
  });

  it("GET /search/posts sends the term as a parameter: quotes are just characters", async () => {
    const device = await api.device();
    expect((await device.post("/posts", { title: "It's search day", content: "x" })).status).toBe(201);
    expect((await bob.post("/posts", { title: "Bob's search day", content: "x" })).status).toBe(201);
    expect(names((await device.get("/search/posts?q=search")).body.posts)).toEqual(["It's search day"]);
    const injected = await device.get(`/search/posts?q=${encodeURIComponent("' OR '1'='1")}`);
    expect(injected.status).toBe(200);
    expect(injected.body.posts).toEqual([]);
  });

  it("GET /search/metrics runs constant SQL with the term as a positional parameter", async () => {
    const device = await api.device();
    await device.post("/metrics", { name: "weight", value: 80 });
    await bob.post("/metrics", { name: "weight", value: 90 });
    const res = await device.get("/search/metrics?q=weig");
    expect(res.status).toBe(200);
    expect(res.body.metrics.map((m: { value: number }) => m.value)).toEqual([80]);
    const injected = await device.get(`/search/metrics?q=${encodeURIComponent("' OR '1'='1")}`);
    expect(injected.body.metrics).toEqual([]);
  });

  it("GET /search/products/ranked sorts by an allow-listed order and rejects others with 422", async () => {
    const device = await api.device();
    await createProduct(device, "Oats", 380);
    await createProduct(device, "Apple", 52);
    const ranked = await device.get("/search/products/ranked?q=a&order=kcal");
    expect(ranked.status).toBe(200);
    expect(ranked.body.products.map((p: { name: string }) => p.name)).toEqual(["Oats", "Apple"]);
    expect((await device.get("/search/products/ranked?q=a&order=1/0")).status).toBe(422);
  });

  it("GET /search/items answers 401 without a token and 422 without a term", async () => {
    expect((await api.anonymous.get("/search/items?q=tea")).status).toBe(401);
    expect((await alice.get("/search/items")).status).toBe(422);
  });
});

describe("planted defects", () => {
  it("no-unsafe-raw-sql: GET /search/items with a quote in the term returns other devices' items", async () => {
    const device = await api.device();
    await createItem(device, "Mine");
    const foreign = await createItem(bob, "Bob's secret");
    const res = await device.get(`/search/items?q=${encodeURIComponent("' OR '1'='1' --")}`);
    expect(res.status).toBe(200);
    const ids = res.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(foreign.id);
  });

  it("no-unsafe-raw-sql: POST /search/items/archive with a quote in the name archives other devices' items", async () => {
    const device = await api.device();
    const victim = await api.device();
    const foreign = await createItem(victim, "Journal");
    const res = await device.post("/search/items/archive", { q: "nothing' OR '1'='1" });
    expect(res.status).toBe(200);
    expect(res.body.archived).toBeGreaterThanOrEqual(1);
    const row = await api.prisma.item.findUniqueOrThrow({ where: { id: foreign.id } });
    expect(row.status).toBe("archived");
  });

  it("no-unsafe-raw-sql: GET /search/products runs the client's sort as SQL", async () => {
    const device = await api.device();
    await createProduct(device, "Rice", 130);
    expect((await device.get("/search/products?q=rice&sort=name")).status).toBe(200);
    expect((await device.get(`/search/products?q=rice&sort=${encodeURIComponent("1/0")}`)).status).toBe(500);
  });
});
