import fs from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { SchemaError } from "../../src/errors.js";
import { clearPrismaSchemaCache, loadPrismaSchemaCached } from "../../src/schema/index.js";
import { DATASOURCE, project } from "./helpers.js";

const settings = { fields: ["deletedAt"], models: {} };
const USER = `${DATASOURCE}\nmodel User {\n  id Int @id\n}\n`;

function touch(file: string, content: string, secondsLater: number): void {
  fs.writeFileSync(file, content);
  const time = new Date(Date.now() + secondsLater * 1000);
  fs.utimesSync(file, time, time);
}

beforeEach(() => clearPrismaSchemaCache());

describe("loadPrismaSchemaCached", () => {
  it("returns the same object while the files are unchanged", () => {
    const root = project({ "schema.prisma": USER });
    const files = [path.join(root, "schema.prisma")];
    const first = loadPrismaSchemaCached(files, settings);
    expect(loadPrismaSchemaCached(files, settings)).toBe(first);
    expect(loadPrismaSchemaCached([...files], { fields: ["deletedAt"], models: {} })).toBe(first);
  });

  it("parses again when a file changes", () => {
    const root = project({ "schema.prisma": USER });
    const file = path.join(root, "schema.prisma");
    const first = loadPrismaSchemaCached([file], settings);
    touch(file, `${USER}\nmodel Post {\n  id Int @id\n}\n`, 5);
    const second = loadPrismaSchemaCached([file], settings);
    expect(second).not.toBe(first);
    expect([...second.models.keys()]).toEqual(["User", "Post"]);
    expect(loadPrismaSchemaCached([file], settings)).toBe(second);
  });

  it("keeps a separate entry per settings", () => {
    const root = project({ "schema.prisma": USER });
    const files = [path.join(root, "schema.prisma")];
    const plain = loadPrismaSchemaCached(files, settings);
    const other = loadPrismaSchemaCached(files, { fields: [], models: { User: false } });
    expect(other).not.toBe(plain);
    expect(loadPrismaSchemaCached(files, settings)).toBe(plain);
  });

  it("remembers a broken schema's error until the file is fixed", () => {
    const root = project({ "schema.prisma": `model User {\n  id Int @id\n  x Nope\n}\n` });
    const file = path.join(root, "schema.prisma");
    expect(() => loadPrismaSchemaCached([file], settings)).toThrow(SchemaError);
    let again: unknown;
    try {
      loadPrismaSchemaCached([file], settings);
    } catch (error) {
      again = error;
    }
    let third: unknown;
    try {
      loadPrismaSchemaCached([file], settings);
    } catch (error) {
      third = error;
    }
    expect(third).toBe(again);
    touch(file, USER, 5);
    expect(loadPrismaSchemaCached([file], settings).models.has("User")).toBe(true);
  });
});
