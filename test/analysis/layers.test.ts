import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { importGraphOf, type ImportEdge } from "../../src/analysis/import-graph.js";
import { layerGraph, layerModelOf, LayerModel, prismaAccesses, withLayerFindings, type LayerDependency } from "../../src/analysis/layers.js";
import { layerGraphMermaid } from "../../src/reporters/layer-graph-mermaid.js";
import { layerGraphView } from "../../src/reporters/report-parts.js";
import { loadConfig, resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";

const layersDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/layers");

/** A layer model of a config with this `layers` section, rooted at /p. */
function model(layers: Record<string, unknown>, extra: Record<string, unknown> = {}, outputs: string[] = []) {
  return new LayerModel(resolveConfig({ layers, ...extra }, { rootDir: "/p", rules: {} }), outputs);
}

const edge = (specifier: string, to?: string): ImportEdge => ({ from: "/p/src/routes/a.ts", specifier, to, kind: "import", typeOnly: false, node: undefined as never });

describe("LayerModel", () => {
  it("places files by the preset's globs, relative to the config; other files are in no layer", () => {
    const layers = model({});
    expect(layers.layerOf("/p/src/routes/items.ts")).toBe("routes");
    expect(layers.layerOf("/p/src/items.controller.ts")).toBe("routes");
    expect(layers.layerOf("/p/src/services/item-service.ts")).toBe("services");
    expect(layers.layerOf("/p/src/repositories/items.ts")).toBe("repositories");
    expect(layers.layerOf("/p/src/db/client.ts")).toBe("data");
    expect(layers.layerOf("/p/src/generated/prisma/client.ts")).toBe("data");
    expect(layers.layerOf("/p/src/server.ts")).toBeUndefined();
    expect(layers.layerOf("/p/src/middleware/auth.ts")).toBeUndefined();
  });

  it("puts a file that matches several layers in the first one of layers.definitions", () => {
    const layers = model({ definitions: { services: ["src/services/**", "src/shared/**"], shared: ["src/shared/**"] } });
    expect(layers.layers).toEqual(["routes", "services", "repositories", "data", "shared"]);
    expect(layers.layerOf("/p/src/shared/x.ts")).toBe("services");
  });

  it("matches folders without regard to case", () => {
    const layers = model({});
    expect(layers.layerOf("/p/src/Controllers/BookController.ts")).toBe("routes");
    expect(layers.layerOf("/p/src/Config/Database/DAO/BookDao.ts")).toBe("repositories");
  });

  it("puts a file a folder glob and a file-name glob both claim in the layer its name says", () => {
    const layers = model({});
    // routes/ by folder, services by name
    expect(layers.layerOf("/p/src/app/routes/article/article.service.ts")).toBe("services");
    // data by folder (prisma/), services by name: without the file's content, its name
    expect(layers.layerOf("/p/src/prisma/prisma.service.ts")).toBe("services");
  });

  it("puts a file two layers claim, one of them data, in data when it is the Prisma client itself", () => {
    const sources: Record<string, string> = {
      "/p/src/prisma/prisma.service.ts": "export class PrismaService extends PrismaClient {}",
      "/p/src/prisma/audit.service.ts": "export class AuditService {}",
    };
    const layers = new LayerModel(resolveConfig({}, { rootDir: "/p", rules: {} }), {
      readFile: (file) => (file in sources ? parseSourceFile(file, sources[file]) : undefined),
    });
    expect(layers.layerOf("/p/src/prisma/prisma.service.ts")).toBe("data");
    expect(layers.layerOf("/p/src/prisma/audit.service.ts")).toBe("services");
  });

  it("keeps files named for a role of the HTTP framework out of a layer their folder names", () => {
    const layers = model({});
    expect(layers.layerOf("/p/src/services/auth/jwt.guard.ts")).toBeUndefined();
    expect(layers.layerOf("/p/src/services/auth/auth.middleware.ts")).toBeUndefined();
    expect(layers.layerOf("/p/src/services/auth/auth.module.ts")).toBeUndefined();
    expect(layers.layerOf("/p/src/services/auth/permissions/subscription.exception.ts")).toBeUndefined();
    expect(layers.layerOf("/p/src/prisma/prisma.module.ts")).toBeUndefined();
    expect(layers.layerOf("/p/src/services/auth/auth.service.ts")).toBe("services");
    // named in a layer's globs by file name, such a file is placed
    expect(model({ definitions: { routes: ["**/*.guard.ts"] } }).layerOf("/p/src/services/auth/jwt.guard.ts")).toBe("routes");
  });

  it("places a file outside the config's folder (a shared package of a monorepo) by its path below the ../ steps", () => {
    const layers = model({ preset: "two-layer" });
    expect(layers.layerOf("/libraries/shared/src/database/prisma/users/users.service.ts")).toBe("services");
    expect(layers.layerOf("/libraries/shared/src/database/prisma/users/users.repository.ts")).toBe("data");
    expect(layers.layerOf("/libraries/shared/src/utils/dates.ts")).toBeUndefined();
  });

  it("places modules named for their queries in the layer that holds the queries", () => {
    expect(model({}).layerOf("/p/src/modules/task/task.query.ts")).toBe("repositories");
    expect(model({}).layerOf("/p/src/features/poll/mutations.ts")).toBe("repositories");
    expect(model({ preset: "two-layer" }).layerOf("/p/src/features/poll/data.ts")).toBe("services");
    // `_route.ts` (a private file of Next.js) is no route: the name needs a prefix
    expect(model({}).layerOf("/p/app/api/auth/_route.ts")).toBeUndefined();
    expect(model({}).layerOf("/p/src/user_route.ts")).toBe("routes");
  });

  it("leaves a helper of a feature folder under a layer's folder in no layer", () => {
    // test/projects/layers/src/routes/article holds article.service.ts beside article.controller.ts
    const config = loadConfig({ searchFrom: layersDir, rules: ruleOptionSchemas });
    const layers = layerModelOf(config);
    expect(layers.layerOf(path.join(layersDir, "src/routes/article/article.mapper.ts"))).toBeUndefined();
    expect(layers.layerOf(path.join(layersDir, "src/routes/article/article.controller.ts"))).toBe("routes");
    expect(layers.isLayerFolder(path.join(layersDir, "src/routes"))).toBe(true);
    expect(layers.isLayerFolder(path.join(layersDir, "src/routes/article"))).toBe(false);
  });

  it("counts clientModules and the schema's generator output as data", () => {
    const layers = model({}, { clientModules: ["src/lib/orm.ts"] }, ["/p/src/lib/generated"]);
    expect(layers.layerOf("/p/src/lib/orm.ts")).toBe("data");
    expect(layers.layerOf("/p/src/lib/generated/index.ts")).toBe("data");
    expect(layers.layerOf("/p/src/lib/other.ts")).toBeUndefined();
  });

  it("counts the generated client's packages as data, other packages as no layer", () => {
    const layers = model({});
    expect(layers.layerOfImport(edge("@prisma/client"))).toBe("data");
    expect(layers.layerOfImport(edge(".prisma/client/default"))).toBe("data");
    expect(layers.layerOfImport(edge("../generated/prisma/client.js"))).toBe("data");
    expect(layers.layerOfImport(edge("express"))).toBeUndefined();
    expect(layers.layerOfImport(edge("./x.js", "/p/src/services/x.ts"))).toBe("services");
  });

  it("knows what each layer may import, reach and touch in the three-layer preset", () => {
    const layers = model({});
    expect(layers.mayImport("routes", "services")).toBe(true);
    expect(layers.mayImport("routes", "routes")).toBe(true);
    expect(layers.mayImport("routes", "repositories")).toBe(false);
    expect(layers.mayImport("repositories", "services")).toBe(false);
    expect(layers.mayReach("routes", "data")).toBe(true);
    expect(layers.mayReach("data", "routes")).toBe(false);
    expect(layers.mayTouchData("repositories")).toBe(true);
    expect(layers.mayTouchData("data")).toBe(true);
    expect(layers.mayTouchData("services")).toBe(false);
    expect(layers.dataLayers()).toEqual(["repositories"]);
    expect([...layers.httpFreeLayers]).toEqual(["services", "repositories", "data"]);
    expect(layers.httpLayers()).toEqual(["routes"]);
  });

  it("in the two-layer preset services touch data", () => {
    const layers = model({ preset: "two-layer" });
    expect(layers.layers).toEqual(["routes", "services", "data"]);
    expect(layers.layerOf("/p/src/repositories/x.ts")).toBeUndefined();
    expect(layers.dataLayers()).toEqual(["services"]);
    expect(layers.mayTouchData("routes")).toBe(false);
  });

  it("sees a chain of allowed imports back as reachability (what makes a cycle reportable)", () => {
    const layers = model({ allow: { repositories: ["data", "services"] } });
    expect(layers.mayReach("repositories", "services")).toBe(true);
    expect(layers.mayReach("services", "services")).toBe(true);
    expect(layers.mayReach("routes", "routes")).toBe(false);
  });

  it("is one model per config", () => {
    const config = resolveConfig({}, { rootDir: "/p", rules: {} });
    expect(layerModelOf(config)).toBe(layerModelOf(config));
  });
});

describe("layerGraph", () => {
  it("aggregates the program's imports by layer, with counts and whether the config allows them", () => {
    const config = loadConfig({ searchFrom: layersDir, rules: ruleOptionSchemas });
    const analysis = loadAnalysis(config);
    const graph = importGraphOf(analysis.project);
    const rows = layerGraph(layerModelOf(config), graph).map(
      (d) => `${d.from ?? "-"} → ${d.to ?? "-"} ×${d.count} (${d.typeOnlyCount} type)${d.allowed ? "" : `, not allowed: ${d.forbiddenCount} reported`}`,
    );
    expect(rows).toEqual([
      "routes → services ×2 (0 type)",
      "routes → repositories ×1 (1 type), not allowed: 0 reported",
      "routes → - ×3 (1 type)",
      "services → services ×1 (0 type)",
      "services → repositories ×2 (0 type)",
      "services → - ×1 (0 type)",
      "repositories → repositories ×1 (0 type)",
      "repositories → data ×1 (0 type)",
      "data → data ×1 (0 type)",
      "- → services ×1 (0 type)",
      "- → data ×5 (0 type)",
      "- → - ×3 (1 type)",
    ]);
  });
});

describe("prismaAccesses", () => {
  const analysis = () => loadAnalysis(resolveConfig({}, { rootDir: layersDir, rules: {} }));
  const accesses = (code: string) =>
    prismaAccesses(parseSourceFile(path.join(layersDir, "src/routes/probe.ts"), `import { prisma } from "../db/client.js";\n${code}`), analysis()).map((a) => a.text);

  it("finds model operations and the client's $ methods, tagged templates included", () => {
    expect(accesses("prisma.item.findMany();\nprisma.$queryRaw`SELECT 1`;\nprisma.$executeRawUnsafe('x');\nprisma.$on('query', () => {});")).toEqual([
      "prisma.item.findMany",
      "prisma.$queryRaw",
      "prisma.$executeRawUnsafe",
      "prisma.$on",
    ]);
  });

  it("keeps only the outermost access: the queries of a transaction are part of it", () => {
    expect(accesses("prisma.$transaction(async (tx) => { await tx.item.create({ data: { id: '1', name: 'a' } }); });\nprisma.$transaction([prisma.item.count()]);")).toEqual([
      "prisma.$transaction",
      "prisma.$transaction",
    ]);
  });

  it("ignores $ methods of other objects and operations on non-clients", () => {
    expect(accesses("emitter.$on('x', () => {});\nconst items = new Map();\nitems.delete('a');\n$('#id');")).toEqual([]);
  });
});

describe("layerGraph of a project with violations", () => {
  it("counts the imports that cross a boundary in a forbidden direction", () => {
    const config = loadConfig({ searchFrom: path.join(layersDir, "../../../fixtures/reference-api"), rules: ruleOptionSchemas });
    const analysis = loadAnalysis(config);
    const forbidden = layerGraph(layerModelOf(config, analysis.schema.generatorOutputs), importGraphOf(analysis.project))
      .filter((d) => d.forbiddenCount > 0)
      .map((d) => `${d.from} → ${d.to} ×${d.forbiddenCount}`);
    // the planted defects: a route importing a repository and the client, a repository importing a service
    expect(forbidden).toEqual(["routes → repositories ×1", "routes → data ×1", "repositories → services ×1"]);
  });
});

describe("withLayerFindings", () => {
  const model = new LayerModel(resolveConfig({}, { rootDir: "/p", rules: {} }), []);
  const edge = (from: string | null, to: string | null, count: number): LayerDependency => ({ from, to, count, typeOnlyCount: 0, allowed: true, forbiddenCount: 0, findingCount: 0 });
  const graph = [edge("routes", "services", 3), edge("routes", null, 2), edge(null, "data", 1)];
  const reachesData = (messageId: string) => messageId !== "forbiddenImport";

  it("draws a finding that reaches the data layer with allowed imports only: on the edge there, added when the code has none", () => {
    const drawn = withLayerFindings(
      graph,
      [
        { filePath: "/p/src/routes/a.ts", messageIds: ["sideDoor", "dataAccess", "forbiddenImport"] },
        { filePath: "/p/src/lib/stats.ts", messageIds: ["neutralDataAccess"] },
      ],
      model,
      reachesData,
    );
    expect(drawn.map((dependency) => `${dependency.from} → ${dependency.to} imports:${dependency.count} findings:${dependency.findingCount}`)).toEqual([
      "routes → services imports:3 findings:0",
      "routes → data imports:0 findings:2",
      "routes → null imports:2 findings:0",
      "null → data imports:1 findings:1",
    ]);
    expect(graph.every((dependency) => dependency.findingCount === 0)).toBe(true);
    const mermaid = layerGraphMermaid(layerGraphView({ layers: [...model.layers], layerGraph: drawn }));
    expect(mermaid).toContain('L0 -->|"2 layer findings"| L3');
    expect(mermaid).toContain('L4 -->|"1 import, 1 layer finding"| L3');
    expect(mermaid).toContain("linkStyle 1,3 stroke:#cf222e");
  });
});
