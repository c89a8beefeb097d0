/**
 * Several outputs of one run: `--format` may be given more than once, and each `--output-file`
 * sends the `--format` just before it to a file (`-f github -f sarif -o out.sarif`: annotations on
 * stdout, SARIF in out.sarif). An `--output-file` before any `--format` belongs to the first one, so
 * ESLint's `-o out.json -f json` works in either order. At most one format is left for stdout.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../errors.js";
import { writeFailure } from "../file-errors.js";
import type { GivenOption } from "./commands/types.js";

export interface PlannedOutput {
  format: string;
  /** as given (relative to the working directory); undefined: stdout */
  file?: string;
}

export const DEFAULT_FORMAT = "stylish";

/** The outputs that `--format` and `--output-file`, in command-line order, ask for; file names are checked for clashes relative to `cwd`. */
export function planOutputs(given: readonly GivenOption[], formatNames: readonly string[], cwd: string): PlannedOutput[] {
  const outputs: PlannedOutput[] = given.filter((option) => option.name === "format").map((option) => ({ format: option.value }));
  if (outputs.length === 0) outputs.push({ format: DEFAULT_FORMAT });
  for (const { format } of outputs) {
    if (!formatNames.includes(format)) throw new UsageError(`unknown format "${format}" (expected one of: ${formatNames.join(", ")})`);
  }
  let formatIndex = -1;
  for (const option of given) {
    if (option.name === "format") formatIndex++;
    if (option.name !== "output-file") continue;
    if (option.value === "") throw new UsageError("--output-file expects a file name");
    const owner = outputs[Math.max(formatIndex, 0)];
    if (owner.file !== undefined) {
      throw new UsageError(
        `two --output-file for one --format ${owner.format} ("${owner.file}" and "${option.value}"): each --output-file names the file of the --format before it`,
      );
    }
    owner.file = option.value;
  }
  const toStdout = outputs.filter((output) => output.file === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(
      `--format ${toStdout[0].format} and --format ${toStdout[1].format} would both write to stdout: give an --output-file after all but one --format`,
    );
  }
  const byFile = new Map<string, PlannedOutput>();
  for (const output of outputs) {
    if (output.file === undefined) continue;
    const key = path.resolve(cwd, output.file);
    const other = byFile.get(key);
    if (other) throw new UsageError(`--format ${other.format} and --format ${output.format} would both be written to "${output.file}"`);
    byFile.set(key, output);
  }
  return outputs;
}

/**
 * Writes one output file, creating its folder as ESLint does; a text ends with a newline unless it is
 * empty (an empty file still replaces the previous run's). Returns why it could not be written.
 */
export function writeOutputFile(cwd: string, file: string, text: string): string | undefined {
  const target = path.resolve(cwd, file);
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text === "" || text.endsWith("\n") ? text : `${text}\n`);
    return undefined;
  } catch (error) {
    return writeFailure(error);
  }
}
