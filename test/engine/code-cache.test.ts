import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const codeCacheModule = createRequire(import.meta.url).resolve("../../src/engine/code-cache.cjs");
const { requireWithCodeCache } = createRequire(import.meta.url)(codeCacheModule) as {
  requireWithCodeCache: (file: string, version: string) => Record<string, unknown>;
};

/** A load in a fresh process: within one process V8 reuses what it compiled and never reads the cache again. */
function loadInNewProcess(file: string, version: string): unknown {
  const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(codeCacheModule)}).requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(version)}).answer))`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

describe("requireWithCodeCache", () => {
  const roots: string[] = [];
  const project = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "code-cache-"));
    roots.push(root);
    const file = path.join(root, "node_modules", "lib", "index.js");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'exports.answer = 42; exports.dir = __dirname; exports.join = require("node:path").join("a", "b");');
    return { root, file, cacheDir: path.join(root, "node_modules", ".cache", "backend-conventions") };
  };
  afterEach(() => {
    for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
  });

  it("loads the file as CommonJS, with its own require and __dirname, and keeps its compiled code beside node_modules", () => {
    const { file, cacheDir } = project();
    expect(requireWithCodeCache(file, "1.0.0")).toEqual({ answer: 42, dir: path.dirname(file), join: path.join("a", "b") });
    const cached = fs.readdirSync(cacheDir);
    expect(cached).toHaveLength(1);
    expect(cached[0]).toMatch(/^index-[0-9a-f]{16}\.v8$/);
    expect(fs.statSync(path.join(cacheDir, cached[0])).size).toBeGreaterThan(0);
  });

  it("a new process uses the cache as it is, and another version or another text of the file gets a cache of its own", () => {
    const { file, cacheDir } = project();
    requireWithCodeCache(file, "1.0.0");
    const [first] = fs.readdirSync(cacheDir);
    const written = fs.readFileSync(path.join(cacheDir, first));
    expect(loadInNewProcess(file, "1.0.0")).toBe(42);
    expect(fs.readdirSync(cacheDir)).toEqual([first]);
    expect(fs.readFileSync(path.join(cacheDir, first)).equals(written)).toBe(true);

    expect(loadInNewProcess(file, "2.0.0")).toBe(42);
    fs.writeFileSync(file, "exports.answer = 43;");
    expect(loadInNewProcess(file, "2.0.0")).toBe(43);
    expect(fs.readdirSync(cacheDir)).toHaveLength(3);
  });

  it("a damaged cache is rejected and rewritten, and a file outside node_modules is loaded without one", () => {
    const { root, file, cacheDir } = project();
    requireWithCodeCache(file, "1.0.0");
    const [cache] = fs.readdirSync(cacheDir);
    fs.writeFileSync(path.join(cacheDir, cache), "not V8 code");
    expect(loadInNewProcess(file, "1.0.0")).toBe(42);
    expect(fs.statSync(path.join(cacheDir, cache)).size).toBeGreaterThan("not V8 code".length);

    const loose = path.join(root, "loose.js");
    fs.writeFileSync(loose, "exports.answer = 7;");
    expect(requireWithCodeCache(loose, "1.0.0").answer).toBe(7);
    expect(fs.readdirSync(cacheDir)).toEqual([cache]);
  });
});
