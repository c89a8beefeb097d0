import { describe, expect, it } from "vitest";
import { DependencyRecorder, FIXED_INPUT, facetChanged, registerSummary, registerTextFacet, summaryChanged, summaryDigest, summaryKey, type Dependencies, type Dependency } from "../../src/engine/dependencies.js";
import { ts } from "../../src/engine/ts.js";
import { parse } from "./helpers.js";

/** Every input's key, following the memoised results a computation used. */
function keysOf(dependencies: Dependencies, seen = new Set<Dependencies>()): string[] {
  if (seen.has(dependencies)) return [];
  seen.add(dependencies);
  return [...[...dependencies.own].map((dependency) => dependency.key), ...[...dependencies.used].flatMap((used) => keysOf(used, seen))];
}

function input(key: string) {
  const state = { current: true };
  const dependency: Dependency = { key, isCurrent: () => state.current };
  return { dependency, state };
}

/** A computation that reads one input and returns how often it ran, with a store to memoise it in. */
function countingComputation(recorder: DependencyRecorder) {
  const store = new Map();
  const a = input("file:/a.ts");
  let computed = 0;
  const compute = () => {
    computed++;
    recorder.record(a.dependency);
    return computed;
  };
  return { store, a, compute };
}

describe("DependencyRecorder", () => {
  it("reuses a memoised value while its inputs are current, and computes it again once one changed", () => {
    let version = 0;
    const recorder = new DependencyRecorder(() => version);
    const { store, a, compute } = countingComputation(recorder);
    expect(recorder.memo(store, "k", compute)).toBe(1);
    expect(recorder.memo(store, "k", compute)).toBe(1);
    version++;
    expect(recorder.memo(store, "k", compute)).toBe(1);
    a.state.current = false;
    version++;
    expect(recorder.memo(store, "k", compute)).toBe(2);
  });

  it("in a one-shot run keeps memoised values while the project version stands, records no input, and computes again after a replacement", () => {
    let version = 0;
    const recorder = new DependencyRecorder(() => version, false);
    const { store, compute } = countingComputation(recorder);
    const { value, dependencies } = recorder.track(() => recorder.memo(store, "k", compute));
    expect(value).toBe(1);
    expect(recorder.recording).toBe(false);
    expect(keysOf(dependencies)).toEqual([]);
    expect(recorder.memo(store, "k", compute)).toBe(1);
    version++;
    expect(recorder.memo(store, "k", compute)).toBe(2);
  });

  it("counts a reused value's inputs as read by the computation that used it", () => {
    const recorder = new DependencyRecorder(() => 0);
    const store = new Map();
    const a = input("file:/a.ts");
    const b = input("importers:update");
    recorder.memo(store, "inner", () => recorder.record(a.dependency));
    const { dependencies } = recorder.track(() => {
      recorder.record(b.dependency);
      recorder.memo(store, "inner", () => recorder.record(a.dependency));
    });
    expect(keysOf(dependencies).sort()).toEqual(["file:/a.ts", "importers:update"]);
  });

  it("records nothing outside a computation, nor while paused", () => {
    const recorder = new DependencyRecorder(() => 0);
    expect(recorder.recording).toBe(false);
    recorder.record(input("file:/outside.ts").dependency);
    const { dependencies } = recorder.track(() => recorder.untracked(() => recorder.record(input("file:/a.ts").dependency)));
    expect(keysOf(dependencies)).toEqual([]);
    expect(keysOf(recorder.track(() => undefined).dependencies)).toEqual([]);
  });

  it("checks an input that many memoised values share once per project version", () => {
    let version = 0;
    const recorder = new DependencyRecorder(() => version);
    const store = new Map();
    let checks = 0;
    const shared: Dependency = { key: "file:/shared.ts", isCurrent: () => (checks++, true) };
    recorder.memo(store, "inner", () => recorder.record(shared));
    for (const key of ["a", "b", "c"]) recorder.memo(store, key, () => recorder.memo(store, "inner", () => recorder.record(shared)));
    version++;
    for (const key of ["a", "b", "c", "inner"]) recorder.memo(store, key, () => 0);
    expect(checks).toBe(1);
    version++;
    recorder.memo(store, "b", () => 0);
    expect(checks).toBe(2);
  });

  it("once a value was found current, re-checks only the inputs of the files replaced since and those tied to no file; after a change of the program's files, every input", () => {
    let version = 0;
    let replaced: (string | undefined)[] = [];
    const recorder = new DependencyRecorder(() => version, true, (since) => {
      const changed = replaced.slice(since);
      return changed.includes(undefined) ? undefined : (changed as string[]);
    });
    const checks: string[] = [];
    const a = { current: true };
    const onFile = (file: string, current = () => true): Dependency => ({ key: `file:${file}`, file, isCurrent: () => (checks.push(file), current()) });
    const inputs: Dependency[] = [
      onFile("/a.ts", () => a.current),
      onFile("/b.ts"),
      { key: "importers:update", isCurrent: () => (checks.push("importers:update"), true) },
      { key: "resolve:/a.ts\0./b.js\0/b.ts", file: FIXED_INPUT, isCurrent: () => (checks.push("resolve"), true) },
    ];
    const store = new Map();
    let computed = 0;
    const compute = () => {
      computed++;
      for (const dependency of inputs) recorder.record(dependency);
      return computed;
    };
    expect(recorder.memo(store, "k", compute)).toBe(1);
    replaced.push("/b.ts");
    version++;
    expect(recorder.memo(store, "k", compute)).toBe(1);
    expect(checks).toEqual(["importers:update", "/b.ts"]);

    checks.length = 0;
    replaced.push(undefined);
    version++;
    expect(recorder.memo(store, "k", compute)).toBe(1);
    expect(checks).toEqual(["/a.ts", "/b.ts", "importers:update", "resolve"]);

    checks.length = 0;
    a.current = false;
    replaced = [...replaced, "/a.ts"];
    version++;
    expect(recorder.memo(store, "k", compute)).toBe(2);
    expect(checks).toEqual(["importers:update", "/a.ts"]);
  });

  it("records the inputs of a value memoised while the caller is paused, without counting them for the caller", () => {
    const recorder = new DependencyRecorder(() => 0);
    const store = new Map();
    const a = input("file:/a.ts");
    const { dependencies } = recorder.track(() => recorder.untracked(() => recorder.memo(store, "inner", () => recorder.record(a.dependency))));
    expect(keysOf(dependencies)).toEqual([]);
    expect(keysOf(store.get("inner").dependencies)).toEqual(["file:/a.ts"]);
  });
});

describe("facetChanged", () => {
  registerTextFacet("test-routes", /\.get\(/);

  it("re-decides a stored facet on a file's new text", () => {
    expect(facetChanged("match:test-routes:false:/r.ts", () => "router.get('/', h)")).toBe(true);
    expect(facetChanged("match:test-routes:false:/r.ts", () => "const a = 1;")).toBe(false);
    expect(facetChanged("match:test-routes:true:/r.ts", () => undefined)).toBe(true);
    expect(facetChanged("file:/r.ts", () => "")).toBeUndefined();
  });
});

describe("summaryChanged", () => {
  // A summary of a parse: the names of its top-level functions.
  registerSummary("test-functions", (sourceFile: ts.SourceFile, prefix: string) =>
    sourceFile.statements.flatMap((statement) => (ts.isFunctionDeclaration(statement) && statement.name ? [prefix + statement.name.text] : [])).join(","),
  );
  const key = summaryKey("test-functions", summaryDigest("fn:a"), "/s.ts");

  it("holds while the file's new parse summarises the same, whatever else changed in its text", () => {
    expect(summaryChanged(key, () => parse("function a() { return 2; }\nconst b = 1;", "/s.ts"), "fn:")).toBe(false);
    expect(summaryChanged(key, () => parse("function a() {}\nfunction c() {}", "/s.ts"), "fn:")).toBe(true);
    expect(summaryChanged(key, () => undefined, "fn:")).toBe(true);
    expect(summaryChanged(key, () => "unchanged", "fn:")).toBe(false);
    expect(summaryChanged("file:/s.ts", () => undefined, "fn:")).toBeUndefined();
  });
});
