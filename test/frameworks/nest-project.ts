import { tempProject } from "../engine/helpers.js";

/** The files every NestJS test project has: a Prisma service injected by constructor, and a global guard that authenticates every handler. */
export const NEST_BASE_FILES: Readonly<Record<string, string>> = {
  "src/prisma.service.ts": [
    'import { Injectable } from "@nestjs/common";',
    'import { PrismaClient } from "@prisma/client";',
    "@Injectable()",
    "export class PrismaService extends PrismaClient {}",
    "",
  ].join("\n"),
  "src/auth/jwt.guard.ts": [
    'import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from "@nestjs/common";',
    "@Injectable()",
    "export class JwtGuard implements CanActivate {",
    "  canActivate(context: ExecutionContext): boolean {",
    "    const request = context.switchToHttp().getRequest();",
    "    if (!request.user) throw new UnauthorizedException();",
    "    return true;",
    "  }",
    "}",
    "",
  ].join("\n"),
  "src/app.module.ts": [
    'import { Module } from "@nestjs/common";',
    'import { APP_GUARD } from "@nestjs/core";',
    'import { JwtGuard } from "./auth/jwt.guard";',
    "@Module({ providers: [{ provide: APP_GUARD, useClass: JwtGuard }] })",
    "export class AppModule {}",
    "",
  ].join("\n"),
};

/** A NestJS project with `schema`, the tool's `config`, the base files above and `files` (which may replace them). */
export function nestProject(schema: string, config: object, files: Record<string, string>): string {
  return tempProject({
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true, experimentalDecorators: true }, include: ["src"] }),
    "prisma/schema.prisma": schema,
    "backend-conventions.config.json": JSON.stringify({ prismaSchema: "prisma/schema.prisma", ...config }),
    ...NEST_BASE_FILES,
    ...files,
  });
}
