import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enabledRules } from "../../src/cli/check.js";
import { loadConfig } from "../../src/config/index.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";
import { assertBuilt, baseProject, createProject, DB_TS, ITEMS_UNFILTERED_TS, removeProjects, runCli } from "./helpers.js";

beforeAll(assertBuilt);
afterAll(removeProjects);

describe("check --cache and --timings, through the built bin", () => {
  it("writes the cache, reuses it with the same output, and prints every stage with --timings on stderr", () => {
    const dir = createProject(baseProject());
    const cold = runCli(dir, ["check", "--cache", "-f", "json"]);
    expect(fs.existsSync(path.join(dir, ".backend-conventions-cache/check.json"))).toBe(true);
    const warm = runCli(dir, ["check", "--cache", "-f", "json", "--timings"]);
    expect(warm.status).toBe(cold.status);
    expect(warm.stdout).toBe(cold.stdout);
    // Nothing changed: the findings come from the cache, without the schema or a parse.
    expect(warm.stderr.split("\n").map((line) => line.split("|")[0].trim())).toEqual(["Stage", "-------", "config", "hash", "report", "total", ""]);
    const timed = runCli(dir, ["check", "-f", "json", "--timings"]);
    const stages = timed.stderr.split("\n").slice(2, -2).map((line) => line.split("|")[0].trim());
    // Every enabled per-file rule is a stage of its own, in the order the rules run.
    const ruleStages = enabledRules(loadConfig({ searchFrom: dir, rules: ruleOptionSchemas }))
      .filter((entry) => entry.rule.check)
      .map((entry) => entry.rule.name);
    expect(ruleStages).toContain("require-soft-delete-filter");
    expect(stages).toEqual(["config", "schema", "parse", "index", ...ruleStages, "prisma-schema rules", "report"]);
    expect(timed.stdout).toBe(cold.stdout);
  });

  it("an edit of the file that soft-deletes Item: findings kept while it still writes the flag, gone once it does not", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const cold = runCli(dir, ["check", "--cache"]);
    expect(cold.status).toBe(1);
    const db = path.join(dir, "src/db.ts");
    fs.writeFileSync(db, `${DB_TS}\nexport const unrelated = 1;\n`);
    expect(runCli(dir, ["check", "--cache"])).toEqual(cold);
    // Nothing sets Item's deletedAt any more: a plain column, and its reads are not reported.
    fs.writeFileSync(db, DB_TS.replace("deletedAt: new Date()", "name: \"gone\""));
    expect(runCli(dir, ["check", "--cache"])).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("an edit of a migration beside the schema: the model it filled is no reference data any more, and the cache knows", () => {
    const source = path.resolve(import.meta.dirname, "../projects/reference-data");
    const files = Object.fromEntries(
      (fs.readdirSync(source, { recursive: true, withFileTypes: true }) as fs.Dirent[])
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const file = path.join(entry.parentPath, entry.name);
          return [path.relative(source, file), fs.readFileSync(file, "utf8")];
        }),
    );
    const dir = createProject({ ...files, "src/lists.ts": 'import { prisma } from "./db.js";\nexport const categories = () => prisma.category.findMany();\n' });
    expect(runCli(dir, ["check", "--cache"])).toEqual({ status: 0, stdout: "", stderr: "" });
    const migration = path.join(dir, "prisma/migrations/0001_init/migration.sql");
    fs.writeFileSync(migration, fs.readFileSync(migration, "utf8").replace(/^INSERT INTO "Category".*$/m, ""));
    const cached = runCli(dir, ["check", "--cache"]);
    expect(cached.status).toBe(1);
    expect(cached.stdout).toContain("findMany on Category has no take");
    expect(cached).toEqual(runCli(dir, ["check"]));
  });

  it("--cache-location puts the cache elsewhere", () => {
    const dir = createProject(baseProject());
    runCli(dir, ["check", "--cache", "--cache-location", "tmp/cache"]);
    expect(fs.existsSync(path.join(dir, "tmp/cache/check.json"))).toBe(true);
    expect(fs.existsSync(path.join(dir, ".backend-conventions-cache"))).toBe(false);
  });
});

describe("--cache when it cannot be written or read as it should", () => {
  it("--cache-location at a file: a one-line warning, and the run's findings all the same", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS, "cache-here": "" });
    const plain = runCli(dir, ["check"]);
    expect(plain.status).toBe(1);
    expect(runCli(dir, ["check", "--cache", "--cache-location", "cache-here"])).toEqual({
      ...plain,
      stderr: `Warning: cannot write the cache to ${path.join(dir, "cache-here")}: a file is in the way of a folder; this run's findings are not cached\n`,
    });
  });

  it("a cache of the right key in another shape is rebuilt, not trusted", () => {
    const dir = createProject({ ...baseProject(), "src/items.ts": ITEMS_UNFILTERED_TS });
    const plain = runCli(dir, ["check"]);
    runCli(dir, ["check", "--cache"]);
    const file = path.join(dir, ".backend-conventions-cache/check.json");
    const contents = JSON.parse(fs.readFileSync(file, "utf8")) as { results: Record<string, unknown> };
    for (const name of Object.keys(contents.results)) contents.results[name] = 5;
    fs.writeFileSync(file, JSON.stringify(contents));
    expect(runCli(dir, ["check", "--cache"])).toEqual(plain);
    expect(Object.values((JSON.parse(fs.readFileSync(file, "utf8")) as { results: Record<string, unknown> }).results)).not.toContain(5);
  });

  it("the temporary file of a killed run is removed by the next run; one of a running process is left alone", () => {
    const dir = createProject(baseProject());
    const folder = path.join(dir, ".backend-conventions-cache");
    fs.mkdirSync(folder);
    // pid 2^22 + 1 is above Linux's pid_max: no process has it
    fs.writeFileSync(path.join(folder, "check.json.4194305.tmp"), "half a cache");
    fs.writeFileSync(path.join(folder, `check.json.${process.pid}.tmp`), "a live run's");
    runCli(dir, ["check", "--cache"]);
    expect(fs.readdirSync(folder).sort()).toEqual(["check.json", `check.json.${process.pid}.tmp`]);
  });

  it("--update-baseline to a folder: a one-line usage error", () => {
    const dir = createProject({ ...baseProject(), "baseline/.keep": "" });
    expect(runCli(dir, ["check", "--baseline", "baseline", "--update-baseline"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: cannot write the baseline baseline: it is a directory\n",
    });
  });
});
