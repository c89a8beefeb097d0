import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { loadConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import type { ts } from "../../src/engine/ts.js";
import { originText } from "../../src/engine/values.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";
import { identifier } from "../engine/helpers.js";
import { nestProject as baseNestProject } from "./nest-project.js";

const SCHEMA = [
  'datasource db {\n  provider = "postgresql"\n}',
  "model User {\n  id String @id\n  items Item[]\n}",
  "model Item {\n  id String @id\n  name String\n  userId String\n  user User @relation(fields: [userId], references: [id])\n}",
].join("\n");

/** A NestJS project: a Prisma service injected by constructor, a global guard that authenticates every handler, and `files`. */
function nestProject(files: Record<string, string>): string {
  return baseNestProject(SCHEMA, {}, { ...files });
}

/** The source each named parameter of `file` stands for, as the rules read it. */
function sourcesOf(root: string, file: string, names: readonly string[]): Record<string, string | undefined> {
  const analysis = loadAnalysis(loadConfig({ searchFrom: root, rules: ruleOptionSchemas }));
  const sourceFile = analysis.project.getSourceFile(path.join(root, file))!;
  const result: Record<string, string | undefined> = {};
  for (const name of names) {
    // the parameter's name, then its first use: `probe(name)` in the handler's body
    const use = identifier(sourceFile, name, 1);
    const value = analysis.evaluator.evaluate(use);
    result[name] = value.kind === "unknown" ? originText(value) : value.kind;
  }
  return result;
}

async function findings(root: string, rules: readonly string[]): Promise<string[]> {
  const check = await runCheck({ cwd: root });
  return check.files.flatMap((file) =>
    file.findings.filter((finding) => rules.includes(finding.ruleId ?? "")).map((finding) => `${path.relative(root, file.filePath)}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.messageId}`),
  );
}

describe("NestJS parameter sources", () => {
  it("maps each built-in decorator to the request expression it passes", () => {
    const root = nestProject({
      "src/items.controller.ts": [
        'import { Body, Controller, Get, Headers, Ip, Param, ParseIntPipe, Query, Req, Res, Session } from "@nestjs/common";',
        "declare function probe(...values: unknown[]): void;",
        '@Controller("items")',
        "export class ItemsController {",
        '  @Get(":id")',
        '  one(@Param("id") id: string, @Param() params: object, @Query("q") q: string, @Query() query: object, @Body("name") name: string, @Body() body: object, @Headers("x-key") key: string, @Req() r: object, @Session() session: object, @Ip() ip: string, @Param("n", ParseIntPipe) n: number, @Res() res: object) {',
        "    probe(id, params, q, query, name, body, key, r, session, ip, n, res);",
        "  }",
        "}",
      ].join("\n"),
    });
    expect(sourcesOf(root, "src/items.controller.ts", ["id", "params", "q", "query", "name", "body", "key", "r", "session", "ip", "n", "res"])).toEqual({
      id: "req.params.id",
      params: "req.params",
      q: "req.query.q",
      query: "req.query",
      name: "req.body.name",
      body: "req.body",
      key: "req.headers.x-key",
      r: "req",
      session: "req.session",
      ip: "req.ip",
      n: "req.params.n",
      res: "res",
    });
  });
});

const CURRENT_USER = [
  'import { createParamDecorator, ExecutionContext } from "@nestjs/common";',
  "export const CurrentUser = createParamDecorator((data: unknown, ctx: ExecutionContext) => {",
  "  const request = ctx.switchToHttp().getRequest();",
  "  return request.user;",
  "});",
  "export const GetUser = createParamDecorator((data: string, ctx: ExecutionContext) => {",
  "  const request = ctx.switchToHttp().getRequest();",
  "  const user = request.user;",
  "  return data ? user?.[data] : user;",
  "});",
  "export const RequestId = createParamDecorator((data: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest().id);",
  "",
].join("\n");

describe("NestJS identity from project-made param decorators", () => {
  it("reads what the decorator's function returns, through the import: the request's user, or a member of it by the key given", () => {
    const root = nestProject({
      "src/auth/current-user.decorator.ts": CURRENT_USER,
      "src/items.controller.ts": [
        'import { Controller, Get } from "@nestjs/common";',
        'import { CurrentUser, GetUser, RequestId } from "./auth/current-user.decorator";',
        'import { Roles } from "some-package";',
        "declare function probe(...values: unknown[]): void;",
        '@Controller("items")',
        "export class ItemsController {",
        "  @Get()",
        '  list(@CurrentUser() user: object, @GetUser() whole: object, @GetUser("id") userId: string, @RequestId() requestId: string, @Roles() roles: string[]) {',
        "    probe(user, whole, userId, requestId, roles);",
        "  }",
        "}",
      ].join("\n"),
    });
    expect(sourcesOf(root, "src/items.controller.ts", ["user", "whole", "userId", "requestId", "roles"])).toEqual({
      user: "req.user",
      whole: "req.user",
      userId: "req.user.id",
      // the request's id is no identity: the rules read `req.id` as neither the caller nor a request input
      requestId: "req.id",
      // a decorator the project cannot read is unknown, never guessed from its name
      roles: "roles",
    });
  });

  it("gives no source to a decorated parameter outside a @Controller class", () => {
    const root = nestProject({
      "src/items.ts": [
        'import { Param } from "@nestjs/common";',
        "declare function probe(...values: unknown[]): void;",
        "export class NotAController {",
        '  one(@Param("id") id: string) {',
        "    probe(id);",
        "  }",
        "}",
      ].join("\n"),
    });
    expect(sourcesOf(root, "src/items.ts", ["id"])).toEqual({ id: "id" });
  });
});

const ITEMS_SERVICE = [
  'import { Injectable } from "@nestjs/common";',
  'import { PrismaService } from "./prisma.service";',
  "@Injectable()",
  "export class ItemsService {",
  "  constructor(private prisma: PrismaService) {}",
  "  byId(id: string) {",
  "    return this.prisma.item.findUnique({ where: { id } });",
  "  }",
  "  mine(id: string, userId: string) {",
  "    return this.prisma.item.findFirst({ where: { id, userId } });",
  "  }",
  "  create(data: object) {",
  "    return this.prisma.item.create({ data });",
  "  }",
  "}",
  "",
].join("\n");

describe("require-owner-scope on NestJS handlers", () => {
  it("reports a path parameter selecting an owned row through a service of another file, not the row scoped by the current user", async () => {
    const root = nestProject({
      "src/auth/current-user.decorator.ts": CURRENT_USER,
      "src/items.service.ts": ITEMS_SERVICE,
      "src/items.controller.ts": [
        'import { Controller, Get, Param } from "@nestjs/common";',
        'import { CurrentUser } from "./auth/current-user.decorator";',
        'import { ItemsService } from "./items.service";',
        '@Controller("items")',
        "export class ItemsController {",
        "  constructor(private items: ItemsService) {}",
        '  @Get(":id")',
        '  one(@Param("id") id: string) {',
        "    return this.items.byId(id);",
        "  }",
        '  @Get(":id/mine")',
        '  mine(@Param("id") id: string, @CurrentUser() user: { id: string }) {',
        "    return this.items.mine(id, user.id);",
        "  }",
        "}",
      ].join("\n"),
    });
    expect(await findings(root, ["require-owner-scope"])).toEqual(["src/items.service.ts:7:29 require-owner-scope unscoped"]);
  });

  it("reads the handler's parameter as the request's even when a spec calls the handler with a literal", async () => {
    const root = nestProject({
      "src/items.service.ts": ITEMS_SERVICE,
      "src/items.controller.ts": [
        'import { Controller, Get, Param } from "@nestjs/common";',
        'import { ItemsService } from "./items.service";',
        '@Controller("items")',
        "export class ItemsController {",
        "  constructor(private items: ItemsService) {}",
        '  @Get(":id")',
        '  one(@Param("id") id: string) {',
        "    return this.items.byId(id);",
        "  }",
        "}",
      ].join("\n"),
      "src/items.controller.spec.ts": [
        'import { ItemsController } from "./items.controller";',
        "declare const controller: ItemsController;",
        'export const found = controller.one("item-1");',
        "",
      ].join("\n"),
      "src/whoami.ts": "declare const req: { user: { id: string } };\nexport const me = req.user.id;\n",
    });
    expect(await findings(root, ["require-owner-scope"])).toEqual(["src/items.service.ts:7:29 require-owner-scope unscoped"]);
  });

  it("accepts a write by the path key after the handler gave the fetched row's owner and the current user to an ownership check", async () => {
    const controller = (check: string) => [
      'import { Controller, Delete, Param } from "@nestjs/common";',
      'import { CurrentUser } from "./auth/current-user.decorator";',
      'import { ItemsService } from "./items.service";',
      "declare function validateItemOwnership(userId: string, ownerId: string): void;",
      '@Controller("items")',
      "export class ItemsController {",
      "  constructor(private items: ItemsService) {}",
      '  @Delete(":id")',
      '  async remove(@Param("id") id: string, @CurrentUser() user: { id: string }) {',
      "    const item = await this.items.byId(id);",
      check,
      "    return this.items.remove(id);",
      "  }",
      "}",
    ];
    const service = ITEMS_SERVICE.replace("  create(data: object) {", "  remove(id: string) {\n    return this.prisma.item.delete({ where: { id } });\n  }\n  create(data: object) {");
    const checked = nestProject({ "src/auth/current-user.decorator.ts": CURRENT_USER, "src/items.service.ts": service, "src/items.controller.ts": controller("    validateItemOwnership(user.id, item!.userId);").join("\n") });
    expect(await findings(checked, ["require-owner-scope"])).toEqual([]);
    // the same handler logging the row's owner instead of checking it
    const logged = nestProject({ "src/auth/current-user.decorator.ts": CURRENT_USER, "src/items.service.ts": service, "src/items.controller.ts": controller("    console.log(user.id, item!.userId);").join("\n") });
    expect(await findings(logged, ["require-owner-scope"])).toEqual(["src/items.service.ts:7:29 require-owner-scope unscoped", "src/items.service.ts:13:29 require-owner-scope unscoped"]);
  });

  it("reports an owner taken from the body, not the owner taken from the current user", async () => {
    const root = nestProject({
      "src/auth/current-user.decorator.ts": CURRENT_USER,
      "src/items.service.ts": ITEMS_SERVICE,
      "src/items.controller.ts": [
        'import { Body, Controller, Get, Post } from "@nestjs/common";',
        'import { GetUser } from "./auth/current-user.decorator";',
        'import { ItemsService } from "./items.service";',
        '@Controller("items")',
        "export class ItemsController {",
        "  constructor(private items: ItemsService) {}",
        "  @Post()",
        '  create(@Body("name") name: string, @Body("userId") userId: string) {',
        "    return this.items.create({ id: name, name, userId });",
        "  }",
        '  @Post("mine")',
        '  createMine(@Body("name") name: string, @GetUser("id") userId: string) {',
        "    return this.items.create({ id: name, name, userId });",
        "  }",
        "}",
      ].join("\n"),
    });
    expect(await findings(root, ["require-owner-scope"])).toEqual(["src/items.service.ts:13:29 require-owner-scope ownerFromRequest"]);
  });
});

const ITEM_DTO = [
  'import { IsOptional, IsString } from "class-validator";',
  "export class CreateItemDto {",
  "  @IsString()",
  "  name!: string;",
  "  @IsOptional()",
  "  note?: string;",
  "}",
  "",
].join("\n");

/** A controller writing its body to `Item` through the service; `handler` is the decorated method, `main` the bootstrap. */
function validationProject(handler: readonly string[], main: readonly string[] = [], extra: Record<string, string> = {}): string {
  return nestProject({
    "src/items.service.ts": ITEMS_SERVICE,
    "src/create-item.dto.ts": ITEM_DTO,
    "src/main.ts": ['import { NestFactory } from "@nestjs/core";', 'import { ValidationPipe } from "@nestjs/common";', "export async function bootstrap(app: any) {", ...main, "}", ""].join("\n"),
    "src/items.controller.ts": [
      'import { Body, Controller, Post, Query, ParseIntPipe, UsePipes, ValidationPipe } from "@nestjs/common";',
      'import { CreateItemDto } from "./create-item.dto";',
      'import { ItemsService } from "./items.service";',
      '@Controller("items")',
      "export class ItemsController {",
      "  constructor(private items: ItemsService) {}",
      "  @Post()",
      ...handler,
      "}",
    ].join("\n"),
    ...extra,
  });
}

describe("no-unvalidated-input on NestJS handlers", () => {
  it("reports a DTO body written whole when no ValidationPipe applies", async () => {
    const root = validationProject(["  create(@Body() dto: CreateItemDto) {", "    return this.items.create(dto);", "  }"]);
    expect(await findings(root, ["no-unvalidated-input"])).toEqual(["src/items.controller.ts:8:18 no-unvalidated-input objectInData"]);
  });

  it("accepts the DTO body under a global ValidationPipe with whitelist", async () => {
    const root = validationProject(["  create(@Body() dto: CreateItemDto) {", "    return this.items.create(dto);", "  }"], ["  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));"]);
    expect(await findings(root, ["no-unvalidated-input"])).toEqual([]);
  });

  it("reports the DTO body written whole under a ValidationPipe without whitelist: the object keeps the keys the client added", async () => {
    const root = validationProject(["  create(@Body() dto: CreateItemDto) {", "    return this.items.create({ ...dto });", "  }"], ["  app.useGlobalPipes(new ValidationPipe({ transform: true }));"]);
    expect(await findings(root, ["no-unvalidated-input"])).toEqual(["src/items.controller.ts:8:18 no-unvalidated-input objectInData"]);
  });

  it("accepts a validated field of the DTO written under a ValidationPipe without whitelist", async () => {
    const root = validationProject(['  create(@Body() dto: CreateItemDto) {', '    return this.items.create({ id: "x", name: dto.name });', "  }"], ["  app.useGlobalPipes(new ValidationPipe());"]);
    expect(await findings(root, ["no-unvalidated-input"])).toEqual([]);
  });

  it("reports a field whose only decorator says it is optional, written under a ValidationPipe", async () => {
    const root = validationProject(['  create(@Body() dto: CreateItemDto) {', '    return this.items.create({ id: "x", name: dto.note });', "  }"], ["  app.useGlobalPipes(new ValidationPipe());"]);
    expect(await findings(root, ["no-unvalidated-input"])).toEqual(["src/items.controller.ts:8:18 no-unvalidated-input fieldInData"]);
  });

  it("reports a body typed any or an inline object, which the ValidationPipe does not validate", async () => {
    const root = validationProject(
      ["  create(", "    @Body() dto: any,", "    @Body() other: { name: string },", "  ) {", "    this.items.create(other);", "    return this.items.create(dto);", "  }"],
      ["  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));"],
    );
    expect(await findings(root, ["no-unvalidated-input"])).toEqual([
      "src/items.controller.ts:9:13 no-unvalidated-input objectInData",
      "src/items.controller.ts:10:13 no-unvalidated-input objectInData",
    ]);
  });

  it("accepts a ValidationPipe given by @UsePipes on the method, by an APP_PIPE provider, or to the decorator", async () => {
    const onMethod = validationProject(["  @UsePipes(new ValidationPipe({ whitelist: true }))", "  create(@Body() dto: CreateItemDto) {", "    return this.items.create(dto);", "  }"]);
    expect(await findings(onMethod, ["no-unvalidated-input"])).toEqual([]);
    const onDecorator = validationProject(["  create(@Body(new ValidationPipe({ forbidNonWhitelisted: true })) dto: CreateItemDto) {", "    return this.items.create(dto);", "  }"]);
    expect(await findings(onDecorator, ["no-unvalidated-input"])).toEqual([]);
    const provider = validationProject(["  create(@Body() dto: CreateItemDto) {", "    return this.items.create(dto);", "  }"], [], {
      "src/app.module.ts": [
        'import { Module, ValidationPipe } from "@nestjs/common";',
        'import { APP_PIPE } from "@nestjs/core";',
        "@Module({ providers: [{ provide: APP_PIPE, useFactory: () => new ValidationPipe({ whitelist: true }) }] })",
        "export class AppModule {}",
        "",
      ].join("\n"),
    });
    expect(await findings(provider, ["no-unvalidated-input"])).toEqual([]);
  });

  it("accepts a DTO built by mapped types from a validated class", async () => {
    const root = validationProject(["  create(@Body() dto: UpdateItemDto) {", "    return this.items.create(dto);", "  }"], ["  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));"], {
      "src/update-item.dto.ts": ['import { OmitType, PartialType } from "@nestjs/swagger";', 'import { CreateItemDto } from "./create-item.dto";', 'export class UpdateItemDto extends PartialType(OmitType(CreateItemDto, ["note"] as const)) {}', ""].join("\n"),
    });
    const controller = path.join(root, "src/items.controller.ts");
    const fs = await import("node:fs");
    fs.writeFileSync(controller, fs.readFileSync(controller, "utf8").replace('import { CreateItemDto } from "./create-item.dto";', 'import { UpdateItemDto } from "./update-item.dto";'));
    expect(await findings(root, ["no-unvalidated-input"])).toEqual([]);
  });

  it("accepts a query value through ParseIntPipe, or typed as a primitive under transform: true; reports it otherwise", async () => {
    const handler = (parameter: string) => [`  find(${parameter}) {`, "    return this.items.mine(String(1), n as never);", "  }"];
    const bare = validationProject(handler('@Query("n") n: string'), ["  app.useGlobalPipes(new ValidationPipe());"]);
    expect(await findings(bare, ["no-unvalidated-input"])).toEqual(["src/items.controller.ts:8:20 no-unvalidated-input fieldInWhere"]);
    const parsed = validationProject(handler('@Query("n", ParseIntPipe) n: number'));
    expect(await findings(parsed, ["no-unvalidated-input"])).toEqual([]);
    const transformed = validationProject(handler('@Query("n") n: string'), ["  app.useGlobalPipes(new ValidationPipe({ transform: true }));"]);
    expect(await findings(transformed, ["no-unvalidated-input"])).toEqual([]);
  });
});

describe("NestJS GraphQL resolvers", () => {
  const GQL_USER = [
    'import { createParamDecorator, ExecutionContext } from "@nestjs/common";',
    'import { GqlExecutionContext } from "@nestjs/graphql";',
    "export const GqlUser = createParamDecorator((data: unknown, context: ExecutionContext) => GqlExecutionContext.create(context).getContext().req.user);",
    "",
  ].join("\n");

  it("reads @Args as body input, @Context() through its req, and a decorator reading the GraphQL context's request", () => {
    const root = nestProject({
      "src/gql-user.decorator.ts": GQL_USER,
      "src/items.resolver.ts": [
        'import { Args, Context, Query, Resolver } from "@nestjs/graphql";',
        'import { GqlUser } from "./gql-user.decorator";',
        "declare function probe(...values: unknown[]): void;",
        "@Resolver()",
        "export class ItemsResolver {",
        "  @Query()",
        '  item(@Args("id") id: string, @Args({ name: "filter" }) filter: object, @Context() ctx: any, @Context("req") r: any, @GqlUser() user: object) {',
        "    probe(id, filter, ctx.req.user.id, r, user);",
        "  }",
        "}",
      ].join("\n"),
    });
    const analysis = loadAnalysis(loadConfig({ searchFrom: root, rules: ruleOptionSchemas }));
    const sourceFile = analysis.project.getSourceFile(path.join(root, "src/items.resolver.ts"))!;
    const probe = identifier(sourceFile, "probe", 1).parent as ts.CallExpression;
    expect(probe.arguments.map((argument) => {
      const value = analysis.evaluator.evaluate(argument);
      return value.kind === "unknown" ? originText(value) : value.kind;
    })).toEqual(["req.body.id", "req.body.filter", "req.user.id", "req", "req.user"]);
  });

  it("counts an argument as validated by the GraphQL schema, unless it is a JSON scalar", async () => {
    const resolver = (options: string) =>
      nestProject({
        "src/items.service.ts": ITEMS_SERVICE,
        "src/items.resolver.ts": [
          'import { Args, Mutation, Resolver } from "@nestjs/graphql";',
          'import { GraphQLJSON } from "graphql-type-json";',
          'import { ItemsService } from "./items.service";',
          "@Resolver()",
          "export class ItemsResolver {",
          "  constructor(private items: ItemsService) {}",
          "  @Mutation()",
          `  create(@Args(${options}) input: object) {`,
          "    return this.items.create(input);",
          "  }",
          "}",
        ].join("\n"),
      });
    expect(await findings(resolver('"input"'), ["no-unvalidated-input"])).toEqual([]);
    expect(await findings(resolver('"input", { type: () => GraphQLJSON }'), ["no-unvalidated-input"])).toEqual(["src/items.resolver.ts:8:54 no-unvalidated-input objectInData"]);
  });
});
