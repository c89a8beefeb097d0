import path from "node:path";
import { describe, expect, it } from "vitest";
import { ProjectModel } from "../../src/engine/project.js";
import { Evaluator, oneOf, propertyOf, returnedExpressions, UNKNOWN } from "../../src/engine/values.js";
import { ts } from "../../src/engine/ts.js";
import { nodesWhere, parse, probeArgument, show, tempProject } from "./helpers.js";

/** Evaluates the argument of `probe(...)` in code parsed in memory, with no project. */
function evaluate(code: string): string {
  return show(new Evaluator(undefined).evaluate(probeArgument(parse(code))));
}

const TSCONFIG = JSON.stringify({
  compilerOptions: { module: "ESNext", moduleResolution: "Bundler", strict: true, paths: { "@/*": ["./src/*"] } },
  include: ["src"],
});

/** Evaluates the argument of `probe(...)` in `file` of a temporary project with a tsconfig (paths `@/*` -> `src/*`). */
function evaluateInProject(files: Record<string, string>, file: string): string {
  const root = tempProject({ "tsconfig.json": TSCONFIG, ...files });
  const project = ProjectModel.load(root);
  const sourceFile = project.getSourceFile(path.join(root, file));
  if (!sourceFile) throw new Error(`${file} was not found`);
  return show(new Evaluator(project).evaluate(probeArgument(sourceFile)));
}

describe("Evaluator: literals and literal objects", () => {
  it("strings, template strings without substitutions, numbers, booleans, null", () => {
    expect(evaluate('probe(["a", `b`, 1.5, true, false, null]);')).toBe('["a", "b", 1.5, true, false, null]');
  });

  it("undefined and void 0", () => {
    expect(evaluate("probe([undefined, void 0]);")).toBe("[undefined, undefined]");
  });

  it("no expression at all is the literal undefined", () => {
    expect(show(new Evaluator(undefined).evaluate(undefined))).toBe("undefined");
  });

  it("an object literal's properties, with static string, numeric and computed keys", () => {
    expect(evaluate('probe({ where: { id: "i1" }, "take": 10, 2: "two", ["skip"]: 0 });')).toBe(
      '{where: {id: "i1"}, take: 10, 2: "two", skip: 0}',
    );
  });

  it("a computed key the engine cannot name makes the object opaque", () => {
    expect(evaluate('probe({ id: "i1", [field]: null });')).toBe('{id: "i1", ...}');
  });

  it("a method in an object literal is a function", () => {
    expect(evaluate("probe({ get() { return 1; } });")).toBe("{get: function}");
  });

  it("a shorthand property takes the value of the name", () => {
    expect(evaluate('const deviceId = "d1";\nprobe({ deviceId });')).toBe('{deviceId: "d1"}');
  });

  it("parentheses, as, satisfies and ! do not change a value", () => {
    expect(evaluate("probe((({ deletedAt: null } as const) satisfies object)!);")).toBe("{deletedAt: null}");
  });

  it("arrays, with the spread of a literal array, and an opaque spread", () => {
    expect(evaluate('probe([[1, ...[2, 3]], ["a", ...rest]]);')).toBe('[[1, 2, 3], ["a", ...]]');
  });

  it("an expression the engine does not model is unknown at that expression", () => {
    expect(evaluate("probe(`id-${id}`);")).toBe("unknown<`id-${id}`>");
  });
});

describe("Evaluator: spreads", () => {
  it("the spread of a local const", () => {
    const code = ["const live = { deletedAt: null };", 'probe({ ...live, deviceId: "d1" });'].join("\n");
    expect(evaluate(code)).toBe('{deletedAt: null, deviceId: "d1"}');
  });

  it("a later key overrides a spread one", () => {
    const code = ["const live = { deletedAt: null };", 'probe({ ...live, deletedAt: "x" });'].join("\n");
    expect(evaluate(code)).toBe('{deletedAt: "x"}');
  });

  it("the spread of something unknown makes the object opaque but keeps its keys", () => {
    expect(evaluate('probe({ ...req.query, deviceId: "d1" });')).toBe('{deviceId: "d1", ...}');
  });

  it("spreading `cond && {...}` gives both shapes", () => {
    expect(evaluate('probe({ deviceId: "d1", ...(live && { deletedAt: null }) });')).toBe(
      'oneOf({deviceId: "d1"} | {deviceId: "d1", deletedAt: null})',
    );
  });

  it("spreading null or undefined adds nothing", () => {
    expect(evaluate("probe({ ...null, ...undefined, id: 1 });")).toBe("{id: 1}");
  });
});

describe("Evaluator: values from other files", () => {
  it("the spread of an imported const", () => {
    const files = {
      "src/filters.ts": "export const live = { deletedAt: null };",
      "src/main.ts": 'import { live } from "./filters.js";\nprobe({ ...live, deviceId: "d1" });',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe('{deletedAt: null, deviceId: "d1"}');
  });

  it("an imported const without a project model is unknown at the name", () => {
    expect(evaluate('import { live } from "./filters.js";\nprobe(live);')).toBe("unknown<live>");
  });

  it("a member of a namespace import: f.live", () => {
    const files = {
      "src/filters.ts": "export const live = { deletedAt: null };",
      "src/main.ts": 'import * as f from "./filters.js";\nprobe({ where: f.live });',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{where: {deletedAt: null}}");
  });

  it("a member a namespace does not export is unknown at the member access", () => {
    const files = {
      "src/filters.ts": "export const live = { deletedAt: null };",
      "src/main.ts": 'import * as f from "./filters.js";\nprobe(f.dead);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("unknown<f.dead>");
  });

  it("a local declaration exported under another name: export { x as y }", () => {
    const files = {
      "src/filters.ts": "const hidden = { isDeleted: false };\nexport { hidden as notDeleted };",
      "src/main.ts": 'import { notDeleted } from "./filters.js";\nprobe(notDeleted);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{isDeleted: false}");
  });

  it('a re-export under another name: export { x as y } from "..."', () => {
    const files = {
      "src/filters.ts": "export const live = { deletedAt: null };",
      "src/index.ts": 'export { live as alive } from "./filters.js";',
      "src/main.ts": 'import { alive } from "./index.js";\nprobe(alive);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{deletedAt: null}");
  });

  it("an import re-exported by name: import { x }; export { x }", () => {
    const files = {
      "src/filters.ts": "export const live = { deletedAt: null };",
      "src/index.ts": 'import { live } from "./filters.js";\nexport { live };',
      "src/main.ts": 'import { live } from "./index.js";\nprobe(live);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{deletedAt: null}");
  });

  it('a star re-export: export * from "..."', () => {
    const files = {
      "src/filters.ts": "export const live = { deletedAt: null };",
      "src/index.ts": 'export * from "./filters.js";',
      "src/main.ts": 'import { live } from "./index.js";\nprobe(live);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{deletedAt: null}");
  });

  it("star re-exports that import each other do not loop", () => {
    const files = {
      "src/a.ts": 'export * from "./b.js";',
      "src/b.ts": 'export * from "./a.js";',
      "src/main.ts": 'import { live } from "./a.js";\nprobe(live);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("unknown<live>");
  });

  it("a default-exported expression", () => {
    const files = {
      "src/filters.ts": "export default { deletedAt: null };",
      "src/main.ts": 'import live from "./filters.js";\nprobe(live);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{deletedAt: null}");
  });

  it("a default-exported name", () => {
    const files = {
      "src/filters.ts": "const live = { deletedAt: null };\nexport default live;",
      "src/main.ts": 'import whatever from "./filters.js";\nprobe(whatever);',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{deletedAt: null}");
  });

  it("a default-exported function, called", () => {
    const files = {
      "src/filters.ts": "export default function live() { return { deletedAt: null }; }",
      "src/main.ts": 'import live from "./filters.js";\nprobe(live());',
    };
    expect(evaluateInProject(files, "src/main.ts")).toBe("{deletedAt: null}");
  });

  it("an import through a tsconfig paths alias", () => {
    const files = {
      "src/lib/filters.ts": "export const live = { deletedAt: null };",
      "src/routes/main.ts": 'import { live } from "@/lib/filters";\nprobe(live);',
    };
    expect(evaluateInProject(files, "src/routes/main.ts")).toBe("{deletedAt: null}");
  });

  it("an import from a package is unknown at the name", () => {
    const files = { "src/main.ts": 'import { live } from "some-package";\nprobe(live);' };
    expect(evaluateInProject(files, "src/main.ts")).toBe("unknown<live>");
  });
});

describe("Evaluator: helper functions", () => {
  it("a function declaration called with an argument binds the parameter", () => {
    const code = ["function scope(id: string) {", "  return { userId: id };", "}", 'probe(scope("u1"));'].join("\n");
    expect(evaluate(code)).toBe('{userId: "u1"}');
  });

  it("an arrow helper with an expression body", () => {
    const code = ['const scope = (id: string) => ({ userId: id, deletedAt: null });', 'probe(scope("u1"));'].join("\n");
    expect(evaluate(code)).toBe('{userId: "u1", deletedAt: null}');
  });

  it("a helper with a destructured parameter", () => {
    const code = ["const scope = ({ id }: { id: string }) => ({ userId: id });", 'probe(scope({ id: "u1" }));'].join("\n");
    expect(evaluate(code)).toBe('{userId: "u1"}');
  });

  it("a missing argument takes the parameter's default", () => {
    const code = ["function page(take = 20) { return { take }; }", "probe(page());"].join("\n");
    expect(evaluate(code)).toBe("{take: 20}");
  });

  it("a helper with several returns gives each of them", () => {
    const code = [
      "function filter(all: boolean) {",
      "  if (all) return {};",
      "  return { deletedAt: null };",
      "}",
      "probe(filter(flag));",
    ].join("\n");
    expect(evaluate(code)).toBe("oneOf({} | {deletedAt: null})");
  });

  it("a helper that keeps its result in a local const", () => {
    const code = [
      "function scope(id: string) {",
      "  const where = { userId: id };",
      "  return where;",
      "}",
      'probe(scope("u1"));',
    ].join("\n");
    expect(evaluate(code)).toBe('{userId: "u1"}');
  });

  it("a call of something that is not a known function is unknown at the call", () => {
    expect(evaluate("probe(buildWhere(req));")).toBe("unknown<buildWhere(req)>");
  });

  it("a this.method() call in a class", () => {
    const code = [
      "class Repo {",
      "  live() { return { deletedAt: null }; }",
      "  list() { return probe(this.live()); }",
      "}",
    ].join("\n");
    expect(evaluate(code)).toBe("{deletedAt: null}");
  });

  it("a recursive helper does not hang: the recursive call is unknown", () => {
    const code = [
      "function deepen(where: object, n: number): object {",
      "  return n === 0 ? where : deepen({ AND: [where] }, n - 1);",
      "}",
      "probe(deepen({ a: 1 }, 3));",
    ].join("\n");
    expect(evaluate(code)).toBe("oneOf({a: 1} | unknown<deepen({ AND: [where] }, n - 1)>)");
  });

  it("a recursive function whose parameter is fed by its own call does not hang", () => {
    const code = [
      "function visit(node: Node): void {",
      "  probe(node);",
      "  visit(node.parent);",
      "}",
      "visit(root);",
    ].join("\n");
    expect(evaluate(code)).toBe("oneOf(unknown<node.parent> | unknown<root>)");
  });

  it("mutually recursive helpers do not hang", () => {
    const code = [
      "function even(n: number): object { return n === 0 ? { even: true } : odd(n - 1); }",
      "function odd(n: number): object { return n === 0 ? { even: false } : even(n - 1); }",
      "probe(even(4));",
    ].join("\n");
    expect(evaluate(code)).toBe("oneOf({even: true} | {even: false} | unknown<even(n - 1)>)");
  });
});

describe("Evaluator: conditionals and logical operators", () => {
  it("a conditional expression is one of its branches", () => {
    expect(evaluate("probe(all ? {} : { deletedAt: null });")).toBe("oneOf({} | {deletedAt: null})");
  });

  it("`a ?? b` with an unknown left side is one of both", () => {
    expect(evaluate("probe(input ?? { deletedAt: null });")).toBe("oneOf(unknown<input> | {deletedAt: null})");
  });

  it("`a ?? b` with an object on the left is the left side", () => {
    expect(evaluate("probe({ a: 1 } ?? { b: 2 });")).toBe("{a: 1}");
  });

  it("`a || b` with a literal on the left is one of both", () => {
    expect(evaluate('probe(null || "x");')).toBe('oneOf(null | "x")');
  });

  it("`cond && x` is false or x", () => {
    expect(evaluate("probe(live && { deletedAt: null });")).toBe("oneOf(false | {deletedAt: null})");
  });

  it("a comparison is unknown", () => {
    expect(evaluate("probe(a === b);")).toBe("unknown<a === b>");
  });
});

describe("Evaluator: variables", () => {
  it("a let that is never reassigned has its initial value", () => {
    expect(evaluate("let where = { deletedAt: null };\nprobe(where);")).toBe("{deletedAt: null}");
  });

  it("a let that is reassigned is unknown at the name", () => {
    const code = ["let where = { deletedAt: null };", "if (all) where = {};", "probe(where);"].join("\n");
    expect(evaluate(code)).toBe("unknown<where>");
  });

  it("a let that is incremented is unknown", () => {
    expect(evaluate("let take = 10;\ntake++;\nprobe(take);")).toBe("unknown<take>");
  });

  it("a let reassigned by a destructuring assignment is unknown", () => {
    const code = ["let where = { deletedAt: null };", "({ where } = options);", "probe(where);"].join("\n");
    expect(evaluate(code)).toBe("unknown<where>");
  });

  it("a let is not made unknown by the reassignment of a same-named let in another function", () => {
    const code = [
      "function a() { let where = { deletedAt: null }; return probe(where); }",
      "function b() { let where = {}; where = other; return where; }",
    ].join("\n");
    expect(evaluate(code)).toBe("{deletedAt: null}");
  });

  it("a destructured const takes the property of its source", () => {
    expect(evaluate("const { where } = { where: { id: 1 } };\nprobe(where);")).toBe("{id: 1}");
  });

  it("a nested destructured const takes the nested property", () => {
    expect(evaluate("const { args: { where } } = { args: { where: { id: 1 } } };\nprobe(where);")).toBe("{id: 1}");
  });

  it("a destructured const falls back to its default when the property is absent", () => {
    expect(evaluate("const { take = 10 } = { skip: 0 };\nprobe(take);")).toBe("10");
  });

  it("a property assigned after the declaration in the same block holds on every path", () => {
    const code = [
      "function list(deviceId: string) {",
      '  const where: Record<string, unknown> = { deviceId: "d1" };',
      "  where.deletedAt = null;",
      '  where["status"] = "active";',
      "  return probe(where);",
      "}",
    ].join("\n");
    expect(evaluate(code)).toBe('{deviceId: "d1", deletedAt: null, status: "active"}');
  });

  it("a property assigned after the use does not hold at the use", () => {
    const code = [
      "async function list() {",
      '  const where: Record<string, unknown> = { id: "i1" };',
      "  const rows = await probe(where);",
      "  where.deletedAt = null;",
      "  return rows;",
      "}",
    ].join("\n");
    expect(evaluate(code)).toBe('{id: "i1"}');
  });

  it("a property assigned inside an if holds on some paths only", () => {
    const code = [
      "function list(live: boolean) {",
      '  const where: Record<string, unknown> = { deviceId: "d1" };',
      "  if (live) where.deletedAt = null;",
      "  return probe(where);",
      "}",
    ].join("\n");
    expect(evaluate(code)).toBe('{deviceId: "d1", deletedAt: oneOf(undefined | null)}');
  });

  it("a property assigned with a string literal key in brackets", () => {
    const code = ["const where: Record<string, unknown> = {};", 'where["deletedAt"] = null;', "probe(where);"].join("\n");
    expect(evaluate(code)).toBe("{deletedAt: null}");
  });

  it("a property assigned with a key the engine cannot name makes the object opaque", () => {
    const code = ["const where: Record<string, unknown> = {};", "where[key] = null;", "probe(where);"].join("\n");
    expect(evaluate(code)).toBe("{...}");
  });

  it("Object.assign(where, ...) makes the object opaque", () => {
    const code = ['const where = { deviceId: "d1" };', "Object.assign(where, extra);", "probe(where);"].join("\n");
    expect(evaluate(code)).toBe('{deviceId: "d1", ...}');
  });

  it("an assignment to a shadowing variable of the same name does not count", () => {
    const code = [
      "const where: Record<string, unknown> = {};",
      "function other() { const where: Record<string, unknown> = {}; where.deletedAt = null; }",
      "probe(where);",
    ].join("\n");
    expect(evaluate(code)).toBe("{}");
  });
});

describe("Evaluator: parameters through their callers", () => {
  it("a parameter is one of what its same-file callers pass", () => {
    const code = [
      "function list(deviceId: string) {",
      "  return probe({ deviceId });",
      "}",
      'list("d1");',
      'list("d2");',
    ].join("\n");
    expect(evaluate(code)).toBe('{deviceId: oneOf("d1" | "d2")}');
  });

  it("a parameter of an arrow function bound to a const", () => {
    const code = ["const list = (where: object) => probe(where);", "list({ deletedAt: null });"].join("\n");
    expect(evaluate(code)).toBe("{deletedAt: null}");
  });

  it("a caller that omits the argument passes the default", () => {
    const code = ["function list(take = 20) { return probe(take); }", "list();", "list(5);"].join("\n");
    expect(evaluate(code)).toBe("oneOf(20 | 5)");
  });

  it("a parameter with no callers is unknown at the parameter's name", () => {
    expect(evaluate("export function list(where: object) { return probe(where); }")).toBe("unknown<where>");
  });

  it("a parameter of an inline callback has no callers the engine can name", () => {
    const code = 'app.get("/items/:id", (req, res) => probe({ id: req.params.id }));';
    expect(evaluate(code)).toBe("{id: unknown<req.params.id>}");
  });

  it("an unknown value keeps the node where the trail ended", () => {
    const sourceFile = parse('app.get("/items/:id", (req, res) => probe({ id: req.params.id }));');
    const value = new Evaluator(undefined).property(new Evaluator(undefined).evaluate(probeArgument(sourceFile)), "id");
    expect(value.kind).toBe("unknown");
    expect(value.kind === "unknown" && value.node && ts.isPropertyAccessExpression(value.node) ? value.node.getText() : undefined).toBe(
      "req.params.id",
    );
  });

  it("a caller that spreads its arguments makes the parameter unknown", () => {
    const code = ["function list(where: object) { return probe(where); }", "list(...args);"].join("\n");
    expect(evaluate(code)).toBe("unknown<where>");
  });

  it("a method parameter is resolved through this.method(arg) calls", () => {
    const code = [
      "class ItemRepository {",
      "  list(deviceId: string) {",
      "    return probe({ deviceId, deletedAt: null });",
      "  }",
      "  mine() {",
      '    return this.list("d1");',
      "  }",
      "}",
    ].join("\n");
    expect(evaluate(code)).toBe('{deviceId: "d1", deletedAt: null}');
  });

  it("a parameter is resolved through a caller in another file importing with a .js specifier", () => {
    const files = {
      "src/lib/scope.ts": "export function scoped(id: string) {\n  return probe({ deviceId: id });\n}",
      "src/routes/items.ts": 'import { scoped } from "../lib/scope.js";\nscoped("from-esm");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe('{deviceId: "from-esm"}');
  });

  it("a parameter is resolved through a caller in another file importing through a tsconfig paths alias", () => {
    const files = {
      "src/lib/scope.ts": "export const scoped = (id: string) => probe({ deviceId: id });",
      "src/routes/items.ts": 'import { scoped } from "@/lib/scope";\nscoped("from-alias");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe('{deviceId: "from-alias"}');
  });

  it("callers in the declaring file and in other files are all paths", () => {
    const files = {
      "src/lib/scope.ts": 'export function scoped(id: string) {\n  return probe({ deviceId: id });\n}\nscoped("local");',
      "src/routes/items.ts": 'import { scoped as s } from "../lib/scope.js";\ns("renamed");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe('{deviceId: oneOf("local" | "renamed")}');
  });

  it("a file that imports a same-named function from elsewhere is not a caller", () => {
    const files = {
      "src/lib/scope.ts": "export function scoped(id: string) {\n  return probe({ deviceId: id });\n}",
      "src/lib/other.ts": "export function scoped(id: string) {\n  return id;\n}",
      "src/routes/items.ts": 'import { scoped } from "../lib/other.js";\nscoped("elsewhere");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe("{deviceId: unknown<id>}");
  });

  it("a parameter of a function exported by an export clause is resolved through importers", () => {
    const files = {
      "src/lib/scope.ts": "function scoped(id: string) {\n  return probe({ deviceId: id });\n}\nexport { scoped };",
      "src/routes/items.ts": 'import { scoped } from "../lib/scope.js";\nscoped("d1");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe('{deviceId: "d1"}');
  });

  it("a parameter of a default-exported function is resolved through an importer that renames it", () => {
    const files = {
      "src/lib/scope.ts": "export default function scopeToDevice(id: string) {\n  return probe({ deviceId: id });\n}",
      "src/routes/items.ts": 'import scope from "../lib/scope.js";\nscope("d1");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe('{deviceId: "d1"}');
  });

  it("a default-exported function is resolved through an importer that spells its name", () => {
    const files = {
      "src/lib/scope.ts": "export default function scopeToDevice(id: string) {\n  return probe({ deviceId: id });\n}",
      "src/routes/items.ts": 'import scopeToDevice from "../lib/scope.js";\nscopeToDevice("d1");',
    };
    expect(evaluateInProject(files, "src/lib/scope.ts")).toBe('{deviceId: "d1"}');
  });
});

describe("values: helpers", () => {
  it("oneOf flattens nested options and collapses a single one", () => {
    const a = { kind: "literal", value: "a" } as const;
    const b = { kind: "literal", value: "b" } as const;
    expect(show(oneOf([a, oneOf([b, a])]))).toBe('oneOf("a" | "b" | "a")');
    expect(oneOf([a])).toBe(a);
  });

  it("oneOf with more than sixteen options gives up", () => {
    const options = Array.from({ length: 17 }, (_, index) => ({ kind: "literal" as const, value: index }));
    expect(oneOf(options)).toBe(UNKNOWN);
  });

  it("propertyOf: present, absent, absent in an opaque object, through oneOf", () => {
    const value = new Evaluator(undefined).evaluate(probeArgument(parse("probe(all ? { a: 1 } : { a: 2, ...x });")));
    expect(show(propertyOf(value, "a"))).toBe("oneOf(1 | 2)");
    expect(show(propertyOf(value, "b"))).toBe("oneOf(undefined | unknown)");
  });

  it("returnedExpressions: every return of the function, not of nested functions", () => {
    const sourceFile = parse(["function f(x: number) {", "  if (x) return 1;", "  const g = () => { return 2; };", "  return;", "}"].join("\n"));
    const fn = nodesWhere(sourceFile, ts.isFunctionDeclaration)[0];
    expect(returnedExpressions(fn).map((expression) => expression?.getText())).toEqual(["1", undefined]);
  });
});
