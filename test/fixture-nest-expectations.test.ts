import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../src/analysis/analyze.js";
import { runCheck } from "../src/cli/check.js";
import { allRules } from "../src/rule-registry.js";
import { repoRoot } from "../scripts/generated-files.js";
import { readAnnotations } from "../bench/annotations.js";

/**
 * The NestJS reference API is annotated like the Express one: `// expect: <rule-id>[, <rule-id>]`
 * on the line above a planted defect, or at the end of its line, in the .ts files of src/ and in
 * prisma/schema.prisma. The checker's findings must equal the annotations exactly, and the
 * report's endpoint inventory must list every controller handler with the right auth column.
 */
const fixtureDir = path.join(repoRoot, "fixtures/nestjs-api");
const knownRules = new Set(allRules.map((rule) => rule.name));
function annotations(): string[] {
  return readAnnotations(fixtureDir, ["src", "prisma"], knownRules);
}

/**
 * Every handler of the app, by hand: `METHOD /path handler auth`, where auth is `auth` (the global
 * AuthGuard runs), `public` (`@Public()` and listed in require-auth's publicRoutes) or `none`
 * (`@Public()` and not listed: the planted require-auth defect).
 */
const ENDPOINTS = [
  "DELETE /api/notes/:id NotesController.remove auth",
  "DELETE /api/notes/:id/purge NotesController.purge auth",
  "DELETE /api/notes/:noteId/comments/:id CommentsController.remove auth",
  "DELETE /api/tags/:id TagsController.remove auth",
  "DELETE /api/tasks/:id TasksController.remove auth",
  "GET /api/admin/notes/:id AdminController.note auth",
  "GET /api/admin/users AdminController.users auth",
  "GET /api/admin/users/:userId/deleted-notes AdminController.deletedNotes auth",
  "GET /api/health HealthController.check public",
  "GET /api/notes NotesController.list auth",
  "GET /api/notes/:id NotesController.get auth",
  "GET /api/notes/:id/preview NotesController.preview auth",
  "GET /api/notes/:id/print NotesController.printable auth",
  "GET /api/notes/:id/thread NotesController.thread auth",
  "GET /api/notes/:noteId/comments CommentsController.list auth",
  "GET /api/notes/comment-counts NotesController.commentCounts auth",
  "GET /api/notes/comment-counts/grouped NotesController.commentCountsGrouped auth",
  "GET /api/notes/export NotesController.export auth",
  "GET /api/notes/find NotesController.find auth",
  "GET /api/notes/search NotesController.search auth",
  "GET /api/reports/summary ReportsController.summary auth",
  "GET /api/tags TagsController.list public",
  "GET /api/tasks TasksController.list auth",
  "GET /api/tasks/:id TasksController.get auth",
  "GET /api/tasks/:id/audit TasksController.audit auth",
  "GET /api/tasks/:id/details TasksController.details auth",
  "GET /api/tasks/inbox TasksController.inbox auth",
  "GET /api/tasks/search TasksController.search auth",
  "GET /api/users/me UsersController.me auth",
  "PATCH /api/notes/:id NotesController.update auth",
  "PATCH /api/notes/:noteId/comments/:id CommentsController.edit auth",
  "PATCH /api/tasks/:id TasksController.update auth",
  "PATCH /api/users/me UsersController.rename auth",
  "POST /api/notes NotesController.create auth",
  "POST /api/notes/:id/archive NotesController.archive auth",
  "POST /api/notes/:id/duplicate NotesController.duplicate auth",
  "POST /api/notes/:id/publish NotesController.publish auth",
  "POST /api/notes/:noteId/comments CommentsController.add auth",
  "POST /api/notes/quick NotesController.quick auth",
  "POST /api/tags TagsController.create none",
  "POST /api/tasks TasksController.create auth",
  "POST /api/tasks/:id/complete TasksController.complete auth",
  "POST /api/tasks/assign TasksController.assign auth",
  "POST /api/tasks/complete TasksController.completeEach auth",
  "POST /api/tasks/complete-all TasksController.completeAll auth",
  "POST /api/users UsersController.register public",
  "PUT /api/notes/:id/status NotesController.setStatus auth",
  "PUT /api/notes/:id/title NotesController.rename auth",
];

describe("the NestJS reference API", () => {
  it("has its source", () => {
    expect(fs.statSync(path.join(fixtureDir, "src")).isDirectory()).toBe(true);
    expect(fs.statSync(path.join(fixtureDir, "prisma")).isDirectory()).toBe(true);
  });

  it("annotates only rules that exist", () => {
    const anyRule = { has: () => true } as unknown as ReadonlySet<string>;
    const all = readAnnotations(fixtureDir, ["src", "prisma"], anyRule);
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((entry) => !knownRules.has(entry.split(" ")[0]))).toEqual([]);
  });

  it("has planted defects for every rule that exists", () => {
    const planted = new Set(annotations().map((entry) => entry.split(" ")[0]));
    expect([...planted].sort()).toEqual([...knownRules].sort());
  });

  it("has exactly the annotated findings", async () => {
    const result = await runCheck({ cwd: fixtureDir });
    const found = result.files
      .flatMap((file) => file.findings.map((finding) => `${finding.ruleId} ${path.relative(fixtureDir, file.filePath)}:${finding.line}`))
      .sort();
    expect(found).toEqual(annotations());
  });

  it("lists every controller handler in the report's endpoint inventory, with its auth", async () => {
    const data = await analyzeProject({ cwd: fixtureDir });
    const endpoints = data.endpoints
      .map((endpoint) => `${endpoint.method} ${endpoint.path} ${endpoint.handler} ${endpoint.auth ? "auth" : endpoint.public ? "public" : "none"}`)
      .sort();
    expect(endpoints).toEqual([...ENDPOINTS].sort());
  });
});
