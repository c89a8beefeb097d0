/**
 * Prisma's schema parser is WebAssembly that a CLI run calls once or twice. By default V8 also
 * compiles its busiest functions with its optimising tier while they run, which costs more than a
 * single run gains back (0.35 s -> 0.27 s for the schema of 1000 models with the baseline compiler
 * alone). Imported first by the CLI only, before the parser is loaded; the editor, inside ESLint's
 * process, keeps V8's defaults.
 */
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
