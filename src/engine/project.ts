import fs from "node:fs";
import path from "node:path";
import { ts } from "./ts.js";

/**
 * What the engine knows about the program beyond one file: how import specifiers
 * resolve (tsconfig paths, ESM `.js` specifiers for `.ts` files) and the parsed text of
 * other files. Files are parsed lazily and once; the file being linted can be handed in
 * from ESLint's parser so unsaved editor text wins over the disk.
 */
export class ProjectModel {
  private readonly files = new Map<string, { sourceFile: ts.SourceFile | undefined; mtimeMs: number }>();
  private readonly resolutionCache: ts.ModuleResolutionCache;
  private readonly compilerOptions: ts.CompilerOptions;
  /** how many files this model parsed: performance guards count work, not time */
  filesParsed = 0;
  /** bumped whenever a file's AST is replaced: caches of cross-file facts (callers) are valid for one version */
  version = 0;

  constructor(
    readonly rootDir: string,
    compilerOptions: ts.CompilerOptions = {},
    readonly tsconfigFiles: readonly string[] = [],
    /** when true, files are re-read if their mtime changed (long-lived editor processes) */
    private readonly watchDisk = false,
  ) {
    this.compilerOptions = {
      allowJs: true,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      module: ts.ModuleKind.ESNext,
      ...compilerOptions,
    };
    this.resolutionCache = ts.createModuleResolutionCache(rootDir, (name) => name, this.compilerOptions);
  }

  /** Reads the nearest tsconfig.json at or above rootDir; a missing or broken one falls back to defaults. */
  static load(rootDir: string, options: { watchDisk?: boolean } = {}): ProjectModel {
    const configPath = ts.findConfigFile(rootDir, ts.sys.fileExists, "tsconfig.json");
    if (!configPath) return new ProjectModel(rootDir, {}, [], options.watchDisk);
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    if (read.error) return new ProjectModel(rootDir, {}, [], options.watchDisk);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath), undefined, configPath);
    return new ProjectModel(rootDir, parsed.options, parsed.fileNames.map((f) => path.resolve(f)), options.watchDisk);
  }

  /** Registers a file's current parse (the one the caller is analysing). */
  setSourceFile(sourceFile: ts.SourceFile, fileName = sourceFile.fileName): void {
    const absolute = path.resolve(fileName);
    const previous = this.files.get(absolute)?.sourceFile;
    if (previous === sourceFile) return;
    if (previous) this.version++;
    this.files.set(absolute, { sourceFile, mtimeMs: Number.POSITIVE_INFINITY });
  }

  getSourceFile(fileName: string): ts.SourceFile | undefined {
    const absolute = path.resolve(fileName);
    const cached = this.files.get(absolute);
    if (cached && (!this.watchDisk || cached.mtimeMs === Number.POSITIVE_INFINITY)) return cached.sourceFile;
    let mtimeMs = 0;
    try {
      mtimeMs = fs.statSync(absolute).mtimeMs;
    } catch {
      this.files.set(absolute, { sourceFile: undefined, mtimeMs });
      return undefined;
    }
    if (cached && cached.mtimeMs === mtimeMs) return cached.sourceFile;
    const text = fs.readFileSync(absolute, "utf8");
    const sourceFile = parseSourceFile(absolute, text);
    this.filesParsed++;
    if (cached?.sourceFile) this.version++;
    this.files.set(absolute, { sourceFile, mtimeMs });
    return sourceFile;
  }

  /** A file's text without parsing it: cheap pre-filters read this before asking for the AST. */
  getText(fileName: string): string | undefined {
    const cached = this.files.get(path.resolve(fileName));
    if (cached?.sourceFile && !this.watchDisk) return cached.sourceFile.text;
    try {
      return fs.readFileSync(fileName, "utf8");
    } catch {
      return undefined;
    }
  }

  /** Absolute path of the TypeScript/JavaScript file a specifier names, or undefined for packages and unresolvable specifiers. */
  resolveModule(specifier: string, fromFile: string): string | undefined {
    const result = ts.resolveModuleName(specifier, fromFile, this.compilerOptions, ts.sys, this.resolutionCache);
    const resolved = result.resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport) return undefined;
    if (resolved.extension === ts.Extension.Dts || resolved.extension === ts.Extension.Dmts || resolved.extension === ts.Extension.Dcts) {
      return undefined;
    }
    return path.resolve(resolved.resolvedFileName);
  }
}

export function parseSourceFile(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
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
