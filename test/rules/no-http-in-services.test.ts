import path from "node:path";
import { eslintRule, projectDir, ruleTester } from "./rule-tester.js";

/**
 * Code is linted as a file of test/projects/layers (three layers: routes, services,
 * repositories, data), so its layer comes from its path. src/http/types.ts re-exports the
 * express types; src/errors.ts declares HttpError; src/nest-errors.ts declares BaseException,
 * which extends NestJS's HttpException.
 */
const layersDir = path.resolve(projectDir, "../layers");
const route = path.join(layersDir, "src/routes/file.ts");
const service = path.join(layersDir, "src/services/file.ts");
const repository = path.join(layersDir, "src/repositories/file.ts");

const http = (layer: string, extra: Record<string, string>) => ({ layer, httpLayers: "routes", ...extra });
const options = (extra: Record<string, unknown>) => [
  { httpLayers: [], httpModules: ["express", "http-errors"], httpErrorClasses: [], allowFrameworkExceptions: true, ...extra },
];

ruleTester.run("no-http-in-services", eslintRule("no-http-in-services"), {
  valid: [
    // routes are where HTTP belongs
    { filename: route, code: `import { Router } from "express";\nexport const router = Router().get("/", (_req, res) => {\n  res.status(204).end();\n});` },
    // fetch's global Response, its status read and a domain error thrown
    {
      filename: service,
      code: `import { NotFoundError } from "../errors.js";\nexport async function parse(response: Response) {\n  if (response.status !== 200) throw new NotFoundError("item");\n  return response.json();\n}`,
    },
    // a number that is no HTTP status: a count first, or a number outside the registry later
    { filename: service, code: `class RetryError extends Error {\n  constructor(readonly attempts: number, message: string) { super(message); }\n}\nexport function retry() {\n  throw new RetryError(3, "gave up");\n}` },
    { filename: service, code: `class LimitError extends Error {\n  constructor(message: string, readonly limit: number) { super(message); }\n}\nexport function limit() {\n  throw new LimitError("too many rows", 250);\n}` },
    // a constant that is no status namespace's
    { filename: service, code: `const Limits = { MAX_ROWS: 500 };\nclass LimitError extends Error {}\nexport function limit() {\n  throw new LimitError(String(Limits.MAX_ROWS));\n}` },
    // a returned status that is a domain state, not an HTTP code
    { filename: service, code: `export function state() {\n  return { status: "active", statusCode: 999 };\n}` },
    // a type from the request, not the request itself
    { filename: service, code: `import type { Request } from "../http/types.js";\nexport const fromQuery = (query: Request["query"]) => query;` },
    // a NestJS guard kept under services/ is HTTP code by its role: in no layer
    { filename: path.join(layersDir, "src/services/auth/jwt.guard.ts"), code: `import type { Request } from "express";\nexport const canActivate = (req: Request) => req.headers.authorization !== undefined;` },
    // NestJS's exceptions, mapped to responses by the framework's exception filter: its documented idiom for services
    {
      filename: service,
      code: `import { HttpException, HttpStatus, NotFoundException } from "@nestjs/common";\nexport function find(found: boolean) {\n  if (!found) throw new NotFoundException("share");\n  throw new HttpException("Max share size exceeded", HttpStatus.PAYLOAD_TOO_LARGE);\n}`,
    },
    {
      filename: service,
      code: `import * as common from "@nestjs/common";\nexport function find() {\n  throw new common.ForbiddenException();\n}`,
    },
    // a class of the project extending NestJS's, in the file or imported from another
    {
      filename: service,
      code: `import { HttpException } from "@nestjs/common";\nclass QuotaException extends HttpException {}\nexport function limit() {\n  throw new QuotaException("quota", 429);\n}`,
    },
    { filename: service, code: `import { BaseException } from "../nest-errors.js";\nexport function find() {\n  throw new BaseException("missing", 404);\n}` },
    // services declared an HTTP layer by option
    {
      filename: service,
      code: `import type { Response } from "express";\nexport function fail(res: Response) {\n  res.status(404);\n}`,
      options: options({ httpLayers: ["routes", "services"] }),
    },
  ],
  invalid: [
    {
      // express in a service, even as a type: one finding for the import, not one per parameter
      filename: service,
      code: `import type { Request } from "express";\nexport const id = (req: Request) => req.params.id;`,
      errors: [{ messageId: "httpImport", line: 1, column: 30, data: http("services", { module: "express" }) }],
    },
    {
      filename: service,
      code: `export const id = (req: Express.Request) => req.params;`,
      errors: [{ messageId: "httpParameter", line: 1, column: 20, data: http("services", { name: "req", type: "request" }) }],
    },
    {
      filename: service,
      code: `import type { Response } from "../http/types.js";\nexport function fail(res: Response) {\n  res.status(404);\n}`,
      errors: [
        { messageId: "httpParameter", line: 2, column: 22, data: http("services", { name: "res", type: "response" }) },
        { messageId: "httpStatus", line: 3, column: 3, data: http("services", { call: "res.status(…)" }) },
      ],
    },
    {
      filename: service,
      code: `export function fail(res: { statusCode: number }) {\n  res.statusCode = 500;\n}`,
      errors: [{ messageId: "httpStatus", line: 2, column: 3, data: http("services", { call: "res.statusCode = …" }) }],
    },
    {
      filename: service,
      code: `import { HttpError } from "../errors.js";\nexport function create() {\n  throw new HttpError(409, "exists");\n}`,
      errors: [{ messageId: "httpError", line: 3, column: 9, data: http("services", { error: "HttpError" }) }],
    },
    {
      // the framework's exceptions with allowFrameworkExceptions: false, imported or extended
      filename: service,
      code: `import { NotFoundException } from "@nestjs/common";\nimport { BaseException } from "../nest-errors.js";\nexport function find(found: boolean) {\n  if (!found) throw new NotFoundException("share");\n  throw new BaseException("missing", 404);\n}`,
      options: options({ allowFrameworkExceptions: false }),
      errors: [
        { messageId: "httpError", line: 4, column: 21, data: http("services", { error: "NotFoundException" }) },
        { messageId: "httpError", line: 5, column: 9, data: http("services", { error: "BaseException" }) },
      ],
    },
    {
      // the lookalike of the framework's exception: a class of the same name declared by the project is no framework's
      filename: service,
      code: `class HttpException extends Error {\n  constructor(message: string, readonly status: number) { super(message); }\n}\nexport function find() {\n  throw new HttpException("missing", 404);\n}`,
      errors: [{ messageId: "httpError", line: 5, column: 9, data: http("services", { error: "HttpException" }) }],
    },
    {
      filename: service,
      code: `class AppError extends Error {\n  constructor(readonly status: number, message: string) { super(message); }\n}\nexport function find() {\n  throw new AppError(404, "missing");\n}`,
      errors: [{ messageId: "httpError", line: 5, column: 9, data: http("services", { error: "AppError" }) }],
    },
    {
      // the status in another argument
      filename: service,
      code: `class AppError extends Error {\n  constructor(message: string, readonly status: number) { super(message); }\n}\nexport function limit() {\n  throw new AppError("Too many requests", 429);\n}`,
      errors: [{ messageId: "httpError", line: 5, column: 9, data: http("services", { error: "AppError" }) }],
    },
    {
      // the status as a constant of http-status or http-status-codes
      filename: service,
      code: `declare const httpStatus: { NOT_FOUND: 404 };\nclass ApiError extends Error {\n  constructor(readonly status: number, message: string) { super(message); }\n}\nexport function find() {\n  throw new ApiError(httpStatus.NOT_FOUND, "Item not found");\n}`,
      errors: [{ messageId: "httpError", line: 6, column: 9, data: http("services", { error: "ApiError" }) }],
    },
    {
      filename: service,
      code: `declare const StatusCodes: { CONFLICT: 409 };\nclass DomainError extends Error {\n  constructor(message: string, readonly code: number) { super(message); }\n}\nexport function create() {\n  throw new DomainError("exists", StatusCodes.CONFLICT);\n}`,
      errors: [{ messageId: "httpError", line: 6, column: 9, data: http("services", { error: "DomainError" }) }],
    },
    {
      // a service that answers with a status code
      filename: service,
      code: `export function validate(name: string) {\n  if (!name) return { statusCode: 422, message: "name is required" };\n  return { statusCode: 200, name };\n}`,
      errors: [
        { messageId: "httpStatus", line: 2, column: 23, data: http("services", { call: "statusCode: 422" }) },
        { messageId: "httpStatus", line: 3, column: 12, data: http("services", { call: "statusCode: 200" }) },
      ],
    },
    {
      filename: service,
      code: `declare const StatusCodes: { CONFLICT: 409 };\nexport function create() {\n  return { status: StatusCodes.CONFLICT };\n}`,
      errors: [{ messageId: "httpStatus", line: 3, column: 12, data: http("services", { call: "status: StatusCodes.CONFLICT" }) }],
    },
    {
      filename: service,
      code: `import { Boom } from "./boom.js";\nexport function find() {\n  throw new Boom("missing");\n}`,
      options: options({ httpModules: ["express"], httpErrorClasses: ["Boom"] }),
      errors: [{ messageId: "httpError", line: 3, column: 9, data: http("services", { error: "Boom" }) }],
    },
    {
      filename: service,
      code: `import type { FastifyReply } from "fastify";\nexport type Reply = FastifyReply;`,
      options: options({ httpModules: ["fastify"] }),
      errors: [{ messageId: "httpImport", line: 1, column: 35, data: http("services", { module: "fastify" }) }],
    },
    {
      // with httpLayers set, every other layer is checked: here the data layer
      filename: path.join(layersDir, "src/db/file.ts"),
      code: `import { HttpError } from "../errors.js";\nthrow new HttpError(500, "no database");`,
      options: options({ httpLayers: ["routes", "services"], httpModules: ["express"] }),
      errors: [{ messageId: "httpError", line: 2, column: 7, data: { layer: "data", error: "HttpError", httpLayers: "routes, services" } }],
    },
    {
      // repositories are below the HTTP layer too
      filename: repository,
      code: `import { Router } from "express";\nexport const router = Router();`,
      errors: [{ messageId: "httpImport", line: 1, column: 24, data: http("repositories", { module: "express" }) }],
    },
    {
      // the guard's lookalike: a service under services/auth/ is a service
      filename: path.join(layersDir, "src/services/auth/auth.service.ts"),
      code: `import type { Request } from "express";\nexport const canActivate = (req: Request) => req.headers.authorization !== undefined;`,
      errors: [{ messageId: "httpImport", line: 1, column: 30, data: http("services", { module: "express" }) }],
    },
  ],
});
