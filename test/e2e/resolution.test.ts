/**
 * Following imports to where helpers live: tsconfig `paths` aliases and ESM `.js` specifiers of `.ts` files.
 * Each case that must stay clean has a lookalike whose helper does not filter, which must be reported:
 * that proves the import was followed rather than given up on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  createProject,
  DB_TS,
  PACKAGE_JSON,
  removeProjects,
  runCli,
  SCHEMA,
  SUGGESTIONS_LINE,
  TSCONFIG,
  UNFILTERED_MESSAGE,
  type ProjectFiles,
} from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

const TSCONFIG_WITH_PATHS = `{
  "compilerOptions": {
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "paths": { "@/*": ["./src/*"] }
  },
  "include": ["src"]
}
`;

const TSCONFIG_WITH_BASE_URL = `{
  "compilerOptions": {
    "module": "ESNext",
    "moduleResolution": "Bundler",
    "strict": true,
    "baseUrl": ".",
    "paths": { "@/*": ["src/*"] }
  },
  "include": ["src"]
}
`;

/** `notDeleted()` filters out deleted rows; `everything()` is its lookalike that does not. */
const FILTERS_TS = `export function notDeleted() {
  return { deletedAt: null };
}

export function everything() {
  return {};
}
`;

function project(tsconfig: string, files: ProjectFiles): string {
  return createProject({
    "package.json": PACKAGE_JSON,
    "tsconfig.json": tsconfig,
    "prisma/schema.prisma": SCHEMA,
    "src/db.ts": DB_TS,
    "src/lib/filters.ts": FILTERS_TS,
    ...files,
  });
}

/** src/items.ts reading Item with `where: <helper>()` imported from `specifier`. */
function itemsUsing(helper: string, specifier: string): string {
  return `import { prisma } from "./db.js";
import { ${helper} } from "${specifier}";

export async function listItems() {
  return prisma.item.findFirst({ where: ${helper}() });
}
`;
}

/** The finding of itemsUsing(...) when the helper does not filter. */
const HELPER_FINDING = [
  "",
  "src/items.ts",
  `  5:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
  "",
  "✖ 1 problem (1 error, 0 warnings)",
  "",
].join("\n");

describe("tsconfig paths", () => {
  it("a where helper imported through @/lib/filters is followed: it filters, no finding", () => {
    const dir = project(TSCONFIG_WITH_PATHS, { "src/items.ts": itemsUsing("notDeleted", "@/lib/filters") });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("lookalike: the helper imported through @/lib/filters does not filter, reported", () => {
    const dir = project(TSCONFIG_WITH_PATHS, { "src/items.ts": itemsUsing("everything", "@/lib/filters") });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: HELPER_FINDING, stderr: "" });
  });

  it("paths with baseUrl and Bundler resolution: followed", () => {
    const dir = project(TSCONFIG_WITH_BASE_URL, { "src/items.ts": itemsUsing("notDeleted", "@/lib/filters") });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("lookalike: paths with baseUrl, the helper does not filter, reported", () => {
    const dir = project(TSCONFIG_WITH_BASE_URL, { "src/items.ts": itemsUsing("everything", "@/lib/filters") });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: HELPER_FINDING, stderr: "" });
  });

  it("through a barrel that re-exports with export *: followed", () => {
    const dir = project(TSCONFIG_WITH_PATHS, {
      "src/lib/index.ts": 'export * from "./filters.js";\n',
      "src/items.ts": itemsUsing("notDeleted", "@/lib/index.js"),
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("lookalike: through the barrel, the helper does not filter, reported", () => {
    const dir = project(TSCONFIG_WITH_PATHS, {
      "src/lib/index.ts": 'export * from "./filters.js";\n',
      "src/items.ts": itemsUsing("everything", "@/lib/index.js"),
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: HELPER_FINDING, stderr: "" });
  });
});

describe("ESM .js specifiers of .ts files", () => {
  it("./lib/filters.js resolves to filters.ts: the helper filters, no finding", () => {
    const dir = project(TSCONFIG, { "src/items.ts": itemsUsing("notDeleted", "./lib/filters.js") });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("lookalike: ./lib/filters.js, the helper does not filter, reported", () => {
    const dir = project(TSCONFIG, { "src/items.ts": itemsUsing("everything", "./lib/filters.js") });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: HELPER_FINDING, stderr: "" });
  });

  it("the Prisma client itself imported through ./db.js: the query is found (and reported)", () => {
    const dir = project(TSCONFIG, {
      "src/items.ts": `import { prisma } from "./db.js";

export async function listItems() {
  return prisma.item.findFirst();
}
`,
    });
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      [
        "",
        "src/items.ts",
        `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
        "",
        "✖ 1 problem (1 error, 0 warnings)",
        SUGGESTIONS_LINE,
        "",
      ].join("\n"),
    );
  });
});

describe("a package of the project's own monorepo, imported by name without node_modules", () => {
  const LOOP_MESSAGE =
    "findFirst on Tag runs once per iteration of the for…of loop over names: N+1 queries. Load the rows with the query that produced the list (include or select the relation), or in one Tag.findMany with `in` on the keys";
  const files = (sharedManifest: boolean): ProjectFiles => ({
    "package.json": PACKAGE_JSON.replace(' "type": "module" }', ' "type": "module", "workspaces": ["packages/*"] }'),
    "tsconfig.json": TSCONFIG,
    "prisma/schema.prisma": SCHEMA,
    "src/db.ts": DB_TS,
    ...(sharedManifest ? { "packages/shared/package.json": `{ "name": "@acme/shared", "private": true, "main": "src/index.ts" }\n` } : {}),
    "packages/shared/src/index.ts": `import { z } from "zod";\nexport const Tags = z.object({ names: z.array(z.string()).max(5) });\nexport const AnyTags = z.object({ names: z.array(z.string()) });\n`,
    "src/tags.ts": `import { AnyTags, Tags } from "@acme/shared";
import { prisma } from "./db.js";

export async function capped(body: unknown) {
  const { names } = Tags.parse(body);
  for (const name of names) await prisma.tag.findFirst({ where: { name } });
}

export async function uncapped(body: unknown) {
  const { names } = AnyTags.parse(body);
  for (const name of names) await prisma.tag.findFirst({ where: { name } });
}
`,
  });

  it("a zod cap (.max(5)) in the workspace package bounds the loop; the uncapped schema beside it does not", () => {
    expect(runCli(createProject(files(true)), ["check"])).toEqual({
      status: 1,
      stdout: ["", "src/tags.ts", `  11:46  error  ${LOOP_MESSAGE}  no-query-in-loop`, "", "✖ 1 problem (1 error, 0 warnings)", ""].join("\n"),
      stderr: "",
    });
  });

  it("lookalike: the folder is no workspace package (no package.json names it): the cap cannot be read, both loops are reported", () => {
    const result = runCli(createProject(files(false)), ["check"]);
    expect(result.status).toBe(1);
    expect(result.stdout.split("\n").filter((line) => line.endsWith("no-query-in-loop")).map((line) => line.trim().split(" ")[0])).toEqual(["6:46", "11:46"]);
  });
});
