import path from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";
import * as vitest from "vitest";
import { plugin } from "../../src/eslint/plugin.js";

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

/** Rule tests lint code as if it were a file of this small project (schema, config, helpers). */
export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../projects/basic");
export const filename = path.join(projectDir, "src/file.ts");

export const ruleTester = new RuleTester();

export function eslintRule(id: keyof typeof plugin.rules) {
  return plugin.rules[id];
}
