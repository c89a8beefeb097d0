import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCallers, resolveMethodCall } from "../../src/engine/callers.js";
import { ProjectModel } from "../../src/engine/project.js";
import { ts } from "../../src/engine/ts.js";
import { lineOf, nodesWhere, parse, tempProject } from "./helpers.js";

/** `line: text` of each call, for exact assertions. */
function describeCalls(calls: ts.CallExpression[]): string[] {
  return calls.map((call) => `${path.basename(call.getSourceFile().fileName)}:${lineOf(call)}: ${call.getText()}`);
}

const TSCONFIG = JSON.stringify({ compilerOptions: { module: "ESNext", moduleResolution: "Bundler" }, include: ["src"] });

describe("findCallers", () => {
  it("calls of a function declaration in its own file, not of a shadowing name", () => {
    const sourceFile = parse(
      ["function scoped(id: string) { return id; }", 'scoped("a");', "function other(scoped: Function) { scoped(1); }", 'scoped("b");'].join("\n"),
    );
    const fn = nodesWhere(sourceFile, ts.isFunctionDeclaration)[0];
    expect(describeCalls(findCallers(undefined, fn))).toEqual(['file.ts:2: scoped("a")', 'file.ts:4: scoped("b")']);
  });

  it("calls of an arrow function bound to a const", () => {
    const sourceFile = parse(['const scoped = (id: string) => id;', 'scoped("a");'].join("\n"));
    const fn = nodesWhere(sourceFile, ts.isArrowFunction)[0];
    expect(describeCalls(findCallers(undefined, fn))).toEqual(['file.ts:2: scoped("a")']);
  });

  it("calls of a method through this and through instances of its class", () => {
    const sourceFile = parse(
      [
        "class Repo {",
        "  list(id: string) { return id; }",
        '  a() { return this.list("a"); }',
        '  b(other: Repo) { return other.list("b"); }',
        '  c(other: Other) { return other.list("c"); }',
        "}",
        "class Other { list(id: string) { return id; } }",
        'new Repo().list("d");',
        "const repo = new Repo();",
        'repo.list("e");',
        "class Service {",
        "  constructor(private readonly repo: Repo) {}",
        '  f() { return this.repo.list("f"); }',
        "}",
      ].join("\n"),
    );
    const method = nodesWhere(sourceFile, ts.isMethodDeclaration)[0];
    expect(describeCalls(findCallers(undefined, method))).toEqual([
      'file.ts:3: this.list("a")',
      'file.ts:4: other.list("b")',
      'file.ts:8: new Repo().list("d")',
      'file.ts:10: repo.list("e")',
      'file.ts:13: this.repo.list("f")',
    ]);
  });

  it("an inline callback has no callers", () => {
    const sourceFile = parse('app.get("/", (req, res) => res.json(req.query));');
    const fn = nodesWhere(sourceFile, ts.isArrowFunction)[0];
    expect(findCallers(undefined, fn)).toEqual([]);
  });

  it("an exported function's callers in the files that import it", () => {
    const root = tempProject({
      "tsconfig.json": TSCONFIG,
      "src/lib/scope.ts": "export function scoped(id: string) { return id; }",
      "src/routes/a.ts": 'import { scoped } from "../lib/scope.js";\n\nscoped("a");',
      "src/routes/b.ts": 'import { scoped as s } from "../lib/scope.js";\ns("b");',
    });
    const project = ProjectModel.load(root);
    const sourceFile = project.getSourceFile(path.join(root, "src/lib/scope.ts"));
    const fn = nodesWhere(sourceFile as ts.SourceFile, ts.isFunctionDeclaration)[0];
    expect(describeCalls(findCallers(project, fn))).toEqual(['a.ts:3: scoped("a")', 'b.ts:2: s("b")']);
  });

  it("an exported function's callers through a namespace import, not another module's function of the same name", () => {
    const root = tempProject({
      "tsconfig.json": TSCONFIG,
      "src/lib/scope.ts": "export function scoped(id: string) { return id; }",
      "src/lib/other.ts": "export function scoped(id: string) { return id; }",
      "src/routes/a.ts": 'import * as scope from "../lib/scope.js";\nimport * as other from "../lib/other.js";\nscope.scoped("a");\nother.scoped("b");',
    });
    const project = ProjectModel.load(root);
    const sourceFile = project.getSourceFile(path.join(root, "src/lib/scope.ts"));
    const fn = nodesWhere(sourceFile as ts.SourceFile, ts.isFunctionDeclaration)[0];
    expect(describeCalls(findCallers(project, fn))).toEqual(['a.ts:3: scope.scoped("a")']);
  });

  it("reads, for callers through namespace imports, only the files that import the declaring module whole", () => {
    const root = tempProject({
      "tsconfig.json": TSCONFIG,
      "src/lib/scope.ts": "export function list() { return []; }",
      "src/lib/other.ts": "export function list() { return []; }",
      "src/routes/a.ts": 'import * as service from "../lib/scope.js";\nservice.list();',
      "src/routes/b.ts": 'import * as service from "../lib/other.js";\nservice.list();',
      "src/routes/c.ts": 'import * as service from "../lib/other.js";\nservice.list();',
    });
    const project = ProjectModel.load(root);
    const sourceFile = project.getSourceFile(path.join(root, "src/lib/scope.ts")) as ts.SourceFile;
    const fn = nodesWhere(sourceFile, ts.isFunctionDeclaration)[0];
    const { value, dependencies } = project.dependencies.track(() => findCallers(project, fn));
    expect(describeCalls(value)).toEqual(["a.ts:2: service.list()"]);
    // b.ts and c.ts call a `list` through a namespace too, of another module: neither is read
    const keys = new Set<string>();
    const visit = (node: typeof dependencies) => {
      for (const dependency of node.own) keys.add(dependency.key);
      for (const child of node.used) visit(child);
    };
    visit(dependencies);
    const routesRead = [...keys].flatMap((key) => (key.startsWith("file:") && key.includes("/routes/") ? [path.relative(root, key.slice(5))] : []));
    expect(routesRead).toEqual(["src/routes/a.ts"]);
  });

  it("a method of an object literal held by an exported const: its calls here, through imports and this", () => {
    const root = tempProject({
      "tsconfig.json": TSCONFIG,
      "src/lib/items.ts": 'export const Items = {\n  find(id: string) { return id; },\n  again(id: string) { return this.find(id); },\n};\nItems.find("a");',
      "src/routes/a.ts": 'import { Items } from "../lib/items.js";\nconst Others = { find(id: string) { return id; } };\nItems.find("b");\nOthers.find("c");',
    });
    const project = ProjectModel.load(root);
    const sourceFile = project.getSourceFile(path.join(root, "src/lib/items.ts")) as ts.SourceFile;
    const find = nodesWhere(sourceFile, ts.isMethodDeclaration)[0];
    expect(describeCalls(findCallers(project, find))).toEqual(["items.ts:3: this.find(id)", 'items.ts:5: Items.find("a")', 'a.ts:3: Items.find("b")']);
  });

  it("parses each project file once, however many functions' callers are asked for", () => {
    const root = tempProject({
      "tsconfig.json": TSCONFIG,
      "src/lib/scope.ts": "export function scoped(id: string) { return id; }",
      "src/routes/a.ts": 'import { scoped } from "../lib/scope.js";\nscoped("a");',
      "src/routes/b.ts": "export function other() { return 1; }",
      "src/routes/c.ts": "export const c = 2;",
      "src/routes/d.ts": "export const d = 3;",
    });
    const project = ProjectModel.load(root);
    const sourceFile = project.getSourceFile(path.join(root, "src/lib/scope.ts"));
    const fn = nodesWhere(sourceFile as ts.SourceFile, ts.isFunctionDeclaration)[0];
    expect(findCallers(project, fn)).toHaveLength(1);
    // The call index reads every project file once; later lookups read none.
    expect(project.filesParsed).toBe(5);
    const b = project.getSourceFile(path.join(root, "src/routes/b.ts")) as ts.SourceFile;
    expect(findCallers(project, nodesWhere(b, ts.isFunctionDeclaration)[0])).toEqual([]);
    expect(project.filesParsed).toBe(5);
  });
});

describe("resolveMethodCall", () => {
  const sourceFile = parse(
    [
      "class Repo { find(id: string) { return id; } remove = (id: string) => id; }",
      "class Service {",
      "  constructor(private readonly repo: Repo) {}",
      '  a() { return this.repo.find("a"); }',
      "}",
      'new Repo().remove("b");',
      "declare const other: { find(id: string): string };",
      'other.find("c");',
    ].join("\n"),
  );
  const calls = nodesWhere(sourceFile, ts.isCallExpression);
  const [find] = nodesWhere(sourceFile, ts.isMethodDeclaration);
  const remove = nodesWhere(sourceFile, ts.isArrowFunction)[0];

  it("resolves a call on an injected instance to the method", () => {
    expect(resolveMethodCall(undefined, calls[0])).toBe(find);
  });

  it("resolves a call on a new instance to an arrow-function property", () => {
    expect(resolveMethodCall(undefined, calls[1])).toBe(remove);
  });

  it("leaves a receiver of unknown class unresolved", () => {
    expect(resolveMethodCall(undefined, calls[2])).toBeUndefined();
  });
});
