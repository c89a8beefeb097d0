import { describe, expect, it } from "vitest";
import {
  enclosingFunction,
  isExported,
  moduleScopeDeclaration,
  resolveIdentifier,
  skipOuterExpressions,
  staticPropertyName,
  type Declaration,
} from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { identifier, lineOf, nodesWhere, parse, probeArgument } from "./helpers.js";

/** `<kind> line <n>` of the declaration the `index`-th identifier `name` resolves to, or "unresolved". */
function resolves(code: string, name: string, index: number): string {
  const declaration = resolveIdentifier(identifier(parse(code), name, index));
  return declaration ? describeDeclaration(declaration) : "unresolved";
}

function describeDeclaration(declaration: Declaration): string {
  return `${ts.SyntaxKind[declaration.kind]} line ${lineOf(declaration)}`;
}

describe("resolveIdentifier", () => {
  it("a const in a nested block shadows the outer one inside the block only", () => {
    const code = [
      "const where = 1;", //
      "{",
      "  const where = 2;",
      "  use(where);",
      "}",
      "use(where);",
    ].join("\n");
    expect(resolves(code, "where", 2)).toBe("VariableDeclaration line 3");
    expect(resolves(code, "where", 3)).toBe("VariableDeclaration line 1");
  });

  it("a parameter shadows a module const in the function and in nested functions", () => {
    const code = [
      "const id = 1;",
      "function find(id: string) {",
      "  function inner() {",
      "    return id;",
      "  }",
      "}",
      "use(id);",
    ].join("\n");
    expect(resolves(code, "id", 2)).toBe("Parameter line 2");
    expect(resolves(code, "id", 3)).toBe("VariableDeclaration line 1");
  });

  it("a const in a nested arrow function shadows the enclosing parameter", () => {
    const code = [
      "function find(id: string) {", //
      "  const pick = () => { const id = 2; return id; };",
      "  return id;",
      "}",
    ].join("\n");
    expect(resolves(code, "id", 2)).toBe("VariableDeclaration line 2");
    expect(resolves(code, "id", 3)).toBe("Parameter line 1");
  });

  it("the parameter of an arrow function with an expression body", () => {
    expect(resolves("const f = (a: number, b: number) => a + b;", "b", 1)).toBe("Parameter line 1");
  });

  it("a function declaration is visible before it, in its scope", () => {
    const code = ["run();", "function run() {}"].join("\n");
    expect(resolves(code, "run", 0)).toBe("FunctionDeclaration line 2");
  });

  it("object and array destructuring: each name resolves to its binding element", () => {
    const code = [
      "const { a, b: { c }, d: e, ...rest } = obj;", //
      "const [p, , q] = arr;",
      "use(a, c, e, rest, p, q);",
    ].join("\n");
    const sourceFile = parse(code);
    const names = ["a", "c", "e", "rest", "p", "q"].map((name) => {
      const declaration = resolveIdentifier(identifier(sourceFile, name, 1));
      return declaration && ts.isBindingElement(declaration) ? declaration.name.getText() : "not a binding element";
    });
    expect(names).toEqual(["a", "c", "e", "rest", "p", "q"]);
  });

  it("a destructured parameter's names resolve to their binding elements", () => {
    const code = "function f({ id, where: { deviceId } }: Args) { return [id, deviceId]; }";
    expect(resolves(code, "id", 1)).toBe("BindingElement line 1");
    expect(resolves(code, "deviceId", 1)).toBe("BindingElement line 1");
  });

  it("imports: default, named, renamed, namespace and import =", () => {
    const code = [
      'import prisma, { live, notDeleted as nd } from "./db.js";',
      'import * as filters from "./filters.js";',
      'import legacy = require("./legacy");',
      "use(prisma, live, nd, filters, legacy);",
    ].join("\n");
    expect(resolves(code, "prisma", 1)).toBe("ImportClause line 1");
    expect(resolves(code, "live", 1)).toBe("ImportSpecifier line 1");
    expect(resolves(code, "nd", 1)).toBe("ImportSpecifier line 1");
    expect(resolves(code, "filters", 1)).toBe("NamespaceImport line 2");
    expect(resolves(code, "legacy", 1)).toBe("ImportEqualsDeclaration line 3");
  });

  it("a catch clause variable is visible in the catch block only", () => {
    const code = [
      "try {", //
      "  run();",
      "} catch (err) {",
      "  log(err);",
      "}",
      "log(err);",
    ].join("\n");
    expect(resolves(code, "err", 1)).toBe("VariableDeclaration line 3");
    expect(resolves(code, "err", 2)).toBe("unresolved");
  });

  it("a for-of variable is visible in the loop only", () => {
    const code = [
      "for (const row of rows) {", //
      "  use(row);",
      "}",
      "use(row);",
    ].join("\n");
    expect(resolves(code, "row", 1)).toBe("VariableDeclaration line 1");
    expect(resolves(code, "row", 2)).toBe("unresolved");
  });

  it("for-in and for loop variables", () => {
    const code = ["for (const key in where) use(key);", "for (let i = 0; i < 3; i++) use(i);"].join("\n");
    expect(resolves(code, "key", 1)).toBe("VariableDeclaration line 1");
    expect(resolves(code, "i", 3)).toBe("VariableDeclaration line 2");
  });

  it("a function expression's name is visible inside it only", () => {
    const code = [
      "const g = function fact(n: number): number {", //
      "  return n ? fact(n - 1) : 1;",
      "};",
      "fact(1);",
    ].join("\n");
    expect(resolves(code, "fact", 1)).toBe("FunctionExpression line 1");
    expect(resolves(code, "fact", 2)).toBe("unresolved");
  });

  it("a class expression's name is visible inside it", () => {
    const code = "const C = class Repo { clone() { return new Repo(); } };";
    expect(resolves(code, "Repo", 1)).toBe("ClassExpression line 1");
  });

  it("class and enum declarations", () => {
    const code = ["class Repo {}", "enum Status { active }", "use(Repo, Status);"].join("\n");
    expect(resolves(code, "Repo", 1)).toBe("ClassDeclaration line 1");
    expect(resolves(code, "Status", 1)).toBe("EnumDeclaration line 2");
  });

  it("declarations in switch cases are shared by the case block", () => {
    const code = ["switch (kind) {", "  case 1:", "    const where = {};", "    break;", "  case 2:", "    use(where);", "}"].join("\n");
    expect(resolves(code, "where", 1)).toBe("VariableDeclaration line 3");
  });

  it("a global that is declared nowhere is unresolved", () => {
    expect(resolves("use(process);", "process", 0)).toBe("unresolved");
  });

  it("a var declared in a nested block is visible in the whole function", () => {
    const code = [
      "function find(all: boolean) {", //
      "  if (all) {",
      "    var where = {};",
      "  }",
      "  return where;",
      "}",
    ].join("\n");
    expect(resolves(code, "where", 1)).toBe("VariableDeclaration line 3");
  });
});

describe("scope helpers", () => {
  it("enclosingFunction: the innermost function, arrow functions included; undefined at module level", () => {
    const sourceFile = parse("function outer() {\n  const f = () => probe(1);\n}\nuse(2);");
    const arrow = enclosingFunction(probeArgument(sourceFile));
    expect(arrow && ts.isArrowFunction(arrow)).toBe(true);
    expect(enclosingFunction(identifier(sourceFile, "use"))).toBeUndefined();
  });

  it("staticPropertyName: identifiers, strings, numbers and computed string keys", () => {
    const sourceFile = parse('const o = { a: 1, "b-c": 2, 3: 3, ["d"]: 4, [`e`]: 5 };');
    const names = nodesWhere(sourceFile, ts.isPropertyAssignment).map((property) => staticPropertyName(property.name));
    expect(names).toEqual(["a", "b-c", "3", "d", "e"]);
  });

  it("staticPropertyName: a computed key of another kind is not static", () => {
    const sourceFile = parse("const o = { [prefix + 'x']: 1 };");
    expect(staticPropertyName(nodesWhere(sourceFile, ts.isPropertyAssignment)[0].name)).toBeUndefined();
  });

  it("staticPropertyName: a computed key naming a variable is not static", () => {
    const sourceFile = parse("const o = { [field]: 1 };");
    expect(staticPropertyName(nodesWhere(sourceFile, ts.isPropertyAssignment)[0].name)).toBeUndefined();
  });

  it("skipOuterExpressions strips parentheses, as, satisfies, !, <T> and await", () => {
    const sourceFile = parse("async function f() { return probe(await (<Where>((x as Where) satisfies Where)!)); }");
    expect(skipOuterExpressions(probeArgument(sourceFile)).getText()).toBe("x");
  });

  it("moduleScopeDeclaration: a module-level name, not a nested one", () => {
    const sourceFile = parse("const live = 1;\nfunction f() { const inner = 2; }");
    expect(moduleScopeDeclaration(sourceFile, "live")?.getText()).toBe("live = 1");
    expect(moduleScopeDeclaration(sourceFile, "inner")).toBeUndefined();
  });

  it("isExported: export and export default carry it, a plain declaration does not", () => {
    const sourceFile = parse("export const a = 1;\nconst b = 2;\nexport default function c() {}\nfunction d() {}");
    const variables = nodesWhere(sourceFile, ts.isVariableDeclaration);
    const functions = nodesWhere(sourceFile, ts.isFunctionDeclaration);
    expect([isExported(variables[0]), isExported(variables[1]), isExported(functions[0]), isExported(functions[1])]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});
