/**
 * Prisma's schema parser is WebAssembly that a CLI run calls once or twice. By default V8 also
 * compiles its busiest functions with its optimising tier while they run, which costs more than a
 * single run gains back (0.35 s -> 0.27 s for the schema of 1000 models with the baseline compiler
 * alone). The flag counts when the module is compiled, which `schema/parser.ts` does on first use,
 * long after this runs. Imported by the CLI only: the editor, inside ESLint's process, keeps V8's
 * defaults.
 */
import v8 from "node:v8";

v8.setFlagsFromString("--liftoff-only");
