export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** whether stdout takes colour by default (a terminal, FORCE_COLOR / NO_COLOR): see `colorFromEnvironment` */
  color: boolean;
  /** the terminal's width, for wrapping --help (default 80) */
  columns?: number;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/**
 * One option of a command, declared where the command is. `main.ts` turns it into a commander
 * `Option`: `--<key>`, `-<short>`, ` <valueName>` for a string; `values[key]` holds what was given,
 * under the same kebab-case key (`values["max-warnings"]`).
 */
export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  /** how --help names the value: `"file"` shows `--config <file>` (default `value`) */
  valueName?: string;
  /** the line of --help */
  description: string;
  default?: string;
  /** may be given more than once: the value is the array of every value, in order */
  multiple?: boolean;
  /** an alias kept for compatibility: accepted, but not listed by --help */
  hidden?: boolean;
  /** a boolean that also has `--no-<key>` (the value false); the value is undefined when neither is given */
  negatable?: { description: string };
}

/** An option value as given on the command line, in command-line order (what pairs each --output-file with its --format). */
export interface GivenOption {
  name: string;
  value: string;
}

/** A subcommand: its own options, parsed by the dispatcher, and what it does; returns the exit code. */
export interface Command {
  name: string;
  /** the positional arguments, as --help shows them: `[paths...]`; none when absent */
  arguments?: string;
  /** one line, in the list of commands */
  summary: string;
  /** what `<command> --help` prints after the usage line (default: the summary) */
  description?: string;
  options: Readonly<Record<string, OptionSpec>>;
  /** lines --help prints after the options (examples, exit codes) */
  helpAfter?: string;
  run(values: OptionValues, positionals: string[], io: CliIO, given?: readonly GivenOption[]): Promise<number>;
}
