import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runsOnlyForAdmins } from "../../src/analysis/admin-paths.js";
import { analyzeProject } from "../../src/analysis/analyze.js";
import { anonymousReach } from "../../src/analysis/anonymous-endpoints.js";
import { functionLabel } from "../../src/analysis/call-graph.js";
import { authenticationOf } from "../../src/analysis/auth-middleware.js";
import { mayDeclareRoutes } from "../../src/analysis/endpoints.js";
import type { Endpoint, ReportData } from "../../src/analysis/report-model.js";
import { resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { runRules } from "../../src/engine/run-rules.js";
import { ts } from "../../src/engine/ts.js";
import { nestDiscoveryWork } from "../../src/frameworks/nestjs/routes.js";
import { allRules, ruleOptionSchemas } from "../../src/rule-registry.js";
import { tempProject } from "../engine/helpers.js";
import { assertBuilt, createProject, removeProjects, runCli } from "../e2e/helpers.js";

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/nestjs-endpoints");

/** `GET /x [guard, guard] auth handler`: one line per endpoint, so a failure shows which one differs. */
const row = (endpoint: Endpoint) => {
  const auth = endpoint.auth ? "auth" : endpoint.public?.by === "declared" ? `public(${endpoint.public.decorator})` : "no-auth";
  return `${endpoint.method} ${endpoint.path} [${endpoint.middleware.join(", ")}] ${auth} ${endpoint.handler}`;
};
const requireAuth = allRules.find((rule) => rule.name === "require-auth")!;
const enabled = [{ rule: requireAuth, severity: 2 as const, options: requireAuth.meta.defaultOptions }];
const findings = (run: ReturnType<typeof runRules>) => run.findings.map((finding) => `${finding.line}:${finding.column} ${finding.message}`);

describe("NestJS endpoint inventory", () => {
  let data: ReportData;
  beforeAll(async () => {
    data = await analyzeProject({ cwd: projectDir });
  });

  it("lists each handler under the global prefix, the URI version and the controller's prefix, its guards outermost first", () => {
    expect(data.endpoints.map(row)).toEqual([
      // RouterModule.register([{ path: "admin", module: AdminModule }]) puts AdminModule's controllers under /admin;
      // @Auth("admin") is composed with applyDecorators(UseGuards(RolesGuard), Roles(...roles))
      "GET /api/admin/reports [RequestIdGuard, JwtAuthGuard, RolesGuard] auth AdminController.everyNote",
      // global guard (useGlobalGuards), APP_GUARD, then the method's guards; @Roles is metadata, not a check
      "GET /api/notes [RequestIdGuard, JwtAuthGuard] auth NotesController.findAll",
      "POST /api/notes [RequestIdGuard, JwtAuthGuard] auth NotesController.create",
      "DELETE /api/notes/:id [RequestIdGuard, JwtAuthGuard, RolesGuard] auth NotesController.remove",
      // @Get([":id", ":id/full"]): one endpoint per path
      "GET /api/notes/:id [RequestIdGuard, JwtAuthGuard] auth NotesController.findOne",
      "GET /api/notes/:id/full [RequestIdGuard, JwtAuthGuard] auth NotesController.findOne",
      "DELETE /api/notes/:id/purge [RequestIdGuard, JwtAuthGuard, RolesGuard] auth NotesController.purge",
      // @Controller({ path, version: "1" }) with a class @UseGuards; @Version("2") overrides the controller's
      "GET /api/v1/items [RequestIdGuard, JwtAuthGuard, ApiKeyGuard] auth ItemsController.list",
      "GET /api/v2/items/:id [RequestIdGuard, JwtAuthGuard, ApiKeyGuard] auth ItemsController.findOne",
      // @Public(): the JWT guard reads its key and lets the route through, so it is not among the checks; declared public
      "POST /api/webhooks/open [RequestIdGuard] public(@Public()) WebhooksController.open",
      // @Public() beside a guard that does not read the key: that guard still runs and authenticates
      "POST /api/webhooks/stripe [RequestIdGuard, ApiKeyGuard] auth WebhooksController.stripe",
      // @Internal(): the JWT guard steps aside too, but the code declares nothing public
      "POST /api/webhooks/sync [RequestIdGuard] no-auth WebhooksController.sync",
      // excluded from the global prefix; @Public() on the class
      "GET /health [RequestIdGuard] public(@Public()) HealthController.check",
      // LookalikeController's Controller and Get are the project's own: no endpoint
    ]);
  });

  it("places each endpoint at its method decorator and walks the handler down to the query", () => {
    const endpoint = data.endpoints.find((entry) => entry.method === "DELETE" && entry.path === "/api/notes/:id")!;
    expect([path.relative(projectDir, endpoint.filePath), endpoint.line, endpoint.column]).toEqual(["src/notes/notes.controller.ts", 25, 4]);
    expect(endpoint.sites[0].trace.map((step) => `${step.label} ${path.relative(projectDir, step.filePath)}:${step.line}`)).toEqual([
      "DELETE /api/notes/:id src/notes/notes.controller.ts:25",
      "NotesController.remove src/notes/notes.controller.ts:28",
      "NotesService.remove src/notes/notes.service.ts:20",
      "this.prisma.note.update src/notes/notes.service.ts:21",
    ]);
  });
});

describe("require-auth on NestJS controllers", () => {
  const analysis = loadAnalysis(resolveConfig({ prismaSchema: "prisma/schema.prisma", rules: { "require-auth": "error" } }, { rootDir: projectDir, rules: ruleOptionSchemas }));
  const run = (file: string) => findings(runRules(analysis.project.getSourceFile(path.join(projectDir, file))!, analysis, enabled));

  it("reports a route an opt-out leaves without authentication, at the method decorator; not one the code declares public", () => {
    // @Internal() lets the JWT guard step aside and nothing else checks the caller; @Public() on `open` declares it public
    expect(run("src/webhooks/webhooks.controller.ts")).toEqual([
      "24:4 POST /api/webhooks/sync has no authentication middleware in its chain (middleware: RequestIdGuard); add one or list it in publicRoutes",
    ]);
    expect(run("src/health/health.controller.ts")).toEqual([]);
  });

  it("reports nothing where a guard authenticates: APP_GUARD, a class @UseGuards", () => {
    expect(run("src/notes/notes.controller.ts")).toEqual([]);
    expect(run("src/items/items.controller.ts")).toEqual([]);
  });

  it("judges guards by what they do", () => {
    const guard = (file: string, name: string) => {
      const sourceFile = analysis.project.getSourceFile(path.join(projectDir, file))!;
      const found = sourceFile.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === name)!;
      return authenticationOf(found.name!, analysis);
    };
    // extends AuthGuard("jwt") of @nestjs/passport
    expect(guard("src/auth/jwt-auth.guard.ts", "JwtAuthGuard")).toBe("authenticates");
    // throws UnauthorizedException
    expect(guard("src/auth/api-key.guard.ts", "ApiKeyGuard")).toBe("authenticates");
    // sets request.id and lets everyone through; checks roles of a user another guard set
    expect(guard("src/auth/request-id.guard.ts", "RequestIdGuard")).toBe("does-not");
    expect(guard("src/auth/roles.guard.ts", "RolesGuard")).toBe("does-not");
  });
});

describe("anonymous endpoints", () => {
  it("counts a @Public() handler no guard authenticates as anonymous, a guarded one not", () => {
    const analysis = loadAnalysis(resolveConfig({ prismaSchema: "prisma/schema.prisma" }, { rootDir: projectDir, rules: ruleOptionSchemas }));
    const labels = [...anonymousReach(analysis).anonymous].map((fn) => functionLabel(fn as ts.FunctionLikeDeclaration)).sort();
    expect(labels).toEqual(["HealthController.check", "WebhooksController.open", "WebhooksController.sync"]);
  });
});

describe("role checks as admin checks", () => {
  const analysis = loadAnalysis(resolveConfig({ prismaSchema: "prisma/schema.prisma" }, { rootDir: projectDir, rules: ruleOptionSchemas }));
  const queryIn = (method: string) => {
    const service = analysis.project.getSourceFile(path.join(projectDir, "src/notes/notes.service.ts"))!;
    const text = service.text;
    const position = text.indexOf("this.prisma", text.indexOf(`${method}(id: string)`));
    let node: ts.Node = service;
    for (;;) {
      const child = node.getChildren().find((candidate) => candidate.getStart() <= position && position < candidate.end);
      if (!child) return node;
      node = child;
    }
  };

  it("@Roles('admin') read by a roles guard makes the handler, and the service only it calls, admin-only", () => {
    expect(runsOnlyForAdmins(analysis, queryIn("remove"))).toBe(true);
  });

  it("a decorator composed with applyDecorators and given the admin role makes the handler admin-only", () => {
    const controller = analysis.project.getSourceFile(path.join(projectDir, "src/admin/admin.controller.ts"))!;
    const position = controller.text.indexOf("this.prisma.note.findMany");
    let node: ts.Node = controller;
    for (;;) {
      const child = node.getChildren().find((candidate) => candidate.getStart() <= position && position < candidate.end);
      if (!child) break;
      node = child;
    }
    expect(runsOnlyForAdmins(analysis, node)).toBe(true);
  });

  it("@Roles('editor') on the same guard does not", () => {
    expect(runsOnlyForAdmins(analysis, queryIn("purge"))).toBe(false);
  });

  it("a guard whose canActivate returns the caller's admin flag is an admin gate; one checking a tenant's role, a Swagger tag, are not", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true }, include: ["src"] }),
      "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\nmodel Note {\n  id String @id\n}\n',
      "src/guards.ts": [
        'import { CanActivate, ExecutionContext } from "@nestjs/common";',
        "export class StaffGuard implements CanActivate {",
        "  canActivate(context: ExecutionContext) {",
        "    const { user } = context.switchToHttp().getRequest();",
        "    return user.isAdmin;",
        "  }",
        "}",
        "export class MemberGuard implements CanActivate {",
        "  canActivate(context: ExecutionContext) {",
        "    const { user } = context.switchToHttp().getRequest();",
        '    return user.membership.role === "ADMIN";',
        "  }",
        "}",
      ].join("\n"),
      "src/notes.controller.ts": [
        'import { Controller, Get, UseGuards } from "@nestjs/common";',
        'import { ApiTags } from "@nestjs/swagger";',
        'import { MemberGuard, StaffGuard } from "./guards";',
        "declare const prisma: any;",
        '@Controller("notes")',
        "export class NotesController {",
        "  @Get()",
        "  @UseGuards(StaffGuard)",
        "  all() {",
        "    return prisma.note.findMany();",
        "  }",
        '  @Get("team")',
        "  @UseGuards(MemberGuard)",
        "  team() {",
        "    return prisma.note.findMany();",
        "  }",
        "  // a Swagger tag named admin is documentation, not a role",
        '  @Get("docs")',
        '  @ApiTags("admin")',
        "  docs() {",
        "    return prisma.note.findMany();",
        "  }",
        "}",
      ].join("\n"),
    });
    const temp = loadAnalysis(resolveConfig({}, { rootDir: root, rules: ruleOptionSchemas }));
    const controller = temp.project.getSourceFile(path.join(root, "src/notes.controller.ts"))!;
    const calls: ts.Node[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.getText().startsWith("prisma.note.findMany")) calls.push(node);
      ts.forEachChild(node, visit);
    };
    visit(controller);
    expect(calls.map((call) => runsOnlyForAdmins(temp, call))).toEqual([true, false, false]);
  });
});

describe("the NestJS inventory in a long-lived process and with --cache", () => {
  const files = {
    "package.json": '{ "name": "nest-cache", "private": true }\n',
    "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true, strict: true }, include: ["src"] }),
    "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\nmodel Note {\n  id String @id\n}\n',
    "backend-conventions.config.mjs": 'export default { prismaSchema: "prisma/schema.prisma", rules: { "require-auth": "error" } };\n',
    "src/notes.controller.ts": [
      'import { Controller, Get } from "@nestjs/common";',
      'import { NotesService } from "./notes.service";',
      '@Controller("notes")',
      "export class NotesController {",
      "  constructor(private notes: NotesService) {}",
      "  @Get()",
      "  list() {",
      "    return this.notes.list();",
      "  }",
      "}",
      "",
    ].join("\n"),
    "src/notes.service.ts": "export class NotesService {\n  list() {\n    return [];\n  }\n}\n",
  };

  it("re-reads an edited controller and sees its new handler; an edit to a service reads no controller again", () => {
    const root = tempProject(files);
    const analysis = loadAnalysis(resolveConfig({ rules: { "require-auth": "error" } }, { rootDir: root, rules: ruleOptionSchemas }));
    const controllerFile = path.join(root, "src/notes.controller.ts");
    const controller = analysis.project.getSourceFile(controllerFile)!;
    expect(findings(runRules(controller, analysis, enabled))).toEqual(["6:4 GET /notes has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes"]);

    const read = nestDiscoveryWork.filesRead;
    const service = parseSourceFile(path.join(root, "src/notes.service.ts"), files["src/notes.service.ts"].replace("return [];", "return [1];"));
    analysis.project.setSourceFile(service);
    expect(findings(runRules(controller, analysis, enabled))).toHaveLength(1);
    expect(nestDiscoveryWork.filesRead - read).toBe(0);

    const edited = parseSourceFile(controllerFile, files["src/notes.controller.ts"].replace('import { Controller, Get }', 'import { Controller, Delete, Get }').replace("  @Get()\n", '  @Delete(":id")\n  remove() {\n    return 1;\n  }\n  @Get()\n'));
    analysis.project.setSourceFile(edited);
    expect(findings(runRules(edited, analysis, enabled))).toEqual([
      "6:4 DELETE /notes/:id has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes",
      "10:4 GET /notes has no authentication middleware in its chain (middleware: none); add one or list it in publicRoutes",
    ]);
  });

  describe("through the built bin", () => {
    beforeAll(assertBuilt);
    afterAll(removeProjects);

    it("an edit to a controller's handlers updates check --cache", () => {
      const dir = createProject(files);
      const cold = runCli(dir, ["check", "--cache", "-f", "json"]);
      const messages = (stdout: string) => (JSON.parse(stdout) as { messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((file) => file.messages.filter((message) => message.ruleId === "require-auth").map((message) => `${message.line} ${message.message.split(" has")[0]}`));
      expect(messages(cold.stdout)).toEqual(["6 GET /notes"]);
      const file = path.join(dir, "src/notes.controller.ts");
      fs.writeFileSync(file, files["src/notes.controller.ts"].replace('@Controller("notes")', '@Controller("memos")'));
      expect(messages(runCli(dir, ["check", "--cache", "-f", "json"]).stdout)).toEqual(["6 GET /memos"]);
    });
  });
});

describe("the cheap text filter", () => {
  it("lets through a controller and the files that set a global prefix or guard, nothing else", () => {
    expect([mayDeclareRoutes('@Controller("x") class A {}'), mayDeclareRoutes("app.setGlobalPrefix('api')"), mayDeclareRoutes("{ provide: APP_GUARD, useClass: G }"), mayDeclareRoutes("export class NotesService {}")]).toEqual([true, true, true, false]);
  });
});

describe("require-owner-scope's report once at a NestJS handler", () => {
  const ownerScope = allRules.find((rule) => rule.name === "require-owner-scope")!;
  const files = {
    "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true }, include: ["src"] }),
    "prisma/schema.prisma": [
      'datasource db {\n  provider = "postgresql"\n}',
      "model User {\n  id String @id\n  events Event[]\n  purchases Purchase[]\n}",
      "model Event {\n  id String @id\n  userId String\n  user User @relation(fields: [userId], references: [id])\n}",
      "model Purchase {\n  id String @id\n  userId String\n  user User @relation(fields: [userId], references: [id])\n}",
    ].join("\n"),
    "src/db.ts": 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n',
    "src/wipe.ts": 'import { prisma } from "./db";\nexport function eventsOf(userId: string) {\n  return prisma.event.deleteMany({ where: { userId } });\n}\nexport function purchasesOf(userId: string) {\n  return prisma.purchase.deleteMany({ where: { userId } });\n}\n',
  };
  const controller = (check: string) =>
    [
      'import { Controller, Delete, Req, UseGuards } from "@nestjs/common";',
      'import { AuthGuard } from "@nestjs/passport";',
      'import { eventsOf, purchasesOf } from "./wipe";',
      '@Controller("users")',
      '@UseGuards(AuthGuard("jwt"))',
      "export class UsersController {",
      '  @Delete(":userId/data")',
      "  async wipe(@Req() req: any) {",
      "    const { userId } = req.params;",
      check,
      "    await eventsOf(userId);",
      "    await purchasesOf(userId);",
      "  }",
      "}",
      "",
    ].join("\n");
  const run = (code: string) => {
    const root = tempProject({ ...files, "src/users.controller.ts": code });
    const analysis = loadAnalysis(resolveConfig({ prismaSchema: "prisma/schema.prisma", ownership: { ownerModels: ["User"], field: "userId" } }, { rootDir: root, rules: ruleOptionSchemas }));
    return ["src/users.controller.ts", "src/wipe.ts"].flatMap((file) => {
      const sourceFile = analysis.project.getSourceFile(path.join(root, file))!;
      return runRules(sourceFile, analysis, [{ rule: ownerScope, severity: 2 as const, options: ownerScope.meta.defaultOptions }]).findings.map((finding) => `${file} ${finding.line}:${finding.column} ${finding.messageId} ${finding.message.slice(0, finding.message.indexOf(": "))}`);
    });
  };

  it("reports the request value taken as the owner of two queries once, where the handler takes it", () => {
    // one query: reported at the query, as for Express
    expect(run(controller("").replace("    await purchasesOf(userId);\n", ""))).toEqual(["src/wipe.ts 3:23 scopeFromRequest DELETE /users/:userId/data"]);
    expect(run(controller(""))).toEqual(["src/users.controller.ts 9:24 ownerTaken DELETE /users/:userId/data"]);
  });

  it("reports nothing when the handler compares it with the caller first", () => {
    expect(run(controller('    if (userId !== req.user.id) throw new Error("forbidden");'))).toEqual([]);
  });
});

describe("NestJS shapes and their lookalikes", () => {
  const rowsOf = async (files: Record<string, string>) => {
    const root = tempProject({
      "package.json": '{ "name": "nest-shapes", "private": true }\n',
      "tsconfig.json": JSON.stringify({ compilerOptions: { experimentalDecorators: true, strict: true }, include: ["src"] }),
      "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\nmodel Note {\n  id String @id\n}\n',
      ...files,
    });
    return (await analyzeProject({ cwd: root })).endpoints.map(row);
  };
  const guards = [
    'import { CanActivate, ExecutionContext, Injectable, NestMiddleware, UnauthorizedException } from "@nestjs/common";',
    'import { Reflector } from "@nestjs/core";',
    "export const SkipAuth = Reflector.createDecorator<boolean>();",
    "@Injectable()",
    "export class SessionGuard implements CanActivate {",
    "  constructor(private reflector: Reflector) {}",
    "  canActivate(context: ExecutionContext) {",
    "    if (this.reflector.get(SkipAuth, context.getHandler())) return true;",
    "    const request = context.switchToHttp().getRequest();",
    "    if (!request.headers.authorization) throw new UnauthorizedException();",
    "    request.user = { id: request.headers.authorization };",
    "    return true;",
    "  }",
    "}",
    "export class LogMiddleware implements NestMiddleware {",
    "  use(req: unknown, res: unknown, next: () => void) {",
    "    next();",
    "  }",
    "}",
    "export class TokenMiddleware implements NestMiddleware {",
    "  use(req: { headers: Record<string, string> }, res: { status(code: number): { end(): void } }, next: () => void) {",
    '    if (!req.headers["x-token"]) return res.status(401).end();',
    "    next();",
    "  }",
    "}",
  ].join("\n");

  it("reads namespace imports, arrays of prefixes, @All, useExisting, consumer middleware, Reflector.createDecorator opt-outs", async () => {
    expect(
      await rowsOf({
        "src/guards.ts": guards,
        "src/main.ts": [
          'import { NestFactory } from "@nestjs/core";',
          'import { AppModule } from "./app.module";',
          "async function bootstrap() {",
          "  const app = await NestFactory.create(AppModule);",
          '  app.setGlobalPrefix("v0", { exclude: [{ path: "files", method: RequestMethod.GET }] });',
          "}",
          'import { RequestMethod } from "@nestjs/common";',
        ].join("\n"),
        "src/app.module.ts": [
          'import { MiddlewareConsumer, Module, NestModule } from "@nestjs/common";',
          'import { APP_GUARD } from "@nestjs/core";',
          'import { FilesController } from "./files.controller";',
          'import { LogMiddleware, SessionGuard, TokenMiddleware } from "./guards";',
          "@Module({ providers: [SessionGuard, { provide: APP_GUARD, useExisting: SessionGuard }] })",
          "export class AppModule implements NestModule {",
          "  configure(consumer: MiddlewareConsumer) {",
          '    consumer.apply(LogMiddleware).forRoutes("*");',
          "    consumer.apply(TokenMiddleware).forRoutes(FilesController);",
          "  }",
          "}",
        ].join("\n"),
        "src/files.controller.ts": [
          'import * as common from "@nestjs/common";',
          'import { SkipAuth } from "./guards";',
          '@common.Controller(["files", "documents"])',
          "export class FilesController {",
          "  @common.Get()",
          "  list() {",
          "    return [];",
          "  }",
          '  @common.All("raw")',
          "  @SkipAuth()",
          "  raw() {",
          "    return [];",
          "  }",
          "}",
        ].join("\n"),
      }),
    ).toEqual([
      // excluded from the global prefix: GET only
      "GET /files [LogMiddleware, TokenMiddleware, SessionGuard] auth FilesController.list",
      "GET /v0/documents [LogMiddleware, TokenMiddleware, SessionGuard] auth FilesController.list",
      // @SkipAuth() made with Reflector.createDecorator: the session guard lets it through; the token middleware still runs
      "ALL /v0/documents/raw [LogMiddleware, TokenMiddleware] auth FilesController.raw",
      "ALL /v0/files/raw [LogMiddleware, TokenMiddleware] auth FilesController.raw",
    ]);
  });

  it("ignores settings made on anything but a NestJS app, APP_GUARD from elsewhere, forRoutes of another controller", async () => {
    expect(
      await rowsOf({
        "src/guards.ts": guards,
        "src/tokens.ts": "export const APP_GUARD = Symbol('app-guard');\n",
        "src/main.ts": ["const app = { setGlobalPrefix(prefix: string) { return prefix; } };", 'app.setGlobalPrefix("v0");'].join("\n"),
        "src/app.module.ts": [
          'import { MiddlewareConsumer, Module, NestModule } from "@nestjs/common";',
          'import { APP_GUARD } from "./tokens";',
          'import { OtherController } from "./files.controller";',
          'import { SessionGuard, TokenMiddleware } from "./guards";',
          "@Module({ providers: [{ provide: APP_GUARD, useClass: SessionGuard }] })",
          "export class AppModule implements NestModule {",
          "  configure(consumer: MiddlewareConsumer) {",
          "    consumer.apply(TokenMiddleware).forRoutes(OtherController);",
          "  }",
          "}",
        ].join("\n"),
        "src/files.controller.ts": [
          'import { Controller, Get } from "@nestjs/common";',
          '@Controller("files")',
          "export class FilesController {",
          "  @Get()",
          "  list() {",
          "    return [];",
          "  }",
          "}",
          '@Controller("other")',
          "export class OtherController {}",
        ].join("\n"),
      }),
    ).toEqual(["GET /files [] no-auth FilesController.list"]);
  });
});
