import type { SourceLocation } from "../errors.js";
import type { EslintReport } from "./reports.js";

/** What the main thread hands the findings worker (findings-worker.ts) when it starts it. */
export interface WorkerInput {
  /** where the tool's config is found from, as for the file whose lint started the analysis */
  searchFrom: string;
  cwd: string;
  /** the rules the lint runs, by id, with their merged options */
  runs: { name: string; options: readonly unknown[] }[];
  /** an Int32Array's buffer: slot FLAG_MESSAGES counts the messages posted, for the main thread to wait on */
  flag: SharedArrayBuffer;
}

export const FLAG_MESSAGES = 0;

/** The main thread asks for a file's reports first: ESLint is waiting for it. */
export interface ToWorker {
  file: string;
}

export type FromWorker =
  /** the program's files (absolute): those it checks, and those the config leaves unchecked */
  | { type: "files"; checked: string[]; ignored: string[] }
  /** one file's reports, by rule run key, for the text it analysed */
  | { type: "reports"; file: string; text: string; reports: [string, EslintReport[]][] }
  /** a config or schema problem: no file is analysed */
  | { type: "problem"; kind: string; message: string; location?: SourceLocation }
  /** a bug: the worker's stack */
  | { type: "crash"; stack: string };

/** A rule run's key: the rule's id and its options. */
export function runKey(name: string, options: readonly unknown[]): string {
  return `${name}\0${JSON.stringify(options)}`;
}
