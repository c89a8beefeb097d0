import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fileSteps, LayerSteps, programSteps } from "../../src/analysis/layer-steps.js";
import { LayerModel, layerModelOf } from "../../src/analysis/layers.js";
import { loadConfig, resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { createAnalysisContext } from "../../src/engine/rule.js";
import { ProjectModel } from "../../src/engine/project.js";
import { ruleOptionSchemas } from "../../src/rule-registry.js";

const layersDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/layers");

/** The analysis of one of the layer projects, its layer model, and a file of it. */
function project(dir: string) {
  const root = path.join(layersDir, dir);
  const config = loadConfig({ searchFrom: root, rules: ruleOptionSchemas });
  const analysis = loadAnalysis(config);
  const model = layerModelOf(config, analysis.schema.generatorOutputs, analysis.project);
  return { analysis, model, file: (relative: string) => path.join(root, relative) };
}

describe("LayerSteps", () => {
  it("lets the layers above a skipped layer import what it may", () => {
    const model = new LayerModel(resolveConfig({}, { rootDir: "/p", rules: {} }));
    const steps = new LayerSteps(model, new Map([["services", "no file is in it"]]));
    expect(steps.allowed("routes")).toEqual(["services", "repositories"]);
    expect(steps.mayImport("routes", "repositories")).toBe(true);
    expect(steps.mayTouchData("routes")).toBe(false);
    expect(steps.steppedOver("routes", "data")).toEqual(["services"]);
    expect(steps.dataLayers()).toEqual(["repositories"]);
    const none = new LayerSteps(model, new Map());
    expect(none.allowed("routes")).toEqual(["services"]);
    expect(none.steppedOver("routes", "data")).toEqual([]);
  });
});

describe("the steps a program has", () => {
  it("has every layer when routes go through services to repositories to data", () => {
    const { analysis, model, file } = project(".");
    expect([...programSteps(analysis, model, file("src/routes/items.ts")).skipped]).toEqual([]);
  });

  it("skips a services layer no route goes through: routes may query, and what queries in no layer is no side door", () => {
    // no-services/ has src/services/mailer.service.ts, which no route imports
    const { analysis, model, file } = project("no-services");
    const steps = programSteps(analysis, model, file("src/routes/items.ts"));
    expect([...steps.skipped]).toEqual([["services", "the program does not go through it"]]);
    expect(steps.mayTouchData("routes")).toBe(true);
  });

  it("skips, for a feature folder, a layer it has no file of", () => {
    const { analysis, model, file } = project("features");
    expect([...fileSteps(analysis, model, file("src/modules/items/items.controller.ts")).skipped]).toEqual([]);
    const billing = fileSteps(analysis, model, file("src/modules/billing/billing.service.ts"));
    expect([...billing.skipped]).toEqual([["repositories", "src/modules/billing/ has none"]]);
    expect(billing.mayTouchData("services")).toBe(true);
    expect(billing.mayTouchData("routes")).toBe(false);
    const reports = fileSteps(analysis, model, file("src/modules/reports/reports.controller.ts"));
    expect([...reports.skipped]).toEqual([["services", "src/modules/reports/ has none"]]);
    expect(reports.mayImport("routes", "repositories")).toBe(true);
    // the program as a whole has every layer
    expect([...programSteps(analysis, model, file("src/modules/billing/billing.service.ts")).skipped]).toEqual([]);
  });

  it("skips nothing when the program is unknown (a tsconfig that lists no file)", () => {
    const root = path.join(layersDir, "no-services");
    const config = loadConfig({ searchFrom: root, rules: ruleOptionSchemas });
    const loaded = loadAnalysis(config);
    const analysis = createAnalysisContext(config, loaded.schema, new ProjectModel(root));
    const model = layerModelOf(config, loaded.schema.generatorOutputs, analysis.project);
    expect([...programSteps(analysis, model, path.join(root, "src/routes/items.ts")).skipped]).toEqual([]);
  });
});
