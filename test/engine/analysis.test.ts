import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { findCallers } from "../../src/engine/callers.js";
import { ts } from "../../src/engine/ts.js";
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

describe("the program the whole-project passes read", () => {
  const files = {
    "package.json": "{}",
    "prisma/schema.prisma": fs.readFileSync(BASIC_SCHEMA, "utf8"),
    "src/a.ts": "export function helper() {}\n",
    "src/b.ts": 'import { helper } from "./a";\nhelper();\n',
    "src/generated/prisma/x.ts": 'import { helper } from "../../a";\nhelper();\n',
  };
  const helperIn = (analysis: ReturnType<typeof loadAnalysis>) => {
    const sourceFile = analysis.project.getSourceFile(`${analysis.config.rootDir}/src/a.ts`)!;
    return sourceFile.statements.find(ts.isFunctionDeclaration)!;
  };
  const callerFiles = (analysis: ReturnType<typeof loadAnalysis>) =>
    findCallers(analysis.project, helperIn(analysis)).map((call) => call.getSourceFile().fileName.slice(analysis.config.rootDir.length + 1));

  it("leaves generated code out; an edited ignore that puts it back (and takes it out again) changes the callers found", () => {
    const rootDir = tempProject(files);
    const byDefault = loadAnalysis(resolveConfig({}, { rootDir, rules: {} }), { watchDisk: true });
    expect(callerFiles(byDefault)).toEqual(["src/b.ts"]);
    const putBack = loadAnalysis(resolveConfig({ ignore: ["!**/generated/prisma/**"] }, { rootDir, rules: {} }), { watchDisk: true });
    expect(putBack.project).toBe(byDefault.project);
    expect(callerFiles(putBack).sort()).toEqual(["src/b.ts", "src/generated/prisma/x.ts"]);
    expect(callerFiles(loadAnalysis(resolveConfig({}, { rootDir, rules: {} }), { watchDisk: true }))).toEqual(["src/b.ts"]);
  });
});
