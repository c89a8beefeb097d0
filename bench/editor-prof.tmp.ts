import fs from "node:fs";
import path from "node:path";
import inspector from "node:inspector/promises";
import { ESLint, type Linter } from "eslint";
import { plugin } from "../src/eslint/plugin.js";
const modules = Number(process.argv[2] ?? 1000);
const corpusDir = path.resolve(`bench/out/corpus-${modules}`);
const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: [{ ignores: ["src/generated/**"] }, plugin.configs.strict as Linter.Config] });
let t = performance.now();
await eslint.lintFiles(["src/**/*.ts"]);
console.log("warm", performance.now() - t);
const file = path.join(corpusDir, "src/modules/order0/order0.service.ts");
const saved = fs.readFileSync(file, "utf8");
const text = saved + "\n" + Array.from({ length: 200 }, (_, i) => `// note ${i}`).join("\n") + "\n";
const session = new inspector.Session(); session.connect();
await session.post("Profiler.enable"); await session.post("Profiler.start");
const times: number[] = [];
for (let run = 0; run < 10; run++) {
  const current = run % 2 === 0 ? text.replace(/\brow\b/g, "record") : saved;
  t = performance.now();
  await eslint.lintText(current, { filePath: file });
  times.push(performance.now() - t);
}
const { profile } = await session.post("Profiler.stop");
fs.writeFileSync("/tmp/eprof/x.cpuprofile", JSON.stringify(profile));
console.log(times.map((x) => x.toFixed(0)).join(" "));
