// Loaded through NODE_OPTIONS="--require ..." into each measured process, so the benchmark can
// read the child's own peak RSS portably (no /usr/bin/time, no /proc polling, works on macOS).
"use strict";

const fs = require("node:fs");

const file = process.env.BENCH_RUSAGE_FILE;
if (file) {
  // Processes this one spawns inherit the environment: without this they would overwrite the
  // file with their own (smaller) peak when they exit.
  delete process.env.BENCH_RUSAGE_FILE;
  process.on("exit", () => {
    // maxRSS is in KiB on every platform (libuv normalises macOS's bytes).
    fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
