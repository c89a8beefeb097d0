import fs from "node:fs";
import path from "node:path";
import { DependencyRecorder, FIXED_INPUT, summaryDigest, summaryKey, textFacet, type Dependency } from "./dependencies.js";
import { indexAndLinkParents } from "./file-index.js";
import { ts } from "./ts.js";
import { absolutePath } from "./paths.js";
import { readProjectTsconfig } from "./tsconfig.js";

interface FileEntry {
  sourceFile: ts.SourceFile | undefined;
  /** the disk's mtime when read; infinite for a parse handed in by the caller (unsaved editor text) */
  mtimeMs: number;
  /** the lint (see `epoch`) in which the disk was last compared, when watching the disk */
  checkedInEpoch: number;
  /** what a memoised fact that read this parse depends on; one object per parse */
  dependency?: Dependency;
}

/**
 * What the engine knows about the program beyond one file: how import specifiers
 * resolve (tsconfig paths, ESM `.js` specifiers for `.ts` files) and the parsed text of
 * other files. Files are parsed lazily and once; the file being linted can be handed in
 * from ESLint's parser so unsaved editor text wins over the disk.
 */
export class ProjectModel {
  private readonly files = new Map<string, FileEntry>();
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private readonly resolutionHost = cachingResolutionHost();
  readonly compilerOptions: ts.CompilerOptions;
  /** how many files this model parsed: performance guards count work, not time */
  filesParsed = 0;
  /** bumped whenever a file's AST is replaced: memoised cross-file facts re-check their dependencies only then */
  version = 0;
  /** what memoised cross-file facts read; see `dependencies.ts` */
  readonly dependencies: DependencyRecorder;
  /**
   * One lint of a file in a long-lived process: with watchDisk, each file's mtime is compared
   * once per epoch rather than on every read, so a warm re-lint costs no stat per file it looks into.
   */
  private epoch = 0;
  private lastHandedIn: ts.SourceFile | undefined;

  constructor(
    readonly rootDir: string,
    compilerOptions: ts.CompilerOptions = {},
    readonly tsconfigFiles: readonly string[] = [],
    /** when true, files are re-read if their mtime changed (long-lived editor processes) */
    private readonly watchDisk = false,
    /** false for a one-shot run that never asks what a result read (see `DependencyRecorder`) */
    keepsInputs = true,
  ) {
    this.dependencies = new DependencyRecorder(() => this.version, keepsInputs, (since) => this.changedSince(since));
    this.compilerOptions = {
      allowJs: true,
      // TypeScript before 5.0 has no bundler resolution: node10 is the one it grew out of.
      moduleResolution: ts.ModuleResolutionKind.Bundler ?? ts.ModuleResolutionKind.NodeJs,
      module: ts.ModuleKind.ESNext,
      ...compilerOptions,
    };
    this.resolutionCache = ts.createModuleResolutionCache(rootDir, (name) => name, this.compilerOptions);
  }

  private tsconfigSet: ReadonlySet<string> | undefined;

  private outsideProgram: { key: string; files: readonly string[]; isOutside: (fileName: string) => boolean } | undefined;

  /**
   * The files whole-program passes read: the tsconfig's files less those the config puts outside
   * the program (generated clients, folders the user ignores; see `excludeFromProgram`). Those are
   * never parsed, unless a checked file imports one.
   */
  get programFiles(): readonly string[] {
    return this.outsideProgram?.files ?? this.tsconfigFiles;
  }

  /**
   * Leaves out of `programFiles` the files `isOutside` names. `key` stands for the predicate: the
   * same key keeps the list; another one (an edited config in the editor) recomputes it and makes
   * every memoised cross-file fact re-check.
   */
  excludeFromProgram(key: string, isOutside: (fileName: string) => boolean): void {
    if (this.outsideProgram?.key === key) return;
    const files = this.tsconfigFiles.filter((fileName) => !isOutside(fileName));
    if (this.outsideProgram || files.length !== this.tsconfigFiles.length) this.bump(undefined);
    this.outsideProgram = { key, files, isOutside };
  }

  /** Whether a file is generated or built code the program leaves out (see `excludeFromProgram`): read only when a checked file imports it, never followed further. */
  isOutsideProgram(fileName: string): boolean {
    return this.outsideProgram?.isOutside(fileName) ?? false;
  }

  /** Whether a file is one of the tsconfig's files. */
  isTsconfigFile(fileName: string): boolean {
    this.tsconfigSet ??= new Set(this.tsconfigFiles);
    return this.tsconfigSet.has(fileName) || this.tsconfigSet.has(absolutePath(fileName));
  }

  /** What was wrong with the tsconfig and what the model did instead (see `readProjectTsconfig`). */
  tsconfigWarnings: readonly string[] = [];

  /** Reads the nearest tsconfig.json at or above rootDir with its references; without a usable one, every TypeScript file under rootDir. */
  static load(rootDir: string, options: { watchDisk?: boolean; keepsInputs?: boolean } = {}): ProjectModel {
    const { watchDisk, keepsInputs } = options;
    const tsconfig = readProjectTsconfig(rootDir);
    const project = new ProjectModel(rootDir, tsconfig.options, tsconfig.fileNames, watchDisk, keepsInputs);
    project.tsconfigWarnings = tsconfig.warnings;
    return project;
  }

  /**
   * Registers the parse of the file the caller analyses, and returns the parse to analyse: the
   * one already known when the text is the same (so cross-file facts stay valid and reported
   * positions are identical), otherwise the one handed in.
   */
  setSourceFile(sourceFile: ts.SourceFile, fileName = sourceFile.fileName): ts.SourceFile {
    if (sourceFile !== this.lastHandedIn) {
      this.lastHandedIn = sourceFile;
      this.epoch++;
    }
    const absolute = absolutePath(fileName);
    const known = this.files.get(absolute);
    const previous = known?.sourceFile;
    if (previous === sourceFile) return sourceFile;
    if (previous && previous.text === sourceFile.text && (previous.fileName === sourceFile.fileName || absolutePath(previous.fileName) === absolute)) {
      known!.checkedInEpoch = this.epoch;
      return previous;
    }
    if (previous) this.bump(absolute);
    this.files.set(absolute, { sourceFile, mtimeMs: Number.POSITIVE_INFINITY, checkedInEpoch: this.epoch });
    return sourceFile;
  }

  /** What each bump of `version` replaced: a file (absolute), or undefined for a change of the program's files. */
  private readonly bumps: (string | undefined)[] = [];

  private bump(file: string | undefined): void {
    this.bumps.push(file);
    this.version++;
  }

  /**
   * The files replaced since `version`, or undefined when the program's list of files changed. In a
   * long-lived process the disk is compared first, once per lint: a file another program changed is
   * replaced then, so a check that looks only at the replaced files sees it too.
   */
  changedSince(version: number): readonly string[] | undefined {
    this.compareWithDisk();
    const replaced = this.bumps.slice(version);
    return replaced.includes(undefined) ? undefined : (replaced as string[]);
  }

  private comparedInEpoch = -1;

  private compareWithDisk(): void {
    if (!this.watchDisk || this.comparedInEpoch === this.epoch) return;
    this.comparedInEpoch = this.epoch;
    for (const [fileName, entry] of this.files) {
      if (entry.mtimeMs !== Number.POSITIVE_INFINITY && entry.checkedInEpoch !== this.epoch) this.currentParse(fileName);
    }
  }

  getSourceFile(fileName: string): ts.SourceFile | undefined {
    const sourceFile = this.currentParse(fileName);
    if (this.dependencies.recording) this.dependencies.record(this.fileDependency(fileName));
    return sourceFile;
  }

  /**
   * Records that the result read a file only to learn that `holds` is true of it (a file that
   * registers no route): the result stays valid after an edit while `holds` stays true. `holds`
   * is asked again on every check, since what it found may rest on other files (an imported
   * router). Keyed as the file itself, which is what `--cache` can decide from the file's hash.
   */
  dependWhile(fileName: string, holds: (parse: ts.SourceFile | undefined) => boolean): void {
    if (!this.dependencies.recording) return;
    const absolute = absolutePath(fileName);
    this.dependencies.record({ key: `file:${absolute}`, file: absolute, isCurrent: () => holds(this.currentParse(absolute)) });
  }

  /**
   * Records that the result read only a summary of a file (see `registerSummary`): it stays valid while
   * the file's parse summarises to the same digest. The file itself is read without being recorded.
   */
  dependOnSummary(fileName: string, name: string, summarise: (parse: ts.SourceFile) => string, owner?: object): ts.SourceFile | undefined {
    const absolute = absolutePath(fileName);
    const parse = this.dependencies.untracked(() => this.getSourceFile(absolute));
    if (!this.dependencies.recording) return parse;
    // One dependency per parse, summary and owner (the analysis whose summariser it is): a lint of every file
    // of a project asks for the same summaries again and again, and each would otherwise summarise and hash anew.
    const cache = owner && parse ? this.summaryDependencies(owner, parse) : undefined;
    let dependency = cache?.get(name);
    if (!dependency) {
      const digest = parse ? summaryDigest(summarise(parse)) : "";
      dependency = {
        key: summaryKey(name, digest, absolute),
        file: absolute,
        isCurrent: () => {
          const now = this.currentParse(absolute);
          return now === parse || (now ? summaryDigest(summarise(now)) : "") === digest;
        },
      };
      cache?.set(name, dependency);
    }
    this.dependencies.record(dependency);
    return parse;
  }

  private readonly summaryStores = new WeakMap<object, WeakMap<ts.SourceFile, Map<string, Dependency>>>();

  private summaryDependencies(owner: object, parse: ts.SourceFile): Map<string, Dependency> {
    let byParse = this.summaryStores.get(owner);
    if (!byParse) this.summaryStores.set(owner, (byParse = new WeakMap()));
    let byName = byParse.get(parse);
    if (!byName) byParse.set(parse, (byName = new Map()));
    return byName;
  }

  /** A dependency on a file's current parse: current while the project hands out the same parse. */
  private fileDependency(fileName: string): Dependency {
    const entry = (this.files.get(fileName) ?? this.files.get(absolutePath(fileName)))!;
    if (!entry.dependency) {
      const absolute = absolutePath(fileName);
      const parse = entry.sourceFile;
      entry.dependency = { key: `file:${absolute}`, file: absolute, isCurrent: () => this.currentParse(absolute) === parse };
    }
    return entry.dependency;
  }

  private currentParse(fileName: string): ts.SourceFile | undefined {
    // Most names arrive absolute and normalised already: look them up before resolving.
    const cached = this.files.get(fileName) ?? this.files.get(absolutePath(fileName));
    if (cached && (!this.watchDisk || cached.mtimeMs === Number.POSITIVE_INFINITY || cached.checkedInEpoch === this.epoch)) return cached.sourceFile;
    const absolute = absolutePath(fileName);
    let mtimeMs = 0;
    let text: string;
    try {
      // Only a long-lived process compares mtimes: a one-shot run reads each file once, without a stat.
      if (this.watchDisk) {
        mtimeMs = fs.statSync(absolute).mtimeMs;
        if (cached && cached.mtimeMs === mtimeMs) {
          cached.checkedInEpoch = this.epoch;
          return cached.sourceFile;
        }
      }
      text = fs.readFileSync(absolute, "utf8");
    } catch {
      if (cached?.sourceFile) this.bump(absolute);
      this.files.set(absolute, { sourceFile: undefined, mtimeMs: 0, checkedInEpoch: this.epoch });
      return undefined;
    }
    const sourceFile = parseSourceFile(absolute, text);
    this.filesParsed++;
    if (cached?.sourceFile) this.bump(absolute);
    this.files.set(absolute, { sourceFile, mtimeMs, checkedInEpoch: this.epoch });
    return sourceFile;
  }

  /**
   * Whether a file's text matches a registered facet pattern (see `registerTextFacet`), recorded
   * as depending on that answer only: a pass that skips non-matching files stays valid while
   * they keep not matching.
   */
  textMatches(fileName: string, facet: string): boolean {
    const pattern = textFacet(facet);
    if (!pattern) throw new Error(`unknown text facet ${facet}`);
    const absolute = absolutePath(fileName);
    const matches = (text: string | undefined) => text !== undefined && pattern.test(text);
    const parse = this.currentParse(absolute);
    const result = matches(parse?.text);
    if (this.dependencies.recording) {
      // One dependency per parse and facet, however often it is asked (every lint of a project asks of every file).
      let byFacet = parse ? this.matchDependencies.get(parse) : undefined;
      if (parse && !byFacet) this.matchDependencies.set(parse, (byFacet = new Map()));
      let dependency = byFacet?.get(facet);
      if (!dependency) {
        dependency = {
          key: `match:${facet}:${result}:${absolute}`,
          file: absolute,
          isCurrent: () => {
            // The answer rests on the text alone: the same parse gives the same answer.
            const now = this.currentParse(absolute);
            return now === parse || matches(now?.text) === result;
          },
        };
        byFacet?.set(facet, dependency);
      }
      this.dependencies.record(dependency);
    }
    return result;
  }

  /** Absolute path of the TypeScript/JavaScript file a specifier names, or undefined for packages and unresolvable specifiers. */
  resolveModule(specifier: string, fromFile: string): string | undefined {
    // Files of one folder and one extension resolve a specifier alike (the module kind of `.mts`/`.cts` differs);
    // a package name, alike in every folder of one resolution scope.
    const folder = isRelativeOrAbsolute(specifier) ? path.dirname(fromFile) : this.resolutionScope(path.dirname(fromFile));
    const key = `${folder}\0${path.extname(fromFile)}\0${specifier}`;
    let resolved: string | undefined;
    if (this.resolved.has(key)) resolved = this.resolved.get(key);
    else this.resolved.set(key, (resolved = this.resolveUncached(specifier, fromFile)));
    this.recordResolution(specifier, fromFile, resolved);
    return resolved;
  }

  /**
   * Records that a result rests on where a specifier resolves (or that it resolves nowhere): a file
   * that appears or disappears can change that without any file the result read changing. Within one
   * process resolutions are fixed; `--cache` re-resolves the key (see `resolutionChanged`).
   */
  private recordResolution(specifier: string, fromFile: string, resolved: string | undefined): void {
    if (!this.dependencies.recording) return;
    const key = resolutionKey(specifier, absolutePath(fromFile), resolved);
    // One dependency object per resolution: a set of what a result read then holds it once, however often it resolved it.
    let dependency = this.resolutionDependencies.get(key);
    if (!dependency) this.resolutionDependencies.set(key, (dependency = { key, file: FIXED_INPUT, isCurrent: () => true }));
    this.dependencies.record(dependency);
  }

  private readonly resolutionDependencies = new Map<string, Dependency>();
  private readonly matchDependencies = new WeakMap<ts.SourceFile, Map<string, Dependency>>();

  private readonly resolved = new Map<string, string | undefined>();
  private readonly scopes = new Map<string, string>();

  /**
   * The folder a package name resolves from as if from `folder`: the nearest one, `folder` or above,
   * holding a node_modules folder or a package.json. Below it, TypeScript looks up a package name the
   * same way from every folder (the same node_modules folders, the same package.json for the module
   * kind, `imports` and self-references), so its answer is shared; a project with a folder per module
   * otherwise asks TypeScript again for `express` in each of them.
   */
  private resolutionScope(folder: string): string {
    let scope = this.scopes.get(folder);
    if (scope !== undefined) return scope;
    const parent = path.dirname(folder);
    const host = this.resolutionHost;
    scope =
      parent === folder || host.directoryExists!(path.join(folder, "node_modules")) || host.fileExists(path.join(folder, "package.json"))
        ? folder
        : this.resolutionScope(parent);
    this.scopes.set(folder, scope);
    return scope;
  }
  private readonly resolvedSpecifiers = new WeakMap<ts.StringLiteralLike, string | null>();

  /**
   * A relative specifier answered without the disk: when the first file TypeScript would try is
   * one of the tsconfig's files, TypeScript resolves to it, so that is the answer. Anything else
   * (a folder, a plain `.js` file, `moduleSuffixes`) is left to TypeScript. On a large project
   * most imports are relative, and TypeScript probes the disk for each new folder.
   */
  private knownRelativeFile(specifier: string, fromFile: string): string | undefined {
    if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
    if (this.compilerOptions.moduleSuffixes?.length) return undefined;
    const base = path.resolve(path.dirname(fromFile), specifier);
    const extension = path.extname(base);
    // TypeScript tries the .ts twin of a JavaScript extension first, and a name without a known extension plus .ts.
    const twin = JS_TO_TS[extension];
    const candidate = twin ? base.slice(0, -extension.length) + twin : KNOWN_EXTENSIONS.has(extension) ? undefined : `${base}.ts`;
    return candidate && this.isTsconfigFile(candidate) ? candidate : undefined;
  }

  /** `resolveModule` for a specifier as written in a parse: answered once per specifier node, without building a key. */
  resolveSpecifier(specifier: ts.StringLiteralLike): string | undefined {
    const known = this.resolvedSpecifiers.get(specifier);
    if (known !== undefined) {
      this.recordResolution(specifier.text, specifier.getSourceFile().fileName, known ?? undefined);
      return known ?? undefined;
    }
    const resolved = this.resolveModule(specifier.text, specifier.getSourceFile().fileName);
    this.resolvedSpecifiers.set(specifier, resolved ?? null);
    return resolved;
  }

  private resolveUncached(specifier: string, fromFile: string): string | undefined {
    const known = this.knownRelativeFile(specifier, fromFile);
    if (known) return known;
    const result = ts.resolveModuleName(specifier, fromFile, this.compilerOptions, this.resolutionHost, this.resolutionCache);
    const resolved = result.resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    if (resolved.extension === ts.Extension.Dts || resolved.extension === ts.Extension.Dmts || resolved.extension === ts.Extension.Dcts) {
      return undefined;
    }
    return absolutePath(resolved.resolvedFileName);
  }
}

/**
 * JSDoc comments stay comments: no rule reads them, and parsing them into nodes cost 9% of the
 * parse on a corpus with one JSDoc block in 80 files. (TypeScript before 5.3 has no such mode and parses them.)
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode?.ParseNone };

/** A parse with every node linked to its parent, and its file index built in the same walk. */
export function parseSourceFile(fileName: string, text: string): ts.SourceFile {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(fileName, text, PARSE_OPTIONS, false, scriptKindOf(fileName));
  } catch (error) {
    // TypeScript's parser is recursive: code nested deeper than the call stack cannot be parsed.
    if (!(error instanceof RangeError)) throw error;
    return unparsable(fileName, "the code is nested too deeply for TypeScript's parser");
  }
  indexAndLinkParents(sourceFile);
  return sourceFile;
}

/** An empty parse carrying one syntax error at the start: the file's rules report it as a parsing error. */
function unparsable(fileName: string, reason: string): ts.SourceFile {
  const sourceFile = ts.createSourceFile(fileName, "", PARSE_OPTIONS, false, scriptKindOf(fileName));
  const diagnostic: ts.DiagnosticWithLocation = { file: sourceFile, start: 0, length: 0, messageText: reason, category: ts.DiagnosticCategory.Error, code: 0 };
  (sourceFile as unknown as { parseDiagnostics: ts.DiagnosticWithLocation[] }).parseDiagnostics = [diagnostic];
  indexAndLinkParents(sourceFile);
  return sourceFile;
}

function scriptKindOf(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(fileName) || fileName.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(fileName)) return ts.ScriptKind.TS;
  if (fileName.endsWith(".jsx")) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/** Syntax errors of a parse: TypeScript keeps them on the source file rather than throwing. */
export function parseDiagnostics(sourceFile: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

function isRelativeOrAbsolute(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === ".." || path.isAbsolute(specifier);
}

const JS_TO_TS: Readonly<Record<string, string>> = { ".js": ".ts", ".jsx": ".tsx", ".mjs": ".mts", ".cjs": ".cts" };
const KNOWN_EXTENSIONS: ReadonlySet<string> = new Set([".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json"]);

/**
 * The file system as module resolution sees it, each question asked of the disk once. TypeScript's
 * resolution cache is per directory, so in a project with a folder per module every import still
 * probes the disk; these answers live as long as that cache, which is never cleared either.
 */
function cachingResolutionHost(): ts.ModuleResolutionHost {
  const remember = <T>(ask: (name: string) => T) => {
    const answers = new Map<string, T>();
    return (name: string): T => {
      if (answers.has(name)) return answers.get(name)!;
      const answer = ask(name);
      answers.set(name, answer);
      return answer;
    };
  };
  return {
    fileExists: remember((name) => ts.sys.fileExists(name)),
    directoryExists: remember((name) => ts.sys.directoryExists(name)),
    readFile: remember((name) => ts.sys.readFile(name)),
    realpath: ts.sys.realpath && remember((name) => ts.sys.realpath!(name)),
    getCurrentDirectory: () => ts.sys.getCurrentDirectory(),
  };
}

/** `resolve:<from>\0<specifier>\0<resolved file, or nothing>`: a stored dependency on a module resolution. */
export function resolutionKey(specifier: string, fromFile: string, resolved: string | undefined): string {
  return `resolve:${fromFile}\0${specifier}\0${resolved ?? ""}`;
}

/** Whether a stored resolution dependency resolves elsewhere now; undefined for other keys. */
export function resolutionChanged(key: string, project: ProjectModel): boolean | undefined {
  if (!key.startsWith("resolve:")) return undefined;
  const [fromFile, specifier, resolved] = key.slice("resolve:".length).split("\0");
  return (project.resolveModule(specifier, fromFile) ?? "") !== resolved;
}
