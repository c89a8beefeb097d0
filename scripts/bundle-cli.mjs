// The last build step: the CLI's entry, and the ESLint plugin's analysis thread, each become one file. Loading the CLI as the ~100 ES modules
// tsc writes, plus zod's ~200, took 0.06 s of every run's start-up in Node's module loader; one
// bundled module takes a few milliseconds. The bundle replaces `dist/src/cli/bin.js` in place, so
// what it reads relative to itself (package.json, the code the --cache fingerprint hashes) is
// where it was. The other packages stay external: they are CommonJS, or load files of their own
// (Prisma's WebAssembly, TypeScript's compiler through `typescript.cjs`, which keeps its file too).
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** `import { ts } from "./typescript.cjs"` in engine/ts.js, written relative to where the bundle is. */
const keepCommonJsLoaders = (entry) => ({
  name: "keep-commonjs-loaders",
  setup(builder) {
    builder.onResolve({ filter: /\.cjs$/ }, (args) => ({
      path: `./${path.relative(path.dirname(entry), path.resolve(args.resolveDir, args.path)).split(path.sep).join("/")}`,
      external: true,
    }));
  },
});

// The CLI, and the ESLint plugin's analysis thread (src/eslint/findings-worker.ts), which a single `eslint .`
// run starts in a fresh isolate: the same module loading at its start, paid before ESLint's first file.
for (const entry of ["dist/src/cli/bin.js", "dist/src/eslint/findings-worker.js"].map((file) => path.join(root, file))) {
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // zod is bundled: an ES module of ~200 files is what made loading slow.
    external: Object.keys(dependencies).filter((name) => name !== "zod"),
    plugins: [keepCommonJsLoaders(entry)],
    logLevel: "warning",
  });
}
