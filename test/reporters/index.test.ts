import { describe, expect, it } from "vitest";
import { isReporterName, loadReporter, reporterNames } from "../../src/reporters/index.js";
import { github } from "../../src/reporters/github.js";
import { json } from "../../src/reporters/json.js";
import { sarif } from "../../src/reporters/sarif.js";
import { stylish } from "../../src/reporters/stylish.js";

describe("reporter registry", () => {
  it("lists the reporters by name", () => {
    expect(reporterNames).toEqual(["stylish", "json", "sarif", "github"]);
    expect(Object.isFrozen(reporterNames)).toBe(true);
  });

  it("loads each reporter by name", async () => {
    expect(await loadReporter("stylish")).toBe(stylish);
    expect(await loadReporter("json")).toBe(json);
    expect(await loadReporter("sarif")).toBe(sarif);
    expect(await loadReporter("github")).toBe(github);
  });

  it("gives undefined for an unknown name, including Object.prototype keys", async () => {
    expect(await loadReporter("nope")).toBeUndefined();
    expect(await loadReporter("toString")).toBeUndefined();
    expect(await loadReporter("__proto__")).toBeUndefined();
    expect(isReporterName("constructor")).toBe(false);
  });

  it("loads every listed name", async () => {
    const loaded = await Promise.all(reporterNames.map((name) => loadReporter(name)));
    expect(loaded.every((reporter) => typeof reporter === "function")).toBe(true);
  });
});
