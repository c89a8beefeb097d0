import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

interface Portion {
  id: string;
  name: string;
  grams: number;
  isDefault: boolean;
  deletedAt: string | null;
}
interface Product {
  id: string;
  name: string;
  kcal100g: number;
  portions: Portion[];
}

async function createProduct(client: DeviceClient, name: string, portions?: Array<{ name: string; grams: number; isDefault?: boolean }>) {
  const res = await client.post("/products", { name, kcal100g: 200, ...(portions ? { portions } : {}) });
  expect(res.status).toBe(201);
  return res.body as Product;
}

describe("clean endpoints", () => {
  it("POST /products creates the product and its portions in one transaction, with generated fields", async () => {
    const res = await alice.post("/products", { name: "Rice", kcal100g: 130, portions: [{ name: "bowl", grams: 200 }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.stringMatching(/^prod_/), deviceId: alice.deviceId, name: "Rice", deletedAt: null });
    expect(res.body.portions).toEqual([
      expect.objectContaining({ id: expect.stringMatching(/^por_/), productId: res.body.id, name: "bowl", grams: 200, isDefault: false, kcal: 260 }),
    ]);
  });

  it("POST /products without portions gets the default 100 g portion", async () => {
    const product = await createProduct(alice, "Oats");
    expect(product.portions).toEqual([expect.objectContaining({ name: "100g", grams: 100, isDefault: true })]);
  });

  it("POST /products answers 422 with field errors, including nested portion fields", async () => {
    const res = await alice.post("/products", { name: "", kcal100g: 5000, portions: [{ name: "x", grams: 0 }] });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(["kcal100g", "name", "portions.0.grams"]);
  });

  it("a soft-deleted product is 404 and absent from the list; its portions are soft-deleted with it", async () => {
    const device = await api.device();
    const kept = await createProduct(device, "Kept");
    const gone = await createProduct(device, "Gone", [{ name: "slice", grams: 30 }]);
    expect((await device.delete(`/products/${gone.id}`)).status).toBe(204);
    expect((await device.get(`/products/${gone.id}`)).status).toBe(404);
    expect((await device.delete(`/products/${gone.id}`)).status).toBe(404);
    const list = await device.get("/products");
    expect(list.body.products.map((p: Product) => p.id)).toEqual([kept.id]);
    const portions = await api.prisma.portion.findMany({ where: { productId: gone.id } });
    expect(portions.every((portion) => portion.deletedAt !== null)).toBe(true);
  });

  it("another device's product is 404 for read, update, delete and portion delete", async () => {
    const theirs = await createProduct(bob, "Bob's bread");
    expect((await alice.get(`/products/${theirs.id}`)).status).toBe(404);
    expect((await alice.patch(`/products/${theirs.id}`, { name: "mine now" })).status).toBe(404);
    expect((await alice.delete(`/products/${theirs.id}`)).status).toBe(404);
    expect((await alice.delete(`/products/${theirs.id}/portions/${theirs.portions[0]!.id}`)).status).toBe(404);
    expect((await bob.get(`/products/${theirs.id}`)).body.name).toBe("Bob's bread");
  });

  it("PATCH /products/:id answers with the updated row", async () => {
    const product = await createProduct(alice, "Milk");
    const res = await alice.patch(`/products/${product.id}`, { kcal100g: 64 });
    expect(res.status).toBe(200);
    expect(res.body.kcal100g).toBe(64);
    expect(res.body.portions[0].kcal).toBe(64);
  });

  it("a soft-deleted portion disappears from the product, the list and the portion filter", async () => {
    const device = await api.device();
    const product = await createProduct(device, "Cheese", [
      { name: "slice", grams: 20 },
      { name: "block", grams: 250 },
    ]);
    const block = product.portions.find((portion) => portion.name === "block")!;
    expect((await device.get("/products/with-portion-over/200")).body.products).toHaveLength(1);
    expect((await device.delete(`/products/${product.id}/portions/${block.id}`)).status).toBe(204);
    expect((await device.delete(`/products/${product.id}/portions/${block.id}`)).status).toBe(404);
    expect((await device.get(`/products/${product.id}`)).body.portions.map((p: Portion) => p.name)).toEqual(["slice"]);
    expect((await device.get("/products")).body.products[0].portions.map((p: Portion) => p.name)).toEqual(["slice"]);
    expect((await device.get("/products/with-portion-over/200")).body.products).toEqual([]);
  });

  it("GET /products loads the portions of every product in a constant number of queries (no N+1)", async () => {
    const device = await api.device();
    const { pglite } = await import("../../fixtures/reference-api/src/db/client.js");
    const countQueries = async () => {
      const spy = vi.spyOn(pglite!, "query");
      const res = await device.get("/products");
      const calls = spy.mock.calls.filter(([sql]) => /"Portion"/.test(String(sql))).length;
      const total = spy.mock.calls.length;
      spy.mockRestore();
      return { products: res.body.products.length as number, calls, total };
    };
    await createProduct(device, "P1", [{ name: "a", grams: 1 }]);
    const one = await countQueries();
    for (const name of ["P2", "P3", "P4", "P5"]) await createProduct(device, name, [{ name: "a", grams: 1 }]);
    const five = await countQueries();
    expect(one.products).toBe(1);
    expect(five.products).toBe(5);
    expect(five.total).toBe(one.total);
    expect(five.calls).toBeLessThanOrEqual(1);
  });
});

describe("planted defects", () => {
  it("require-soft-delete-filter: GET /products/export includes soft-deleted portions", async () => {
    const device = await api.device();
    const product = await createProduct(device, "Bread", [
      { name: "slice", grams: 40 },
      { name: "loaf", grams: 800 },
    ]);
    const loaf = product.portions.find((portion) => portion.name === "loaf")!;
    await device.delete(`/products/${product.id}/portions/${loaf.id}`);
    const res = await device.get("/products/export");
    const names = res.body.products[0].portions.map((p: Portion) => p.name).sort();
    expect(names).toEqual(["loaf", "slice"]);
  });

  it("require-soft-delete-filter: GET /products/with-default-portion matches a soft-deleted default portion", async () => {
    const device = await api.device();
    const product = await createProduct(device, "Apple");
    await device.delete(`/products/${product.id}/portions/${product.portions[0]!.id}`);
    expect((await device.get(`/products/${product.id}`)).body.portions).toEqual([]);
    const res = await device.get("/products/with-default-portion");
    expect(res.body.products.map((p: Product) => p.id)).toEqual([product.id]);
  });

  it("no-hard-delete: PUT /products/:id/portions destroys the old portion rows instead of soft-deleting them", async () => {
    const device = await api.device();
    const product = await createProduct(device, "Pasta", [{ name: "plate", grams: 120 }]);
    const res = await device.put(`/products/${product.id}/portions`, { portions: [{ name: "bowl", grams: 90 }] });
    expect(res.status).toBe(200);
    expect(await api.prisma.portion.count({ where: { id: product.portions[0]!.id } })).toBe(0);
  });

  it("no-stale-read-after-write: PUT /products/:id/portions answers with the portions read before the write", async () => {
    const device = await api.device();
    const product = await createProduct(device, "Soup", [{ name: "cup", grams: 250 }]);
    const res = await device.put(`/products/${product.id}/portions`, { portions: [{ name: "bowl", grams: 400 }] });
    expect(res.body.portions.map((p: Portion) => p.name)).toEqual(["cup"]);
    const fresh = await device.get(`/products/${product.id}`);
    expect(fresh.body.portions.map((p: Portion) => p.name)).toEqual(["bowl"]);
  });

  it("require-transaction-client: POST /products/:id/duplicate blocks on the outer client until the transaction times out", async () => {
    const device = await api.device();
    const product = await createProduct(device, "Yoghurt", [{ name: "pot", grams: 150 }]);
    const res = await device.post(`/products/${product.id}/duplicate`);
    expect(res.status).toBe(500);
    const list = await device.get("/products");
    expect(list.body.products.map((p: Product) => p.name)).toEqual(["Yoghurt"]);
  });
});
