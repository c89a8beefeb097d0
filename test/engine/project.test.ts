import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { registerTextFacet } from "../../src/engine/dependencies.js";
import { parseDiagnostics, parseSourceFile, ProjectModel } from "../../src/engine/project.js";
import { ts } from "../../src/engine/ts.js";
import { tempProject } from "./helpers.js";

describe("ProjectModel.resolveModule", () => {
  it("an ESM `.js` specifier names the `.ts` file next to it", () => {
    const root = tempProject({ "src/a.ts": "", "src/lib/b.ts": "" });
    const project = new ProjectModel(root);
    expect(project.resolveModule("./lib/b.js", path.join(root, "src/a.ts"))).toBe(path.join(root, "src/lib/b.ts"));
  });

  it("an extensionless specifier and a folder with an index", () => {
    const root = tempProject({ "src/a.ts": "", "src/b.ts": "", "src/lib/index.ts": "" });
    const project = new ProjectModel(root);
    expect(project.resolveModule("./b", path.join(root, "src/a.ts"))).toBe(path.join(root, "src/b.ts"));
    expect(project.resolveModule("./lib", path.join(root, "src/a.ts"))).toBe(path.join(root, "src/lib/index.ts"));
  });

  it("a tsconfig paths alias", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { moduleResolution: "Bundler", module: "ESNext", paths: { "@/*": ["./src/*"] } } }),
      "src/routes/a.ts": "",
      "src/lib/x.ts": "",
    });
    const project = ProjectModel.load(root);
    expect(project.resolveModule("@/lib/x", path.join(root, "src/routes/a.ts"))).toBe(path.join(root, "src/lib/x.ts"));
  });

  it("a package import is undefined, even when the package resolves", () => {
    const root = tempProject({
      "src/a.ts": "",
      "node_modules/some-pkg/package.json": JSON.stringify({ name: "some-pkg", main: "index.js" }),
      "node_modules/some-pkg/index.js": "module.exports = {};",
    });
    const project = new ProjectModel(root);
    expect(project.resolveModule("some-pkg", path.join(root, "src/a.ts"))).toBeUndefined();
  });

  it("a package name resolves per folder with its own node_modules or package.json, and alike in the folders below it", () => {
    // Subpath imports (`#shared`) come from the nearest package.json, so the answers differ by scope.
    const root = tempProject({
      "package.json": JSON.stringify({ name: "root", imports: { "#shared": "./src/shared.ts" } }),
      "src/shared.ts": "",
      "src/deep/er/y.ts": "",
      "packages/a/node_modules/.keep": "",
      "packages/a/src/x.ts": "",
      "packages/b/package.json": JSON.stringify({ name: "b", imports: { "#shared": "./lib/shared.ts" } }),
      "packages/b/lib/shared.ts": "",
      "packages/b/src/w.ts": "",
      "packages/b/src/deep/v.ts": "",
    });
    const project = new ProjectModel(root);
    const resolve = (from: string) => project.resolveModule("#shared", path.join(root, from));
    expect(resolve("src/deep/er/y.ts")).toBe(path.join(root, "src/shared.ts"));
    expect(resolve("packages/b/src/w.ts")).toBe(path.join(root, "packages/b/lib/shared.ts"));
    expect(resolve("packages/b/src/deep/v.ts")).toBe(path.join(root, "packages/b/lib/shared.ts"));
    expect(resolve("packages/a/src/x.ts")).toBe(path.join(root, "src/shared.ts"));
    const files = ["src/deep/er/y.ts", "packages/b/src/deep/v.ts", "packages/a/src/x.ts", "packages/b/src/w.ts"];
    for (const from of files) expect(new ProjectModel(root).resolveModule("#shared", path.join(root, from))).toBe(resolve(from));
  });

  it("a specifier that resolves to a declaration file is undefined", () => {
    const root = tempProject({ "src/a.ts": "", "src/types.d.ts": "export type A = 1;" });
    const project = new ProjectModel(root);
    expect(project.resolveModule("./types", path.join(root, "src/a.ts"))).toBeUndefined();
  });

  it("answers a relative specifier to a tsconfig file as TypeScript does, without asking TypeScript", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ compilerOptions: { moduleResolution: "Bundler", module: "ESNext", allowJs: true }, include: ["src"], exclude: ["src/excluded.ts"] }),
      "src/a.ts": "",
      "src/b.ts": "",
      "src/both.ts": "",
      "src/both.tsx": "",
      "src/x.service.ts": "",
      "src/c.js": "",
      "src/d.mts": "",
      "src/excluded.ts": "",
      "src/lib/index.ts": "",
      "src/deep/e.ts": "",
    });
    const project = ProjectModel.load(root);
    const typescriptOnly = new ProjectModel(root, project.compilerOptions);
    const specifiers = ["./b.js", "./b", "./both", "./x.service", "./x.service.js", "./c.js", "./c", "./d.mjs", "./excluded.js", "./lib", "./deep/e.js", "./missing.js"];
    const from = path.join(root, "src/a.ts");
    const answers = specifiers.map((specifier) => project.resolveModule(specifier, from));
    expect(answers).toEqual(specifiers.map((specifier) => typescriptOnly.resolveModule(specifier, from)));
    expect(answers.map((answer) => answer && path.relative(root, answer))).toEqual([
      "src/b.ts",
      "src/b.ts",
      "src/both.ts",
      "src/x.service.ts",
      "src/x.service.ts",
      "src/c.js",
      "src/c.js",
      "src/d.mts",
      "src/excluded.ts",
      "src/lib/index.ts",
      "src/deep/e.ts",
      undefined,
    ]);
    expect(project.resolveModule("../a.js", path.join(root, "src/deep/e.ts"))).toBe(from);

    // A fresh model, so nothing is cached: specifiers naming a tsconfig file never reach the disk.
    const fresh = ProjectModel.load(root);
    const fileExists = vi.spyOn(ts.sys, "fileExists");
    const directoryExists = vi.spyOn(ts.sys, "directoryExists");
    try {
      const known = ["./b.js", "./b", "./both", "./x.service", "./x.service.js", "./d.mjs", "./deep/e.js"];
      expect(known.map((specifier) => path.relative(root, fresh.resolveModule(specifier, from)!))).toEqual([
        "src/b.ts",
        "src/b.ts",
        "src/both.ts",
        "src/x.service.ts",
        "src/x.service.ts",
        "src/d.mts",
        "src/deep/e.ts",
      ]);
      expect(fileExists).not.toHaveBeenCalled();
      expect(directoryExists).not.toHaveBeenCalled();
    } finally {
      fileExists.mockRestore();
      directoryExists.mockRestore();
    }
  });

  it("a missing file is undefined", () => {
    const root = tempProject({ "src/a.ts": "" });
    const project = new ProjectModel(root);
    expect(project.resolveModule("./missing.js", path.join(root, "src/a.ts"))).toBeUndefined();
  });
});

describe("ProjectModel.load", () => {
  it("reads the tsconfig's files", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ include: ["src"] }),
      "src/a.ts": "",
      "src/b.ts": "",
      "scripts/c.ts": "",
    });
    expect(ProjectModel.load(root).tsconfigFiles).toEqual([path.join(root, "src/a.ts"), path.join(root, "src/b.ts")]);
  });

  it("without a tsconfig: every TypeScript file under the root (not node_modules, not .d.ts), default resolution, and a warning", () => {
    const root = tempProject({ "src/a.ts": "", "src/b.ts": "", "src/c.d.ts": "", "node_modules/x/index.ts": "" });
    const project = ProjectModel.load(root);
    expect(project.tsconfigFiles).toEqual([path.join(root, "src/a.ts"), path.join(root, "src/b.ts")]);
    expect(project.tsconfigWarnings).toEqual([`no tsconfig.json in ${root} or above: analysing every TypeScript file under it`]);
    expect(project.resolveModule("./b.js", path.join(root, "src/a.ts"))).toBe(path.join(root, "src/b.ts"));
  });

  it("with a broken tsconfig: defaults, every TypeScript file, and a warning at its position", () => {
    const root = tempProject({ "tsconfig.json": "{ not json", "src/a.ts": "" });
    const project = ProjectModel.load(root);
    expect(project.tsconfigFiles).toEqual([path.join(root, "src/a.ts")]);
    expect(project.rootDir).toBe(root);
    expect(project.tsconfigWarnings).toEqual([`${path.join(root, "tsconfig.json")}:1:7: ',' expected; analysing every TypeScript file under ${root}`]);
  });

  it("a solution-style tsconfig: the files of the projects it references, with the options of the one that has most", () => {
    const root = tempProject({
      "tsconfig.json": JSON.stringify({ files: [], references: [{ path: "./apps/api" }, { path: "./libs/shared/tsconfig.lib.json" }] }),
      "apps/api/tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@shared/*": ["../../libs/shared/src/*"] } }, include: ["src"] }),
      "apps/api/src/main.ts": "",
      "apps/api/src/users.ts": "",
      "libs/shared/tsconfig.lib.json": JSON.stringify({ include: ["src"] }),
      "libs/shared/src/db.ts": "",
    });
    const project = ProjectModel.load(root);
    expect(project.tsconfigFiles).toEqual([path.join(root, "apps/api/src/main.ts"), path.join(root, "apps/api/src/users.ts"), path.join(root, "libs/shared/src/db.ts")]);
    expect(project.tsconfigWarnings).toEqual([]);
    expect(project.resolveModule("@shared/db", path.join(root, "apps/api/src/main.ts"))).toBe(path.join(root, "libs/shared/src/db.ts"));
  });
});

describe("ProjectModel.getSourceFile / setSourceFile", () => {
  it("parses a file once, however often it is asked for", () => {
    const root = tempProject({ "src/a.ts": "export const a = 1;" });
    const project = new ProjectModel(root);
    const first = project.getSourceFile(path.join(root, "src/a.ts"));
    const second = project.getSourceFile(path.join(root, "src/./a.ts"));
    expect(first?.text).toBe("export const a = 1;");
    expect(second).toBe(first);
    expect(project.filesParsed).toBe(1);
  });

  it("a missing file is undefined and parses nothing", () => {
    const root = tempProject({});
    const project = new ProjectModel(root);
    expect(project.getSourceFile(path.join(root, "missing.ts"))).toBeUndefined();
    expect(project.getSourceFile(path.join(root, "missing.ts"))).toBeUndefined();
    expect(project.filesParsed).toBe(0);
  });

  it("a folder named like a source file is undefined, with and without watchDisk", () => {
    const root = tempProject({ "src/odd.ts/index.ts": "export {};" });
    for (const watchDisk of [false, true]) {
      const project = new ProjectModel(root, {}, [], watchDisk);
      expect(project.getSourceFile(path.join(root, "src/odd.ts"))).toBeUndefined();
    }
  });

  it("setSourceFile overrides the disk, and the override is not counted as a parse", () => {
    const root = tempProject({ "src/a.ts": "export const onDisk = 1;" });
    const file = path.join(root, "src/a.ts");
    const project = new ProjectModel(root);
    const unsaved = parseSourceFile(file, "export const inEditor = 1;");
    project.setSourceFile(unsaved);
    expect(project.getSourceFile(file)).toBe(unsaved);
    expect(project.filesParsed).toBe(0);
  });

  it("setSourceFile replaces an earlier parse from disk", () => {
    const root = tempProject({ "src/a.ts": "export const onDisk = 1;" });
    const file = path.join(root, "src/a.ts");
    const project = new ProjectModel(root);
    project.getSourceFile(file);
    const unsaved = parseSourceFile(file, "export const inEditor = 1;");
    project.setSourceFile(unsaved);
    expect(project.getSourceFile(file)?.text).toBe("export const inEditor = 1;");
  });

  it("without watchDisk, a changed file is not re-read", () => {
    const root = tempProject({ "src/a.ts": "export const v = 1;" });
    const file = path.join(root, "src/a.ts");
    const project = new ProjectModel(root);
    project.getSourceFile(file);
    fs.writeFileSync(file, "export const v = 2;");
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    expect(project.getSourceFile(file)?.text).toBe("export const v = 1;");
    expect(project.filesParsed).toBe(1);
  });

  it("with watchDisk, a file whose mtime changed is parsed again", () => {
    const root = tempProject({ "src/a.ts": "export const v = 1;" });
    const file = path.join(root, "src/a.ts");
    const project = new ProjectModel(root, {}, [], true);
    project.getSourceFile(file);
    project.getSourceFile(file);
    expect(project.filesParsed).toBe(1);
    fs.writeFileSync(file, "export const v = 2;");
    fs.utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    // The disk is compared once per lint: the next lint (another file's parse handed in) sees the change.
    expect(project.getSourceFile(file)?.text).toBe("export const v = 1;");
    project.setSourceFile(parseSourceFile(path.join(root, "src/b.ts"), "export {};"));
    expect(project.getSourceFile(file)?.text).toBe("export const v = 2;");
    expect(project.filesParsed).toBe(2);
    expect(project.version).toBe(1);
  });

  it("with watchDisk, a memoised fact re-checks only the files replaced since it was found current, and sees a file changed on the disk at the next lint", () => {
    const root = tempProject({ "src/a.ts": "export const a = 1;", "src/b.ts": "export const b = 1;", "src/c.ts": "export {};" });
    const [a, b, c] = ["a", "b", "c"].map((name) => path.join(root, `src/${name}.ts`));
    const project = new ProjectModel(root, {}, [a, b, c], true);
    const store = new Map();
    let computed = 0;
    const fact = () => project.dependencies.memo(store, "texts", () => (computed++, [a, b].map((file) => project.getSourceFile(file)?.text).join(" ")));
    expect(fact()).toBe("export const a = 1; export const b = 1;");
    expect(project.getSourceFile(c)?.text).toBe("export {};");
    // an edit of a file the fact did not read (an unsaved buffer): found current without recomputing
    project.setSourceFile(parseSourceFile(c, "export const c = 2;"));
    expect(project.changedSince(0)).toEqual([c]);
    expect(fact()).toBe("export const a = 1; export const b = 1;");
    expect(computed).toBe(1);
    // a file it read, changed on the disk by another program: seen at the next lint, though only c was handed in
    fs.writeFileSync(b, "export const b = 2;");
    fs.utimesSync(b, new Date(), new Date(Date.now() + 10_000));
    project.setSourceFile(parseSourceFile(c, "export const c = 3;"));
    expect(fact()).toBe("export const a = 1; export const b = 2;");
    expect(computed).toBe(2);
    expect(project.changedSince(1)).toEqual([c, b]);
  });

  it("a parse handed in with the text already known is swapped for the known one, and the version stays", () => {
    const root = tempProject({ "src/a.ts": "export const v = 1;" });
    const file = path.join(root, "src/a.ts");
    const project = new ProjectModel(root);
    const known = project.getSourceFile(file);
    expect(project.setSourceFile(parseSourceFile(file, "export const v = 1;"))).toBe(known);
    expect(project.version).toBe(0);
    const edited = parseSourceFile(file, "export const v = 2;");
    expect(project.setSourceFile(edited)).toBe(edited);
    expect(project.version).toBe(1);
  });
});

describe("parseSourceFile / parseDiagnostics", () => {
  it("a file that parses has no diagnostics", () => {
    expect(parseDiagnostics(parseSourceFile("/virtual/a.ts", "const a = { b: 1 };"))).toEqual([]);
  });

  it("a syntax error gives a diagnostic at its position", () => {
    const sourceFile = parseSourceFile("/virtual/a.ts", "const a = 1;\nconst b = { c: ;\n");
    const diagnostics = parseDiagnostics(sourceFile);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(ts.getLineAndCharacterOfPosition(sourceFile, diagnostics[0].start)).toEqual({ line: 1, character: 15 });
    expect(ts.flattenDiagnosticMessageText(diagnostics[0].messageText, "\n")).toBe("Expression expected.");
  });

  it("a .tsx file is parsed with JSX", () => {
    expect(parseDiagnostics(parseSourceFile("/virtual/a.tsx", "const a = <div>{1}</div>;"))).toEqual([]);
  });

  it("a .ts file is parsed without JSX, so <T>x is a type assertion", () => {
    expect(parseDiagnostics(parseSourceFile("/virtual/a.ts", "const a = <string>b;"))).toEqual([]);
    expect(parseDiagnostics(parseSourceFile("/virtual/a.tsx", "const a = <string>b;")).length).toBeGreaterThan(0);
  });

  it("a .js file is parsed as JavaScript, with JSX", () => {
    const sourceFile = parseSourceFile("/virtual/a.js", "const a = <div />;");
    expect(parseDiagnostics(sourceFile)).toEqual([]);
    expect(sourceFile.languageVariant).toBe(ts.LanguageVariant.JSX);
  });
});

describe("ProjectModel: what a result read, recorded once", () => {
  it("records one dependency per resolution, text facet and summary, however often a computation asks, and summarises each parse once", () => {
    registerTextFacet("test-words", /\bword\b/);
    const root = tempProject({ "src/a.ts": "export const word = 1;\n", "src/b.ts": "import { word } from './a.js';\n" });
    const project = new ProjectModel(root);
    const a = path.join(root, "src/a.ts");
    const b = path.join(root, "src/b.ts");
    const owner = {};
    let summarised = 0;
    const summarise = (parse: ts.SourceFile) => {
      summarised++;
      return parse.text.length.toString();
    };
    const read = () => {
      project.resolveModule("./a.js", b);
      project.textMatches(a, "test-words");
      project.dependOnSummary(a, "length", summarise, owner);
    };
    const first = project.dependencies.track(() => [read(), read(), read()]);
    // a second result asking the same: the same dependency objects, and no summary computed again
    const second = project.dependencies.track(read);
    const keys = (dependencies: typeof first.dependencies) => [...dependencies.own].map((dependency) => dependency.key.replaceAll(root, "<root>"));
    expect(keys(first.dependencies)).toHaveLength(3);
    expect(keys(first.dependencies)[1]).toBe("match:test-words:true:<root>/src/a.ts");
    expect([...second.dependencies.own]).toEqual([...first.dependencies.own]);
    expect(summarised).toBe(1);
    // another owner (another analysis) summarises on its own
    project.dependencies.track(() => project.dependOnSummary(a, "length", summarise, {}));
    expect(summarised).toBe(2);
  });
});
