import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This package's name, version and root folder, found by walking up from this module (it runs from src/ in tests and dist/src/ when built). */
export const packageInfo: { name: string; version: string; root: string } = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (fs.existsSync(candidate)) {
      const json = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (json.name === "backend-conventions") return { name: json.name, version: json.version ?? "0.0.0", root: dir };
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("backend-conventions: cannot find its own package.json");
    dir = parent;
  }
})();
