import { describe, expect, it } from "vitest";
import { callsStartingIn, fileIndexOf, forEachDescendant, isNestedScopeKind, kindSet, SKIP_CHILDREN, someDescendant } from "../../src/engine/file-index.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { ts } from "../../src/engine/ts.js";
import { lineOf, parse } from "./helpers.js";

describe("fileIndexOf", () => {
  const source = [
    "outer(inner(1), () => nested());",
    "class Repo {",
    "  constructor() {}",
    "  list() { return prisma.$queryRaw`SELECT 1`; }",
    "  get size() { return count(); }",
    "}",
    "function declared() { const arrow = () => 1; }",
    "declare function ambient(): void;",
  ].join("\n");

  it("lists a parse's calls, calls and tagged templates, and functions with a body in source order, outer before inner", () => {
    const index = fileIndexOf(parse(source));
    expect(index.calls.map((call) => call.expression.getText())).toEqual(["outer", "inner", "nested", "count"]);
    expect(index.invocations.map((invocation) => invocation.callee.getText())).toEqual(["outer", "inner", "nested", "prisma.$queryRaw", "count"]);
    expect(index.functions.map((fn) => `${ts.SyntaxKind[fn.kind]} ${lineOf(fn)}`)).toEqual([
      "ArrowFunction 1",
      "Constructor 3",
      "MethodDeclaration 4",
      "GetAccessor 5",
      "FunctionDeclaration 7",
      "ArrowFunction 7",
    ]);
  });

  it("gives the calls starting in a range, outer before inner, without the calls around it", () => {
    const sourceFile = parse(source);
    const [outer, inner, nested] = fileIndexOf(sourceFile).calls;
    const names = (from: number, to: number) => callsStartingIn(sourceFile, from, to).map((call) => call.expression.getText());
    expect(names(outer.pos, sourceFile.end)).toEqual(["outer", "inner", "nested", "count"]);
    expect(names(outer.arguments.pos, outer.end)).toEqual(["inner", "nested"]);
    expect(names(inner.end, nested.pos)).toEqual([]);
    expect(names(0, 0)).toEqual([]);
  });

  it("walks a parse once", () => {
    const sourceFile = parse(source);
    expect(fileIndexOf(sourceFile)).toBe(fileIndexOf(sourceFile));
  });

  it("an engine parse links every node to the same parent as TypeScript's setParentNodes, and is indexed in that walk", () => {
    const engine = parseSourceFile("/project/src/a.ts", source);
    const linked = ts.createSourceFile("/project/src/a.ts", source, ts.ScriptTarget.Latest, true);
    const parents = (root: ts.SourceFile) => {
      const found: string[] = [];
      const visit = (node: ts.Node): void => {
        found.push(`${ts.SyntaxKind[node.kind]}@${node.pos} <- ${ts.SyntaxKind[node.parent.kind]}@${node.parent.pos}`);
        ts.forEachChild(node, visit);
      };
      ts.forEachChild(root, visit);
      return found;
    };
    expect(parents(engine)).toEqual(parents(linked));
    expect(parents(engine)).toHaveLength(44);
    expect(fileIndexOf(engine).calls.map((call) => call.expression.getText())).toEqual(["outer", "inner", "nested", "count"]);
  });

  it("forEachDescendant visits what a recursive forEachChild walk visits, in its order, leaving out skipped subtrees", () => {
    const sourceFile = parseSourceFile("/project/src/a.ts", source);
    const recursive = (root: ts.Node, skip: (node: ts.Node) => boolean) => {
      const found: ts.Node[] = [];
      const visit = (node: ts.Node): void => {
        found.push(node);
        if (!skip(node)) ts.forEachChild(node, visit);
      };
      ts.forEachChild(root, visit);
      return found;
    };
    const flat = (root: ts.Node, skip: (node: ts.Node) => boolean) => {
      const found: ts.Node[] = [];
      forEachDescendant(root, (node) => {
        found.push(node);
        return skip(node) ? SKIP_CHILDREN : undefined;
      });
      return found;
    };
    const never = () => false;
    const functions = (node: ts.Node) => ts.isFunctionLike(node);
    const repo = sourceFile.statements[1];
    for (const root of [sourceFile, repo, (repo as ts.ClassDeclaration).members[1]]) {
      expect(flat(root, never)).toEqual(recursive(root, never));
      expect(flat(root, functions)).toEqual(recursive(root, functions));
    }
    expect(flat(repo, functions).filter(ts.isCallExpression)).toEqual([]);
    expect(flat(repo, never).filter(ts.isCallExpression).map((call) => call.expression.getText())).toEqual(["count"]);
  });

  it("with a set of kinds, forEachDescendant visits only the nodes of those kinds that the full walk visits, skipping the same subtrees", () => {
    const sourceFile = parseSourceFile("/project/src/a.ts", source);
    const kinds = kindSet(ts.SyntaxKind.CallExpression, ts.SyntaxKind.ReturnStatement, isNestedScopeKind);
    const visits = (filter: typeof kinds | undefined) => {
      const found: string[] = [];
      forEachDescendant(
        sourceFile,
        (node) => {
          found.push(`${ts.SyntaxKind[node.kind]} ${lineOf(node)}`);
          return ts.isArrowFunction(node) || ts.isGetAccessor(node) ? SKIP_CHILDREN : undefined;
        },
        filter,
      );
      return found;
    };
    const filtered = visits(kinds);
    expect(filtered).toEqual(visits(undefined).filter((visit) => /^(CallExpression|ReturnStatement|ArrowFunction|Constructor|MethodDeclaration|GetAccessor|FunctionDeclaration|ClassDeclaration) /.test(visit)));
    expect(filtered).toEqual([
      "CallExpression 1",
      "CallExpression 1",
      "ArrowFunction 1",
      "ClassDeclaration 2",
      "Constructor 3",
      "MethodDeclaration 4",
      "ReturnStatement 4",
      "GetAccessor 5",
      "FunctionDeclaration 7",
      "ArrowFunction 7",
      "FunctionDeclaration 8",
    ]);
  });

  it("a name or a literal has no descendants to visit", () => {
    const sourceFile = parseSourceFile("/project/src/a.ts", source);
    const [outer, inner] = fileIndexOf(sourceFile).calls;
    const visited: ts.Node[] = [];
    for (const root of [outer.expression, inner.arguments[0], inner]) forEachDescendant(root, (node) => void visited.push(node));
    expect(visited.map((node) => node.getText())).toEqual(["inner", "1"]);
  });

  it("someDescendant stops at the first node that passes", () => {
    const sourceFile = parseSourceFile("/project/src/a.ts", source);
    const seen: string[] = [];
    expect(someDescendant(sourceFile.statements[0], (node) => (seen.push(ts.SyntaxKind[node.kind]), ts.isCallExpression(node)))).toBe(true);
    expect(seen).toEqual(["CallExpression"]);
    expect(someDescendant(sourceFile.statements[0], (node) => ts.isClassDeclaration(node))).toBe(false);
  });
});
