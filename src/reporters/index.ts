import type { CheckResult } from "../engine/findings.js";

export interface ReporterOptions {
  /** absolute directory that file paths are shown relative to */
  cwd: string;
  /** emit ANSI colour codes */
  color: boolean;
  /** rule id -> docs url */
  ruleDocs?: Record<string, string>;
  /** absolute source root (the repository's): SARIF's `%SRCROOT%`, annotation paths and fingerprints are relative to it; default `cwd` */
  root?: string;
}

/** A reporter is pure: the same result and options always give the same string. */
export type Reporter = (result: CheckResult, options: ReporterOptions) => string;

/** Each reporter module is imported only when asked for by name. */
const loaders = {
  stylish: async () => (await import("./stylish.js")).stylish,
  json: async () => (await import("./json.js")).json,
  sarif: async () => (await import("./sarif.js")).sarif,
  github: async () => (await import("./github.js")).github,
} satisfies Record<string, () => Promise<Reporter>>;

export type ReporterName = keyof typeof loaders;

export const reporterNames: readonly string[] = Object.freeze(Object.keys(loaders));

export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(loaders, name);
}

/** Loads a reporter by name; `undefined` when no reporter has that name. */
export async function loadReporter(name: string): Promise<Reporter | undefined> {
  return isReporterName(name) ? loaders[name]() : undefined;
}
