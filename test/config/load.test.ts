import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/errors.js";
import { clearConfigCache, loadConfig, type RuleOptionsSchemas } from "../../src/config/index.js";

const rules: RuleOptionsSchemas = { "no-hard-delete": [{ type: "object" }] };

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "backend-conventions-config-"));
// realpath: on macOS the tmpdir is a symlink, and cosmiconfig reports resolved paths
const root = fs.realpathSync(temp);
let counter = 0;

afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
beforeEach(() => clearConfigCache());

/** A new project directory with a package.json and the given files. */
function project(files: Record<string, string>, packageJson: object = { name: "fixture" }): string {
  const dir = path.join(root, `project-${++counter}`);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(packageJson));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function loadErrorOf(options: Parameters<typeof loadConfig>[0]): ConfigError {
  try {
    loadConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("discovery of each config file form", () => {
  it("backend-conventions.config.json", () => {
    const dir = project({ "backend-conventions.config.json": '{ "prismaSchema": "from-json" }' });
    const config = loadConfig({ searchFrom: dir, rules });
    expect(config.prismaSchema).toBe("from-json");
    expect(config.configFile).toBe(path.join(dir, "backend-conventions.config.json"));
    expect(config.rootDir).toBe(dir);
  });

  it("backend-conventions.config.js (CommonJS package)", () => {
    const dir = project({ "backend-conventions.config.js": 'module.exports = { prismaSchema: "from-js" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-js");
  });

  it('backend-conventions.config.js (ES module in a "type": "module" package)', () => {
    const dir = project(
      { "backend-conventions.config.js": 'export default { prismaSchema: "from-esm-js" };' },
      { name: "fixture", type: "module" },
    );
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-esm-js");
  });

  it("backend-conventions.config.mjs", () => {
    const dir = project({ "backend-conventions.config.mjs": 'export default { prismaSchema: "from-mjs" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-mjs");
  });

  it("backend-conventions.config.cjs", () => {
    const dir = project({ "backend-conventions.config.cjs": 'module.exports = { prismaSchema: "from-cjs" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-cjs");
  });

  it("backend-conventions.config.ts", () => {
    const dir = project({
      "backend-conventions.config.ts":
        'import path from "node:path";\nconst config: { prismaSchema: string } = { prismaSchema: path.join("from", "ts") };\nexport default config;\n',
    });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe(path.join("from", "ts"));
    // cosmiconfig compiles next to the file and removes the compiled copy
    expect(fs.readdirSync(dir).sort()).toStrictEqual(["backend-conventions.config.ts", "package.json"]);
  });

  it('backend-conventions.config.ts in a "type": "module" package', () => {
    const dir = project(
      { "backend-conventions.config.ts": 'export default { prismaSchema: "from-esm-ts" } satisfies object;\n' },
      { name: "fixture", type: "module" },
    );
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-esm-ts");
  });

  it(".backend-conventionsrc as JSON", () => {
    const dir = project({ ".backend-conventionsrc": '{ "prismaSchema": "from-rc-json" }' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc-json");
  });

  it(".backend-conventionsrc as YAML", () => {
    const dir = project({ ".backend-conventionsrc": "prismaSchema: from-rc-yaml\nsoftDelete:\n  field: removedAt\n" });
    const config = loadConfig({ searchFrom: dir, rules });
    expect(config.prismaSchema).toBe("from-rc-yaml");
    expect(config.softDelete.fields).toStrictEqual(["removedAt"]);
  });

  it(".backend-conventionsrc.json", () => {
    const dir = project({ ".backend-conventionsrc.json": '{ "prismaSchema": "from-rc.json" }' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc.json");
  });

  it(".backend-conventionsrc.yaml", () => {
    const dir = project({ ".backend-conventionsrc.yaml": "prismaSchema: from-rc.yaml\n" });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc.yaml");
  });

  it(".backend-conventionsrc.yml", () => {
    const dir = project({ ".backend-conventionsrc.yml": "prismaSchema: from-rc.yml\n" });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc.yml");
  });

  it(".backend-conventionsrc.js", () => {
    const dir = project({ ".backend-conventionsrc.js": 'module.exports = { prismaSchema: "from-rc.js" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc.js");
  });

  it(".backend-conventionsrc.cjs", () => {
    const dir = project({ ".backend-conventionsrc.cjs": 'module.exports = { prismaSchema: "from-rc.cjs" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc.cjs");
  });

  it(".backend-conventionsrc.mjs", () => {
    const dir = project({ ".backend-conventionsrc.mjs": 'export default { prismaSchema: "from-rc.mjs" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-rc.mjs");
  });

  it("the backend-conventions key of package.json", () => {
    const dir = project({}, { name: "fixture", "backend-conventions": { prismaSchema: "from-package-json" } });
    const config = loadConfig({ searchFrom: dir, rules });
    expect(config.prismaSchema).toBe("from-package-json");
    expect(config.configFile).toBe(path.join(dir, "package.json"));
    expect(config.rootDir).toBe(dir);
  });

  it("package.json wins over a config file in the same directory", () => {
    const dir = project(
      { "backend-conventions.config.json": '{ "prismaSchema": "from-file" }' },
      { name: "fixture", "backend-conventions": { prismaSchema: "from-package-json" } },
    );
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("from-package-json");
  });

  it("an empty config file is a config with all defaults, rooted at its directory", () => {
    const dir = project({ ".backend-conventionsrc": "", "src/index.ts": "" });
    const config = loadConfig({ searchFrom: path.join(dir, "src"), rules });
    expect(config.configFile).toBe(path.join(dir, ".backend-conventionsrc"));
    expect(config.rootDir).toBe(dir);
    expect(config.softDelete.fields).toStrictEqual(["deletedAt"]);
  });
});

describe("search", () => {
  it("finds the config from a nested directory; rootDir is the config's directory", () => {
    const dir = project({ "backend-conventions.config.json": '{ "clientModules": ["src/db.ts"] }', "src/routes/users/x.ts": "" });
    const config = loadConfig({ searchFrom: path.join(dir, "src", "routes", "users"), rules });
    expect(config.rootDir).toBe(dir);
    expect(config.configFile).toBe(path.join(dir, "backend-conventions.config.json"));
    expect(config.clientModules).toStrictEqual(["src/db.ts"]);
  });

  it("the nearest config wins", () => {
    const dir = project({
      "backend-conventions.config.json": '{ "prismaSchema": "outer" }',
      "packages/api/.backend-conventionsrc.json": '{ "prismaSchema": "inner" }',
    });
    const config = loadConfig({ searchFrom: path.join(dir, "packages", "api"), rules });
    expect(config.prismaSchema).toBe("inner");
    expect(config.rootDir).toBe(path.join(dir, "packages", "api"));
  });

  it("stops at the nearest package.json (searchStrategy project)", () => {
    const dir = project({ "backend-conventions.config.json": '{ "prismaSchema": "outer" }', "packages/api/package.json": "{}" });
    const config = loadConfig({ searchFrom: path.join(dir, "packages", "api"), rules });
    expect(config.configFile).toBeUndefined();
    expect(config.prismaSchema).toBeUndefined();
  });

  it("stops at the repository root (a .git) when no package.json is on the way", () => {
    const dir = project({ "backend-conventions.config.json": '{ "prismaSchema": "outer" }', "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/api/src/a.ts": "" });
    fs.rmSync(path.join(dir, "package.json"));
    const config = loadConfig({ searchFrom: path.join(dir, "repo", "api"), rules });
    expect(config.configFile).toBeUndefined();
    // the lookalike: the config inside the repository is found
    fs.writeFileSync(path.join(dir, "repo", "backend-conventions.config.json"), '{ "prismaSchema": "inner" }');
    clearConfigCache();
    expect(loadConfig({ searchFrom: path.join(dir, "repo", "api"), rules }).prismaSchema).toBe("inner");
  });

  it("with neither a package.json nor a .git above, only the starting folder is searched: a JS config above is never executed", () => {
    // A folder of its own under the filesystem's temporary folder, which has neither above it.
    const outer = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-no-project-")));
    try {
      const marker = path.join(outer, "executed");
      fs.writeFileSync(path.join(outer, "backend-conventions.config.cjs"), `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "");\nmodule.exports = {};\n`);
      fs.mkdirSync(path.join(outer, "work"));
      const config = loadConfig({ searchFrom: path.join(outer, "work"), rules });
      expect(config.configFile).toBeUndefined();
      expect(fs.existsSync(marker)).toBe(false);
      // the lookalike: started from its own folder, the same config is found and runs
      clearConfigCache();
      expect(loadConfig({ searchFrom: outer, rules }).configFile).toBe(path.join(outer, "backend-conventions.config.cjs"));
      expect(fs.existsSync(marker)).toBe(true);
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });

  it("with neither, a run whose working directory holds the config (ESLint's cwd) searches up to it, and no further", () => {
    const outer = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-no-project-")));
    try {
      fs.mkdirSync(path.join(outer, "project/src"), { recursive: true });
      fs.writeFileSync(path.join(outer, "backend-conventions.config.json"), '{ "prismaSchema": "outer" }');
      fs.writeFileSync(path.join(outer, "project/backend-conventions.config.json"), '{ "prismaSchema": "project" }');
      expect(loadConfig({ searchFrom: path.join(outer, "project/src"), cwd: path.join(outer, "project"), rules }).prismaSchema).toBe("project");
      fs.rmSync(path.join(outer, "project/backend-conventions.config.json"));
      clearConfigCache();
      expect(loadConfig({ searchFrom: path.join(outer, "project/src"), cwd: path.join(outer, "project"), rules }).configFile).toBeUndefined();
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });

  it("a search place that is a directory is an error, not a reason to search on", () => {
    const dir = project({ "src/a.ts": "" });
    fs.mkdirSync(path.join(dir, ".backend-conventionsrc.json"));
    expect(loadErrorOf({ searchFrom: path.join(dir, "src"), rules }).message).toBe(`cannot read config file ${path.join(dir, ".backend-conventionsrc.json")}: it is a directory`);
  });

  it("a JSON config of null is an error; an empty file is all defaults (its valid lookalike, above)", () => {
    const dir = project({ "backend-conventions.config.json": "null\n" });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.format()).toBe(`Config error: ${path.join(dir, "backend-conventions.config.json")}: the config is null: expected an object`);
  });

  it("a YAML config of null and a JS config exporting null are errors too", () => {
    const yaml = project({ ".backend-conventionsrc.yaml": "~\n" });
    expect(loadErrorOf({ searchFrom: yaml, rules }).message).toBe("the config is null: expected an object");
    const js = project({ "backend-conventions.config.cjs": "module.exports = null;\n" });
    expect(loadErrorOf({ searchFrom: js, rules }).message).toBe("the config is null: expected an object");
  });

  it("a config that is a Promise is an error, not a config with no settings", () => {
    const dir = project({ "backend-conventions.config.mjs": 'export default Promise.resolve({ prismaSchema: "x" });\n' });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.format()).toBe(
      `Config error: ${path.join(dir, "backend-conventions.config.mjs")}: the config is a Promise: export the object itself (configs load synchronously, as ESLint rules run)`,
    );
  });

  it("without a config: all defaults, rootDir is the folder of the nearest package.json", () => {
    const dir = project({ "package.json": "{}", "src/a.ts": "" });
    const config = loadConfig({ searchFrom: path.join(dir, "src"), rules });
    expect(config.rootDir).toBe(dir);
    expect(config.configFile).toBeUndefined();
    expect(config.ignore).toStrictEqual(["**/node_modules/**", "**/dist/**", "**/generated/prisma/**", "**/.prisma/**", "**/*.d.ts", "**/*.test.*", "**/*.spec.*", "**/__tests__/**", "**/test/**", "**/tests/**", "**/e2e/**", "**/prisma/seed.*", "**/prisma/seed/**", "**/prisma/seeds/**", "**/prisma/migrations/**", "**/scripts/**"]);
  });

  it("validation errors name the config file and, in JSON, the key's line and column", () => {
    const dir = project({ "backend-conventions.config.json": '{ "softDelete": { "field": 5 } }' });
    const error = loadErrorOf({ searchFrom: dir, rules });
    const file = path.join(dir, "backend-conventions.config.json");
    expect(error.message).toBe("softDelete.field: expected string or array of strings, got number");
    expect(error.location).toStrictEqual({ file, line: 1, column: 19 });
    expect(error.format()).toBe(`Config error: ${file}:1:19: softDelete.field: expected string or array of strings, got number`);
  });

  it("locates a problem under the package.json key, in a list, and not in YAML", () => {
    const inPackage = project({ "package.json": '{\n  "name": "x",\n  "backend-conventions": {\n    "ignore": ["ok/**", 7]\n  }\n}\n' });
    expect(loadErrorOf({ searchFrom: inPackage, rules }).location).toStrictEqual({ file: path.join(inPackage, "package.json"), line: 4, column: 25 });
    const inYaml = project({ ".backend-conventionsrc": "softDelete:\n  field: 5\n" });
    expect(loadErrorOf({ searchFrom: inYaml, rules }).location).toStrictEqual({ file: path.join(inYaml, ".backend-conventionsrc") });
  });

  it("rule options are validated against the given schemas", () => {
    const dir = project({ ".backend-conventionsrc.json": '{ "rules": { "no-hard-delete": ["warn", 3], "nope": 0 } }' });
    expect(loadErrorOf({ searchFrom: dir, rules }).message).toBe(
      "rules.no-hard-delete[1]: expected object, got number\nrules.nope: unknown rule",
    );
  });
});

describe("explicit config path (--config)", () => {
  it("loads the given file without searching; rootDir is its directory", () => {
    const dir = project({ "configs/strict.yaml": "prismaSchema: ../prisma/schema.prisma\n" });
    const config = loadConfig({ searchFrom: path.join(dir, "src"), configPath: path.join(dir, "configs", "strict.yaml"), rules });
    expect(config.prismaSchema).toBe("../prisma/schema.prisma");
    expect(config.rootDir).toBe(path.join(dir, "configs"));
    expect(config.configFile).toBe(path.join(dir, "configs", "strict.yaml"));
  });

  it("a missing file", () => {
    const dir = project({});
    const missing = path.join(dir, "nope.json");
    const error = loadErrorOf({ searchFrom: dir, configPath: missing, rules });
    expect(error.message).toBe(`cannot read config file ${missing}: no such file`);
    expect(error.format()).toBe(`Config error: cannot read config file ${missing}: no such file`);
  });

  it("a directory", () => {
    const dir = project({});
    expect(loadErrorOf({ searchFrom: dir, configPath: dir, rules }).message).toBe(`cannot read config file ${dir}: it is a directory`);
  });

  it("a FIFO or a device is not read (it would never end)", () => {
    const dir = project({});
    expect(loadErrorOf({ searchFrom: dir, configPath: "/dev/zero", rules }).message).toBe("cannot read config file /dev/zero: not a regular file");
  });

  it("a package.json without the key", () => {
    const dir = project({});
    const error = loadErrorOf({ searchFrom: dir, configPath: path.join(dir, "package.json"), rules });
    expect(error.message).toBe('package.json has no "backend-conventions" key');
    expect(error.location).toStrictEqual({ file: path.join(dir, "package.json") });
  });

  it("an unsupported extension", () => {
    const dir = project({ "config.toml": 'prismaSchema = "x"' });
    expect(loadErrorOf({ searchFrom: dir, configPath: path.join(dir, "config.toml"), rules }).message).toBe(
      'unsupported config format (extension ".toml"); use .json, .yaml, .yml, .js, .cjs, .mjs, .ts or an extensionless JSON/YAML file',
    );
  });
});

describe("load errors", () => {
  it("invalid JSON", () => {
    const dir = project({ "backend-conventions.config.json": '{ "prismaSchema": }' });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.message).toBe("cannot parse the config (JSON): Unexpected token '}'");
    expect(error.location).toStrictEqual({ file: path.join(dir, "backend-conventions.config.json"), line: 1, column: 19 });
  });

  it("invalid JSON: the reason and its line and column, wherever it is", () => {
    const dir = project({ "backend-conventions.config.json": '{\n  "prismaSchema": "x",\n  oops\n}\n' });
    expect(loadErrorOf({ searchFrom: dir, rules }).format()).toBe(
      `Config error: ${path.join(dir, "backend-conventions.config.json")}:3:3: cannot parse the config (JSON): Expected double-quoted property name`,
    );
  });

  it("a package.json with a syntax error names it, the reason and the position", () => {
    const dir = project({});
    fs.writeFileSync(path.join(dir, "package.json"), '{"name": "x"');
    expect(loadErrorOf({ searchFrom: dir, rules }).format()).toBe(
      `Config error: ${path.join(dir, "package.json")}:1:13: cannot parse the config (JSON): Expected ',' or '}' after property value`,
    );
  });

  it("invalid YAML", () => {
    const dir = project({ ".backend-conventionsrc.yml": "prismaSchema: [unclosed\n" });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.message).toMatch(/^cannot parse the config \(YAML\): \S/);
    expect(error.location).toStrictEqual({ file: path.join(dir, ".backend-conventionsrc.yml") });
  });

  it("a JS config that throws", () => {
    const dir = project({ "backend-conventions.config.cjs": 'throw new Error("boom");' });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.message).toBe("cannot load the config: boom");
    expect(error.location).toStrictEqual({ file: path.join(dir, "backend-conventions.config.cjs") });
  });

  it("an ES module with top-level await cannot be loaded synchronously", () => {
    const dir = project({ "backend-conventions.config.mjs": "await Promise.resolve();\nexport default {};\n" });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.message).toBe(
      "cannot load the config synchronously because it uses top-level await; formats that load synchronously: JSON, YAML, package.json, .cjs, and .js/.mjs/.ts without top-level await (ES modules need Node >= 20.19)",
    );
    expect(error.location).toStrictEqual({ file: path.join(dir, "backend-conventions.config.mjs") });
  });

  it("an ES module without a default export", () => {
    const dir = project({ "backend-conventions.config.mjs": 'export const prismaSchema = "x";\n' });
    const error = loadErrorOf({ searchFrom: dir, rules });
    expect(error.message).toBe("the config module has no default export");
    expect(error.location).toStrictEqual({ file: path.join(dir, "backend-conventions.config.mjs") });
  });

  it("a JS config that exports a function", () => {
    const dir = project({ "backend-conventions.config.cjs": "module.exports = () => ({});" });
    expect(loadErrorOf({ searchFrom: dir, rules }).message).toBe("(root): expected object, got function");
  });
});

describe("cache", () => {
  it("returns the same object for the same directory until the cache is cleared", () => {
    const dir = project({ "backend-conventions.config.json": '{ "prismaSchema": "v1" }' });
    const first = loadConfig({ searchFrom: dir, rules });
    fs.writeFileSync(path.join(dir, "backend-conventions.config.json"), '{ "prismaSchema": "v2" }');
    expect(loadConfig({ searchFrom: dir, rules })).toBe(first);
    clearConfigCache();
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("v2");
  });

  it("directories under one config share one resolved object", () => {
    const dir = project({ "backend-conventions.config.json": "{}", "src/a/x.ts": "", "src/b/y.ts": "" });
    const a = loadConfig({ searchFrom: path.join(dir, "src", "a"), rules });
    const b = loadConfig({ searchFrom: path.join(dir, "src", "b"), rules });
    expect(a).toBe(b);
  });

  it("caches a config error too, and clearing lets a fixed file load", () => {
    const dir = project({ "backend-conventions.config.json": '{ "unknownKey": 1 }' });
    const first = loadErrorOf({ searchFrom: dir, rules });
    fs.writeFileSync(path.join(dir, "backend-conventions.config.json"), "{}");
    expect(loadErrorOf({ searchFrom: dir, rules })).toBe(first);
    clearConfigCache();
    expect(loadConfig({ searchFrom: dir, rules }).configFile).toBe(path.join(dir, "backend-conventions.config.json"));
  });

  it("a JS config is re-read after clearing", () => {
    const dir = project({ "backend-conventions.config.cjs": 'module.exports = { prismaSchema: "v1" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("v1");
    fs.writeFileSync(path.join(dir, "backend-conventions.config.cjs"), 'module.exports = { prismaSchema: "v2" };');
    clearConfigCache();
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("v2");
  });

  it("an ES module config is re-read after clearing (through a temporary copy that is removed)", () => {
    const dir = project({ "backend-conventions.config.mjs": 'export default { prismaSchema: "v1" };' });
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("v1");
    fs.writeFileSync(path.join(dir, "backend-conventions.config.mjs"), 'export default { prismaSchema: "v2" };');
    clearConfigCache();
    expect(loadConfig({ searchFrom: dir, rules }).prismaSchema).toBe("v2");
    expect(fs.readdirSync(dir).sort()).toStrictEqual(["backend-conventions.config.mjs", "package.json"]);
  });

  it("a different rules table is validated separately", () => {
    const dir = project({ ".backend-conventionsrc.json": '{ "rules": { "other-rule": "warn" } }' });
    expect(loadErrorOf({ searchFrom: dir, rules }).message).toBe("rules.other-rule: unknown rule");
    expect(loadConfig({ searchFrom: dir, rules: { "other-rule": [] } }).rules).toStrictEqual({
      "other-rule": { severity: "warn", options: [] },
    });
  });
});
