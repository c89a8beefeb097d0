import { describe, expect, it } from "vitest";
import { isNonRequestCode } from "../../src/analysis/request-paths.js";
import { querySitesIn } from "../engine/helpers.js";

const SCHEMA = `datasource db {\n  provider = "postgresql"\n}\nmodel Task {\n  id String @id\n  name String\n}\nmodel Tag {\n  id String @id\n  name String\n}\n`;

/** Whether each query site of a file of the project runs outside requests, in source order. */
function verdicts(files: Record<string, string>, file: string): boolean[] {
  const { analysis, sites } = querySitesIn(SCHEMA, files, file);
  return sites.map((site) => isNonRequestCode(analysis, site.call));
}

const query = `import { prisma } from "../db.js";\n`;

describe("request paths", () => {
  it("follows callers up to a scheduler entry point in another file", () => {
    const files = {
      "src/services/tags.ts": `${query}export function allTags() { return prisma.tag.findMany(); }\n`,
      "src/main.ts": `import cron from "node-cron";\nimport { allTags } from "./services/tags.js";\ncron.schedule("0 * * * *", async () => { await allTags(); });\n`,
    };
    expect(verdicts(files, "src/services/tags.ts")).toEqual([true]);
  });

  it("reads a queue's job event handlers as worker code, and a socket's message handler as a request", () => {
    const files = {
      "src/events.ts": `${query}import { QueueEvents } from "bullmq";\nconst uploads = new QueueEvents("upload");\nuploads.on("failed", async ({ jobId }) => { await prisma.task.update({ where: { id: jobId }, data: { name: "failed" } }); });\ndeclare const socket: { on(event: string, handler: (id: string) => unknown): void };\nsocket.on("message", async (id) => { await prisma.task.update({ where: { id }, data: { name: "seen" } }); });\n`,
    };
    expect(verdicts(files, "src/events.ts")).toEqual([true, false]);
  });

  it("is a request path when a route calls it too", () => {
    const files = {
      "src/services/tags.ts": `${query}export function allTags() { return prisma.tag.findMany(); }\n`,
      "src/main.ts": `import cron from "node-cron";\nimport { allTags } from "./services/tags.js";\ncron.schedule("0 * * * *", async () => { await allTags(); });\napp.get("/tags", async (req, res) => res.json(await allTags()));\n`,
    };
    expect(verdicts(files, "src/services/tags.ts")).toEqual([false]);
  });

  it("knows a call at a module's top level runs once, at load", () => {
    const files = {
      "src/services/tags.ts": `${query}export function warmCache() { return prisma.tag.findMany(); }\n`,
      "src/main.ts": `import { warmCache } from "./services/tags.js";\nwarmCache();\n`,
    };
    expect(verdicts(files, "src/services/tags.ts")).toEqual([true]);
  });

  it("reads a jobs folder as background code, but not a folder named after a model", () => {
    const job = `${query}export function run() { return prisma.tag.findMany(); }\n`;
    expect(verdicts({ "src/jobs/purge.ts": job }, "src/jobs/purge.ts")).toEqual([true]);
    expect(verdicts({ "src/tasks/list.ts": job }, "src/tasks/list.ts")).toEqual([false]);
  });

  it("reads a script main as no request path", () => {
    const script = `${query}async function main() { return prisma.tag.findMany(); }\nif (require.main === module) void main();\n`;
    expect(verdicts({ "src/backfill.ts": script }, "src/backfill.ts")).toEqual([true]);
  });

  it("does not count tests as callers: a controller's method only a spec calls is still a request path", () => {
    const files = {
      "src/tags.controller.ts": `${query}@Controller("tags")\nexport class TagsController {\n  list() { return prisma.tag.findMany(); }\n}\n`,
      "src/tags.controller.spec.ts": `import { TagsController } from "./tags.controller.js";\nnew TagsController().list();\n`,
    };
    expect(verdicts(files, "src/tags.controller.ts")).toEqual([false]);
  });

  it("reads a plain service method only a spec calls as unused", () => {
    const files = {
      "src/tags.service.ts": `${query}export class TagsService {\n  all() { return prisma.tag.findMany(); }\n}\n`,
      "src/tags.service.spec.ts": `import { TagsService } from "./tags.service.js";\nnew TagsService().all();\n`,
    };
    expect(verdicts(files, "src/tags.service.ts")).toEqual([true]);
  });

  it("hands a callback given to a library (a route handler) no verdict of the code around it", () => {
    const files = { "src/jobs/server.ts": `${query}app.get("/tags", async () => prisma.tag.findMany());\n` };
    expect(verdicts(files, "src/jobs/server.ts")).toEqual([false]);
  });
});
