import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plugin } from "../src/eslint/plugin.js";
import defaultExport from "../src/index.js";
import { allRules } from "../src/rule-registry.js";
import { renderRulesIndex, repoRoot, ruleIds, withRuleTable } from "../scripts/generated-files.js";

/** Keeps the plugin, its configs, the docs and the generated files honest about the rules that exist. */
describe("the plugin as a whole", () => {
  it("is the package's default export, usable in a flat config", () => {
    expect(defaultExport).toBe(plugin);
    expect(Object.keys(plugin.configs).sort()).toEqual(["recommended", "strict"]);
    expect(plugin.meta.name).toBe("backend-conventions");
    expect(plugin.configs.recommended.plugins?.["backend-conventions"]).toBe(plugin);
  });

  it("exports every rule file of rules/", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(ruleIds());
    expect(allRules.map((rule) => rule.name).sort()).toEqual(ruleIds());
  });

  it("has a fresh generated rules index (run npm run generate)", () => {
    expect(fs.readFileSync(path.join(repoRoot, "rules/index.ts"), "utf8")).toBe(renderRulesIndex());
  });

  it("has a fresh rule table in the README (run npm run generate)", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    expect(readme).toBe(withRuleTable(readme, allRules));
  });

  it("turns every rule on in both configs and leaves which run, and how severe, to the tool's config", () => {
    for (const rule of allRules) {
      const key = `backend-conventions/${rule.name}`;
      expect(plugin.configs.strict.rules?.[key], key).toBe("error");
      expect(plugin.configs.recommended.rules?.[key], key).toBe("error");
    }
    expect(plugin.configs.recommended.processor).toBe("backend-conventions/severities");
    expect(plugin.configs.strict.processor).toBe("backend-conventions/severities");
    expect(plugin.configs.recommended.settings).toEqual({ "backend-conventions": { preset: "recommended" } });
    expect(plugin.configs.strict.settings).toEqual({ "backend-conventions": { preset: "strict" } });
    expect(plugin.processors.severities.supportsAutofix).toBe(true);
  });

  describe.each(allRules.map((rule) => [rule.name, rule] as const))("%s", (id, rule) => {
    it("has a docs page whose description matches meta.docs.description", () => {
      const doc = fs.readFileSync(path.join(repoRoot, "docs/rules", `${id}.md`), "utf8");
      expect(doc.split("\n")[0]).toBe(`# ${id}`);
      expect(doc).toContain(`\n> ${rule.meta.docs.description}.\n`);
      for (const heading of ["## Why", "## Bad", "## Good", "## Options"]) expect(doc, heading).toContain(`\n${heading}\n`);
    });

    it("has a test file and a docs URL derived from its id", () => {
      expect(fs.existsSync(path.join(repoRoot, "test/rules", `${id}.test.ts`))).toBe(true);
      expect(rule.meta.docs.url.endsWith(`/docs/rules/${id}.md`)).toBe(true);
    });

    it("describes every option and forbids unknown ones", () => {
      for (const schema of rule.meta.schema as { additionalProperties?: unknown; properties?: Record<string, unknown> }[]) {
        expect(schema.additionalProperties).toBe(false);
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          expect((property as { description?: string }).description, name).toBeTruthy();
        }
      }
      expect(rule.meta.defaultOptions.length).toBe(rule.meta.schema.length);
    });
  });
});
