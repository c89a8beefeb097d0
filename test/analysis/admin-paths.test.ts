import { describe, expect, it } from "vitest";
import { runsOnlyForAdmins } from "../../src/analysis/admin-paths.js";
import { querySitesIn } from "../engine/helpers.js";

const SCHEMA = `datasource db {\n  provider = "postgresql"\n}\nmodel Tag {\n  id String @id\n  name String\n}\n`;

/** Whether each query site of a file of the project runs only for administrators, in source order. */
function verdicts(files: Record<string, string>, file: string, declaredOnly = false): boolean[] {
  const { analysis, sites } = querySitesIn(SCHEMA, files, file);
  return sites.map((site) => runsOnlyForAdmins(analysis, site.call, { declaredOnly }));
}

const service = `import { prisma } from "../db.js";\nexport function allTags() { return prisma.tag.findMany(); }\n`;
const permission = `declare function userHasPermission(role: string): unknown;\ndeclare const userAuthenticated: unknown;\n`;

describe("admin paths", () => {
  it("follows callers up to a route behind a gate given the admin role, in another file", () => {
    const files = {
      "src/services/tags.ts": service,
      "src/routers/admin/tags.ts": `${permission}import { allTags } from "../../services/tags.js";\nasync function GET() { return allTags(); }\nexport const operations = { GET: [userAuthenticated, userHasPermission("admin"), GET] };\n`,
    };
    expect(verdicts(files, "src/services/tags.ts")).toEqual([true]);
  });

  it("is everyone's code when a route without the admin gate calls it too", () => {
    const files = {
      "src/services/tags.ts": service,
      "src/routers/admin/tags.ts": `${permission}import { allTags } from "../../services/tags.js";\nasync function GET() { return allTags(); }\nexport const operations = { GET: [userAuthenticated, userHasPermission("admin"), GET] };\n`,
      "src/routers/tags.ts": `${permission}import { allTags } from "../services/tags.js";\nasync function GET() { return allTags(); }\nexport const operations = { GET: [userAuthenticated, userHasPermission("artist"), GET] };\n`,
    };
    expect(verdicts(files, "src/services/tags.ts")).toEqual([false]);
  });

  it("follows a Fastify handler to the hooks of its plugin: one that stops unless the caller is an admin gates it", () => {
    const plugin = (check: string) => ({
      "src/app.ts": `import Fastify from "fastify";\nimport { prisma } from "./db.js";\nconst app = Fastify();\napp.register(async (admin) => {\n  admin.addHook("preHandler", async (request: any, reply: any) => {\n    if (${check}) return reply.code(403).send();\n  });\n  admin.get("/tags", async () => prisma.tag.findMany());\n}, { prefix: "/admin" });\n`,
    });
    expect(verdicts(plugin("!request.user.isAdmin"), "src/app.ts")).toEqual([true]);
    // a declared gate: the hook is the route's, not a check inside the handler
    expect(verdicts(plugin("!request.user.isAdmin"), "src/app.ts", true)).toEqual([true]);
    // the lookalike: the hook checks a value of the request, which the caller chooses
    expect(verdicts(plugin("!request.headers.isAdmin"), "src/app.ts")).toEqual([false]);
  });

  it("reads an admin branch in the handler, except when only a declared gate counts", () => {
    const files = {
      "src/routes.ts": `import { prisma } from "./db.js";\ndeclare const app: any;\napp.get("/tags", async (req: any) => {\n  if (!req.user.isAdmin) throw new Error("forbidden");\n  return prisma.tag.findMany();\n});\n`,
    };
    expect(verdicts(files, "src/routes.ts")).toEqual([true]);
    expect(verdicts(files, "src/routes.ts", true)).toEqual([false]);
  });

  it("is no admin check when the check is given a request value (a tenant's admin)", () => {
    const files = {
      "src/routes.ts": `import { prisma } from "./db.js";\ndeclare const app: any;\ndeclare function assertAdmin(workspaceId: string): Promise<void>;\napp.get("/w/:id/tags", async (req: any) => {\n  await assertAdmin(req.params.id);\n  return prisma.tag.findMany();\n});\n`,
    };
    expect(verdicts(files, "src/routes.ts")).toEqual([false]);
  });

  it("is no admin check when it tests a tenant's role (a workspace's admin)", () => {
    const files = {
      "src/meetings.ts": `import { prisma } from "./db.js";\ndeclare function isAdmin(role: string): boolean;\nexport async function create(ctx: { workspaceRole: string }) {\n  if (!isAdmin(ctx.workspaceRole)) throw new Error("forbidden");\n  return prisma.tag.findMany();\n}\n`,
    };
    expect(verdicts(files, "src/meetings.ts")).toEqual([false]);
  });

  it("is no admin check when the flag was computed from a member's role by the caller", () => {
    const files = {
      "src/usage.ts": `import { prisma } from "./db.js";\ndeclare const access: { isAdmin(role: string): boolean };\nasync function load(isAdmin: boolean) {\n  if (!isAdmin) return [];\n  return prisma.tag.findMany();\n}\nexport async function usage(member: { role: string }) {\n  const isAdmin = access.isAdmin(member.role);\n  return load(isAdmin);\n}\n`,
    };
    expect(verdicts(files, "src/usage.ts")).toEqual([false]);
  });
});
