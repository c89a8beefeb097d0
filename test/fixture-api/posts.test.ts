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

async function createPost(client: DeviceClient, title: string) {
  const res = await client.post("/posts", { title, content: `about ${title}` });
  expect(res.status).toBe(201);
  return res.body as { id: string; title: string; published: boolean; createdAt: string };
}

describe("clean endpoints", () => {
  it("POST /posts answers 201 with the created row and its generated fields", async () => {
    const res = await alice.post("/posts", { title: "  Hello  ", content: "world" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^post_[0-9a-f]{12}$/),
      deviceId: alice.deviceId,
      title: "Hello",
      content: "world",
      published: false,
    });
    expect(Date.parse(res.body.createdAt)).not.toBeNaN();
  });

  it("POST /posts answers 409 on a duplicate title, whoever owns the first one", async () => {
    await createPost(alice, "Unique");
    const res = await bob.post("/posts", { title: "Unique", content: "again" });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe("conflict");
  });

  it("POST /posts answers 422 with field errors", async () => {
    const res = await alice.post("/posts", { title: " ", content: "" });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(["content", "title"]);
  });

  it("GET /posts/:id is 404 for another device's post; the list holds only the device's own posts", async () => {
    const device = await api.device();
    const own = await createPost(device, "own post");
    const theirs = await createPost(bob, "bob's post");
    expect((await device.get(`/posts/${own.id}`)).status).toBe(200);
    expect((await device.get(`/posts/${theirs.id}`)).status).toBe(404);
    expect((await device.get("/posts")).body.posts.map((p: { id: string }) => p.id)).toEqual([own.id]);
  });

  it("PUT /posts/:id replaces the own post, is 404 for a foreign one and 409 for a taken title", async () => {
    const post = await createPost(alice, "replace me");
    await createPost(alice, "taken");
    const res = await alice.put(`/posts/${post.id}`, { title: "replaced", content: "new", published: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: "replaced", content: "new", published: true });
    expect((await bob.put(`/posts/${post.id}`, { title: "hijacked", content: "x" })).status).toBe(404);
    expect((await alice.put(`/posts/${post.id}`, { title: "taken", content: "x" })).status).toBe(409);
  });

  it("DELETE /posts/:id answers 204, then 404; a foreign post is 404 and stays", async () => {
    const post = await createPost(alice, "delete me");
    const foreign = await createPost(bob, "not yours");
    expect((await alice.delete(`/posts/${foreign.id}`)).status).toBe(404);
    expect((await alice.delete(`/posts/${post.id}`)).status).toBe(204);
    expect((await alice.delete(`/posts/${post.id}`)).status).toBe(404);
    expect((await bob.get(`/posts/${foreign.id}`)).status).toBe(200);
  });
});

describe("planted defects", () => {
  it("no-stale-read-after-write: POST /posts/drafts answers with the input instead of the created row", async () => {
    const res = await alice.post("/posts/drafts", { title: "draft", content: "wip" });
    expect(res.status).toBe(201);
    expect(res.body.id).toBeUndefined();
    expect(res.body.createdAt).toBeUndefined();
    expect(await api.prisma.post.count({ where: { title: "draft" } })).toBe(1);
  });

  it("no-stale-read-after-write: POST /posts/:id/publish answers published without persisting it", async () => {
    const post = await createPost(alice, "publish me");
    const res = await alice.post(`/posts/${post.id}/publish`);
    expect(res.status).toBe(200);
    expect(res.body.published).toBe(true);
    expect((await alice.get(`/posts/${post.id}`)).body.published).toBe(false);
  });

  it("require-owner-scope: PATCH /posts/:id edits another device's post", async () => {
    const theirs = await createPost(bob, "bob's manifesto");
    const res = await alice.patch(`/posts/${theirs.id}`, { content: "defaced" });
    expect(res.status).toBe(200);
    expect((await bob.get(`/posts/${theirs.id}`)).body.content).toBe("defaced");
  });
});
