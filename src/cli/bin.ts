#!/usr/bin/env node
import "./wasm-baseline.js";
import { main } from "./main.js";

const color = Boolean(process.stdout.isTTY) && !("NO_COLOR" in process.env && process.env.NO_COLOR !== "");
const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color,
});
process.exitCode = code;
// A reader that stopped early (`| head`) is not an error of the run.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
// A JS config may leave a timer or a socket open: the run is over once its output is flushed.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
process.exit(code);
