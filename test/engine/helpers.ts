import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { parseSourceFile } from "../../src/engine/project.js";
import { ts } from "../../src/engine/ts.js";
import type { AbsValue } from "../../src/engine/values.js";
import { loadConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../../src/engine/rule.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";
import { loadPrismaSchema, type PrismaSchema } from "../../src/schema/index.js";

/** The schema every rule test runs against: Device, Item, Product, Portion, Account (isDeleted), Tag. */
export const BASIC_SCHEMA = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/basic/prisma/schema.prisma");

let schema: PrismaSchema | undefined;
export function basicSchema(): PrismaSchema {
  schema ??= loadPrismaSchema([BASIC_SCHEMA], { fields: ["deletedAt", "isDeleted"], models: {} });
  return schema;
}

/** A file parsed in memory; nothing is read from disk. */
export function parse(text: string, fileName = "/virtual/src/file.ts"): ts.SourceFile {
  return parseSourceFile(fileName, text);
}

const created: string[] = [];
afterEach(() => {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary project with the given files (paths relative to its root); returns its absolute, real root. */
export function tempProject(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-engine-")));
  created.push(root);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return root;
}

/** Every node of a file in source order that satisfies `test`. */
export function nodesWhere<T extends ts.Node>(root: ts.Node, test: (node: ts.Node) => node is T): T[] {
  const found: T[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

/** The `index`-th identifier spelled `name` in a file (0-based, source order). */
export function identifier(root: ts.Node, name: string, index = 0): ts.Identifier {
  const found = nodesWhere(root, (node): node is ts.Identifier => ts.isIdentifier(node) && node.text === name)[index];
  if (!found) throw new Error(`no identifier #${index} named ${name}`);
  return found;
}

/** The argument of the one `probe(...)` call in a file: the expression a test evaluates. */
export function probeArgument(root: ts.Node): ts.Expression {
  const calls = nodesWhere(
    root,
    (node): node is ts.CallExpression => ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "probe",
  );
  if (calls.length !== 1 || calls[0].arguments.length !== 1) throw new Error(`expected one probe(x) call, found ${calls.length}`);
  return calls[0].arguments[0];
}

/** 1-based line of a node's first token. */
export function lineOf(node: ts.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

/**
 * A compact, exact rendering of an abstract value for assertions:
 * `{a: 1, ...}` (the `...` marks an opaque object), `["x"]`, `oneOf(a | b)`,
 * `unknown<req.params.id>` (the text where the trail ended), `function`.
 */
export function show(value: AbsValue): string {
  switch (value.kind) {
    case "literal":
      return typeof value.value === "string" ? JSON.stringify(value.value) : String(value.value);
    case "object": {
      const parts = [...value.props].map(([key, property]) => `${key}: ${show(property.value)}`);
      if (value.opaque) parts.push("...");
      return `{${parts.join(", ")}}`;
    }
    case "array": {
      const parts = value.elements.map(show);
      if (value.opaque) parts.push("...");
      return `[${parts.join(", ")}]`;
    }
    case "oneOf":
      return `oneOf(${value.options.map(show).join(" | ")})`;
    case "unknown":
      return value.node ? `unknown<${value.node.getText()}>` : "unknown";
    case "function":
      return "function";
  }
}

/**
 * A temporary project with `schema`, a tsconfig over `src/`, a config naming `src/db.ts` as the client module,
 * that module and `files`; returns each query site of `file` with the analysis, for a whole-program fact to judge.
 */
export function querySitesIn(schema: string, files: Record<string, string>, file: string): { analysis: AnalysisContext; sites: QuerySite[] } {
  const root = tempProject({
    "prisma/schema.prisma": schema,
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "esnext", moduleResolution: "bundler" }, include: ["src"] }),
    "backend-conventions.config.json": JSON.stringify({ prismaSchema: "prisma/schema.prisma", clientModules: ["src/db.ts"] }),
    "src/db.ts": "export const prisma: any = {};\n",
    ...files,
  });
  const analysis = loadAnalysis(loadConfig({ searchFrom: root, rules: ruleOptionSchemas }));
  const sourceFile = analysis.project.getSourceFile(path.join(root, file))!;
  return { analysis, sites: querySitesOf(sourceFile, analysis) };
}
