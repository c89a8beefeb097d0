import path from "node:path";
import { eslintRule, projectDir, ruleTester } from "./rule-tester.js";

/**
 * A project whose routers live in their own files (`test/projects/auth`): `src/app.ts` mounts
 * `/health`, `/items`, `/admin` (behind `authenticate`) and `/public` after `express.json` and
 * `requestId`. Each case replaces one routes file of it (keeping its export); the others are read from disk.
 */
const authDir = path.resolve(projectDir, "../auth");
const items = path.join(authDir, "src/routes/items.ts");
const health = path.join(authDir, "src/routes/health.ts");
const admin = path.join(authDir, "src/routes/admin.ts");
const publicRoutes = path.join(authDir, "src/routes/public.ts");
/** a second app of its own (not on disk): a case never replaces the project's src/app.ts, which later cases mount through */
const app = path.join(authDir, "src/version-app.ts");

const header = `import { Router } from "express";\nimport { authAudit, authenticate, checkSession, guards, validate } from "../middleware/auth.js";\nexport const itemsRouter = Router();\n`;
const appChain = "express.json, requestId";
const missing = (method: string, routePath: string, middleware = appChain) => ({ method, path: routePath, middleware });
const options = (publicRoutes: string[], authMiddleware: string[] = []) => [{ publicRoutes, authMiddleware }];

ruleTester.run("require-auth", eslintRule("require-auth"), {
  valid: [
    // router-wide authentication before the routes
    { filename: items, code: `${header}itemsRouter.use(authenticate);\nitemsRouter.get("/", (_req, res) => res.json([]));` },
    // authentication on the route itself
    { filename: items, code: `${header}itemsRouter.post("/", authenticate, validate, (_req, res) => res.json({}));` },
    { filename: items, code: `${header}itemsRouter.route("/:id").get(authenticate, (_req, res) => res.json({}));` },
    // passport's factory is named after the call
    { filename: items, code: `import passport from "passport";\n${header}itemsRouter.get("/", passport.authenticate("jwt", { session: false }), (_req, res) => res.json([]));` },
    // authentication applied where the router is mounted (app.use("/admin", authenticate, adminRouter))
    { filename: admin, code: `import { Router } from "express";\nexport const adminRouter = Router();\nadminRouter.delete("/items/:id", (_req, res) => res.end());` },
    // listed as public, by method and path
    { filename: health, code: `import { Router } from "express";\nexport const healthRouter = Router();\nhealthRouter.get("/", (_req, res) => res.json({}));`, options: options(["GET /health"]) },
    { filename: items, code: `${header}itemsRouter.get("/", (_req, res) => res.json([]));`, options: options(["get /items"]) },
    // any method, and a glob on the path
    { filename: publicRoutes, code: `import { Router } from "express";\nexport const publicRouter = Router();\npublicRouter.post("/docs/:page/feedback", (_req, res) => res.end());`, options: options(["* /public/**"]) },
    { filename: app, code: `import express from "express";\nconst app = express();\napp.get("/version", (_req, res) => res.json({}));`, options: options(["/version"]) },
    // a name the built-in list does not know, which authenticates by what it does (throws "unauthorized" without a cookie)
    { filename: items, code: `${header}itemsRouter.use(checkSession);\nitemsRouter.get("/", (_req, res) => res.json([]));` },
    // the project's own authentication middleware, by name or by glob
    { filename: items, code: `${header}itemsRouter.use(checkSession);\nitemsRouter.get("/", (_req, res) => res.json([]));`, options: options([], ["checkSession"]) },
    { filename: items, code: `${header}itemsRouter.get("/", guards.session, (_req, res) => res.json([]));`, options: options([], ["guards.*"]) },
    // a use on another prefix does not count, but one on a parent prefix does
    { filename: items, code: `${header}itemsRouter.use("/mine", authenticate);\nitemsRouter.get("/mine/latest", (_req, res) => res.json([]));` },
    // `map.get(key)` and settings are no routes
    { filename: items, code: `${header}const cache = new Map<string, string>();\ncache.get("/x");\nitemsRouter.get("etag");\nitemsRouter.use(authenticate);` },
  ],
  invalid: [
    {
      filename: items,
      code: `${header}itemsRouter.get("/", (_req, res) => res.json([]));`,
      errors: [{ messageId: "missingAuth", line: 4, column: 13, data: missing("GET", "/items") }],
    },
    {
      // registered before the router-wide authentication: Express runs it without
      filename: items,
      code: `${header}itemsRouter.get("/export", (_req, res) => res.json([]));\nitemsRouter.use(authenticate);\nitemsRouter.get("/", (_req, res) => res.json([]));`,
      errors: [{ messageId: "missingAuth", line: 4, column: 13, data: missing("GET", "/items/export") }],
    },
    {
      // middleware on the route that does not authenticate
      filename: items,
      code: `${header}itemsRouter.post("/", validate, (_req, res) => res.json({}));`,
      errors: [{ messageId: "missingAuth", line: 4, column: 13, data: missing("POST", "/items", `${appChain}, validate`) }],
    },
    {
      // a route() chain: each method has its own chain
      filename: items,
      code: `${header}itemsRouter.route("/:id").get((_req, res) => res.json({})).delete(authenticate, (_req, res) => res.end());`,
      errors: [{ messageId: "missingAuth", line: 4, column: 27, data: missing("GET", "/items/:id") }],
    },
    {
      // authentication only under another prefix
      filename: items,
      code: `${header}itemsRouter.use("/mine", authenticate);\nitemsRouter.get("/mine-too", (_req, res) => res.json([]));`,
      errors: [{ messageId: "missingAuth", line: 5, column: 13, data: missing("GET", "/items/mine-too") }],
    },
    {
      // public for GET only
      filename: items,
      code: `${header}itemsRouter.get("/", (_req, res) => res.json([]));\nitemsRouter.post("/", (_req, res) => res.json({}));`,
      options: options(["GET /items"]),
      errors: [{ messageId: "missingAuth", line: 5, column: 13, data: missing("POST", "/items") }],
    },
    {
      // the health check is public, its details are not
      filename: health,
      code: `import { Router } from "express";\nexport const healthRouter = Router();\nhealthRouter.get("/", (_req, res) => res.json({}));\nhealthRouter.get("/details", (_req, res) => res.json({}));`,
      options: options(["GET /health"]),
      errors: [{ messageId: "missingAuth", line: 4, column: 14, data: missing("GET", "/health/details") }],
    },
    {
      // the glob does not reach a sibling prefix
      filename: publicRoutes,
      code: `import { Router } from "express";\nexport const publicRouter = Router();\npublicRouter.post("/docs/:page/feedback", (_req, res) => res.end());`,
      options: options(["* /public/docs"]),
      errors: [{ messageId: "missingAuth", line: 3, column: 14, data: missing("POST", "/public/docs/:page/feedback") }],
    },
    {
      filename: app,
      code: `import express from "express";\nconst app = express();\napp.get("/version", (_req, res) => res.json({}));`,
      errors: [{ messageId: "missingAuth", line: 3, column: 5, data: missing("GET", "/version", "none") }],
    },
    {
      // named like authentication, but it only sets a header: what a middleware does decides, not its name
      filename: items,
      code: `${header}itemsRouter.use(authAudit);\nitemsRouter.get("/", (_req, res) => res.json([]));`,
      errors: [{ messageId: "missingAuth", line: 5, column: 13, data: missing("GET", "/items", `${appChain}, authAudit`) }],
    },
    {
      // a rate limiter called authLimiter (express-rate-limit) turns nobody away as unauthenticated
      filename: items,
      code: `${header}import rateLimit from "express-rate-limit";\nconst authLimiter = rateLimit({ windowMs: 60_000, limit: 5 });\nitemsRouter.post("/login", authLimiter, (_req, res) => res.json({}));`,
      errors: [{ messageId: "missingAuth", line: 6, column: 13, data: missing("POST", "/items/login", `${appChain}, authLimiter`) }],
    },
  ],
});
