import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { nestProject as baseNestProject } from "./nest-project.js";

const SCHEMA = [
  'datasource db {\n  provider = "postgresql"\n}',
  "model User {\n  id String @id\n  members Member[]\n}",
  "model Guild {\n  id String @id\n  members Member[]\n}",
  "model Member {\n  id String @id\n  name String\n  userId String\n  guildId String\n  user User @relation(fields: [userId], references: [id])\n  guild Guild @relation(fields: [guildId], references: [id])\n  @@unique([userId, guildId])\n}",
].join("\n");

const MEMBERS_SERVICE = [
  'import { Injectable } from "@nestjs/common";',
  'import { PrismaService } from "./prisma.service";',
  "@Injectable()",
  "export class MembersService {",
  "  constructor(private prisma: PrismaService) {}",
  "  list(guildId: string) {",
  "    return this.prisma.member.findMany({ where: { guildId }, take: 50 });",
  "  }",
  "  rename(userId: string, guildId: string, name: string) {",
  "    return this.prisma.member.update({ where: { userId_guildId: { userId, guildId } }, data: { name } });",
  "  }",
  "}",
  "",
].join("\n");

/**
 * A NestJS project of guilds and their members (both owned: by the guild, a tenant, and by the user), a global guard
 * that authenticates every handler, a service of member queries, and `files`.
 */
function nestProject(files: Record<string, string>): string {
  return baseNestProject(SCHEMA, { ownership: { ownerModels: ["User", "Guild"], field: ["guildId", "userId"] } }, { "src/members.service.ts": MEMBERS_SERVICE, ...files });
}

async function ownerFindings(root: string): Promise<string[]> {
  const check = await runCheck({ cwd: root });
  return check.files.flatMap((file) =>
    file.findings.filter((finding) => finding.ruleId === "require-owner-scope").map((finding) => `${path.relative(root, file.filePath)}:${finding.line}:${finding.column} ${finding.messageId}`),
  );
}

/** A controller of one guild's members, every handler behind `guard` (a class of `src/guards.ts`). */
function membersController(guard: string): string {
  return [
    'import { Controller, Get, Param, Patch, Body, UseGuards } from "@nestjs/common";',
    `import { ${guard} } from "./guards";`,
    'import { MembersService } from "./members.service";',
    '@Controller("guilds/:guildId/members")',
    `@UseGuards(${guard})`,
    "export class MembersController {",
    "  constructor(private members: MembersService) {}",
    "  @Get()",
    '  list(@Param("guildId") guildId: string) {',
    "    return this.members.list(guildId);",
    "  }",
    '  @Patch(":userId")',
    '  rename(@Param("guildId") guildId: string, @Param("userId") userId: string, @Body("name") name: string) {',
    "    return this.members.rename(userId, guildId, name);",
    "  }",
    "}",
    "",
  ].join("\n");
}

/**
 * A guard file: a class whose `canActivate` takes the request, then runs `body`; `constructor` goes before
 * it, and a constructor or an `await` in the body makes it async.
 */
function guardFile(name: string, body: readonly string[], constructor?: string): string {
  const async = constructor !== undefined || body.some((line) => line.includes("await "));
  return [
    'import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from "@nestjs/common";',
    "declare class GuildAccess { checkGuildAdmin(user: unknown, guildId: string): Promise<boolean>; exists(guildId: string): Promise<boolean>; }",
    "declare class Users { byApiKey(key: string): Promise<{ id: string } | null>; }",
    "",
    "@Injectable()",
    `export class ${name} implements CanActivate {`,
    ...(constructor ? [`  ${constructor}`] : []),
    `  ${async ? "async " : ""}canActivate(context: ExecutionContext): ${async ? "Promise<boolean>" : "boolean"} {`,
    "    const request = context.switchToHttp().getRequest();",
    ...body.map((line) => `    ${line}`),
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The owner-scope findings of the members API with `guard` (a guard file) on its routes, by the guard's class name. */
async function findingsBehind(guard: string, guardName = /export class (\w+)/.exec(guard)![1]): Promise<string[]> {
  return ownerFindings(nestProject({ "src/guards.ts": guard, "src/members.controller.ts": membersController(guardName) }));
}

/** Both queries of the members service select by a key the caller chooses. */
const BOTH_QUERIES = ["src/members.service.ts:7:31 scopeFromRequest", "src/members.service.ts:10:31 scopeFromRequest"];

describe("require-owner-scope behind NestJS guards that tie a path parameter to the caller", () => {
  it("accepts a guild key a guard gives, with the caller, to a check whose answer it returns", async () => {
    const guard = guardFile(
      "GuildAdminGuard",
      [
        "const user = request.user;",
        "const guildId = request.params.guildId || request.params.id;",
        "if (!user || !guildId) throw new ForbiddenException();",
        "return this.access.checkGuildAdmin(user, guildId);",
      ],
      "constructor(private access: GuildAccess) {}",
    );
    expect(await findingsBehind(guard)).toEqual([]);
  });

  it("reports the guild key behind a guard that reads it and the caller but only checks the guild exists", async () => {
    const guard = guardFile(
      "GuildExistsGuard",
      [
        "const user = request.user;",
        "const guildId = request.params.guildId;",
        "if (!user || !guildId) throw new ForbiddenException();",
        "console.log(user.id, guildId);",
        "return this.access.exists(guildId);",
      ],
      "constructor(private access: GuildAccess) {}",
    );
    expect(await findingsBehind(guard)).toEqual(BOTH_QUERIES);
  });

  it("accepts a key a guard compares with the caller's id, the comparison held in a name it tests before throwing; not another key of the route", async () => {
    const guard = guardFile(
      "SelfGuard",
      [
        "const user = request.user;",
        "const resourceUserId = request.params.userId;",
        "const hasAccess = user.id === resourceUserId;",
        "if (!hasAccess) throw new ForbiddenException();",
        "return true;",
      ],
    );
    // the list selects by the guild alone, which the guard never looked at; the rename is scoped by the user the guard checked
    expect(await findingsBehind(guard)).toEqual(["src/members.service.ts:7:31 scopeFromRequest"]);
  });
});

const BOT_STRATEGY = (validate: readonly string[]) =>
  [
    'import { Injectable, UnauthorizedException } from "@nestjs/common";',
    'import { PassportStrategy } from "@nestjs/passport";',
    'import { Strategy } from "passport-custom";',
    'import { timingSafeEqual, createHash } from "crypto";',
    "declare class ConfigService { get<T>(key: string): T | undefined; }",
    "declare class Users { byApiKey(key: string): Promise<{ id: string } | null>; }",
    "@Injectable()",
    'export class BotApiKeyStrategy extends PassportStrategy(Strategy, "bot-api-key") {',
    "  private readonly keyHash: string;",
    "  constructor(private config: ConfigService, private users: Users) {",
    "    super();",
    '    this.keyHash = createHash("sha256").update(this.config.get<string>("auth.botApiKey")!).digest("hex");',
    "  }",
    ...validate,
    "}",
    "",
  ].join("\n");

describe("require-owner-scope behind NestJS guards that check the caller only under a condition", () => {
  it("reports a key the guard compares with the caller only when another condition holds", async () => {
    const guard = guardFile(
      "PrivateSelfGuard",
      [
        'if (request.query.private === "1" && request.user.id !== request.params.userId) throw new ForbiddenException();',
        "return true;",
      ],
    );
    expect(await findingsBehind(guard)).toEqual(BOTH_QUERIES);
  });

  it("accepts a key the guard compares with the caller in a disjunction that refuses", async () => {
    const guard = guardFile(
      "SelfGuard",
      [
        "if (!request.user || request.user.id !== request.params.userId) throw new ForbiddenException();",
        "return true;",
      ],
    );
    expect(await findingsBehind(guard)).toEqual(["src/members.service.ts:7:31 scopeFromRequest"]);
  });
});

describe("require-owner-scope behind NestJS guards that authenticate a machine credential", () => {
  it("accepts keys on routes whose guard compares an API-key header with a configured secret and sets no user", async () => {
    const guard = guardFile(
      "BotKeyGuard",
      [
        'const key = request.headers["x-api-key"];',
        "if (!key || key !== process.env.BOT_API_KEY) throw new UnauthorizedException();",
        "return true;",
      ],
    );
    expect(await findingsBehind(guard)).toEqual([]);
  });

  it("reports keys on routes whose guard looks the caller up by the API key and sets request.user", async () => {
    const guard = guardFile(
      "ApiKeyGuard",
      [
        'const user = await this.users.byApiKey(request.headers["x-api-key"]);',
        "if (!user) throw new UnauthorizedException();",
        "request.user = user;",
        "return true;",
      ],
      "constructor(private users: Users) {}",
    );
    expect(await findingsBehind(guard)).toEqual(BOTH_QUERIES);
  });

  const passportGuard = [
    'import { Injectable } from "@nestjs/common";',
    'import { AuthGuard } from "@nestjs/passport";',
    "@Injectable()",
    'export class BotAuthGuard extends AuthGuard("bot-api-key") {}',
    "",
  ].join("\n");

  it("accepts keys behind AuthGuard(name) whose passport strategy compares the bearer key with a configured one's hash and returns a constant identity", async () => {
    const strategy = BOT_STRATEGY([
      "  validate(req: { headers: Record<string, string | undefined> }): { type: string } {",
      "    const header = req.headers.authorization;",
      '    if (!header?.startsWith("Bearer ")) throw new UnauthorizedException();',
      '    const provided = createHash("sha256").update(header.substring(7)).digest("hex");',
      "    if (!timingSafeEqual(Buffer.from(this.keyHash), Buffer.from(provided))) throw new UnauthorizedException();",
      '    return { type: "bot" };',
      "  }",
    ]);
    const root = nestProject({ "src/auth/bot.strategy.ts": strategy, "src/guards.ts": passportGuard, "src/members.controller.ts": membersController("BotAuthGuard") });
    expect(await ownerFindings(root)).toEqual([]);
  });

  it("reports keys behind AuthGuard(name) whose strategy returns the user the key belongs to", async () => {
    const strategy = BOT_STRATEGY([
      "  async validate(req: { headers: Record<string, string | undefined> }): Promise<{ id: string }> {",
      '    const user = await this.users.byApiKey(req.headers.authorization ?? "");',
      "    if (!user) throw new UnauthorizedException();",
      "    return user;",
      "  }",
    ]);
    const root = nestProject({ "src/auth/bot.strategy.ts": strategy, "src/guards.ts": passportGuard, "src/members.controller.ts": membersController("BotAuthGuard") });
    expect(await ownerFindings(root)).toEqual(BOTH_QUERIES);
  });
});

const BOT_KEY_GUARD = guardFile("BotKeyGuard", ['if (request.headers["x-api-key"] !== process.env.BOT_API_KEY) throw new UnauthorizedException();', "return true;"]);

const SYNC_SERVICE = [
  'import { Injectable } from "@nestjs/common";',
  'import { PrismaService } from "./prisma.service";',
  "type Tx = Pick<PrismaService, 'member'>;",
  "export interface MemberDto { userId: string; guildId: string; name: string; id: string }",
  "@Injectable()",
  "export class SyncService {",
  "  constructor(private prisma: PrismaService) {}",
  "  sync(guildId: string) {",
  "    return this.prisma.$transaction(async (tx) => {",
  "      await this.clear(guildId, tx);",
  "    });",
  "  }",
  "  private clear(guildId: string, tx: Tx) {",
  "    return tx.member.deleteMany({ where: { guildId } });",
  "  }",
  "  save(data: MemberDto) {",
  "    return this.prisma.member.upsert({ where: { userId_guildId: { userId: data.userId, guildId: data.guildId } }, create: data, update: { name: data.name } });",
  "  }",
  "}",
  "",
].join("\n");

/** A controller whose handlers call the sync service: `guard` on the class (none when empty), `handlers` its body. */
function syncController(name: string, prefix: string, guard: string, handlers: readonly string[]): string {
  return [
    'import { Body, Controller, Param, Post, UseGuards } from "@nestjs/common";',
    'import { BotKeyGuard } from "./guards";',
    'import { SyncService, type MemberDto } from "./sync.service";',
    `@Controller("${prefix}")`,
    ...(guard ? [`@UseGuards(${guard})`] : []),
    `export class ${name} {`,
    "  constructor(private sync: SyncService) {}",
    ...handlers,
    "}",
    "",
  ].join("\n");
}

describe("require-owner-scope through services below a NestJS handler", () => {
  const syncHandler = ['  @Post(":guildId/sync")', '  run(@Param("guildId") guildId: string) {', "    return this.sync.sync(guildId);", "  }"];

  it("reads the handler's guard three calls above a query in a transaction callback", async () => {
    const bot = nestProject({ "src/guards.ts": BOT_KEY_GUARD, "src/sync.service.ts": SYNC_SERVICE, "src/internal.controller.ts": syncController("InternalController", "internal/guilds", "BotKeyGuard", syncHandler) });
    expect(await ownerFindings(bot)).toEqual([]);
    // the same chain behind the global guard alone: any signed-in user clears any guild
    const open = nestProject({ "src/guards.ts": BOT_KEY_GUARD, "src/sync.service.ts": SYNC_SERVICE, "src/guilds.controller.ts": syncController("GuildsController", "guilds", "", syncHandler) });
    expect(await ownerFindings(open)).toEqual(["src/sync.service.ts:14:22 scopeFromRequest"]);
  });

  const botSave = ["  @Post()", "  save(@Body() dto: MemberDto) {", "    return this.sync.save(dto);", "  }"];
  const userSave = ['  @Post(":guildId/members")', '  save(@Param("guildId") guildId: string, @Body() dto: MemberDto) {', "    return this.sync.save({ ...dto, guildId });", "  }"];

  it("follows a body key through an object that spreads the body, so a user's route reaching the bot's query keeps its finding", async () => {
    const botOnly = nestProject({ "src/guards.ts": BOT_KEY_GUARD, "src/sync.service.ts": SYNC_SERVICE, "src/internal.controller.ts": syncController("InternalController", "internal/members", "BotKeyGuard", botSave) });
    expect(await ownerFindings(botOnly)).toEqual([]);
    const both = nestProject({
      "src/guards.ts": BOT_KEY_GUARD,
      "src/sync.service.ts": SYNC_SERVICE,
      "src/internal.controller.ts": syncController("InternalController", "internal/members", "BotKeyGuard", botSave),
      "src/guilds.controller.ts": syncController("GuildsController", "guilds", "", userSave),
    });
    expect(await ownerFindings(both)).toEqual(["src/sync.service.ts:17:31 scopeFromRequest"]);
  });
});
