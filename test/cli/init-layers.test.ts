/** The layers `init` finds: by folder and by file name, never in tests, seeds or scripts (exact inspections). */
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { LAYER_PRESETS } from "../../src/config/defaults.js";
import { inspectProject } from "../../src/cli/init/inspect.js";
import { inspectLayers } from "../../src/cli/init/layer-inspection.js";
import { renderConfig } from "../../src/cli/init/render.js";
import { project } from "../schema/helpers.js";

const THREE_LAYER = LAYER_PRESETS["three-layer"].definitions;
const TWO_LAYER = LAYER_PRESETS["two-layer"].definitions;

describe("test folders are never a layer", () => {
  it("does not take src/tests/services for the services layer", async () => {
    const root = project({
      "src/tests/services/items.ts": "",
      "src/__tests__/repositories/items.ts": "",
      "src/e2e/routes/items.ts": "",
      "src/routes/items.ts": "",
    });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "src/",
      folders: [{ layer: "routes", folder: "src/routes", coveredByPreset: true }],
      namedFiles: [],
      preset: "two-layer",
      definitions: {},
    });
  });

  it("takes the services folder beside it (the valid twin)", async () => {
    const root = project({ "src/tests/services/items.ts": "", "src/services/items.ts": "", "src/routes/items.ts": "" });
    expect((await inspectLayers(root)).folders).toStrictEqual([
      { layer: "routes", folder: "src/routes", coveredByPreset: true },
      { layer: "services", folder: "src/services", coveredByPreset: true },
    ]);
  });

  it("does not count test files named by layer, only their subjects", async () => {
    const root = project({
      "src/items/items.service.ts": "",
      "src/items/items.service.spec.ts": "",
      "src/items/items.controller.test.ts": "",
      "test/users.repository.ts": "",
    });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "src/",
      folders: [],
      namedFiles: [{ layer: "services", pattern: "*.service.ts", count: 1, coveredByPreset: true }],
      preset: "two-layer",
      definitions: {},
    });
  });

  it("finds nothing in a project whose only layer folders are tests", async () => {
    const root = project({ "test/services/items.ts": "", "tests/repositories/items.ts": "", "app.ts": "" });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "the project",
      folders: [],
      namedFiles: [],
      preset: "two-layer",
      definitions: {},
    });
  });
});

describe("seeds, scripts and migrations are never a layer", () => {
  it("does not take prisma/seed.ts, prisma/seeds/ or prisma/migrations/ for the data layer", async () => {
    const root = project({
      "prisma/seed.ts": "",
      "prisma/seeds/users.ts": "",
      "prisma/migrations/20250101_init/backfill.ts": "",
      "scripts/services/backfill.ts": "",
      "seed/repositories/users.ts": "",
      "app.ts": "",
    });
    expect((await inspectLayers(root)).folders).toStrictEqual([]);
  });

  it("takes prisma/client.ts beside the seed for the data layer (the valid twin)", async () => {
    const root = project({ "prisma/seed.ts": "", "prisma/client.ts": "", "app.ts": "" });
    expect((await inspectLayers(root)).folders).toStrictEqual([{ layer: "data", folder: "prisma", coveredByPreset: true }]);
  });

  it("has a data glob that leaves seeds and migrations out, at the root", () => {
    const isData = picomatch([...THREE_LAYER.data], { dot: true });
    expect(isData("prisma/seed.ts")).toBe(false);
    expect(isData("prisma/seeds/users.ts")).toBe(false);
    expect(isData("prisma/migrations/20250101_init/backfill.ts")).toBe(false);
    expect(isData("src/db/seed.ts")).toBe(false);
    expect(isData("src/db/migrations/001.ts")).toBe(false);
    expect(isData("prisma/client.ts")).toBe(true);
    expect(isData("src/prisma/prisma.service.ts")).toBe(true);
    expect(isData("src/db/client.ts")).toBe(true);
    expect(isData("src/db/migrate.ts")).toBe(true);
    expect(isData("src/generated/prisma/client.ts")).toBe(true);
  });
});

describe("layers by file name", () => {
  it("recognises router.user.ts, user_route.ts, users.router.ts, users.resolver.ts, dao/, routers/ and feature modules", async () => {
    const root = project({
      "src/router.user.ts": "",
      "src/user_route.ts": "",
      "src/users.router.ts": "",
      "src/routers/index.ts": "",
      "src/dao/users.ts": "",
      "src/modules/users/users.controller.ts": "",
      "src/modules/users/users.resolver.ts": "",
      "src/modules/users/users.service.ts": "",
      "src/modules/users/users.dao.ts": "",
      "src/modules/users/users.module.ts": "",
      "src/modules/users/dto/create-user.dto.ts": "",
      "src/lib/router-utils.ts": "",
      "src/lib/user.routing.ts": "",
    });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "src/",
      folders: [
        { layer: "routes", folder: "src/routers", coveredByPreset: true },
        { layer: "repositories", folder: "src/dao", coveredByPreset: true },
      ],
      namedFiles: [
        { layer: "routes", pattern: "*.controller.ts", count: 1, coveredByPreset: true },
        { layer: "routes", pattern: "*.resolver.ts", count: 1, coveredByPreset: true },
        { layer: "routes", pattern: "*.router.ts", count: 1, coveredByPreset: true },
        { layer: "routes", pattern: "*_route.ts", count: 1, coveredByPreset: true },
        { layer: "routes", pattern: "router.*.ts", count: 1, coveredByPreset: true },
        { layer: "services", pattern: "*.service.ts", count: 1, coveredByPreset: true },
        { layer: "repositories", pattern: "*.dao.ts", count: 1, coveredByPreset: true },
      ],
      preset: "three-layer",
      definitions: {},
    });
  });

  it("puts each of those files in its layer with the preset alone", () => {
    const layerOf = (file: string) =>
      Object.entries(THREE_LAYER).find(([, globs]) => picomatch([...globs], { dot: true })(file))?.[0];
    expect(layerOf("src/router.user.ts")).toBe("routes");
    expect(layerOf("src/user_route.ts")).toBe("routes");
    expect(layerOf("src/users.router.ts")).toBe("routes");
    expect(layerOf("src/routers/index.ts")).toBe("routes");
    expect(layerOf("src/user_controller.ts")).toBe("routes");
    expect(layerOf("src/modules/users/users.controller.ts")).toBe("routes");
    expect(layerOf("src/modules/users/users.service.ts")).toBe("services");
    expect(layerOf("src/dao/users.ts")).toBe("repositories");
    expect(layerOf("src/dal/users.ts")).toBe("repositories");
    expect(layerOf("src/users.dao.ts")).toBe("repositories");
    expect(layerOf("src/modules/users/users.resolver.ts")).toBe("routes");
    expect(layerOf("src/graphql/resolvers/users.ts")).toBe("routes");
    expect(layerOf("src/modules/users/users.module.ts")).toBeUndefined();
    expect(layerOf("src/lib/resolve-user.ts")).toBeUndefined();
    expect(layerOf("src/lib/router-utils.ts")).toBeUndefined();
    expect(layerOf("src/lib/user.routing.ts")).toBeUndefined();
  });

  it("adds the file names the preset's globs miss to their layer", async () => {
    const root = project({
      "src/controller.users.ts": "",
      "src/items.service.mts": "",
      "src/users.service.ts": "",
    });
    expect(await inspectLayers(root)).toStrictEqual({
      searched: "src/",
      folders: [],
      namedFiles: [
        { layer: "routes", pattern: "controller.*.ts", count: 1, coveredByPreset: false },
        { layer: "services", pattern: "*.service.mts", count: 1, coveredByPreset: false },
        { layer: "services", pattern: "*.service.ts", count: 1, coveredByPreset: true },
      ],
      preset: "two-layer",
      definitions: {
        routes: [...TWO_LAYER.routes, "**/controller.*.ts"],
        services: [...TWO_LAYER.services, "**/*.service.mts"],
      },
    });
  });

  it("writes them into the config with the folders the preset misses", async () => {
    const root = project({
      "src/controller.users.ts": "",
      "src/repos/users.ts": "",
      "src/tests/repos/users.ts": "",
    });
    const text = renderConfig(await inspectProject(root), "esm");
    expect(text.slice(text.indexOf("  layers: {"))).toBe(`  layers: {
    // Layers found under src/: src/repos (repositories), 1 file controller.*.ts (routes).
    // A repositories layer exists, so the three-layer preset: routes → services → repositories → data.
    preset: "three-layer",
    // Folders and file names the preset's globs miss, added to their layer (with the preset's globs of that layer):
    definitions: {
      routes: ["**/routes/**", "**/routers/**", "**/controllers/**", "**/resolvers/**", "**/*.{routes,route,router,controller,resolver}.ts", "**/?*_{routes,route,router,controller,resolver}.ts", "**/{routes,router}.*.ts", "**/controller.*.ts"],
      repositories: ["**/repositories/**", "**/dao/**", "**/dal/**", "**/*.{repository,dao}.ts", "**/*_{repository,dao}.ts", "**/*.{query,queries,mutation,mutations}.ts", "**/{queries,mutations,data}.ts", "src/repos/**"],
    },
  },
};
`);
  });
});
