// Tasks: the clean endpoints, and proof that each planted defect is a real bug.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NestApi, type UserClient, startNestApi } from "./harness.js";

let api: NestApi;
let alice: UserClient;
let bob: UserClient;

beforeAll(async () => {
  api = await startNestApi();
  alice = await api.user("alice");
  bob = await api.user("bob");
});
afterAll(async () => {
  await api?.close();
});

interface Task {
  id: string;
  userId: string;
  title: string;
  done: boolean;
}

async function createTask(client: UserClient, title: string): Promise<Task> {
  const res = await client.post("/tasks", { title });
  expect(res.status).toBe(201);
  return res.body as Task;
}

describe("clean endpoints", () => {
  it("safe: GET /tasks/:id is 404 for another user's task", async () => {
    const mine = await createTask(alice, "mine");
    const theirs = await createTask(bob, "theirs");
    expect((await alice.get(`/tasks/${mine.id}`)).body).toMatchObject({ id: mine.id, userId: alice.id, done: false });
    expect((await alice.get(`/tasks/${theirs.id}`)).status).toBe(404);
  });

  it("safe: PATCH /tasks/:id updates the caller's task only", async () => {
    const theirs = await createTask(bob, "bob's");
    expect((await alice.patch(`/tasks/${theirs.id}`, { done: true })).status).toBe(404);
    expect((await bob.get(`/tasks/${theirs.id}`)).body.done).toBe(false);
    const res = await bob.patch(`/tasks/${theirs.id}`, { done: true, priority: 3 });
    expect(res.body).toMatchObject({ done: true, priority: 3 });
  });

  it("safe: DELETE /tasks/:id removes the caller's task only", async () => {
    const theirs = await createTask(bob, "keep");
    expect((await alice.delete(`/tasks/${theirs.id}`)).status).toBe(404);
    expect((await bob.delete(`/tasks/${theirs.id}`)).status).toBe(204);
    expect((await bob.get(`/tasks/${theirs.id}`)).status).toBe(404);
  });

  it("safe: GET /tasks validates the query string (take at most 50, a single title)", async () => {
    const user = await api.user();
    await createTask(user, "write report");
    await createTask(user, "read mail");
    expect((await user.get("/tasks?title=report")).body.map((task: Task) => task.title)).toEqual(["write report"]);
    expect((await user.get("/tasks?take=51")).status).toBe(400);
    expect((await user.get("/tasks?title=a&title=b")).status).toBe(400);
  });

  it("safe: POST /tasks/complete-all completes the caller's listed tasks in one query, not another user's", async () => {
    const user = await api.user();
    const one = await createTask(user, "one");
    const two = await createTask(user, "two");
    const theirs = await createTask(bob, "not yours");
    const res = await user.post("/tasks/complete-all", { ids: [one.id, two.id, theirs.id] });
    expect(res.body).toEqual({ done: 2 });
    expect((await bob.get(`/tasks/${theirs.id}`)).body.done).toBe(false);
  });
});

describe("planted defects", () => {
  it("require-owner-scope: GET /tasks/:id/details shows another user's task", async () => {
    const secret = await createTask(bob, "buy a present for alice");
    const res = await alice.get(`/tasks/${secret.id}/details`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: secret.id, userId: bob.id, title: "buy a present for alice" });
  });

  it("require-owner-scope: GET /tasks/:id/audit is behind RolesGuard, but without @Roles(...) it lets a member read another user's task", async () => {
    const secret = await createTask(bob, "audited");
    const res = await alice.get(`/tasks/${secret.id}/audit`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: secret.id, userId: bob.id, title: "audited" });
  });

  it("require-owner-scope: POST /tasks/:id/complete completes another user's task", async () => {
    const theirs = await createTask(bob, "not alice's to do");
    const res = await alice.post(`/tasks/${theirs.id}/complete`);
    expect(res.status).toBe(201);
    expect((await bob.get(`/tasks/${theirs.id}`)).body.done).toBe(true);
  });

  it("require-owner-scope: POST /tasks/assign puts a task on the list of whichever user the body names", async () => {
    const res = await alice.post("/tasks/assign", { userId: bob.id, title: "from alice" });
    expect(res.status).toBe(201);
    expect(res.body.userId).toBe(bob.id);
    expect((await bob.get(`/tasks/${res.body.id}`)).body.title).toBe("from alice");
  });

  it("require-owner-scope: GET /tasks/inbox lists the tasks of whichever user the x-user-id header names", async () => {
    const secret = await createTask(bob, "bob's open task");
    const res = await alice.get("/tasks/inbox").set("x-user-id", bob.id);
    expect(res.status).toBe(200);
    expect(res.body.map((task: Task) => task.id)).toContain(secret.id);
  });

  it("no-unvalidated-input: GET /tasks/search passes a repeated ?title= as an array into the where, and the query fails", async () => {
    const user = await api.user();
    await createTask(user, "a");
    expect((await user.get("/tasks/search?title=a")).status).toBe(200);
    expect((await user.get("/tasks/search?title=a&title=b")).status).toBe(500);
  });

  it("require-bounded-list: GET /tasks/search takes the page size from the query string, unclamped", async () => {
    const user = await api.user();
    await api.prisma.task.createMany({ data: Array.from({ length: 120 }, (_, i) => ({ id: `task_bulk${i}`, userId: user.id, title: `t${i}` })) });
    expect((await user.get("/tasks?take=50")).body).toHaveLength(50);
    expect((await user.get("/tasks/search?limit=1000")).body).toHaveLength(120);
  });

  it("no-query-in-loop: POST /tasks/complete runs one update per id, with the same result as complete-all", async () => {
    const user = await api.user();
    const one = await createTask(user, "one");
    const two = await createTask(user, "two");
    expect((await user.post("/tasks/complete", { ids: [one.id, two.id] })).body).toEqual({ done: 2 });
  });
});
