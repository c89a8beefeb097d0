import { afterAll, beforeAll, expect, it } from "vitest";
import { type NestApi, startNestApi } from "./harness.js";

let api: NestApi;
beforeAll(async () => {
  api = await startNestApi();
});
afterAll(async () => {
  await api?.close();
});

it("boots", async () => {
  const alice = await api.user("alice");
  const res = await alice.post("/notes", { title: "hello", extra: 1 });
  console.log(res.status, res.body);
  const bad = await alice.post("/notes", { title: 5 });
  console.log(bad.status, bad.body);
  expect(res.status).toBe(201);
});
