import crypto from "node:crypto";
import type { ts } from "./ts.js";
/**
 * What a result was computed from. Cross-file facts (the callers of a function, the project's
 * endpoints, the request input reaching a query) are memoised with the files and index entries
 * they read, so one edited file invalidates exactly the facts that read it: the editor re-lints
 * in milliseconds, and `--cache` knows which files a changed file affects.
 */
export interface Dependency {
  /** identifies the input: `file:<path>`, `importers:<name>`, `match:<facet>:<answer>:<path>` */
  readonly key: string;
  /** whether the input is still what the result was computed from */
  isCurrent(): boolean;
  /**
   * The one file (absolute) whose replacement can change the input, or `FIXED_INPUT` for one that does not
   * change while the process runs; without either, it is checked whenever its result is.
   */
  readonly file?: string;
}

/** The `file` of an input no edit changes within one process (where a specifier resolves; see `resolutionChanged`). */
export const FIXED_INPUT = "";

/**
 * The files replaced (edited, re-read from the disk) since a project version, or undefined when more than
 * files changed (the program's list of files): then every input is checked.
 */
export type ChangedSince = (version: number) => readonly string[] | undefined;

/**
 * Text facets: a whole-project pass that looks only at files matching a pattern depends, for the
 * others, on their still not matching, not on their content. Registered by name so a stored
 * dependency (`match:<name>:<true|false>:<path>`) can be re-decided on a file's new text.
 */
const textFacets = new Map<string, RegExp>();

export function registerTextFacet(name: string, pattern: RegExp): void {
  textFacets.set(name, pattern);
}

export function textFacet(name: string): RegExp | undefined {
  return textFacets.get(name);
}

/** Whether a stored facet dependency no longer holds for a file's new text; undefined for other keys. */
export function facetChanged(key: string, textOf: (file: string) => string | undefined): boolean | undefined {
  const match = /^match:([^:]+):(true|false):(.*)$/.exec(key);
  if (!match) return undefined;
  const pattern = textFacets.get(match[1]);
  if (!pattern) return true;
  const text = textOf(match[3]);
  return (text !== undefined && pattern.test(text)) !== (match[2] === "true");
}

/**
 * Summaries: a whole-project pass that reads only a summary of each file (the soft-delete flags it
 * writes) depends on that summary, not on the text: an edit that keeps it keeps the result. Registered
 * by name so a stored dependency (`summary:<name>:<digest>:<path>`) can be re-decided on a file's new
 * parse; the summariser is given the analysis the result was computed in (a cache is kept per config and
 * schema, so it is the same one).
 */
export type Summariser<Context> = (sourceFile: ts.SourceFile, context: Context) => string;
const summarisers = new Map<string, Summariser<never>>();

export function registerSummary<Context>(name: string, summarise: Summariser<Context>): void {
  summarisers.set(name, summarise as Summariser<never>);
}

export function summaryKey(name: string, digest: string, file: string): string {
  return `summary:${name}:${digest}:${file}`;
}

/** A short digest of a summary, for the dependency's key. */
export function summaryDigest(summary: string): string {
  return crypto.createHash("sha1").update(summary).digest("hex").slice(0, 16);
}

/**
 * Whether a stored summary dependency no longer holds: the file's new parse summarises differently (or is
 * gone); undefined for other keys. `parseOf` returns undefined for a file that did not change.
 */
export function summaryChanged<Context>(key: string, parseOf: (file: string) => ts.SourceFile | undefined | "unchanged", context: Context): boolean | undefined {
  const match = /^summary:([^:]+):([0-9a-f]*):(.*)$/.exec(key);
  if (!match) return undefined;
  const summarise = summarisers.get(match[1]) as Summariser<Context> | undefined;
  if (!summarise) return true;
  const parse = parseOf(match[3]);
  if (parse === "unchanged") return false;
  return !parse || summaryDigest(summarise(parse, context)) !== match[2];
}

/**
 * The inputs of one computation: what it read itself, and the inputs of the memoised results it
 * used, kept as links rather than copied, so reusing a result that read a thousand files costs
 * one link, not a thousand insertions.
 */
export class Dependencies {
  readonly own = new Set<Dependency>();
  readonly used = new Set<Dependencies>();
  /** the project version at which every input was last found unchanged */
  private currentAt = Number.NaN;

  /**
   * Whether every input is unchanged; each shared input is checked once. With the project's
   * `version`, a part already found current at that version is not checked again: one lint
   * checks the inputs that many memoised results share (the project's files) once, not per result.
   */
  isCurrent(version?: () => number, changedSince?: ChangedSince): boolean {
    const at = version?.();
    const seen = new Set<Dependencies>();
    const visit = (node: Dependencies): boolean => {
      if (seen.has(node) || node.currentAt === at) return true;
      seen.add(node);
      // Found current before: only the inputs of the files replaced since then can have changed.
      const changed = changedSince && !Number.isNaN(node.currentAt) ? changedSince(node.currentAt) : undefined;
      for (const dependency of changed ? node.inputsOf(changed) : node.own) if (!dependency.isCurrent()) return false;
      for (const child of node.used) if (!visit(child)) return false;
      return true;
    };
    if (!visit(this)) return false;
    // Found current as of now: a file read during the check that bumped the version was no input here.
    if (version) for (const node of seen) node.currentAt = version();
    return true;
  }

  markCurrent(version: number): void {
    this.currentAt = version;
  }

  private byFile: Map<string, Dependency[]> | undefined;
  private unfiled: Dependency[] | undefined;

  /** The inputs that may have changed when `files` were replaced: theirs, and those tied to no file. */
  private *inputsOf(files: readonly string[]): Iterable<Dependency> {
    if (!this.byFile) {
      this.byFile = new Map();
      this.unfiled = [];
      for (const dependency of this.own) {
        if (dependency.file === undefined) this.unfiled.push(dependency);
        else {
          let inputs = this.byFile.get(dependency.file);
          if (!inputs) this.byFile.set(dependency.file, (inputs = []));
          inputs.push(dependency);
        }
      }
    }
    yield* this.unfiled!;
    for (const file of new Set(files)) yield* this.byFile.get(file) ?? [];
  }
}

export interface MemoEntry<T> {
  value: T;
  dependencies: Dependencies;
  /** the project version at which the dependencies were last found current */
  checkedAt: number;
}

/** A cache of memoised results, by key. */
export interface MemoStore<K, T> {
  get(key: K): MemoEntry<T> | undefined;
  set(key: K, entry: MemoEntry<T>): unknown;
}

/** Off only in tests that prove memoisation changes no finding. */
export const memoisation = { enabled: true };

/** What a result reads when nobody keeps its inputs. */
const NO_INPUTS = new Dependencies();

export class DependencyRecorder {
  private readonly frames: Dependencies[] = [];
  private paused = 0;

  constructor(
    private readonly version: () => number,
    /**
     * False for a one-shot run, which never asks what a result read: memoised results are then
     * plain cached values, kept while the project version is unchanged, and nothing is recorded.
     */
    readonly keepsInputs = true,
    /** what was replaced since a version: a check then looks only at the inputs of those files */
    private readonly changedSince?: ChangedSince,
  ) {}

  /** Whether anything is being recorded: callers skip building a dependency nobody keeps. */
  get recording(): boolean {
    return this.frames.length > 0 && this.paused === 0;
  }

  /** Notes that the result being computed read `dependency`. */
  record(dependency: Dependency): void {
    if (this.recording) this.frames[this.frames.length - 1].own.add(dependency);
  }

  /** Runs `compute` and returns what it read (and what the memoised results it used read). */
  track<T>(compute: () => T): { value: T; dependencies: Dependencies } {
    if (!this.keepsInputs) return { value: compute(), dependencies: NO_INPUTS };
    const frame = new Dependencies();
    this.frames.push(frame);
    // A result computed while the caller is untracked (a dependency's own check) still records its inputs.
    const paused = this.paused;
    this.paused = 0;
    let value: T;
    try {
      value = compute();
    } finally {
      this.frames.pop();
      this.paused = paused;
    }
    // Its inputs are what the result was computed from: current now.
    frame.markCurrent(this.version());
    this.use(frame);
    return { value, dependencies: frame };
  }

  /** Runs `compute` without recording: for reads that stand for something recorded otherwise (an index's own refresh). */
  untracked<T>(compute: () => T): T {
    this.paused++;
    try {
      return compute();
    } finally {
      this.paused--;
    }
  }

  /**
   * `store`'s value for `key` while everything it was computed from is unchanged, otherwise a
   * fresh `compute()`. A reused value's dependencies count as read by the caller.
   */
  memo<K, T>(store: MemoStore<K, T>, key: K, compute: () => T): T {
    if (!memoisation.enabled) return this.track(compute).value;
    const entry = store.get(key);
    if (entry && this.stillCurrent(entry)) {
      this.use(entry.dependencies);
      return entry.value;
    }
    const { value, dependencies } = this.track(compute);
    store.set(key, { value, dependencies, checkedAt: this.version() });
    return value;
  }

  private stillCurrent(entry: MemoEntry<unknown>): boolean {
    const version = this.version();
    // Nothing was replaced since the last check: no dependency can have changed.
    if (entry.checkedAt === version) return true;
    if (!this.keepsInputs) return false;
    const current = this.untracked(() => entry.dependencies.isCurrent(this.version, this.changedSince));
    if (current) entry.checkedAt = this.version();
    return current;
  }

  private use(dependencies: Dependencies): void {
    if (this.recording) this.frames[this.frames.length - 1].used.add(dependencies);
  }
}
