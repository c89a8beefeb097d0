/** Config errors: exit 2 and `Config error: <file>[:line:column]: <path>: <problem>` (the position of the first problem in a JSON config), one problem a line. */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertBuilt,
  baseProject,
  CLIENT_TS,
  createProject,
  DB_TS,
  ITEMS_FILTERED_TS,
  ITEMS_UNFILTERED_TS,
  removeProjects,
  runCli,
  SCHEMA,
} from "./helpers.js";

beforeAll(() => assertBuilt());
afterAll(() => removeProjects());

const CONFIG = "backend-conventions.config.json";

/** A project with a finding in src/items.ts and `config` as its JSON config file. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function projectWithConfig(config: string): string {
  return createProject({ ...baseProject(), [CONFIG]: config, "src/items.ts": ITEMS_UNFILTERED_TS });
}

describe("invalid values", () => {
  it("wrong type: softDelete.field is a number", () => {
    const dir = projectWithConfig('{ "softDelete": { "field": 3 } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:19: softDelete.field: expected string or array of strings, got number\n`,
    });
  });

  it("unknown top-level key", () => {
    const dir = projectWithConfig('{ "softDelet": {} }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:3: softDelet: unknown key\n`,
    });
  });

  it("unknown key that differs only in case: did you mean", () => {
    const dir = projectWithConfig('{ "softdelete": {} }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:3: softdelete: unknown key (did you mean "softDelete"?)\n`,
    });
  });

  it("unknown nested key", () => {
    const dir = projectWithConfig('{ "softDelete": { "fields": ["deletedAt"] } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:19: softDelete.fields: unknown key\n`,
    });
  });

  it("bad glob in ignore: unmatched bracket", () => {
    const dir = projectWithConfig('{ "ignore": ["src/[abc"] }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:14: ignore[0]: invalid glob "src/[abc": unmatched "[" (missing closing "]"; escape it as "\\[" to match it literally)\n`,
    });
  });

  it("bad glob in ignore: unmatched brace, at its index", () => {
    const dir = projectWithConfig('{ "ignore": ["dist/**", "src/{a,b"] }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:25: ignore[1]: invalid glob "src/{a,b": unmatched "{" (missing closing "}"; escape it as "\\{" to match it literally)\n`,
    });
  });

  it("ignore is a string, not an array", () => {
    const dir = projectWithConfig('{ "ignore": "src/legacy/**" }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:3: ignore: expected array, got string\n`,
    });
  });

  it("several problems: one line each, sorted by path, the others indented under the first", () => {
    const dir = projectWithConfig('{ "softDelete": { "field": 3 }, "bogus": 1 }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:33: bogus: unknown key\n  softDelete.field: expected string or array of strings, got number\n`,
    });
  });
});

describe("rules", () => {
  it("unknown rule with a close name: did you mean", () => {
    const dir = projectWithConfig('{ "rules": { "no-hard-delet": "warn" } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:14: rules.no-hard-delet: unknown rule (did you mean "no-hard-delete"?)\n`,
    });
  });

  it("rule id with the ESLint plugin prefix: did you mean the bare id", () => {
    const dir = projectWithConfig('{ "rules": { "backend-conventions/no-hard-delete": "warn" } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:14: rules.backend-conventions/no-hard-delete: unknown rule (did you mean "no-hard-delete"?)\n`,
    });
  });

  it("unknown rule with no close name", () => {
    const dir = projectWithConfig('{ "rules": { "owner-scope": "error" } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:14: rules.owner-scope: unknown rule\n`,
    });
  });

  it("bad severity", () => {
    const dir = projectWithConfig('{ "rules": { "no-hard-delete": "loud" } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:14: rules.no-hard-delete: expected "off", "warn", "error", 0, 1, 2 or [severity, ...options]\n`,
    });
  });

  it("bad rule options: unknown option key, at the options' index in the entry", () => {
    const dir = projectWithConfig('{ "rules": { "no-hard-delete": ["warn", { "allowModel": ["Item"] }] } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:43: rules.no-hard-delete[1].allowModel: unknown key\n`,
    });
  });

  it("bad rule options: wrong type", () => {
    const dir = projectWithConfig('{ "rules": { "no-hard-delete": ["warn", { "allowModels": "Item" }] } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:43: rules.no-hard-delete[1].allowModels: expected array, got string\n`,
    });
  });

  it("bad rule options: too many", () => {
    const dir = projectWithConfig('{ "rules": { "no-hard-delete": ["warn", {}, {}] } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:14: rules.no-hard-delete: too many options: the rule takes at most 1, got 2\n`,
    });
  });
});

describe("config files", () => {
  it("--config with a file that does not exist", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_FILTERED_TS });
    expect(runCli(dir, ["check", "--config", "missing.json"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: cannot read config file ${path.join(dir, "missing.json")}: no such file\n`,
    });
  });

  it("--config with a folder", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_FILTERED_TS });
    expect(runCli(dir, ["check", "-c", "src"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: cannot read config file ${path.join(dir, "src")}: it is a directory\n`,
    });
  });

  it("--config with a package.json that has no backend-conventions key", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_FILTERED_TS });
    expect(runCli(dir, ["check", "-c", "package.json"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, "package.json")}: package.json has no "backend-conventions" key\n`,
    });
  });

  it("--config wins over the config file found by searching", () => {
    const dir = createProject({
      ...baseProject(),
      [CONFIG]: '{ "bogus": 1 }\n',
      "relaxed.json": '{ "rules": { "require-soft-delete-filter": "off" } }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(dir, ["check", "src", "--config", "relaxed.json"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("--config in another folder: prismaSchema is relative to that config file", () => {
    const dir = createProject({
      ...baseProject(),
      "config/relaxed.json": '{ "prismaSchema": "../prisma/schema.prisma" }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    const result = runCli(dir, ["check", "src", "--config", "config/relaxed.json"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✖ 1 problem (1 error, 0 warnings)\n");
    expect(result.stderr).toBe("");
  });

  it("a config file that is not valid JSON names the file", () => {
    const dir = projectWithConfig('{ "rules": \n');
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`Config error: ${path.join(dir, CONFIG)}:1:11: cannot parse the config (JSON): Unexpected end of JSON input\n`);
  });

  it("the backend-conventions key of package.json is validated, naming package.json", () => {
    const dir = createProject({
      ...baseProject(),
      "package.json": '{ "name": "e2e", "type": "module", "backend-conventions": { "softDelete": { "field": 3 } } }\n',
      "src/items.ts": ITEMS_FILTERED_TS,
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, "package.json")}:1:77: softDelete.field: expected string or array of strings, got number\n`,
    });
  });

  it("a YAML rc file is validated, naming it", () => {
    const dir = createProject({
      ...baseProject(),
      ".backend-conventionsrc.yaml": "softDelete:\n  field: 3\n",
      "src/items.ts": ITEMS_FILTERED_TS,
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, ".backend-conventionsrc.yaml")}: softDelete.field: expected string or array of strings, got number\n`,
    });
  });

  it("an ES module config with top-level await", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.mjs": "const config = await Promise.resolve({});\nexport default config;\n",
      "src/items.ts": ITEMS_FILTERED_TS,
    });
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, "backend-conventions.config.mjs")}: cannot load the config synchronously because it uses top-level await; formats that load synchronously: JSON, YAML, package.json, .cjs, and .js/.mjs/.ts without top-level await (ES modules need Node >= 20.19)\n`,
    });
  });

  it("a valid ES module config is applied", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.js": 'export default { rules: { "require-soft-delete-filter": "warn" } };\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("✖ 1 problem (0 errors, 1 warning)\n");
  });

  it("a JS config that leaves a timer running does not keep the process alive after the report", () => {
    const dir = createProject({
      ...baseProject(),
      "backend-conventions.config.cjs": "setInterval(() => {}, 1000);\nmodule.exports = {};\n",
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    const started = Date.now();
    const result = runCli(dir, ["check", "--format", "json"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("");
    // the timer would keep it alive for ever; vitest's own timeout is the upper bound, this says why
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it("--config at a device or a FIFO is an error, not an endless read", () => {
    const dir = projectWithConfig("{}\n");
    expect(runCli(dir, ["check", "--config", "/dev/zero"])).toEqual({ status: 2, stdout: "", stderr: "Config error: cannot read config file /dev/zero: not a regular file\n" });
  });

  it("an empty rc file is a config with all defaults", () => {
    const dir = createProject({ ...baseProject(), ".backend-conventionsrc": "", "src/items.ts": ITEMS_UNFILTERED_TS });
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("✖ 1 problem (1 error, 0 warnings)\n");
  });

  it("softDelete.field names a custom field that the rules then use", () => {
    const dir = createProject({
      ...baseProject(),
      "prisma/schema.prisma": SCHEMA.replace("deletedAt DateTime?", "removedAt DateTime?"),
      "src/db.ts": DB_TS.replace("deletedAt", "removedAt"),
      [CONFIG]: '{ "softDelete": { "field": "removedAt" } }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(
      "  4:22  error  findFirst on soft-deletable model Item does not filter out deleted rows: its where never constrains removedAt (add `removedAt: null`)  require-soft-delete-filter\n",
    );
  });
});

describe("which models are soft-deletable", () => {
  it("a configured field the code never sets is a plain column: its reads are not reported", () => {
    const dir = createProject({ ...baseProject(), "src/db.ts": CLIENT_TS, "src/items.ts": ITEMS_UNFILTERED_TS });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("a model softDelete.models names is soft-deletable without a write in the code", () => {
    const dir = createProject({
      ...baseProject(),
      "src/db.ts": CLIENT_TS,
      [CONFIG]: '{ "softDelete": { "models": { "Item": "deletedAt" } } }\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("  4:22  error  findFirst on soft-deletable model Item does not filter out deleted rows");
  });

  it("a write in a test does not make a model soft-deletable", () => {
    const dir = createProject({ ...baseProject(), "src/db.ts": CLIENT_TS, "src/items.ts": ITEMS_UNFILTERED_TS, "src/items.test.ts": DB_TS });
    expect(runCli(dir, ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});

describe("config that disagrees with the Prisma schema", () => {
  it("softDelete.models names a model the schema does not have", () => {
    const dir = projectWithConfig('{ "softDelete": { "models": { "Ghost": "deletedAt" } } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:31: softDelete.models.Ghost: the Prisma schema has no model "Ghost"\n`,
    });
  });

  it("softDelete.models names a model the schema does not have: exit 2 and one line (current wording)", () => {
    const dir = projectWithConfig('{ "softDelete": { "models": { "Ghost": "deletedAt" } } }\n');
    const result = runCli(dir, ["check"]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.endsWith('softDelete.models.Ghost: the Prisma schema has no model "Ghost"\n')).toBe(true);
    expect(result.stderr.split("\n")).toHaveLength(2);
  });

  it("softDelete.models names a field the model does not have", () => {
    const dir = projectWithConfig('{ "softDelete": { "models": { "Item": "removedAt" } } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:31: softDelete.models.Item.field: model Item has no field "removedAt"\n`,
    });
  });

  it("softDelete.models with a typo of a model: did you mean", () => {
    const dir = projectWithConfig('{ "softDelete": { "models": { "Itme": "deletedAt" } } }\n');
    expect(runCli(dir, ["check"]).stderr).toBe(`Config error: ${path.join(dir, CONFIG)}:1:31: softDelete.models.Itme: the Prisma schema has no model "Itme" (did you mean "Item"?)\n`);
  });

  it("softDelete.field that no model has: exit 2, with the closest field", () => {
    const dir = projectWithConfig('{ "softDelete": { "field": "deletdAt" } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:19: softDelete.field: no model of the schema has a field "deletdAt" (did you mean "deletedAt"?)\n`,
    });
  });

  it("softDelete.field as a list of candidates: fine while one of them exists on some model (the valid lookalike)", () => {
    const dir = projectWithConfig('{ "softDelete": { "field": ["deleted_at", "deletedAt"] } }\n');
    expect(runCli(dir, ["check"]).status).toBe(1);
  });

  it("ownership.ownerModels names a model the schema lacks: did you mean", () => {
    const dir = projectWithConfig('{ "ownership": { "ownerModels": ["Tag", "Iten"] } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `Config error: ${path.join(dir, CONFIG)}:1:41: ownership.ownerModels[1]: the Prisma schema has no model "Iten" (did you mean "Item"?)\n`,
    });
  });

  it("ownership.field and ownership.models with names the schema lacks: one line each", () => {
    const dir = projectWithConfig('{ "ownership": { "field": "ownr", "models": { "Item": "nme", "Tag": false, "Ghost": "id" } } }\n');
    expect(runCli(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: [
        `Config error: ${path.join(dir, CONFIG)}:1:18: ownership.field: no model of the schema has a field "ownr"`,
        `  ownership.models.Ghost: the Prisma schema has no model "Ghost"`,
        `  ownership.models.Item: model Item has no field "nme" (did you mean "name"?)`,
        "",
      ].join("\n"),
    });
  });

  it("a JS config, as init writes it: the problem at its key (export default, module.exports, a const exported by name)", () => {
    const mjs = createProject({
      ...baseProject(),
      "backend-conventions.config.mjs": 'export default {\n  ownership: {\n    ownerModels: ["Tag", "Iten"],\n  },\n};\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(mjs, ["check"]).stderr).toBe(
      `Config error: ${path.join(mjs, "backend-conventions.config.mjs")}:3:26: ownership.ownerModels[1]: the Prisma schema has no model "Iten" (did you mean "Item"?)\n`,
    );
    const cjs = createProject({
      ...baseProject(),
      "backend-conventions.config.cjs": 'module.exports = {\n  softDelete: { models: { Ghost: "deletedAt" } },\n};\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(cjs, ["check"]).stderr).toBe(`Config error: ${path.join(cjs, "backend-conventions.config.cjs")}:2:27: softDelete.models.Ghost: the Prisma schema has no model "Ghost"\n`);
    const named = createProject({
      ...baseProject(),
      "backend-conventions.config.mjs": 'const config = {\n  softDelete: {\n    field: 3,\n  },\n};\nexport default config;\n',
      "src/items.ts": ITEMS_UNFILTERED_TS,
    });
    expect(runCli(named, ["check"]).stderr).toMatch(new RegExp(`^Config error: ${escapeRegExp(path.join(named, "backend-conventions.config.mjs"))}:3:5: softDelete\\.field: `));
  });

  it("an empty schema (no models) is a warning: the schema-aware rules have nothing to check", () => {
    const dir = createProject({ ...baseProject(), "prisma/schema.prisma": 'datasource db {\n  provider = "postgresql"\n}\n', "src/db.ts": CLIENT_TS });
    expect(runCli(dir, ["check"])).toEqual({
      status: 0,
      stdout: "",
      stderr: `Warning: ${path.join(dir, "prisma/schema.prisma")}: the schema has no models: the schema-aware rules have nothing to check\n`,
    });
  });
});
