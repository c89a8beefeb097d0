/**
 * The command line: commander parses it (subcommands, per-command --help, `--no-color`, values that
 * start with a dash); each command declares its own options (`OptionSpec`, in its file) and runs with
 * them. Commander's errors become one `Usage error:` line with a did-you-mean, and exit 2.
 */
import { Command as Program, CommanderError, Help, Option } from "commander";
import { didYouMeanClosest } from "../config/problems.js";
import { KnownError, UsageError } from "../errors.js";
import { packageInfo } from "../package-info.js";
import { checkCommand } from "./commands/check.js";
import { reportCommand } from "./commands/report.js";
import { initCommand } from "./commands/init.js";
import type { CliIO, Command, GivenOption, OptionSpec, OptionValues } from "./commands/types.js";
import { EXIT } from "./exit-codes.js";

export type { CliIO } from "./commands/types.js";
export { EXIT } from "./exit-codes.js";
export { exitCodeFor } from "./commands/check.js";

const NAME = "backend-conventions";

/** Every subcommand, in the order --help lists them. */
const COMMANDS: readonly Command[] = [checkCommand, reportCommand, initCommand];

/** What users of other tools type: `lint` is ESLint's word for check; `help <command>` is git's. */
const SYNONYMS: Readonly<Record<string, string>> = { lint: "check", help: "--help" };

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

/** The widest option term that sets the column of descriptions (`-o, --output-file <path>`); longer ones get their own line (commands and arguments always set it). */
const MAX_TERM_WIDTH = 24;

/** Help and --version end the parse with this: nothing else to do, exit 0. */
class Done extends Error {}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.clean;
  const program = new Program(NAME)
    .usage("<command> [options]")
    .description(
      "Checks an Express + Prisma project for the backend conventions: soft delete,\nowner scope, fresh after write, enum values and layers.",
    )
    .version(packageInfo.version, "-v, --version", "Show the version")
    .helpOption("-h, --help", "Show this help")
    .option("--debug", "Print stack traces of unexpected errors")
    .helpCommand(false)
    .showSuggestionAfterError(false)
    .configureOutput({
      writeOut: io.stdout,
      // commander's own error text and the help it shows after a missing command are replaced by one line
      writeErr: () => undefined,
      outputError: () => undefined,
      getOutHelpWidth: () => io.columns ?? 80,
      getErrHelpWidth: () => io.columns ?? 80,
    })
    .configureHelp({
      showGlobalOptions: true,
      // ESLint's long flags (`--report-unused-disable-directives-severity <level>`) would push every description
      // to the right edge: a term longer than the others gets a line of its own, its description below.
      padWidth(cmd, helper) {
        return Math.max(
          Math.min(MAX_TERM_WIDTH, Math.max(helper.longestOptionTermLength(cmd, helper), helper.longestGlobalOptionTermLength(cmd, helper))),
          helper.longestSubcommandTermLength(cmd, helper),
          helper.longestArgumentTermLength(cmd, helper),
        );
      },
      formatItem(term, termWidth, description, helper) {
        if (!description || helper.displayWidth(term) <= termWidth) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${Help.prototype.formatItem.call(this, "", termWidth, description, helper)}`;
      },
    })
    .addHelpText(
      "after",
      `\nRun "${NAME} <command> --help" for the options of a command.\n\nExit codes: 0 no error-level finding, 1 findings, 2 usage, config or schema error.`,
    )
    .exitOverride((error) => usageFailure(error, undefined));

  for (const command of COMMANDS) {
    const given: GivenOption[] = [];
    const sub = program
      .command(command.name)
      .summary(command.summary)
      .description(command.description ?? command.summary)
      .helpOption("-h, --help", "Show this help")
      .allowExcessArguments() // a command checks its own positionals (init takes none)
      .exitOverride((error) => usageFailure(error, command));
    if (command.arguments) sub.argument(command.arguments);
    for (const [name, spec] of Object.entries(command.options)) {
      for (const option of commanderOptions(name, spec, given)) sub.addOption(option);
    }
    if (command.helpAfter) sub.addHelpText("after", `\n${command.helpAfter}`);
    sub.action(async (...args: unknown[]) => {
      const self = args[args.length - 1] as Program;
      exitCode = await command.run(valuesOf(command, self.opts()), [...self.args], io, given);
    });
  }

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof Done) return EXIT.clean;
    throw error;
  }
  return exitCode;
}

/** The commander options of one declared option: the flag, and `--no-<name>` when it is negatable. */
function commanderOptions(name: string, spec: OptionSpec, given: GivenOption[]): Option[] {
  const flags = `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.type === "string" ? ` <${spec.valueName ?? "value"}>` : ""}`;
  const option = new Option(flags, spec.description);
  if (spec.type === "string") {
    // every value, in command-line order, for options whose meaning depends on the order (--output-file)
    option.argParser((value: string, previous: unknown) => {
      given.push({ name, value });
      return spec.multiple ? [...(Array.isArray(previous) ? (previous as string[]) : []), value] : value;
    });
  }
  if (spec.default !== undefined) option.default(spec.default, spec.default); // shown as (default: html)
  if (spec.hidden) option.hideHelp();
  if (!spec.negatable) return [option];
  return [option, new Option(`--no-${name}`, spec.negatable.description)];
}

/** Commander's camelCase attributes back under the declared kebab-case names. */
function valuesOf(command: Command, parsed: Record<string, unknown>): OptionValues {
  const values: OptionValues = {};
  for (const name of Object.keys(command.options)) {
    const attribute = name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    values[name] = parsed[attribute] as OptionValues[string];
  }
  return values;
}

/** Commander's exits: help and --version are done; every error is one usage line, exit 2. */
function usageFailure(error: CommanderError, command: Command | undefined): never {
  if (error.code === "commander.helpDisplayed" || error.code === "commander.version") throw new Done();
  const see = `(see ${command ? `${NAME} ${command.name} --help` : "--help"})`;
  const expected = COMMANDS.map((c) => c.name).join(", ");
  switch (error.code) {
    case "commander.help": // a command was expected: commander shows the help, on stderr
      throw new UsageError(`missing command (expected: ${expected}) ${see}`);
    case "commander.unknownCommand": {
      const name = quoted(error.message) ?? "";
      const synonym = SYNONYMS[name];
      const suggestion = synonym ? ` (did you mean "${synonym}"?)` : didYouMeanClosest(name, COMMANDS.map((c) => c.name));
      throw new UsageError(`unknown command "${name}"${suggestion || ` (expected: ${expected})`} ${see}`);
    }
    case "commander.unknownOption": {
      const given = quoted(error.message) ?? "";
      const flag = given.split("=")[0]; // `--quiet=yes`: a value given to a flag that takes none
      if (flag !== given && command && flagsOf(command).includes(flag)) throw new UsageError(`option "${flag}" takes no value, got "${given}" ${see}`);
      throw new UsageError(`unknown option "${flag}"${command ? ` for ${command.name}` : ""}${flagSuggestion(flag, command)} ${see}`);
    }
    default:
      // `error: option '-f, --format <name>' argument missing`, `error: too many arguments`, ...
      throw new UsageError(`${error.message.replace(/^error: /, "").split("\n")[0]} ${see}`);
  }
}

/** The first '…' of commander's message: the unknown flag or command. */
function quoted(message: string): string | undefined {
  return /'([^']*)'/.exec(message)?.[1];
}

/**
 * ` (did you mean "--format"?)` for a typo of a flag the command (or the program) has, or for the
 * start of one (`--output` → `--output-file`); ` (an option of report)` for another command's flag.
 */
function flagSuggestion(flag: string, command: Command | undefined): string {
  const own = [...(command ? flagsOf(command) : []), "--debug", "--help", "--version"];
  if (flag.startsWith("--")) {
    const typo = didYouMeanClosest(flag, own);
    if (typo) return typo;
    const completions = own.filter((candidate) => flag.length >= 4 && candidate.startsWith(flag));
    if (completions.length === 1) return ` (did you mean "${completions[0]}"?)`;
  }
  const owners = COMMANDS.filter((other) => other !== command && flagsOf(other).includes(flag)).map((other) => other.name);
  if (owners.length > 0) return ` (an option of ${owners.join(" and ")})`;
  return "";
}

function flagsOf(command: Command): string[] {
  return Object.entries(command.options).filter(([, spec]) => !spec.hidden).flatMap(([name, spec]) => [
    `--${name}`,
    ...(spec.short ? [`-${spec.short}`] : []),
    ...(spec.negatable ? [`--no-${name}`] : []),
  ]);
}
