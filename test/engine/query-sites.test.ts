import { describe, expect, it } from "vitest";
import {
  findQuerySites,
  isDeleteOperation,
  isReadOperation,
  isUpdateOperation,
  type QuerySite,
  type QuerySiteOptions,
} from "../../src/engine/query-sites.js";
import { basicSchema, lineOf, parse } from "./helpers.js";

/** What a test asserts about each site: model, operation, and the line of the operation name. */
function sites(code: string, options: QuerySiteOptions = {}) {
  return findQuerySites(parse(code), basicSchema(), options).map(summary);
}

function summary(site: QuerySite) {
  return { model: site.model.name, operation: site.operation, line: lineOf(site.operationNode) };
}

describe("findQuerySites: clients it recognises", () => {
  it("an import from a Prisma client module, whatever the local name", () => {
    const code = [
      'import { store } from "../lib/prisma.js";', //
      "export const list = () => store.item.findMany();",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 2 }]);
  });

  it("an import the isClientModule option accepts", () => {
    const code = [
      'import { orm as store } from "../infra/storage.js";', //
      "store.product.findFirst({ where: { id } });",
    ].join("\n");
    expect(sites(code)).toEqual([]);
    expect(sites(code, { isClientModule: (specifier) => specifier === "../infra/storage.js" })).toEqual([{ model: "Product", operation: "findFirst", line: 2 }]);
  });

  it("the same import from a module that is not a client module is not a client", () => {
    const code = [
      'import { store } from "../lib/cache.js";', //
      "store.item.findMany();",
    ].join("\n");
    expect(sites(code)).toEqual([]);
  });

  it("a local `new PrismaClient()`, whatever the variable's name", () => {
    const code = [
      'import { PrismaClient } from "@prisma/client";', //
      "const store = new PrismaClient();",
      "store.item.findMany();",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 3 }]);
  });

  it("the names teams give clients: db and client", () => {
    const code = [
      "db.item.findMany();", //
      "client.tag.count();",
    ].join("\n");
    expect(sites(code)).toEqual([
      { model: "Item", operation: "findMany", line: 1 },
      { model: "Tag", operation: "count", line: 2 },
    ]);
  });

  it("this.prisma and this.db in a class", () => {
    const code = [
      "class ItemRepository {",
      "  list() { return this.prisma.item.findMany(); }",
      "  count() { return this.db.item.count(); }",
      "}",
    ].join("\n");
    expect(sites(code)).toEqual([
      { model: "Item", operation: "findMany", line: 2 },
      { model: "Item", operation: "count", line: 3 },
    ]);
  });

  it("`this` in a class that extends PrismaClient", () => {
    const code = [
      "class Database extends PrismaClient {", //
      "  live() { return this.item.findMany(); }",
      "}",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 2 }]);
  });

  it("a constructor parameter typed PrismaClient, used in the constructor", () => {
    const code = [
      "class ItemService {",
      "  constructor(store: PrismaClient) {",
      "    store.item.deleteMany();",
      "  }",
      "}",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "deleteMany", line: 3 }]);
  });

  it("a constructor-injected client named prisma, used as this.prisma", () => {
    const code = [
      "class ItemService {",
      "  constructor(private readonly prisma: PrismaClient) {}",
      "  list() { return this.prisma.item.findMany(); }",
      "}",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 3 }]);
  });

  it("a constructor-injected client typed PrismaClient under a neutral name, used as this.store", () => {
    const code = [
      "class ItemService {",
      "  constructor(private readonly store: PrismaClient) {}",
      "  list() { return this.store.item.findMany(); }",
      "}",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 3 }]);
  });

  it("the callback parameter of prisma.$transaction, whatever its name", () => {
    const code = [
      "export const run = () => prisma.$transaction(async (t) => {", //
      "  await t.item.update({ where: { id }, data });",
      "  return t.account.findUnique({ where: { id } });",
      "});",
    ].join("\n");
    expect(sites(code)).toEqual([
      { model: "Item", operation: "update", line: 2 },
      { model: "Account", operation: "findUnique", line: 3 },
    ]);
  });

  it("the callback parameter of some other method is not a client", () => {
    const code = "items.forEach((t) => t.item.update({ where: { id } }));";
    expect(sites(code)).toEqual([]);
  });

  it("the result of prisma.$extends(...)", () => {
    const code = [
      "const extended = prisma.$extends({ query: {} });", //
      "extended.product.findMany();",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Product", operation: "findMany", line: 2 }]);
  });

  it("a delegate destructured from the client: const { item } = prisma", () => {
    const code = [
      "const { item } = prisma;", //
      "item.findFirst();",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findFirst", line: 2 }]);
  });

  it("a delegate destructured and renamed: const { item: items } = prisma", () => {
    const code = [
      "const { item: items } = prisma;", //
      "items.findMany();",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 2 }]);
  });

  it("a delegate destructured from something that is not a client is not a delegate", () => {
    const code = [
      "const { item } = cache;", //
      "item.findFirst();",
    ].join("\n");
    expect(sites(code)).toEqual([]);
  });

  it("a delegate held in a variable: const items = prisma.item", () => {
    const code = [
      "const items = prisma.item;", //
      "items.findMany();",
    ].join("\n");
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 2 }]);
  });

  it('a delegate reached by element access: prisma["item"]', () => {
    const site = findQuerySites(parse('prisma["item"].findMany();'), basicSchema())[0];
    expect(summary(site)).toEqual({ model: "Item", operation: "findMany", line: 1 });
    expect(site.client?.getText()).toBe("prisma");
  });

  it("a delegate chosen by a variable key is not taken from the variable's name", () => {
    const code = "export function list(item: string) {\n  return prisma[item].findMany();\n}";
    expect(sites(code)).toEqual([]);
  });

  it('an operation reached by element access: prisma.item["findMany"], reported on the string', () => {
    const site = findQuerySites(parse('prisma.item["findMany"]({ where: {} });'), basicSchema())[0];
    expect(summary(site)).toEqual({ model: "Item", operation: "findMany", line: 1 });
    expect(site.operationNode.getText()).toBe('"findMany"');
    expect(site.args?.getText()).toBe("{ where: {} }");
  });

  it("a parameter typed Prisma.ItemDelegate, with no client", () => {
    const code = [
      "export function live(items: Prisma.ItemDelegate) {", //
      "  return items.findMany();",
      "}",
    ].join("\n");
    const [site] = findQuerySites(parse(code), basicSchema());
    expect(summary(site)).toEqual({ model: "Item", operation: "findMany", line: 2 });
    expect(site.client).toBeUndefined();
  });

  it("keeps the client expression, the call and the first argument", () => {
    const [site] = findQuerySites(parse("tx.portion.delete({ where: { id } }, extra);"), basicSchema());
    expect(site.client?.getText()).toBe("tx");
    expect(site.call.getText()).toBe("tx.portion.delete({ where: { id } }, extra)");
    expect(site.args?.getText()).toBe("{ where: { id } }");
  });

  it("sees through parentheses, `as`, `!` and await", () => {
    const code = "export async function list() { return await (prisma as PrismaClient)!.item.findMany(); }";
    expect(sites(code)).toEqual([{ model: "Item", operation: "findMany", line: 1 }]);
  });

  it("lists sites in source order, nested ones included", () => {
    const code = [
      "export const rows = async () => prisma.item.findMany({", //
      "  where: { id: (await prisma.device.findFirstOrThrow()).id },",
      "});",
    ].join("\n");
    expect(sites(code)).toEqual([
      { model: "Item", operation: "findMany", line: 1 },
      { model: "Device", operation: "findFirstOrThrow", line: 2 },
    ]);
  });

  it("is memoised per file and schema", () => {
    const sourceFile = parse("prisma.item.findMany();");
    expect(findQuerySites(sourceFile, basicSchema())).toBe(findQuerySites(sourceFile, basicSchema()));
  });
});

describe("findQuerySites: every operation name", () => {
  const code = [
    "prisma.item.findUnique({ where: { id } });",
    "prisma.item.findUniqueOrThrow({ where: { id } });",
    "prisma.item.findFirst();",
    "prisma.item.findFirstOrThrow();",
    "prisma.item.findMany();",
    "prisma.item.count();",
    "prisma.item.aggregate({ _count: true });",
    "prisma.item.groupBy({ by: ['status'] });",
    "prisma.item.create({ data });",
    "prisma.item.createMany({ data: [] });",
    "prisma.item.createManyAndReturn({ data: [] });",
    "prisma.item.update({ where: { id }, data });",
    "prisma.item.updateMany({ data });",
    "prisma.item.updateManyAndReturn({ data });",
    "prisma.item.upsert({ where: { id }, create: data, update: data });",
    "prisma.item.delete({ where: { id } });",
    "prisma.item.deleteMany();",
  ].join("\n");

  it("recognises all seventeen, each on its own line", () => {
    expect(sites(code)).toEqual([
      { model: "Item", operation: "findUnique", line: 1 },
      { model: "Item", operation: "findUniqueOrThrow", line: 2 },
      { model: "Item", operation: "findFirst", line: 3 },
      { model: "Item", operation: "findFirstOrThrow", line: 4 },
      { model: "Item", operation: "findMany", line: 5 },
      { model: "Item", operation: "count", line: 6 },
      { model: "Item", operation: "aggregate", line: 7 },
      { model: "Item", operation: "groupBy", line: 8 },
      { model: "Item", operation: "create", line: 9 },
      { model: "Item", operation: "createMany", line: 10 },
      { model: "Item", operation: "createManyAndReturn", line: 11 },
      { model: "Item", operation: "update", line: 12 },
      { model: "Item", operation: "updateMany", line: 13 },
      { model: "Item", operation: "updateManyAndReturn", line: 14 },
      { model: "Item", operation: "upsert", line: 15 },
      { model: "Item", operation: "delete", line: 16 },
      { model: "Item", operation: "deleteMany", line: 17 },
    ]);
  });

  it("classifies read, update and delete operations", () => {
    expect(isReadOperation("groupBy")).toBe(true);
    expect(isReadOperation("create")).toBe(false);
    expect(isUpdateOperation("upsert")).toBe(true);
    expect(isUpdateOperation("delete")).toBe(false);
    expect(isDeleteOperation("deleteMany")).toBe(true);
    expect(isDeleteOperation("updateMany")).toBe(false);
  });
});

describe("findQuerySites: lookalikes it leaves alone", () => {
  it("cache.item.findMany(): a model-named property of something that is not a client", () => {
    expect(sites("const cache = new Map(); cache.item.findMany();")).toEqual([]);
  });

  it("map.delete(k): an operation name on a non-delegate", () => {
    expect(sites("const map = new Map<string, number>();\nmap.delete(k);")).toEqual([]);
  });

  it("prisma.notAModel.findMany(): a delegate name the schema does not have", () => {
    expect(sites("prisma.notAModel.findMany();")).toEqual([]);
  });

  it("prisma.item.$count() and other methods that are not operations", () => {
    expect(sites("prisma.item.$count();\nprisma.item.findRaw();\nprisma.item.fields;")).toEqual([]);
  });

  it("repository.findMany(): an operation name on a repository object", () => {
    expect(sites("const repository = new ItemRepository();\nrepository.findMany();")).toEqual([]);
  });

  it("prisma.$queryRaw and other client methods", () => {
    expect(sites("prisma.$queryRaw`SELECT 1`;\nprisma.$executeRaw`DELETE FROM item`;")).toEqual([]);
  });
});
