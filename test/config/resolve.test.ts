import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { resolveConfig, type ResolvedConfig, type RuleOptionsSchemas } from "../../src/config/index.js";

const rules: RuleOptionsSchemas = {
  "no-hard-delete": [
    {
      type: "object",
      properties: {
        allow: { type: "array", items: { type: "string" } },
        mode: { enum: ["strict", "loose"] },
        limit: { type: "integer", minimum: 1 },
      },
      required: [],
      additionalProperties: false,
    },
  ],
  "require-soft-delete-filter": [],
  "owner-scope": undefined,
  "free-options": false,
  "whole-array": { type: "array", items: { type: "string" }, maxItems: 2 },
  "needs-key": [{ type: "object", properties: { model: { type: "string" } }, required: ["model"] }],
  "either-form": [{ anyOf: [{ type: "string" }, { type: "object", properties: { a: { type: "string" } } }] }],
};

const file = "/project/backend-conventions.config.json";

function resolve(raw: unknown): ResolvedConfig {
  return resolveConfig(raw, { rootDir: "/project", configFile: file, rules });
}

/** The ConfigError thrown for `raw`; fails the test when none is thrown. */
function errorOf(raw: unknown, { fromFile = true } = {}): ConfigError {
  try {
    resolveConfig(raw, { rootDir: "/project", configFile: fromFile ? file : undefined, rules });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

const messageOf = (raw: unknown): string => errorOf(raw).message;

const DEFAULTS: ResolvedConfig = {
  rootDir: "/project",
  configFile: file,
  clientModules: [],
  softDelete: { fields: ["deletedAt"], models: {} },
  ownership: {
    fields: ["userId", "ownerId", "tenantId", "deviceId", "identityId", "organizationId"],
    models: {},
    ownerModels: [],
    identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
    secretFields: ["token", "tokenHash", "sessionToken", "refreshToken", "resetToken", "apiKey", "apiKeyHash"],
    adminMiddleware: ["requireAdmin", "isAdmin", "adminOnly"],
    publicReads: {},
  },
  layers: {
    preset: "three-layer",
    definitions: {
      routes: ["**/routes/**", "**/routers/**", "**/controllers/**", "**/resolvers/**", "**/*.{routes,route,router,controller,resolver}.ts", "**/?*_{routes,route,router,controller,resolver}.ts", "**/{routes,router}.*.ts"],
      services: ["**/services/**", "**/*.service.ts", "**/*_service.ts"],
      repositories: [
        "**/repositories/**",
        "**/dao/**",
        "**/dal/**",
        "**/*.{repository,dao}.ts",
        "**/*_{repository,dao}.ts",
        "**/*.{query,queries,mutation,mutations}.ts",
        "**/{queries,mutations,data}.ts",
      ],
      data: ["**/db/!(seed*|migrations){,/**}", "**/prisma/!(seed*|migrations){,/**}", "**/generated/prisma/**"],
    },
    allow: { routes: ["services"], services: ["repositories"], repositories: ["data"] },
    allowTypeImports: true,
  },
  rules: {},
  ignore: ["**/node_modules/**", "**/dist/**", "**/generated/prisma/**", "**/.prisma/**", "**/*.d.ts", "**/*.test.*", "**/*.spec.*", "**/__tests__/**", "**/test/**", "**/tests/**", "**/e2e/**", "**/prisma/seed.*", "**/prisma/seed/**", "**/prisma/seeds/**", "**/prisma/migrations/**", "**/scripts/**"],
};

describe("defaults", () => {
  it("an empty object resolves to every default", () => {
    expect(resolve({})).toStrictEqual(DEFAULTS);
  });

  it("undefined (an empty config file) resolves to every default", () => {
    expect(resolve(undefined)).toStrictEqual(DEFAULTS);
  });

  it("leaves configFile and prismaSchema out when there are none", () => {
    const config = resolveConfig({}, { rootDir: "/project", rules });
    expect("configFile" in config).toBe(false);
    expect("prismaSchema" in config).toBe(false);
    expect(config.rootDir).toBe("/project");
  });

  it("the two-layer preset has no repositories layer", () => {
    const { layers } = resolve({ layers: { preset: "two-layer" } });
    expect(layers.definitions).toStrictEqual({
      routes: ["**/routes/**", "**/routers/**", "**/controllers/**", "**/resolvers/**", "**/*.{routes,route,router,controller,resolver}.ts", "**/?*_{routes,route,router,controller,resolver}.ts", "**/{routes,router}.*.ts"],
      // the modules named for their queries hold them: with no repositories, they are services
      services: ["**/services/**", "**/*.service.ts", "**/*_service.ts", "**/*.{query,queries,mutation,mutations}.ts", "**/{queries,mutations,data}.ts"],
      data: ["**/db/!(seed*|migrations){,/**}", "**/prisma/!(seed*|migrations){,/**}", "**/generated/prisma/**"],
    });
    expect(layers.allow).toStrictEqual({ routes: ["services"], services: ["data"] });
  });

  it("the resolved config is frozen, so a cached config cannot be changed by one caller", () => {
    const config = resolve({ softDelete: { field: "x" } });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.softDelete.fields)).toBe(true);
  });
});

describe("normalisation", () => {
  it("softDelete.field as a string becomes a one-item list", () => {
    expect(resolve({ softDelete: { field: "removedAt" } }).softDelete.fields).toStrictEqual(["removedAt"]);
  });

  it("softDelete.field as a list is kept in order", () => {
    expect(resolve({ softDelete: { field: ["deletedAt", "archivedAt"] } }).softDelete.fields).toStrictEqual([
      "deletedAt",
      "archivedAt",
    ]);
  });

  it("ownership.field as a string becomes a one-item list", () => {
    expect(resolve({ ownership: { field: "accountId" } }).ownership.fields).toStrictEqual(["accountId"]);
  });

  it("per-model soft-delete strings become { field }, objects keep live, false stays false", () => {
    const { models } = resolve({
      softDelete: {
        models: {
          Post: "removedAt",
          User: { field: "isDeleted", live: false },
          Session: { field: "revokedAt" },
          Audit: { field: "gone", live: null },
          Country: false,
        },
      },
    }).softDelete;
    expect(models).toStrictEqual({
      Post: { field: "removedAt" },
      User: { field: "isDeleted", live: false },
      Session: { field: "revokedAt" },
      Audit: { field: "gone", live: null },
      Country: false,
    });
  });

  it("ownership models keep field names, relation paths and false", () => {
    expect(resolve({ ownership: { models: { Invoice: "account.orgId", Plan: false } } }).ownership.models).toStrictEqual({
      Invoice: "account.orgId",
      Plan: false,
    });
  });

  it("numeric severities map to off/warn/error; options follow the severity", () => {
    expect(
      resolve({
        rules: {
          "require-soft-delete-filter": 0,
          "owner-scope": 1,
          "free-options": [2, "anything", { at: "all" }],
          "no-hard-delete": ["warn", { allow: ["AuditLog"] }],
        },
      }).rules,
    ).toStrictEqual({
      "require-soft-delete-filter": { severity: "off", options: [] },
      "owner-scope": { severity: "warn", options: [] },
      "free-options": { severity: "error", options: ["anything", { at: "all" }] },
      "no-hard-delete": { severity: "warn", options: [{ allow: ["AuditLog"] }] },
    });
  });

  it("only the rules the user listed are in rules", () => {
    expect(Object.keys(resolve({ rules: { "owner-scope": "error" } }).rules)).toStrictEqual(["owner-scope"]);
  });

  it("user ignore globs come first and the defaults are always added", () => {
    expect(resolve({ ignore: ["**/scripts/**", "**/dist/**"] }).ignore).toStrictEqual([
      "**/scripts/**",
      "**/dist/**",
      "**/node_modules/**",
      "**/generated/prisma/**",
      "**/.prisma/**",
      "**/*.d.ts",
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
    ]);
  });

  it("a layer definition replaces the preset's globs of that layer only; a string becomes a list", () => {
    const { definitions } = resolve({ layers: { definitions: { routes: "src/http/**", jobs: ["src/jobs/**"] } } }).layers;
    expect(definitions.routes).toStrictEqual(["src/http/**"]);
    expect(definitions.services).toStrictEqual(["**/services/**", "**/*.service.ts", "**/*_service.ts"]);
    expect(definitions.jobs).toStrictEqual(["src/jobs/**"]);
  });

  it("a layer allow entry replaces the preset's list of that layer only", () => {
    const { allow } = resolve({ layers: { definitions: { jobs: ["src/jobs/**"] }, allow: { jobs: ["services"], routes: ["services", "data"] } } }).layers;
    expect(allow).toStrictEqual({
      routes: ["services", "data"],
      services: ["repositories"],
      repositories: ["data"],
      jobs: ["services"],
    });
  });

  it("keeps the other settings as written", () => {
    const config = resolve({
      $schema: "./node_modules/backend-conventions/backend-conventions.schema.json",
      prismaSchema: "prisma/schema.prisma",
      clientModules: ["src/db.ts", "src/lib/prisma*.ts"],
      ownership: { ownerModels: ["User"], identitySources: ["ctx.user"], secretFields: [], adminMiddleware: ["staffOnly"], publicReads: { Post: { published: true }, Profile: true } },
      layers: { allowTypeImports: false },
    });
    expect(config.prismaSchema).toBe("prisma/schema.prisma");
    expect(config.clientModules).toStrictEqual(["src/db.ts", "src/lib/prisma*.ts"]);
    expect(config.ownership.ownerModels).toStrictEqual(["User"]);
    expect(config.ownership.identitySources).toStrictEqual(["ctx.user"]);
    expect(config.ownership.secretFields).toStrictEqual([]);
    expect(config.ownership.adminMiddleware).toStrictEqual(["staffOnly"]);
    expect(config.ownership.publicReads).toStrictEqual({ Post: { published: true }, Profile: true });
    expect(config.layers.allowTypeImports).toBe(false);
  });

  it("copies rule options, so freezing the config does not freeze the user's objects", () => {
    const options = { allow: ["AuditLog"] };
    resolve({ rules: { "no-hard-delete": ["warn", options] } });
    expect(Object.isFrozen(options)).toBe(false);
  });
});

describe("type errors", () => {
  it("softDelete.field of the wrong type", () => {
    expect(messageOf({ softDelete: { field: 5 } })).toBe("softDelete.field: expected string or array of strings, got number");
  });

  it("softDelete.field list with a wrong item names the item", () => {
    expect(messageOf({ softDelete: { field: ["deletedAt", 5] } })).toBe("softDelete.field[1]: expected string, got number");
  });

  it("an empty field name", () => {
    expect(messageOf({ softDelete: { field: "" } })).toBe("softDelete.field: expected non-empty string");
  });

  it("a list where an array is expected", () => {
    expect(messageOf({ ignore: "dist/**" })).toBe("ignore: expected array, got string");
  });

  it("null, boolean and object are named as such", () => {
    expect(messageOf({ prismaSchema: null })).toBe("prismaSchema: expected string, got null");
    expect(messageOf({ layers: { allowTypeImports: "yes" } })).toBe("layers.allowTypeImports: expected boolean, got string");
    expect(messageOf({ clientModules: { a: 1 } })).toBe("clientModules: expected array, got object");
  });

  it("the config itself must be an object", () => {
    expect(messageOf("softDelete")).toBe("(root): expected object, got string");
    expect(messageOf([])).toBe("(root): expected object, got array");
  });

  it("a preset that does not exist", () => {
    expect(messageOf({ layers: { preset: "four-layer" } })).toBe(
      'layers.preset: expected "three-layer" or "two-layer", got "four-layer"',
    );
  });

  it("per-model soft-delete settings", () => {
    expect(messageOf({ softDelete: { models: { Post: true } } })).toBe(
      "softDelete.models.Post: expected field name, { field, live } or false, got boolean",
    );
    expect(messageOf({ softDelete: { models: { Post: { live: false } } } })).toBe("softDelete.models.Post.field: required");
    expect(messageOf({ softDelete: { models: { Post: { field: "deletedAt", live: 0 } } } })).toBe(
      "softDelete.models.Post.live: expected null or boolean, got number",
    );
  });

  it("per-model ownership settings", () => {
    expect(messageOf({ ownership: { models: { Invoice: true } } })).toBe(
      "ownership.models.Invoice: expected field name, relation path or false, got boolean",
    );
  });
});

describe("unknown keys", () => {
  it("an unknown key at the top", () => {
    expect(messageOf({ unknownKey: 1 })).toBe("unknownKey: unknown key");
  });

  it("suggests the key that matches case-insensitively", () => {
    expect(messageOf({ softdelete: {} })).toBe('softdelete: unknown key (did you mean "softDelete"?)');
  });

  it("nested unknown keys, with and without a suggestion", () => {
    expect(messageOf({ ownership: { Field: "userId", owners: [] } })).toBe(
      'ownership.Field: unknown key (did you mean "field"?)\nownership.owners: unknown key',
    );
  });

  it("an unknown key inside a per-model object", () => {
    expect(messageOf({ softDelete: { models: { Post: { field: "deletedAt", Live: null } } } })).toBe(
      'softDelete.models.Post.Live: unknown key (did you mean "live"?)',
    );
  });
});

describe("globs", () => {
  it("an unclosed bracket", () => {
    expect(messageOf({ ignore: ["dist/**", "src/["] })).toBe(
      'ignore[1]: invalid glob "src/[": unmatched "[" (missing closing "]"; escape it as "\\[" to match it literally)',
    );
  });

  it("an unclosed brace", () => {
    expect(messageOf({ clientModules: ["src/{db,prisma.ts"] })).toBe(
      'clientModules[0]: invalid glob "src/{db,prisma.ts": unmatched "{" (missing closing "}"; escape it as "\\{" to match it literally)',
    );
  });

  it("a stray closing brace (which picomatch accepts)", () => {
    expect(messageOf({ ignore: ["src/a}"] })).toBe(
      'ignore[0]: invalid glob "src/a}": unmatched "}" (missing opening "{"; escape it as "\\}" to match it literally)',
    );
  });

  it("an unclosed parenthesis", () => {
    expect(messageOf({ ignore: ["src/+(a|b"] })).toBe(
      'ignore[0]: invalid glob "src/+(a|b": unmatched "(" (missing closing ")"; escape it as "\\(" to match it literally)',
    );
  });

  it("an empty glob", () => {
    expect(messageOf({ ignore: [""] })).toBe('ignore[0]: invalid glob "": empty pattern');
  });

  it("globs in layer definitions, as a string and in a list", () => {
    expect(messageOf({ layers: { definitions: { routes: "src/[", jobs: ["ok/**", "x/("] } } })).toBe(
      [
        'layers.definitions.jobs[1]: invalid glob "x/(": unmatched "(" (missing closing ")"; escape it as "\\(" to match it literally)',
        'layers.definitions.routes: invalid glob "src/[": unmatched "[" (missing closing "]"; escape it as "\\[" to match it literally)',
      ].join("\n"),
    );
  });

  it("valid braces, brackets and extglobs pass", () => {
    expect(resolve({ ignore: ["src/{a,b}/**", "src/[ab].ts", "!(x).ts", "src/\\{literal"] }).ignore.slice(0, 4)).toStrictEqual([
      "src/{a,b}/**",
      "src/[ab].ts",
      "!(x).ts",
      "src/\\{literal",
    ]);
  });
});

describe("layers", () => {
  it("allow may only name defined layers", () => {
    expect(messageOf({ layers: { allow: { routes: ["services", "repos"], jobs: [] } } })).toBe(
      [
        'layers.allow.jobs: unknown layer (defined layers: "data", "repositories", "routes", "services")',
        'layers.allow.routes[1]: unknown layer "repos" (defined layers: "data", "repositories", "routes", "services")',
      ].join("\n"),
    );
  });

  it("the two-layer preset has no repositories to allow", () => {
    expect(messageOf({ layers: { preset: "two-layer", allow: { services: ["repositories"] } } })).toBe(
      'layers.allow.services[0]: unknown layer "repositories" (defined layers: "data", "routes", "services")',
    );
  });

  it("a layer defined by the user may be allowed", () => {
    expect(resolve({ layers: { definitions: { jobs: ["src/jobs/**"] }, allow: { routes: ["jobs"] } } }).layers.allow.routes).toStrictEqual([
      "jobs",
    ]);
  });
});

describe("rules", () => {
  it("an unknown rule id", () => {
    expect(messageOf({ rules: { "foo-bar": "error" } })).toBe("rules.foo-bar: unknown rule");
  });

  it("an unknown rule id close to a known one gets a suggestion", () => {
    expect(messageOf({ rules: { "no-hard-delet": "error" } })).toBe('rules.no-hard-delet: unknown rule (did you mean "no-hard-delete"?)');
  });

  it("a rule id with the plugin prefix gets the bare id suggested", () => {
    expect(messageOf({ rules: { "backend-conventions/owner-scope": "error" } })).toBe(
      'rules.backend-conventions/owner-scope: unknown rule (did you mean "owner-scope"?)',
    );
  });

  it("an unknown rule is reported once, whatever its value", () => {
    expect(messageOf({ rules: { "foo-bar": "fatal" } })).toBe("rules.foo-bar: unknown rule");
  });

  it("a bad severity", () => {
    expect(messageOf({ rules: { "require-soft-delete-filter": "fatal" } })).toBe(
      'rules.require-soft-delete-filter: expected "off", "warn", "error", 0, 1, 2 or [severity, ...options]',
    );
  });

  it("a severity number out of range", () => {
    expect(messageOf({ rules: { "require-soft-delete-filter": 3 } })).toBe(
      'rules.require-soft-delete-filter: expected "off", "warn", "error", 0, 1, 2 or [severity, ...options]',
    );
  });

  it("a bad severity inside the array form names the position", () => {
    expect(messageOf({ rules: { "no-hard-delete": ["fatal", {}] } })).toBe(
      'rules.no-hard-delete[0]: expected "off", "warn", "error", 0, 1 or 2, got "fatal"',
    );
  });

  it("an empty array has no severity", () => {
    expect(messageOf({ rules: { "no-hard-delete": [] } })).toBe(
      'rules.no-hard-delete[0]: required (the severity: "off", "warn", "error", 0, 1 or 2)',
    );
  });

  it("rules must be an object", () => {
    expect(messageOf({ rules: ["no-hard-delete"] })).toBe("rules: expected object, got array");
  });

  it("an option of the wrong type", () => {
    expect(messageOf({ rules: { "no-hard-delete": ["error", { allow: "AuditLog" }] } })).toBe(
      "rules.no-hard-delete[1].allow: expected array, got string",
    );
  });

  it("options with several problems: unknown key, enum, item type, minimum", () => {
    expect(
      messageOf({ rules: { "no-hard-delete": ["error", { allow: ["a", 2], mode: "lax", limit: 0, Allow: [] }] } }),
    ).toBe(
      [
        'rules.no-hard-delete[1].Allow: unknown key (did you mean "allow"?)',
        "rules.no-hard-delete[1].allow[1]: expected string, got number",
        "rules.no-hard-delete[1].limit: expected number >= 1, got 0",
        'rules.no-hard-delete[1].mode: expected "strict" or "loose", got "lax"',
      ].join("\n"),
    );
  });

  it("a missing required option key", () => {
    expect(messageOf({ rules: { "needs-key": ["error", {}] } })).toBe("rules.needs-key[1].model: required");
  });

  it("an anyOf option reports one problem, not one per branch", () => {
    expect(messageOf({ rules: { "either-form": ["error", 5] } })).toBe(
      "rules.either-form[1]: expected a value matching one of the allowed forms, got 5",
    );
  });

  it("too many options for a positional schema", () => {
    expect(messageOf({ rules: { "no-hard-delete": ["error", {}, {}] } })).toBe(
      "rules.no-hard-delete: too many options: the rule takes at most 1, got 2",
    );
  });

  it("options for a rule that takes none (schema [] or no schema)", () => {
    expect(messageOf({ rules: { "require-soft-delete-filter": ["warn", { x: 1 }] } })).toBe(
      "rules.require-soft-delete-filter: the rule takes no options, got 1",
    );
    expect(messageOf({ rules: { "owner-scope": [1, true] } })).toBe("rules.owner-scope: the rule takes no options, got 1");
  });

  it("schema false accepts any options", () => {
    expect(resolve({ rules: { "free-options": ["warn", 1, 2, 3] } }).rules["free-options"].options).toStrictEqual([1, 2, 3]);
  });

  it("an object schema validates the whole options array", () => {
    expect(messageOf({ rules: { "whole-array": ["warn", "a", 2] } })).toBe("rules.whole-array[2]: expected string, got number");
    expect(messageOf({ rules: { "whole-array": ["warn", "a", "b", "c"] } })).toBe(
      "rules.whole-array: too many options: the rule takes at most 2, got 3",
    );
  });

  it("options are validated when the rule is off too (as ESLint does)", () => {
    expect(messageOf({ rules: { "no-hard-delete": ["off", { allow: 1 }] } })).toBe(
      "rules.no-hard-delete[1].allow: expected array, got number",
    );
  });
});

describe("the ConfigError", () => {
  it("reports every problem, one per line, sorted by path (numbers numerically)", () => {
    expect(
      messageOf({
        zeta: 1,
        softDelete: { field: 5 },
        ignore: ["a/[", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k/("],
        rules: { "foo-bar": "warn" },
        alpha: true,
      }),
    ).toBe(
      [
        "alpha: unknown key",
        'ignore[0]: invalid glob "a/[": unmatched "[" (missing closing "]"; escape it as "\\[" to match it literally)',
        'ignore[10]: invalid glob "k/(": unmatched "(" (missing closing ")"; escape it as "\\(" to match it literally)',
        "rules.foo-bar: unknown rule",
        "softDelete.field: expected string or array of strings, got number",
        "zeta: unknown key",
      ].join("\n"),
    );
  });

  it("is located in the config file", () => {
    const error = errorOf({ unknownKey: 1 });
    expect(error.location).toStrictEqual({ file });
    expect(error.format()).toBe(`Config error: ${file}: unknownKey: unknown key`);
    expect(error.exitCode).toBe(2);
  });

  it("has no location when the config did not come from a file", () => {
    expect(errorOf({ unknownKey: 1 }, { fromFile: false }).location).toBeUndefined();
  });

  it("quotes path segments that are not plain names", () => {
    expect(messageOf({ softDelete: { models: { "my model": true } } })).toBe(
      'softDelete.models["my model"]: expected field name, { field, live } or false, got boolean',
    );
  });
});
