import { parseArgs } from "node:util";
import { KnownError, UsageError } from "../errors.js";
import { packageInfo } from "../package-info.js";
import { checkCommand } from "./commands/check.js";
import { reportCommand } from "./commands/report.js";
import { initCommand } from "./commands/init.js";
import type { CliIO, Command, OptionValues } from "./commands/types.js";
import { EXIT } from "./exit-codes.js";

export type { CliIO } from "./commands/types.js";
export { EXIT } from "./exit-codes.js";
export { exitCodeFor } from "./commands/check.js";

/** Every subcommand, in the order --help lists them. */
const COMMANDS: readonly Command[] = [checkCommand, reportCommand, initCommand];

const GLOBAL_OPTIONS = {
  debug: { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

function helpText(): string {
  const commands = COMMANDS.map((command) => `  ${command.usage.padEnd(22)}  ${command.summary}`).join("\n");
  const options = COMMANDS.map((command) => `Options of ${command.name}:\n${command.help}`).join("\n\n");
  return `Usage: backend-conventions <command> [options]

Checks an Express + Prisma project for the backend conventions: soft delete,
owner scope, fresh after write, enum values and layers.

Commands:
${commands}

${options}

Global options:
  --debug                 Print stack traces of unexpected errors
  -h, --help              Show this help
  -v, --version           Show the version

Exit codes: 0 no error-level finding, 1 findings, 2 usage, config or schema error.
`;
}

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof KnownError) {
      io.stderr(`${error.format()}\n`);
      return error.exitCode;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    io.stderr(
      debug
        ? `backend-conventions crashed: ${err.stack ?? err.message}\n`
        : `backend-conventions crashed: ${err.message}\nThis is a bug; run again with --debug for the stack trace and please report it.\n`,
    );
    return EXIT.error;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const name = argv.find((arg) => !arg.startsWith("-"));
  const command = COMMANDS.find((candidate) => candidate.name === name);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { ...GLOBAL_OPTIONS, ...(command?.options ?? Object.assign({}, ...COMMANDS.map((c) => c.options))) },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  const { positionals } = parsed;
  const values = parsed.values as OptionValues;
  if (values.help) {
    io.stdout(helpText());
    return EXIT.clean;
  }
  if (values.version) {
    io.stdout(`${packageInfo.version}\n`);
    return EXIT.clean;
  }
  const expected = COMMANDS.map((c) => c.name).join(", ");
  if (name === undefined) throw new UsageError(`missing command (expected: ${expected}) (see --help)`);
  if (!command) throw new UsageError(`unknown command "${name}" (expected: ${expected}) (see --help)`);
  return command.run(values, positionals.slice(1), io);
}
