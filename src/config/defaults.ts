/** Default values of the configuration; the zod schema's descriptions and `resolveConfig` both read them. */
import type { LayerPreset } from "./types.js";

export const DEFAULT_SOFT_DELETE_FIELDS: readonly string[] = ["deletedAt"];

export const DEFAULT_OWNER_FIELDS: readonly string[] = [
  "userId",
  "ownerId",
  "tenantId",
  "deviceId",
  "identityId",
  "organizationId",
];

export const DEFAULT_IDENTITY_SOURCES: readonly string[] = [
  "req.user",
  "req.user.*",
  "req.auth",
  "req.auth.*",
  "res.locals.*",
];

export const DEFAULT_SECRET_FIELDS: readonly string[] = [
  "token",
  "tokenHash",
  "sessionToken",
  "refreshToken",
  "resetToken",
  "apiKey",
  "apiKeyHash",
];

export const DEFAULT_ADMIN_MIDDLEWARE: readonly string[] = ["requireAdmin", "isAdmin", "adminOnly"];

export const DEFAULT_IGNORE: readonly string[] = [
  "**/node_modules/**",
  "**/dist/**",
  "**/generated/prisma/**",
  "**/.prisma/**",
  "**/*.d.ts",
];

/**
 * Code no request runs: tests, seeds, migrations and scripts. Ignored by default (a config's
 * `ignore` puts one back with a negated pattern, `"!**\/scripts/**"`, as in ESLint's `ignores`).
 */
export const DEFAULT_NON_REQUEST_IGNORE: readonly string[] = [
  "**/*.test.*",
  "**/*.spec.*",
  "**/__tests__/**",
  "**/test/**",
  "**/tests/**",
  "**/e2e/**",
  "**/prisma/seed.*",
  "**/prisma/seed/**",
  "**/prisma/seeds/**",
  "**/prisma/migrations/**",
  "**/scripts/**",
];

export const DEFAULT_LAYER_PRESET: LayerPreset = "three-layer";

interface LayerPresetDefinition {
  definitions: Readonly<Record<string, readonly string[]>>;
  allow: Readonly<Record<string, readonly string[]>>;
}

// Each layer by folder and by file name: `users.router.ts`, `user_route.ts`, `router.user.ts`, `users.dao.ts`.
// A NestJS GraphQL resolver (`users.resolver.ts`) answers requests like a controller.
const ROUTES = [
  "**/routes/**",
  "**/routers/**",
  "**/controllers/**",
  "**/resolvers/**",
  "**/*.{routes,route,router,controller,resolver}.ts",
  "**/?*_{routes,route,router,controller,resolver}.ts",
  "**/{routes,router}.*.ts",
];
const SERVICES = ["**/services/**", "**/*.service.ts", "**/*_service.ts"];
const REPOSITORIES = ["**/repositories/**", "**/dao/**", "**/dal/**", "**/*.{repository,dao}.ts", "**/*_{repository,dao}.ts"];
// Modules named for the queries they hold (`task.query.ts`, `poll.mutations.ts`, a feature's `data.ts`): the
// layer that holds the queries, repositories with three layers and services with two.
const QUERY_MODULES = ["**/*.{query,queries,mutation,mutations}.ts", "**/{queries,mutations,data}.ts"];
// A db/ or prisma/ folder also holds seeds and migrations, which no request runs: `!(seed*|migrations)` leaves them out.
const DATA = ["**/db/!(seed*|migrations){,/**}", "**/prisma/!(seed*|migrations){,/**}", "**/generated/prisma/**"];

export const LAYER_PRESETS: Readonly<Record<LayerPreset, LayerPresetDefinition>> = {
  "three-layer": {
    definitions: { routes: ROUTES, services: SERVICES, repositories: [...REPOSITORIES, ...QUERY_MODULES], data: DATA },
    allow: { routes: ["services"], services: ["repositories"], repositories: ["data"] },
  },
  "two-layer": {
    definitions: { routes: ROUTES, services: [...SERVICES, ...QUERY_MODULES], data: DATA },
    allow: { routes: ["services"], services: ["data"] },
  },
};

/** `["a", "b"]` → `"a", "b"`, for descriptions. */
export function quoteList(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(", ");
}
