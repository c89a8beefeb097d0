/** `init` never overwrites: the config cosmiconfig would find in a folder, if there is one. */
import fs from "node:fs";
import path from "node:path";
import { SEARCH_PLACES } from "../../config/load.js";

export const MODULE_NAME = "backend-conventions";

/** The name of the existing config in `dir` (`package.json` when it has the key), or undefined. */
export function existingConfig(dir: string): string | undefined {
  for (const name of SEARCH_PLACES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    if (name !== "package.json") return name;
    if (packageJsonHasConfig(file)) return name;
  }
  return undefined;
}

function packageJsonHasConfig(file: string): boolean {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
    return typeof pkg === "object" && pkg !== null && Object.hasOwn(pkg, MODULE_NAME);
  } catch {
    return false; // a package.json that does not parse holds no config cosmiconfig could load
  }
}

/** Names `init` can write: the JS forms of the search places (comments need a JS file). */
export const WRITABLE_NAMES: readonly string[] = SEARCH_PLACES.filter((name) => /\.(?:js|mjs|cjs)$/.test(name));

/** ES module or CommonJS: by extension, and for `.js` by the nearest package.json's `"type"`. */
export function moduleFormatOf(dir: string, name: string): "esm" | "commonjs" {
  if (name.endsWith(".mjs")) return "esm";
  if (name.endsWith(".cjs")) return "commonjs";
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const file = path.join(current, "package.json");
    if (fs.existsSync(file)) {
      try {
        return (JSON.parse(fs.readFileSync(file, "utf8")) as { type?: unknown }).type === "module" ? "esm" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    if (path.dirname(current) === current) return "commonjs";
  }
}
