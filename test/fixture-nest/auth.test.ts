// The global AuthGuard (APP_GUARD), its @Public() opt-out, @CurrentUser() and the @Roles("admin") area.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GLOBAL_PREFIX, type NestApi, type UserClient, VALIDATION, startNestApi } from "./harness.js";

let api: NestApi;
let alice: UserClient;
let root: UserClient;

beforeAll(async () => {
  api = await startNestApi();
  alice = await api.user("alice");
  root = await api.admin("root");
});
afterAll(async () => {
  await api?.close();
});

describe("the app under test", () => {
  it("main.ts and the harness configure the app alike", () => {
    const main = readFileSync(new URL("../../fixtures/nestjs-api/src/main.ts", import.meta.url), "utf8");
    expect(main).toContain(`app.setGlobalPrefix(${JSON.stringify(GLOBAL_PREFIX)});`);
    expect(main).toContain(`app.useGlobalPipes(new ValidationPipe({ whitelist: ${VALIDATION.whitelist} }));`);
    expect(main.match(/app\.use\w*\(|app\.setGlobal\w*\(/g)).toEqual(["app.setGlobalPrefix(", "app.useGlobalPipes("]);
  });
});

describe("the global auth guard", () => {
  it("refuses a request without a token, or with a wrong one, with 401", async () => {
    expect((await api.anonymous.get("/notes")).status).toBe(401);
    expect((await api.anonymous.get("/users/me")).status).toBe(401);
    expect((await api.anonymous.post("/notes", { title: "x" })).status).toBe(401);
    const forged = await api.anonymous.get("/notes").set("authorization", "Bearer not-a-token");
    expect(forged.status).toBe(401);
  });

  it("lets @Public() routes through without a token", async () => {
    // @Public() on the HealthController class, on the TagsController.list method
    expect((await api.anonymous.get("/health")).body).toEqual({ status: "ok" });
    expect((await api.anonymous.get("/tags")).status).toBe(200);
    const registered = await api.anonymous.post("/users", { email: "public-route@example.test" });
    expect(registered.status).toBe(201);
    expect(registered.body.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it("validates the registration body with the global ValidationPipe", async () => {
    const res = await api.anonymous.post("/users", { email: "not an email" });
    expect(res.status).toBe(400);
  });

  it("@CurrentUser() is the user the token belongs to", async () => {
    const res = await alice.get("/users/me");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: alice.id, name: "alice", role: "member" });
  });
});

describe("the admin area (@Roles('admin') + RolesGuard)", () => {
  it("refuses members with 403 and anonymous callers with 401", async () => {
    expect((await alice.get("/admin/users")).status).toBe(403);
    expect((await api.anonymous.get("/admin/users")).status).toBe(401);
    const res = await root.get("/admin/users");
    expect(res.status).toBe(200);
    expect(res.body.map((user: { id: string }) => user.id)).toContain(alice.id);
  });

  it("safe: GET /admin/notes/:id reads any user's note, for administrators only", async () => {
    const note = (await alice.post("/notes", { title: "alice's" })).body as { id: string };
    expect((await alice.get(`/admin/notes/${note.id}`)).status).toBe(403);
    const res = await root.get(`/admin/notes/${note.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: note.id, userId: alice.id });
  });

  it("DELETE /tags/:id needs the admin role", async () => {
    const tag = (await root.post("/tags", { name: "to-remove" })).body as { id: string };
    expect((await alice.delete(`/tags/${tag.id}`)).status).toBe(403);
    expect((await root.delete(`/tags/${tag.id}`)).status).toBe(204);
  });
});

describe("planted defects", () => {
  it("require-auth: POST /tags is @Internal(), which the guard skips, so anyone creates global tags without a token", async () => {
    const res = await api.anonymous.post("/tags", { name: "spam", color: "red" });
    expect(res.status).toBe(201);
    const tags = (await api.anonymous.get("/tags")).body as { name: string }[];
    expect(tags.map((tag) => tag.name)).toContain("spam");
  });

  it("no-stale-read-after-write: PATCH /users/me answers with the name read before the update", async () => {
    const user = await api.user("before");
    const res = await user.patch("/users/me", { name: "after" });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe("before");
    expect((await user.get("/users/me")).body.name).toBe("after");
  });
});
