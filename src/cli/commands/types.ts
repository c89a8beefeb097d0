import type { ParseArgsConfig } from "node:util";

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** whether stdout is a terminal that takes colour */
  color: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A subcommand: its own options, parsed by the dispatcher, and what it does; returns the exit code. */
export interface Command {
  name: string;
  /** how --help shows the command line: `check [paths...]` */
  usage: string;
  summary: string;
  /** the lines of --help under "Options" */
  help: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(values: OptionValues, positionals: string[], io: CliIO): Promise<number>;
}
