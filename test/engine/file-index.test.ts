import { describe, expect, it } from "vitest";
import { fileIndexOf } from "../../src/engine/file-index.js";
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
});
