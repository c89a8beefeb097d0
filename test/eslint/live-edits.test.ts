import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eslintIn, messagesOf, removeTemporaryProjects, temporaryProject } from "./helpers.js";

afterAll(removeTemporaryProjects);

/** An editor keeps one ESLint instance for hours: edits of the tool's config and of the schema show at the next lint. */
describe("the ESLint plugin notices edits without a restart", () => {
  it("takes rules, severities and options from the config as it is now", async () => {
    // (the bare findMany statements on lines 15 and 16 discard their rows: no require-bounded-list there)
    const dir = temporaryProject();
    const eslint = eslintIn(dir);
    const lint = async () => messagesOf(await eslint.lintFiles(["src/parity.ts"]), dir);
    expect(await lint()).toEqual([
      "src/parity.ts:8:40 2 require-bounded-list",
      "src/parity.ts:8:40 2 require-soft-delete-filter",
      "src/parity.ts:9:38 2 require-bounded-list",
      "src/parity.ts:10:36 2 require-bounded-list",
      "src/parity.ts:15:24 2 require-soft-delete-filter",
      "src/parity.ts:16:74 2 require-soft-delete-filter",
      "src/parity.ts:17:24 2 no-hard-delete",
      "src/parity.ts:24:28 2 require-soft-delete-filter",
    ]);

    const configFile = path.join(dir, "backend-conventions.config.json");
    const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(configFile, JSON.stringify({ ...config, rules: { "require-bounded-list": "warn", "no-hard-delete": "off" } }));
    expect(await lint()).toEqual([
      "src/parity.ts:8:40 1 require-bounded-list",
      "src/parity.ts:8:40 2 require-soft-delete-filter",
      "src/parity.ts:9:38 1 require-bounded-list",
      "src/parity.ts:10:36 1 require-bounded-list",
      "src/parity.ts:15:24 2 require-soft-delete-filter",
      "src/parity.ts:16:74 2 require-soft-delete-filter",
      "src/parity.ts:24:28 2 require-soft-delete-filter",
    ]);
  });

  it("notices a config file created or removed after the first lint", async () => {
    const dir = temporaryProject();
    const configFile = path.join(dir, "backend-conventions.config.json");
    const saved = fs.readFileSync(configFile, "utf8");
    fs.rmSync(configFile);
    const eslint = eslintIn(dir);
    const lint = async () => messagesOf(await eslint.lintFiles(["src/parity.ts"]), dir).filter((line) => line.endsWith("require-soft-delete-filter"));
    // without the config, isDeleted is no soft-delete field: Account's findUnique (line 24) is fine
    expect(await lint()).toEqual(["src/parity.ts:8:40 2 require-soft-delete-filter", "src/parity.ts:15:24 2 require-soft-delete-filter", "src/parity.ts:16:74 2 require-soft-delete-filter"]);
    fs.writeFileSync(configFile, saved);
    expect(await lint()).toContain("src/parity.ts:24:28 2 require-soft-delete-filter");
    fs.rmSync(configFile);
    expect(await lint()).not.toContain("src/parity.ts:24:28 2 require-soft-delete-filter");
  });

  it("reads the schema as it is now", async () => {
    const dir = temporaryProject();
    const eslint = eslintIn(dir);
    const lint = async () => messagesOf(await eslint.lintFiles(["src/parity.ts"]), dir).filter((line) => line.endsWith("require-soft-delete-filter"));
    expect(await lint()).toEqual([
      "src/parity.ts:8:40 2 require-soft-delete-filter",
      "src/parity.ts:15:24 2 require-soft-delete-filter",
      "src/parity.ts:16:74 2 require-soft-delete-filter",
      "src/parity.ts:24:28 2 require-soft-delete-filter",
    ]);
    // Item no longer soft-deletable: its unfiltered findMany on line 8 is fine now.
    const schemaFile = path.join(dir, "prisma/schema.prisma");
    const schema = fs.readFileSync(schemaFile, "utf8");
    const itemModel = /model Item \{[^}]*\}/.exec(schema)![0];
    fs.writeFileSync(schemaFile, schema.replace(itemModel, itemModel.replace(/\n\s*deletedAt\s+DateTime\?/, "")));
    expect(await lint()).toEqual([
      "src/parity.ts:15:24 2 require-soft-delete-filter",
      "src/parity.ts:16:74 2 require-soft-delete-filter",
      "src/parity.ts:24:28 2 require-soft-delete-filter",
    ]);
  });
});
