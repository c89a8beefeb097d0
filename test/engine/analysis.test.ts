import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { BASIC_SCHEMA, tempProject } from "./helpers.js";

describe("loadAnalysis", () => {
  const project = () => tempProject({ "package.json": "{}", "prisma/schema.prisma": fs.readFileSync(BASIC_SCHEMA, "utf8"), "src/a.ts": "" });

  it("in a long-lived process, gives every rule and file of one config the same context, so they share memoised values", () => {
    const config = resolveConfig({}, { rootDir: project(), rules: {} });
    const first = loadAnalysis(config, { watchDisk: true });
    expect(loadAnalysis(config, { watchDisk: true })).toBe(first);
    // Another config of the same project: its own context (and evaluator), the same project.
    const other = loadAnalysis(resolveConfig({ clientModules: ["src/db.ts"] }, { rootDir: config.rootDir, rules: {} }), { watchDisk: true });
    expect([other === first, other.evaluator === first.evaluator, other.project === first.project]).toEqual([false, false, true]);
  });

  it("in a one-shot run, builds a new context each time", () => {
    const config = resolveConfig({}, { rootDir: project(), rules: {} });
    expect(loadAnalysis(config)).not.toBe(loadAnalysis(config));
  });
});
