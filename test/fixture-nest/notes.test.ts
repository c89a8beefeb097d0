// Notes and their comments: the clean endpoints, and proof that each planted defect is a real bug.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
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

interface Note {
  id: string;
  userId: string;
  title: string;
  body: string;
  status: string;
  deletedAt: string | null;
}

async function createNote(client: UserClient, title: string, body = ""): Promise<Note> {
  const res = await client.post("/notes", { title, body });
  expect(res.status).toBe(201);
  return res.body as Note;
}

async function addComment(client: UserClient, noteId: string, body: string): Promise<{ id: string }> {
  const res = await client.post(`/notes/${noteId}/comments`, { body });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe("clean endpoints", () => {
  it("POST /notes answers 201 with the created row, owned by the caller, and 400 on an invalid body", async () => {
    const note = await createNote(alice, "groceries", "milk");
    expect(note).toMatchObject({ userId: alice.id, title: "groceries", body: "milk", status: "draft", deletedAt: null });
    expect(note.id).toMatch(/^note_[0-9a-f]{12}$/);
    expect((await alice.post("/notes", { title: "" })).status).toBe(400);
  });

  it("safe: POST /notes whitelists the DTO, so a userId in the body is dropped", async () => {
    const res = await alice.post("/notes", { title: "mine", userId: bob.id });
    expect(res.status).toBe(201);
    expect(res.body.userId).toBe(alice.id);
  });

  it("safe: GET /notes/:id is 404 for another user's note and for a deleted one", async () => {
    const mine = await createNote(alice, "mine");
    const theirs = await createNote(bob, "theirs");
    expect((await alice.get(`/notes/${mine.id}`)).status).toBe(200);
    expect((await alice.get(`/notes/${theirs.id}`)).status).toBe(404);
    expect((await alice.delete(`/notes/${mine.id}`)).status).toBe(204);
    expect((await alice.get(`/notes/${mine.id}`)).status).toBe(404);
    expect((await alice.delete(`/notes/${mine.id}`)).status).toBe(404);
  });

  it("GET /notes lists the caller's live notes only, newest first, and rejects take above 50", async () => {
    const user = await api.user();
    const first = await createNote(user, "first");
    const second = await createNote(user, "second");
    const gone = await createNote(user, "gone");
    await createNote(bob, "foreign");
    await user.delete(`/notes/${gone.id}`);
    const res = await user.get("/notes");
    expect(res.body.map((note: Note) => note.id).sort()).toEqual([first.id, second.id].sort());
    expect((await user.get("/notes?take=1")).body).toHaveLength(1);
    expect((await user.get("/notes?take=500")).status).toBe(400);
  });

  it("PATCH /notes/:id answers with the updated row; another user's note is 404 and untouched", async () => {
    const note = await createNote(alice, "draft");
    const res = await alice.patch(`/notes/${note.id}`, { body: "edited" });
    expect(res.status).toBe(200);
    expect(res.body.body).toBe("edited");
    expect((await bob.patch(`/notes/${note.id}`, { body: "hacked" })).status).toBe(404);
    expect((await alice.get(`/notes/${note.id}`)).body.body).toBe("edited");
  });

  it("safe: PUT /notes/:id/title checks the owner and the deletion after the fetch: 404 for another user's note or a deleted one", async () => {
    const note = await createNote(alice, "old title");
    expect((await bob.put(`/notes/${note.id}/title`, { title: "bob was here" })).status).toBe(404);
    const res = await alice.put(`/notes/${note.id}/title`, { title: "new title" });
    expect(res.status).toBe(200);
    expect(res.body.title).toBe("new title");
    await alice.delete(`/notes/${note.id}`);
    expect((await alice.put(`/notes/${note.id}/title`, { title: "again" })).status).toBe(404);
  });

  it("safe: POST /notes/:id/publish sets a valid status", async () => {
    const note = await createNote(alice, "to publish");
    const res = await alice.post(`/notes/${note.id}/publish`);
    expect(res.status).toBe(201);
    expect(res.body.status).toBe("published");
  });

  it("safe: GET /notes/:noteId/comments leaves deleted comments out, and is 404 on another user's note", async () => {
    const note = await createNote(alice, "discussed");
    const kept = await addComment(alice, note.id, "kept");
    const removed = await addComment(alice, note.id, "removed");
    expect((await alice.delete(`/notes/${note.id}/comments/${removed.id}`)).status).toBe(204);
    const res = await alice.get(`/notes/${note.id}/comments`);
    expect(res.body.map((comment: { id: string }) => comment.id)).toEqual([kept.id]);
    expect((await bob.get(`/notes/${note.id}/comments`)).status).toBe(404);
  });

  it("safe: GET /notes/find passes the term as a parameter, so a quote finds nothing of others", async () => {
    const user = await api.user();
    await createNote(user, "plain title");
    await createNote(bob, "bob's secret plan");
    expect((await user.get("/notes/find?q=plain")).body.map((hit: { title: string }) => hit.title)).toEqual(["plain title"]);
    expect((await user.get(`/notes/find?q=${encodeURIComponent("x' OR 1=1 --")}`)).body).toEqual([]);
  });

  it("GET /notes/comment-counts and its grouped twin give the same live counts", async () => {
    const user = await api.user();
    const note = await createNote(user, "counted");
    await addComment(user, note.id, "one");
    const gone = await addComment(user, note.id, "two");
    await user.delete(`/notes/${note.id}/comments/${gone.id}`);
    const expected = [{ id: note.id, title: "counted", comments: 1 }];
    expect((await user.get("/notes/comment-counts")).body).toEqual(expected);
    expect((await user.get("/notes/comment-counts/grouped")).body).toEqual(expected);
  });

  it("GET /notes/export answers the caller's live notes as CSV", async () => {
    const user = await api.user();
    const note = await createNote(user, "exported");
    const res = await user.get("/notes/export");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.text).toBe(`id,status,title\n${note.id},draft,"exported"`);
  });
});

describe("planted defects", () => {
  it("require-owner-scope: GET /notes/:id/preview shows another user's note", async () => {
    const secret = await createNote(bob, "bob's diary", "dear diary, the safe code is 1234");
    expect((await alice.get(`/notes/${secret.id}`)).status).toBe(404);
    const res = await alice.get(`/notes/${secret.id}/preview`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: secret.id, title: "bob's diary", excerpt: "dear diary, the safe code is 1234" });
  });

  it("require-soft-delete-filter: GET /notes/:id/print still serves a deleted note", async () => {
    const note = await createNote(alice, "deleted but printable");
    expect((await alice.delete(`/notes/${note.id}`)).status).toBe(204);
    expect((await alice.get(`/notes/${note.id}`)).status).toBe(404);
    const res = await alice.get(`/notes/${note.id}/print`);
    expect(res.status).toBe(200);
    expect(res.body.title).toBe("deleted but printable");
  });

  it("require-soft-delete-filter: GET /notes/:id/thread includes deleted comments", async () => {
    const note = await createNote(alice, "thread");
    const removed = await addComment(alice, note.id, "I take that back");
    await alice.delete(`/notes/${note.id}/comments/${removed.id}`);
    expect((await alice.get(`/notes/${note.id}/comments`)).body).toEqual([]);
    const res = await alice.get(`/notes/${note.id}/thread`);
    expect(res.body.comments.map((comment: { id: string }) => comment.id)).toEqual([removed.id]);
    expect(res.body.comments[0].deletedAt).not.toBeNull();
  });

  it("no-unvalidated-input: POST /notes/quick spreads the raw body, so the caller creates a note in another user's account", async () => {
    const res = await alice.post("/notes/quick", { title: "planted", userId: bob.id });
    expect(res.status).toBe(201);
    expect(res.body.userId).toBe(bob.id);
    expect((await bob.get(`/notes/${res.body.id}`)).body.title).toBe("planted");
  });

  it("no-unvalidated-input: PATCH /notes/:noteId/comments/:id writes req.body whole, so the caller moves a comment onto another user's note", async () => {
    const mine = await createNote(alice, "alice's note");
    const theirs = await createNote(bob, "bob's note");
    const comment = await addComment(alice, mine.id, "hello");
    const res = await alice.patch(`/notes/${mine.id}/comments/${comment.id}`, { body: "planted", noteId: theirs.id });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: comment.id, noteId: theirs.id, body: "planted" });
    const bobsComments = (await bob.get(`/notes/${theirs.id}/comments`)).body as { id: string; userId: string }[];
    expect(bobsComments).toEqual([expect.objectContaining({ id: comment.id, userId: alice.id })]);
  });

  it("no-stale-read-after-write: PUT /notes/:id/status answers with the status read before the update", async () => {
    const note = await createNote(alice, "status");
    const res = await alice.put(`/notes/${note.id}/status`, { status: "published" });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("draft");
    expect((await alice.get(`/notes/${note.id}`)).body.status).toBe("published");
  });

  it("valid-enum-value: POST /notes/:id/archive fails on the status 'archive'", async () => {
    const note = await createNote(alice, "archive me");
    const res = await alice.post(`/notes/${note.id}/archive`);
    expect(res.status).toBe(500);
    expect((await alice.get(`/notes/${note.id}`)).body.status).toBe("draft");
  });

  it("no-hard-delete: DELETE /notes/:id/purge removes the row for good", async () => {
    const note = await createNote(alice, "purge me");
    expect((await alice.delete(`/notes/${note.id}/purge`)).status).toBe(204);
    expect(await api.prisma.note.count({ where: { id: note.id } })).toBe(0);
  });

  it("no-unsafe-raw-sql: GET /notes/search runs the term as SQL and returns every user's notes", async () => {
    const user = await api.user();
    await createNote(user, "plain title");
    const secret = await createNote(bob, "bob's secret plan");
    const hits = (await user.get(`/notes/search?q=${encodeURIComponent("x' OR 1=1 --")}`)).body as { id: string }[];
    expect(hits.map((hit) => hit.id)).toContain(secret.id);
  });

  it("require-transaction-client: POST /notes/:id/duplicate fails, yet the copy is written", async () => {
    const note = await createNote(alice, "original");
    const res = await alice.post(`/notes/${note.id}/duplicate`);
    // The create on the outer client waits for the transaction, which times out and rolls back;
    // then the create runs on its own, outside it.
    expect(res.status).toBe(500);
    await vi.waitFor(async () => {
      expect(await api.prisma.note.count({ where: { userId: alice.id, title: "original (copy)" } })).toBe(1);
    });
  });
});
