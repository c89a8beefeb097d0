/** `backend-conventions init` with the built bin: what it writes, that the result loads and checks, and that it never overwrites. */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearConfigCache, loadConfig } from "../../src/config/index.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";
import { assertBuilt, CLIENT_TS, createProject, PACKAGE_JSON, removeProjects, repoRoot, runCli, TSCONFIG } from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());
beforeEach(() => clearConfigCache());

const CONFIG = "backend-conventions.config.mjs";

/** prisma/ and src/ (without the generated client) of the reference API, in a temporary folder. */
function referenceApiCopy(): string {
  const source = path.join(repoRoot, "fixtures/reference-api");
  const dir = createProject({});
  fs.cpSync(path.join(source, "prisma"), path.join(dir, "prisma"), { recursive: true });
  fs.cpSync(path.join(source, "src"), path.join(dir, "src"), {
    recursive: true,
    filter: (file) => !file.startsWith(path.join(source, "src/generated")),
  });
  return dir;
}

describe("init on the reference API", () => {
  it("writes a config that loads, and that check runs with (exit 1: planted defects)", () => {
    const dir = referenceApiCopy();
    expect(runCli(dir, ["init"])).toStrictEqual({
      status: 0,
      stderr: "",
      stdout: `Wrote ${CONFIG}:
  prismaSchema   prisma/schema.prisma (10 models, Prisma 7)
  softDelete     deletedAt (6)
  ownership      deviceId → Device (7)
                 through a parent, commented out for review: Portion
  layers         three-layer

Review the comments in ${CONFIG}, then run: npx backend-conventions check
`,
    });

    const config = loadConfig({ searchFrom: dir, rules: ruleOptionSchemas });
    expect(config.configFile).toBe(path.join(dir, CONFIG));
    expect(config.prismaSchema).toBe("prisma/schema.prisma");
    expect(config.softDelete).toStrictEqual({ fields: ["deletedAt"], models: {} });
    expect(config.ownership.fields).toStrictEqual(["deviceId"]);
    expect(config.ownership.ownerModels).toStrictEqual(["Device"]);
    expect(config.ownership.models).toStrictEqual({});
    expect(config.ownership.identitySources).toStrictEqual([
      "req.user",
      "req.user.*",
      "req.auth",
      "req.auth.*",
      "res.locals.*",
      "req.identity",
      "req.identity.*",
    ]);
    expect(config.layers.preset).toBe("three-layer");
    expect(config.rules).toStrictEqual({});

    const check = runCli(dir, ["check", "--format", "json"]);
    // the copy has no tsconfig.json: every TypeScript file is analysed, and the run says so
    expect(check.stderr).toBe(`Warning: no tsconfig.json in ${dir} or above: analysing every TypeScript file under it\n`);
    expect(check.status).toBe(1);
  });

  it("finds what the fixture's hand-written config finds", () => {
    const dir = referenceApiCopy();
    expect(runCli(dir, ["init"]).status).toBe(0);
    const fromInit = runCli(dir, ["check", "--format", "json"]);
    const handWritten = JSON.parse(fs.readFileSync(path.join(repoRoot, "fixtures/reference-api/backend-conventions.config.json"), "utf8"));
    delete handWritten.$schema;
    // init leaves the rules at their defaults: compare what the project settings find
    delete handWritten.rules;
    fs.writeFileSync(path.join(dir, "hand-written.json"), JSON.stringify(handWritten));
    const fromHand = runCli(dir, ["check", "--format", "json", "--config", "hand-written.json"]);
    expect(fromHand.status).toBe(1);
    expect(fromInit.stdout).toBe(fromHand.stdout);
  });
});

/**
 * A small project: Post owned by its author, Comment owned through Post, soft-delete flags no code writes (so soft
 * delete is off), a two-layer tree with a `database/` folder.
 */
const SMALL_SCHEMA = `datasource db {
  provider = "postgresql"
}

model User {
  id    String @id
  posts Post[]
}

model Post {
  id        String    @id
  authorId  String
  author    User      @relation(fields: [authorId], references: [id])
  isDeleted Boolean   @default(false)
  comments  Comment[]
}

model Comment {
  id        String    @id
  postId    String
  post      Post      @relation(fields: [postId], references: [id])
  deletedAt DateTime?
}

model Tag {
  id   String @id
  name String
}
`;

const AUTH_TS = `import type { NextFunction, Request, Response } from "express";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      account: { id: string };
    }
  }
}

export function authenticate(req: Request, _res: Response, next: NextFunction): void {
  req.account = { id: "me" };
  next();
}
`;

function smallProject(): string {
  return createProject({
    "package.json": PACKAGE_JSON,
    "tsconfig.json": TSCONFIG,
    "prisma/schema.prisma": SMALL_SCHEMA,
    "src/db.ts": CLIENT_TS,
    "src/routes/posts.ts": "export {};\n",
    "src/services/posts.ts": "export {};\n",
    "src/database/client.ts": "export {};\n",
    "src/middleware/auth.ts": AUTH_TS,
  });
}

describe("the config init writes", () => {
  it("is exactly this for a small project", () => {
    const dir = smallProject();
    expect(runCli(dir, ["init"]).status).toBe(0);
    expect(fs.readFileSync(path.join(dir, CONFIG), "utf8")).toBe(`// backend-conventions config, written by \`backend-conventions init\` from what it found in this project.
// Review it: each comment says what was found and why the key is set. A key left out takes its default
// (README, Configuration). Then run \`npx backend-conventions check\`.

export default {
  $schema: "./node_modules/backend-conventions/backend-conventions.schema.json",

  // Prisma schema found at Prisma's default location: 4 models, 0 enums, read as Prisma 7 reads it.
  prismaSchema: "prisma/schema.prisma",

  // Soft delete: the schema has nullable DateTime or Boolean fields named like deletedAt/isDeleted/removedAt,
  // but no code sets one (to a date or true; tests and seeds aside), so no model is soft-deletable. List the
  // field here once the code soft-deletes rows.
  // In the schema, never written: deletedAt (Comment), isDeleted (Post).
  softDelete: { field: [] },

  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by Post
    ownerModels: ["User"],
    // Owner fields: the foreign keys to them, most used first.
    //   authorId → User: Post
    field: "authorId",
    // Owned only through a parent (no owner field, a required relation to an owned model). Check that each
    // path leads to the right owner, then uncomment:
    // models: {
    //   Comment: "post.authorId",
    // },
    // No owner found, so global (any caller may read them): Tag.
    // Where the identity comes from: the defaults, plus what this project's middleware assigns:
    //   req.account (src/middleware/auth.ts:13)
    identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*", "req.account", "req.account.*"],
  },

  layers: {
    // Layers found under src/: src/routes (routes), src/services (services), src/database (data).
    // No repositories layer, so the two-layer preset: routes → services → data.
    preset: "two-layer",
    // Folders the preset's globs miss, added to their layer (with the preset's globs of that layer):
    definitions: {
      data: ["**/db/!(seed*|migrations){,/**}", "**/prisma/!(seed*|migrations){,/**}", "**/generated/prisma/**", "src/database/**"],
    },
  },
};
`);
  });

  it("is CommonJS for a .cjs name, and check runs with it", () => {
    const dir = smallProject();
    const name = ".backend-conventionsrc.cjs";
    expect(runCli(dir, ["init", "--config-file", name]).status).toBe(0);
    const text = fs.readFileSync(path.join(dir, name), "utf8");
    expect(text).toContain("\nmodule.exports = {\n");
    expect(fs.existsSync(path.join(dir, CONFIG))).toBe(false);
    expect(loadConfig({ searchFrom: dir, rules: ruleOptionSchemas }).ownership.fields).toStrictEqual(["authorId"]);
    expect(runCli(dir, ["check"])).toStrictEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("has a placeholder when there is no schema, with a warning; check then asks for the schema", () => {
    const dir = createProject({ "package.json": PACKAGE_JSON, "src/routes/a.ts": "export {};\n" });
    const result = runCli(dir, ["init"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      `Warning: no Prisma schema found in ${dir} (looked for: package.json "prisma.schema", prisma.config.{ts,mts,js,mjs,cjs}, prisma/schema.prisma, schema.prisma, prisma/**/*.prisma); set prismaSchema in ${CONFIG} before running check\n`,
    );
    expect(result.stdout).toContain("  prismaSchema   not found: a commented placeholder\n");
    expect(fs.readFileSync(path.join(dir, CONFIG), "utf8")).toContain('\n  // prismaSchema: "prisma/schema.prisma",\n');
    expect(runCli(dir, ["check"]).status).toBe(2);
  });
});

describe("init never overwrites a config", () => {
  const MESSAGE = "; init never overwrites a config (edit it, or remove it and run init again)\n";

  it.each([
    ["backend-conventions.config.json", "{}\n", "Config error: backend-conventions.config.json already exists"],
    [".backend-conventionsrc.yml", "softDelete:\n  field: deletedAt\n", "Config error: .backend-conventionsrc.yml already exists"],
    [CONFIG, "export default {};\n", `Config error: ${CONFIG} already exists`],
    ["package.json", '{ "backend-conventions": {} }\n', 'Config error: package.json has a "backend-conventions" key'],
  ])("%s: exit 2 naming it, nothing written", (name, content, message) => {
    const dir = createProject({ "prisma/schema.prisma": SMALL_SCHEMA, [name]: content });
    expect(runCli(dir, ["init"])).toStrictEqual({ status: 2, stdout: "", stderr: `${message}${MESSAGE}` });
    expect(fs.readdirSync(dir).sort()).toStrictEqual([name, "prisma"].sort());
    expect(fs.readFileSync(path.join(dir, name), "utf8")).toBe(content);
  });

  it("also when --config-file names another file", () => {
    const dir = createProject({ "prisma/schema.prisma": SMALL_SCHEMA, ".backend-conventionsrc": "{}\n" });
    expect(runCli(dir, ["init", "--config-file", "backend-conventions.config.cjs"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: .backend-conventionsrc already exists${MESSAGE}`,
    });
  });
});

describe("usage errors", () => {
  it("a --config-file name cosmiconfig would not find, or not JS", () => {
    const dir = createProject({ "prisma/schema.prisma": SMALL_SCHEMA });
    expect(runCli(dir, ["init", "--config-file", "backend-conventions.config.json"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr:
        'Usage error: --config-file must be one of .backend-conventionsrc.js, .backend-conventionsrc.cjs, .backend-conventionsrc.mjs, backend-conventions.config.js, backend-conventions.config.mjs, backend-conventions.config.cjs (a JS file, for the comments), got "backend-conventions.config.json"\n',
    });
  });

  it("a path", () => {
    const dir = createProject({ "prisma/schema.prisma": SMALL_SCHEMA });
    expect(runCli(dir, ["init", "src"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: init takes no paths, got "src" (see --help)\n',
    });
  });
});

describe("where init finds the schema", () => {
  const SCHEMA_TEXT = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Item {\n  id String @id\n}\n';

  it("in a monorepo's workspace packages, naming the package and the others", () => {
    const dir = createProject({
      "package.json": JSON.stringify({ private: true, workspaces: ["apps/*", "packages/*"] }),
      "apps/web/package.json": "{}\n",
      "apps/api/package.json": JSON.stringify({ dependencies: { "@prisma/client": "^5.4.0" } }),
      "apps/api/prisma/schema.prisma": SCHEMA_TEXT,
      "packages/db/package.json": JSON.stringify({ devDependencies: { prisma: "6.2.1" } }),
      "packages/db/prisma/schema.prisma": SCHEMA_TEXT,
    });
    const run = runCli(dir, ["init"]);
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n")[1]).toBe("  prismaSchema   apps/api/prisma/schema.prisma (1 models, Prisma 5)");
    const written = fs.readFileSync(path.join(dir, CONFIG), "utf8");
    expect(written).toContain(
      [
        "  // Prisma schema found in the workspace package apps/api: 1 model, 0 enums, read as Prisma 5 reads it.",
        "  // Other workspace packages have schemas too: packages/db/prisma/schema.prisma (run init in that package, or with --schema).",
        '  prismaSchema: "apps/api/prisma/schema.prisma",',
      ].join("\n"),
    );
  });

  it("pnpm-workspace.yaml's packages", () => {
    const dir = createProject({
      "package.json": "{}\n",
      "pnpm-workspace.yaml": "packages:\n  - 'backends/*' # the services\n  - \"!backends/legacy\"\nonlyBuiltDependencies: []\n",
      "backends/core/prisma/schema.prisma": SCHEMA_TEXT,
    });
    expect(runCli(dir, ["init"]).stdout.split("\n")[1]).toBe("  prismaSchema   backends/core/prisma/schema.prisma (1 models, Prisma 6)");
  });

  it("--schema names it; a path that does not exist is a usage error (exit 2)", () => {
    const dir = createProject({ "package.json": PACKAGE_JSON, "db/main.prisma": SCHEMA_TEXT });
    expect(runCli(dir, ["init", "--schema", "db/nowhere.prisma"])).toStrictEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: --schema db/nowhere.prisma: no such file or folder\n",
    });
    expect(runCli(dir, ["init", "--schema", "db/main.prisma"]).stdout.split("\n")[1]).toBe("  prismaSchema   db/main.prisma (1 models, Prisma 6)");
    expect(fs.readFileSync(path.join(dir, CONFIG), "utf8")).toContain('  // Prisma schema named by --schema: 1 model, 0 enums, read as Prisma 6 reads it.\n  prismaSchema: "db/main.prisma",\n');
  });
});
