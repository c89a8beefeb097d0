/** Finding and reading the Prisma schema: discovery, multi-file schemas, and schema errors (exit 2). */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  createProject,
  DB_TS,
  ITEMS_UNFILTERED_TS,
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

const LOOKED_FOR =
  'package.json "prisma.schema", prisma.config.{ts,mts,js,mjs,cjs}, prisma/schema.prisma, schema.prisma, prisma/**/*.prisma';

/** The output of a run that found the schema: the unfiltered findMany in src/items.ts. */
const ONE_FINDING = [
  "",
  "src/items.ts",
  `  4:22  error  ${UNFILTERED_MESSAGE}  require-soft-delete-filter`,
  "",
  "✖ 1 problem (1 error, 0 warnings)",
  SUGGESTIONS_LINE,
  "",
].join("\n");

/** A project without a schema: add it where the test wants it. */
function withoutSchema(): ProjectFiles {
  return {
    "package.json": PACKAGE_JSON,
    "tsconfig.json": TSCONFIG,
    "src/db.ts": DB_TS,
    "src/items.ts": ITEMS_UNFILTERED_TS,
  };
}

describe("schema discovery", () => {
  it("no schema anywhere: exit 2, naming the folder and every place looked in", () => {
    const dir = createProject(withoutSchema());
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${dir}: no Prisma schema found in ${dir} (looked for: ${LOOKED_FOR})\n`,
    });
  });

  it("a schema that is a loop of symbolic links: exit 2 and one line naming it, with or without --cache", () => {
    const dir = createProject(withoutSchema());
    fs.mkdirSync(path.join(dir, "prisma"));
    fs.symlinkSync("schema.prisma", path.join(dir, "prisma/schema.prisma"));
    const expected = {
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma/schema.prisma")}: cannot read the Prisma schema: a loop of symbolic links\n`,
    };
    expect(runCli(dir, ["check"])).toEqual(expected);
    expect(runCli(dir, ["check", "--cache"])).toEqual(expected);
  });

  it("schema.prisma at the project root", () => {
    const dir = createProject({ ...withoutSchema(), "schema.prisma": SCHEMA });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it("a multi-file schema folder: models from every .prisma file under prisma/", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma/base.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
      "prisma/models/item.prisma": "model Item {\n  id        String    @id\n  deletedAt DateTime?\n}\n",
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it('package.json "prisma.schema" names the file', () => {
    const dir = createProject({
      ...withoutSchema(),
      "package.json": '{ "name": "e2e", "type": "module", "prisma": { "schema": "db/main.prisma" } }\n',
      "db/main.prisma": SCHEMA,
      // a decoy at the default place: package.json wins
      "prisma/schema.prisma": SCHEMA.replace("deletedAt DateTime?", "archived Boolean"),
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it('package.json "prisma.schema" names a folder of .prisma files', () => {
    const dir = createProject({
      ...withoutSchema(),
      "package.json": '{ "name": "e2e", "type": "module", "prisma": { "schema": "db/schema" } }\n',
      "db/schema/main.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
      "db/schema/item.prisma": "model Item {\n  id        String    @id\n  deletedAt DateTime?\n}\n",
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it('package.json "prisma.schema" names a file that does not exist: exit 2, naming package.json', () => {
    const dir = createProject({
      ...withoutSchema(),
      "package.json": '{ "name": "e2e", "type": "module", "prisma": { "schema": "db/main.prisma" } }\n',
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "package.json")}: prisma schema ${path.join(dir, "db/main.prisma")} does not exist\n`,
    });
  });

  it("prisma.config.ts: the schema path of defineConfig", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma.config.ts": 'import { defineConfig } from "prisma/config";\n\nexport default defineConfig({\n  schema: "db/main.prisma",\n});\n',
      "db/main.prisma": SCHEMA,
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it("prisma.config.ts: path.join(__dirname, ...) is read without running the file", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma.config.ts":
        'import path from "node:path";\nimport { defineConfig } from "prisma/config";\n\nexport default defineConfig({\n  schema: path.join(__dirname, "db", "main.prisma"),\n});\n',
      "db/main.prisma": SCHEMA,
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it("prisma.config.ts names a file that does not exist: exit 2, at the position of the path", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma.config.ts": 'import { defineConfig } from "prisma/config";\n\nexport default defineConfig({\n  schema: "db/missing.prisma",\n});\n',
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma.config.ts")}:4:11: prisma schema ${path.join(dir, "db/missing.prisma")} does not exist\n`,
    });
  });

  it("prisma.config.ts with a schema path that cannot be read without running it", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma.config.ts":
        'import { defineConfig } from "prisma/config";\nconst dir = "db";\nexport default defineConfig({\n  schema: `${dir}/main.prisma`,\n});\n',
      "db/main.prisma": SCHEMA,
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma.config.ts")}:4:11: cannot read the "schema" path of prisma.config.ts without running it; write it as a string literal or set the schema path in the backend-conventions config\n`,
    });
  });

  it("prismaSchema in the config, relative to the config file", () => {
    const dir = createProject({
      ...withoutSchema(),
      "backend-conventions.config.json": '{ "prismaSchema": "db/main.prisma" }\n',
      "db/main.prisma": SCHEMA,
    });
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it("prismaSchema in the config names a file that does not exist: exit 2, naming the config file", () => {
    const dir = createProject({
      ...withoutSchema(),
      "backend-conventions.config.json": '{ "prismaSchema": "db/main.prisma" }\n',
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "backend-conventions.config.json")}: prisma schema ${path.join(dir, "db/main.prisma")} does not exist\n`,
    });
  });

  it("prismaSchema in the config names a file that does not exist: exit 2, one line (current location)", () => {
    const dir = createProject({
      ...withoutSchema(),
      "backend-conventions.config.json": '{ "prismaSchema": "db/main.prisma" }\n',
    });
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith("Prisma schema error: ")).toBe(true);
    expect(result.stderr.endsWith(`: prisma schema ${path.join(dir, "db/main.prisma")} does not exist\n`)).toBe(true);
  });
});

describe("broken schemas", () => {
  it("an unknown type: file, line and column, and Prisma's message", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Item {\n  id   String @id\n  name Strin\n}\n',
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma/schema.prisma")}:7:8: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.\n`,
    });
  });

  it("a field without a type", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Item {\n  id String @id\n  oops\n}\n',
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma/schema.prisma")}:7:3: Error validating model "Item": This field declaration is invalid. It is either missing a name or a type.\n`,
    });
  });

  it("several errors: the first, and how many more", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma/schema.prisma": "model Item {\n  id    String @id\n  name  Strin\n  other Foo\n}\n",
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma/schema.prisma")}:3:9: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum. (and 1 more)\n`,
    });
  });

  it("in a multi-file schema, the file that holds the error", () => {
    const dir = createProject({
      ...withoutSchema(),
      "prisma/base.prisma": 'datasource db {\n  provider = "postgresql"\n}\n',
      "prisma/models/item.prisma": "model Item {\n  id        String   @id\n  deletedAt DateTim?\n}\n",
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma/models/item.prisma")}:3:13: Type "DateTim" is neither a built-in type, nor refers to another model, composite type, or enum.\n`,
    });
  });
});

describe("Prisma 4 to 7: the project's own Prisma judges the schema", () => {
  const urls = 'datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DIRECT_URL")\n}\n';
  const models = SCHEMA.slice(SCHEMA.indexOf("model Item"));

  function declaring(range: string, schema: string): ProjectFiles {
    return { ...withoutSchema(), "package.json": JSON.stringify({ type: "module", devDependencies: { prisma: range } }), "prisma/schema.prisma": schema };
  }

  it.each(["^4.16.2", "^5.22.0", "^6.19.0"])("prisma %s: a datasource with url and directUrl is checked", (range) => {
    const dir = createProject(declaring(range, `${urls}\n${models}`));
    expect(runCli(dir, ["check"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
  });

  it("prisma ^7.0.0: url is refused as Prisma 7 refuses it, exit 2 at its line", () => {
    const dir = createProject(declaring("^7.0.0", `${urls}\n${models}`));
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(`^Prisma schema error: ${path.join(dir, "prisma/schema.prisma")}:3:3: The datasource property \`url\` is no longer supported in schema files\\. .*\\(Prisma 7, from .*"prisma": "\\^7\\.0\\.0"\\)\\n$`),
    );
  });

  it.each([
    ["^4.16.2", "@default(uuid(7))", 'Error parsing attribute "@default": The `uuid` function does not take any argument. Consider changing this default to `uuid()`.', 4, 17],
    ["^5.22.0", "@default(ulid())", "Unknown function in @default(): `ulid` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions", 5, 26],
    ["^6.19.0", "@default(nope())", "Unknown function in @default(): `nope` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions", 6, 26],
  ])("prisma %s: %s is reported at its position by that major's parser, exit 2", (range, attribute, message, major, column) => {
    const dir = createProject(declaring(range, `${urls}\nmodel Item {\n  id String @id ${attribute}\n}\n`));
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Prisma schema error: ${path.join(dir, "prisma/schema.prisma")}:8:${column}: ${message} (Prisma ${major}, from ${path.join(dir, "package.json")} "prisma": "${range}")\n`,
    });
  });
});

describe("--schema", () => {
  it("names the schema where Prisma would not look; check and report use it", () => {
    const dir = createProject({ ...withoutSchema(), "db/main.prisma": SCHEMA });
    expect(runCli(dir, ["check", "--schema", "db/main.prisma"])).toEqual({ status: 1, stdout: ONE_FINDING, stderr: "" });
    const report = runCli(dir, ["report", "--format", "markdown", "--schema", "db"]);
    expect(report.status).toBe(0);
    // the schema was read: Item is soft-deletable there, so its unfiltered read is the one problem
    expect(report.stdout).toContain("**1 problem** (1 error, 0 warnings)");
  });

  it("a path that does not exist is a usage error (exit 2)", () => {
    const dir = createProject({ ...withoutSchema(), "db/main.prisma": SCHEMA });
    expect(runCli(dir, ["check", "--schema", "db/nope.prisma"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: --schema db/nope.prisma: no such file or folder\n",
    });
  });
});
