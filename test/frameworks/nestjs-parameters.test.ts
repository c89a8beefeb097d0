import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.js";
import { loadConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { ts } from "../../src/engine/ts.js";
import { originText } from "../../src/engine/values.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";
import { identifier, tempProject } from "../engine/helpers.js";

const SCHEMA = [
  'datasource db {\n  provider = "postgresql"\n}',
  "model User {\n  id String @id\n  items Item[]\n}",
  "model Item {\n  id String @id\n  name String\n  userId String\n  user User @relation(fields: [userId], references: [id])\n}",
].join("\n");

/** A NestJS project: a Prisma service injected by constructor, and `files`. */
function nestProject(files: Record<string, string>): string {
  return tempProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true, experimentalDecorators: true }, include: ["src"] }),
    "prisma/schema.prisma": SCHEMA,
    "backend-conventions.config.json": JSON.stringify({ prismaSchema: "prisma/schema.prisma" }),
    "src/prisma.service.ts": [
      'import { Injectable } from "@nestjs/common";',
      'import { PrismaClient } from "@prisma/client";',
      "@Injectable()",
      "export class PrismaService extends PrismaClient {}",
      "",
    ].join("\n"),
    ...files,
  });
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
  void ts;
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
        'import { Body, Controller, Get, Headers, Ip, Param, ParseIntPipe, Query, Req, Session } from "@nestjs/common";',
        "declare function probe(...values: unknown[]): void;",
        '@Controller("items")',
        "export class ItemsController {",
        '  @Get(":id")',
        '  one(@Param("id") id: string, @Param() params: object, @Query("q") q: string, @Query() query: object, @Body("name") name: string, @Body() body: object, @Headers("x-key") key: string, @Req() r: object, @Session() session: object, @Ip() ip: string, @Param("n", ParseIntPipe) n: number) {',
        "    probe(id, params, q, query, name, body, key, r, session, ip, n);",
        "  }",
        "}",
      ].join("\n"),
    });
    expect(sourcesOf(root, "src/items.controller.ts", ["id", "params", "q", "query", "name", "body", "key", "r", "session", "ip", "n"])).toEqual({
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
    });
  });
});
