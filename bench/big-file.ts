/**
 * One very large file: how each rule's time grows with the size of a single file (issue 20, item 11:
 * a rule that scans the file's query sites for every call is quadratic in it). The file is the
 * reference API's item repository (direct Prisma queries) repeated with renamed classes until it
 * reaches the size asked for, inside a copy of the reference API in `bench/out/big-file-<MB>`.
 *
 *   node --import tsx bench/big-file.ts --sizes 1,2,4            # prints per-rule times of `check --timings`
 *   node --import tsx bench/big-file.ts --sizes 4 --generate-only # then time it with farm-bench
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const reference = path.join(repoRoot, "fixtures", "reference-api");
const BIG_FILE = "src/repositories/big-repository.ts";

/** A copy of the reference API with one file of about `megabytes` MB; returns its folder. */
export function generateBigFile(megabytes: number): string {
  const dir = path.join(repoRoot, "bench", "out", `big-file-${megabytes}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(reference, dir, { recursive: true, filter: (source) => !/[/\\](node_modules|generated)([/\\]|$)/.test(source) });
  const text = fs.readFileSync(path.join(reference, "src", "repositories", "item-repository.ts"), "utf8");
  const lines = text.split("\n");
  const imports = lines.filter((line) => line.startsWith("import "));
  const body = lines.filter((line) => !line.startsWith("import ")).join("\n");
  const names = [...body.matchAll(/export (?:async function|function|class|const) (\w+)/g)].map((match) => match[1]);
  const parts = [imports.join("\n")];
  let size = 0;
  for (let copy = 0; size < megabytes * 1_000_000; copy++) {
    const renamed = names.reduce((code, name) => code.replace(new RegExp(`\\b${name}\\b`, "g"), `${name}_${copy}`), body);
    parts.push(renamed);
    size += renamed.length;
  }
  fs.writeFileSync(path.join(dir, BIG_FILE), parts.join("\n"));
  return dir;
}

function main(): void {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "1,2,4" }, "generate-only": { type: "boolean" } } });
  const bin = path.join(repoRoot, "dist", "src", "cli", "bin.js");
  for (const megabytes of values.sizes.split(",").map(Number)) {
    const dir = generateBigFile(megabytes);
    if (values["generate-only"]) {
      console.log(`${dir}: node ${bin} check --format json ${BIG_FILE}`);
      continue;
    }
    const run = spawnSync(process.execPath, [bin, "check", "--format", "json", "--timings", BIG_FILE], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 30 });
    const stages = run.stderr
      .split("\n")
      .map((line) => line.split("|").map((cell) => cell.trim()))
      .filter((cells) => cells.length === 3 && /^[\d.]+$/.test(cells[1]));
    console.log(`${megabytes} MB: ${stages.map(([stage, ms]) => `${stage} ${ms} ms`).join(", ")}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
