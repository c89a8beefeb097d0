import { describe, expect, it } from "vitest";
import { fileIndexOf } from "../../src/engine/file-index.js";
import { createRule, DOCS_BASE_URL, interpolate, mergeOptions, querySiteOf, querySitesWithin } from "../../src/engine/rule.js";
import { ts } from "../../src/engine/ts.js";
import { querySitesIn } from "./helpers.js";

describe("mergeOptions", () => {
  it("no layers: the defaults", () => {
    expect(mergeOptions([{ allow: ["a"], mode: "strict" }] as const)).toEqual([{ allow: ["a"], mode: "strict" }]);
  });

  it("an object layer merges key by key over the defaults", () => {
    expect(mergeOptions([{ mode: "strict", limit: 3 }], [{ limit: 5 }])).toEqual([{ mode: "strict", limit: 5 }]);
  });

  it("nested objects merge key by key too", () => {
    expect(mergeOptions([{ models: { Item: "deletedAt", Account: "isDeleted" } }], [{ models: { Item: false } }])).toEqual([
      { models: { Item: false, Account: "isDeleted" } },
    ]);
  });

  it("arrays are replaced, not concatenated", () => {
    expect(mergeOptions([{ allow: ["a", "b"] }], [{ allow: ["c"] }])).toEqual([{ allow: ["c"] }]);
  });

  it("later layers win over earlier ones", () => {
    expect(mergeOptions([{ a: 1, b: 1, c: 1 }], [{ a: 2, b: 2 }], [{ a: 3 }])).toEqual([{ a: 3, b: 2, c: 1 }]);
  });

  it("an undefined layer and an undefined value keep what was there", () => {
    expect(mergeOptions([{ a: 1 }, "x"], undefined, [undefined, undefined], [{ a: undefined }])).toEqual([{ a: 1 }, "x"]);
  });

  it("a scalar or null replaces an object, an object replaces a scalar", () => {
    expect(mergeOptions([{ a: { b: 1 } }, "x"], [{ a: null }, { y: 1 }])).toEqual([{ a: null }, { y: 1 }]);
  });

  it("options past the defaults are appended", () => {
    expect(mergeOptions(["first"], ["first", { extra: true }])).toEqual(["first", { extra: true }]);
  });

  it("does not mutate the defaults or the layers", () => {
    const defaults = [{ models: { Item: "deletedAt" } }] as const;
    const layer = [{ models: { Tag: false } }];
    mergeOptions(defaults, layer);
    expect(defaults).toEqual([{ models: { Item: "deletedAt" } }]);
    expect(layer).toEqual([{ models: { Tag: false } }]);
  });
});

describe("interpolate", () => {
  it("replaces each placeholder, with or without spaces inside the braces", () => {
    expect(interpolate("{{model}}.{{ operation }} on {{model}}", { model: "Item", operation: "findMany" })).toBe(
      "Item.findMany on Item",
    );
  });

  it("numbers are written as text", () => {
    expect(interpolate("{{count}} sites", { count: 3 })).toBe("3 sites");
  });

  it("a placeholder without data is left as written", () => {
    expect(interpolate("{{model}} lacks {{field}}", { model: "Item" })).toBe("Item lacks {{field}}");
  });

  it("no data at all", () => {
    expect(interpolate("plain {{x}}")).toBe("plain {{x}}");
  });

  it("a value containing a placeholder is not interpolated again", () => {
    expect(interpolate("{{a}} {{b}}", { a: "{{b}}", b: "B" })).toBe("{{b}} B");
  });
});

describe("createRule", () => {
  it("derives the docs URL from the rule id and keeps the rest", () => {
    const rule = createRule({
      name: "example-rule",
      meta: {
        type: "problem",
        docs: { description: "d", convention: "queries", config: "recommended", requiresSchema: false },
        messages: { bad: "bad {{x}}" },
        schema: [],
        defaultOptions: [],
      },
      check: () => {},
    });
    expect(rule.meta.docs.url).toBe(`${DOCS_BASE_URL}example-rule.md`);
    expect(rule.meta.docs.url).toBe("https://github.com/backend-conventions/backend-conventions/blob/main/docs/rules/example-rule.md");
    expect(rule.meta.messages).toEqual({ bad: "bad {{x}}" });
    expect(rule.name).toBe("example-rule");
  });
});

describe("querySiteOf / querySitesWithin: the file's query sites looked up by call and by position", () => {
  const schema = "model Item {\n  id Int @id\n}\n";
  const source = [
    'import { prisma } from "./db";',
    "export async function a() {",
    "  await prisma.item.findMany();",
    "  log(prisma.item.count());",
    "}",
    "export async function b() {",
    "  return prisma.item.findFirst();",
    "}",
  ].join("\n");
  const { analysis, sites } = querySitesIn(schema, { "src/items.ts": source }, "src/items.ts");
  const functions = sites[0].call.getSourceFile().statements.filter(ts.isFunctionDeclaration);
  const calls = fileIndexOf(sites[0].call.getSourceFile()).calls;

  it("a call that is a query site gives that site, any other call nothing", () => {
    expect(calls.map((call) => querySiteOf(call, analysis)?.operation ?? call.expression.getText())).toEqual(["findMany", "log", "count", "findFirst"]);
  });

  it("the sites inside a function, in source order; none outside it", () => {
    expect(functions.map((fn) => querySitesWithin(fn.body!, analysis).map((site) => site.operation))).toEqual([["findMany", "count"], ["findFirst"]]);
    expect(querySitesWithin(functions[0].name!, analysis)).toEqual([]);
  });
});
