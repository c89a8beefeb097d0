import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../src/config/index.js";
import { loadAnalysis } from "../../src/engine/analysis.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { querySitesOf } from "../../src/engine/rule.js";
import { BASIC_SCHEMA, tempProject } from "./helpers.js";

/** `clientModules` are paths or globs relative to the config: an import counts when it resolves to one. */
describe("clientModules", () => {
  const code = 'import { orm as store } from "../infra/storage.js";\nstore.product.findFirst({ where: { id: "1" } });\n';

  function sitesWith(clientModules: string[]) {
    const root = tempProject({
      "package.json": "{}",
      "prisma/schema.prisma": fs.readFileSync(BASIC_SCHEMA, "utf8"),
      "src/infra/storage.ts": "export const orm = {} as any;\n",
      "src/routes/file.ts": code,
    });
    const analysis = loadAnalysis(resolveConfig({ clientModules }, { rootDir: root, rules: {} }));
    const file = path.join(root, "src/routes/file.ts");
    return querySitesOf(parseSourceFile(file, code), analysis).map((site) => `${site.model.name}.${site.operation}`);
  }

  it("a config-relative path names the client module", () => {
    expect(sitesWith(["src/infra/storage.ts"])).toEqual(["Product.findFirst"]);
  });

  it("a glob names it too", () => {
    expect(sitesWith(["src/infra/*.ts"])).toEqual(["Product.findFirst"]);
  });

  it("without the setting, a neutral name from a neutral module is not a client", () => {
    expect(sitesWith([])).toEqual([]);
  });

  it("a path that names another module does not make it one", () => {
    expect(sitesWith(["src/db/client.ts"])).toEqual([]);
  });
});
