#!/usr/bin/env node
import "./wasm-baseline.js";
import { colorFromEnvironment } from "./color.js";
import { main } from "./main.js";

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: colorFromEnvironment(process.env, Boolean(process.stdout.isTTY)),
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
});
process.exitCode = code;
// A reader that stopped early (`| head`) is not an error of the run.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});
// A JS config may leave a timer or a socket open: the run is over once its output is flushed.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write("", resolve))));
process.exit(code);
