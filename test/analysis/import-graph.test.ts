import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importGraphOf, ImportGraph, type ImportEdge } from "../../src/analysis/import-graph.js";
import { parseSourceFile, ProjectModel } from "../../src/engine/project.js";
import { tempProject } from "../engine/helpers.js";

const layersDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/layers");

/** `kind specifier → target (type)` for each edge, the target relative to `root`. */
function show(edges: readonly ImportEdge[], root: string): string[] {
  return edges.map((edge) => `${edge.kind} ${edge.specifier} → ${edge.to ? path.relative(root, edge.to) : "-"}${edge.typeOnly ? " (type)" : ""}`);
}

describe("ImportGraph.importsOf", () => {
  it("lists every way of importing, in source order, with the type-only flag", () => {
    const root = tempProject({
      "src/a.ts": [
        `import type { T } from "./t.js";`,
        `import { type U, type V } from "./t.js";`,
        `import { type W, x } from "./x.js";`,
        `import "./setup.js";`,
        `import * as ns from "./x.js";`,
        `export * from "./x.js";`,
        `export type { T2 } from "./t.js";`,
        `export { type T3 } from "./t.js";`,
        `export { y } from "./x.js";`,
        `import fs = require("node:fs");`,
        `export async function later() { return import("./lazy.js"); }`,
        `const old = require("./old.js");`,
        `export type Lazy = import("./lazy.js").Lazy;`,
        `export const all = [x, ns, fs, old];`,
      ].join("\n"),
      "src/t.ts": "export type T = 1;",
      "src/x.ts": "export const x = 1;",
      "src/setup.ts": "",
      "src/lazy.ts": "export type Lazy = 1;",
      "src/old.ts": "",
    });
    const graph = new ImportGraph(new ProjectModel(root));
    expect(show(graph.importsOf(path.join(root, "src/a.ts")), root)).toEqual([
      "import ./t.js → src/t.ts (type)",
      "import ./t.js → src/t.ts (type)",
      "import ./x.js → src/x.ts",
      "import ./setup.js → src/setup.ts",
      "import ./x.js → src/x.ts",
      "export ./x.js → src/x.ts",
      "export ./t.js → src/t.ts (type)",
      "export ./t.js → src/t.ts (type)",
      "export ./x.js → src/x.ts",
      "import-equals node:fs → -",
      "dynamic ./lazy.js → src/lazy.ts",
      "require ./old.js → src/old.ts",
      "import-type ./lazy.js → src/lazy.ts (type)",
    ]);
  });

  it("counts an import whose names are read only as types as type-only: TypeScript erases it", () => {
    const root = tempProject({
      "src/a.ts": [
        `import { Role, Prisma } from "./client.js";`,
        `import { Status } from "./client.js";`,
        `import { helper } from "./x.js";`,
        `import { ItemService } from "./x.js";`,
        `import { Injectable } from "./x.js";`,
        `import { unused } from "./x.js";`,
        `export function f(role: Role, where: Prisma.ItemWhereInput, s: typeof helper): Role {`,
        `  return Status.active ? role : role;`,
        `}`,
        `@Injectable()`,
        `export class Controller {`,
        `  constructor(private readonly items: ItemService) {}`,
        `}`,
      ].join("\n"),
      "src/client.ts": "export const Role = {}; export const Prisma = {}; export const Status = { active: 1 };",
      "src/x.ts": "export const helper = 1; export class ItemService {} export const Injectable = () => () => undefined; export const unused = 1;",
    });
    const graph = new ImportGraph(new ProjectModel(root));
    expect(show(graph.importsOf(path.join(root, "src/a.ts")), root)).toEqual([
      // Role and Prisma only in types
      "import ./client.js → src/client.ts (type)",
      // Status.active is a value
      "import ./client.js → src/client.ts",
      // typeof helper is a type query
      "import ./x.js → src/x.ts (type)",
      // a constructor parameter of a decorated class: decorator metadata reads ItemService as a value
      "import ./x.js → src/x.ts",
      "import ./x.js → src/x.ts",
      // never used: erased too
      "import ./x.js → src/x.ts (type)",
    ]);
  });

  it("resolves tsconfig paths and ESM `.js` specifiers, and leaves packages unresolved", () => {
    const project = ProjectModel.load(layersDir);
    const graph = new ImportGraph(project);
    expect(show(graph.importsOf(path.join(layersDir, "src/routes/items.ts")), layersDir)).toEqual([
      "import express → -",
      "import express → - (type)",
      "import @app/repositories/item-repository.js → src/repositories/item-repository.ts (type)",
      "import @app/services/item-service.js → src/services/item-service.ts",
      "import ../dto/item.js → src/dto/item.ts (type)",
      "import ../utils/format.js → src/utils/format.ts",
    ]);
  });

  it("points each edge at its module specifier string, where findings are reported", () => {
    const root = tempProject({ "src/a.ts": `import { x } from "./x.js";\nexport { x };`, "src/x.ts": "export const x = 1;" });
    const [edge] = new ImportGraph(new ProjectModel(root)).importsOf(path.join(root, "src/a.ts"));
    expect(edge.node.getText()).toBe(`"./x.js"`);
    expect(edge.from).toBe(path.join(root, "src/a.ts"));
  });

  it("has no edges for a file that cannot be read", () => {
    const root = tempProject({});
    expect(new ImportGraph(new ProjectModel(root)).importsOf(path.join(root, "src/missing.ts"))).toEqual([]);
  });

  it("reads the parse handed to the project, not the disk", () => {
    const root = tempProject({ "src/a.ts": `import "./x.js";`, "src/x.ts": "", "src/y.ts": "" });
    const project = new ProjectModel(root);
    const file = path.join(root, "src/a.ts");
    project.setSourceFile(parseSourceFile(file, `import "./y.js";`));
    expect(show(importGraphOf(project).importsOf(file), root)).toEqual(["import ./y.js → src/y.ts"]);
  });
});

describe("the whole program", () => {
  it("is every tsconfig file plus every project file they reach", () => {
    const project = ProjectModel.load(layersDir);
    const files = importGraphOf(project).files().map((file) => path.relative(layersDir, file));
    expect(files).toContain("src/routes/items.ts");
    expect(files).toContain("src/db/client.ts");
    // mutual/ and two-layer/ are other projects: not in the tsconfig, not imported
    expect(files.some((file) => file.startsWith("mutual/") || file.startsWith("two-layer/"))).toBe(false);
  });

  it("follows imports out of the tsconfig's include", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ include: ["src"] }),
      "src/a.ts": `import "../scripts/b.js";`,
      "scripts/b.ts": `import "./c.js";`,
      "scripts/c.ts": "",
    });
    const files = importGraphOf(ProjectModel.load(root)).files();
    expect(files.map((file) => path.relative(root, file))).toEqual(["scripts/b.ts", "scripts/c.ts", "src/a.ts"]);
  });

  it("counts the import statements of each file → file dependency, and how many are type-only", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ include: ["src"] }),
      "src/a.ts": `import type { T } from "./b.js";\nimport { b } from "./b.js";\nexport { b as c } from "./b.js";\nimport "./c.js";\nimport "node:fs";`,
      "src/b.ts": "export const b = 1; export type T = 1;",
      "src/c.ts": `import type { T } from "./b.js";`,
    });
    const graph = importGraphOf(ProjectModel.load(root));
    const rel = (file: string) => path.relative(root, file);
    expect(graph.dependencies().map((d) => `${rel(d.from)} → ${rel(d.to)} ×${d.count} (${d.typeOnlyCount} type)`)).toEqual([
      "src/a.ts → src/b.ts ×3 (1 type)",
      "src/a.ts → src/c.ts ×1 (0 type)",
      "src/c.ts → src/b.ts ×1 (1 type)",
    ]);
    expect(graph.importersOf(path.join(root, "src/b.ts")).map((edge) => rel(edge.from))).toEqual(["src/a.ts", "src/a.ts", "src/a.ts", "src/c.ts"]);
    expect(graph.edges()).toHaveLength(6);
  });
});

describe("ImportGraph.search", () => {
  const files = {
    "src/route.ts": `import { report } from "./report.js";\nimport type { T } from "./typed.js";\nexport const r = report;`,
    "src/report.ts": `import { stats } from "./stats.js";\nimport { fmt } from "./fmt.js";\nexport const report = [stats, fmt];`,
    "src/fmt.ts": `import { stats } from "./stats.js";\nexport const fmt = stats;`,
    "src/stats.ts": `export const stats = 1;`,
    "src/typed.ts": `import type { stats } from "./stats.js";`,
  };

  it("finds the shortest chain to where `stopAt` answers, and only through edges `follow` accepts", () => {
    const root = tempProject(files);
    const graph = new ImportGraph(new ProjectModel(root));
    const [start] = graph.importsOf(path.join(root, "src/route.ts"));
    const hit = graph.search(start, {
      stopAt: (edge) => (edge.to?.endsWith("stats.ts") && !edge.typeOnly ? "stats" : undefined),
      follow: (edge) => !edge.typeOnly,
    });
    expect(hit?.result).toBe("stats");
    expect(hit?.path.map((edge) => path.relative(root, edge.to!))).toEqual(["src/report.ts", "src/stats.ts"]);
  });

  it("does not go through type-only imports when `follow` refuses them", () => {
    const root = tempProject(files);
    const graph = new ImportGraph(new ProjectModel(root));
    const typed = graph.importsOf(path.join(root, "src/route.ts"))[1];
    expect(graph.search(typed, { stopAt: (edge) => (edge.to?.endsWith("stats.ts") && !edge.typeOnly ? true : undefined), follow: () => true })).toBeUndefined();
  });

  it("finds a cycle back to the start file", () => {
    const root = tempProject({ "src/a.ts": `import "./b.js";`, "src/b.ts": `import "./c.js";`, "src/c.ts": `import "./a.js";` });
    const graph = new ImportGraph(new ProjectModel(root));
    const [start] = graph.importsOf(path.join(root, "src/a.ts"));
    const hit = graph.search(start, { stopAt: (edge) => (edge !== start && edge.to === start.from ? true : undefined), follow: () => true });
    expect(hit?.path.map((edge) => path.relative(root, edge.to!))).toEqual(["src/b.ts", "src/c.ts", "src/a.ts"]);
  });

  it("walks a chain of thousands of files with a worklist, not the stack", () => {
    const length = 6000;
    const chain: Record<string, string> = {};
    for (let index = 0; index < length; index++) chain[`src/m${index}.ts`] = index + 1 < length ? `import "./m${index + 1}.js";` : "export const end = 1;";
    const root = tempProject(chain);
    const graph = new ImportGraph(new ProjectModel(root));
    const [start] = graph.importsOf(path.join(root, "src/m0.ts"));
    const end = path.join(root, `src/m${length - 1}.ts`);
    const hit = graph.search(start, { stopAt: (edge) => (edge.to === end ? true : undefined), follow: () => true });
    expect(hit?.path).toHaveLength(length - 1);
    expect(graph.filesResolved).toBe(length - 1);
  });
});

describe("importGraphOf", () => {
  it("gives one graph per project version, and a new one when a parse is replaced", () => {
    const root = tempProject({ "src/a.ts": `import "./x.js";`, "src/x.ts": "", "src/y.ts": "" });
    const project = new ProjectModel(root);
    const file = path.join(root, "src/a.ts");
    const first = importGraphOf(project);
    expect(show(first.importsOf(file), root)).toEqual(["import ./x.js → src/x.ts"]);
    expect(importGraphOf(project)).toBe(first);
    project.setSourceFile(parseSourceFile(file, `import "./y.js";`));
    const second = importGraphOf(project);
    expect(second).not.toBe(first);
    expect(second.version).toBe(project.version);
    expect(show(second.importsOf(file), root)).toEqual(["import ./y.js → src/y.ts"]);
  });

  it("resolves each file once per graph", () => {
    const root = tempProject({ "src/a.ts": `import "./b.js";`, "src/b.ts": "" });
    const graph = importGraphOf(new ProjectModel(root));
    graph.importsOf(path.join(root, "src/a.ts"));
    graph.importsOf(path.join(root, "src/a.ts"));
    expect(graph.filesResolved).toBe(1);
  });
});
