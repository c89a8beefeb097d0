/**
 * Finds and loads the config file with cosmiconfig (sync: ESLint rules are sync), then validates it.
 *
 * Formats: `backend-conventions.config.{js,mjs,cjs,ts,json}`, `.backend-conventionsrc` (JSON or YAML),
 * `.backend-conventionsrc.{json,yaml,yml,js,cjs,mjs}` and the `backend-conventions` key of package.json.
 * ES modules (`.mjs`, `.js` in a `"type": "module"` package) load through `require(esm)` (Node >= 20.19),
 * so they must not use top-level await; `.ts` is transpiled by cosmiconfig to CommonJS.
 *
 * Results (and errors) are cached per search directory and per rules table; `clearConfigCache()` resets.
 * Node never forgets an ES module it has loaded, so after a reset an ES module config is re-read through a
 * temporary copy next to it (`.<name>.<uuid>.mjs`, removed right after).
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cosmiconfigSync, defaultLoadersSync, type LoaderSync, type PublicExplorerSync } from "cosmiconfig";
import { parseDiagnostics } from "../engine/project.js";
import { ts } from "../engine/ts.js";
import { ConfigError, KnownError } from "../errors.js";
import { readFailure } from "../file-errors.js";
import { resolveConfig } from "./resolve.js";
import type { LoadConfigOptions, ResolvedConfig, RuleOptionsSchemas } from "./types.js";

const MODULE_NAME = "backend-conventions";

/** In this order; the first one found in a directory wins. */
export const SEARCH_PLACES: readonly string[] = [
  "package.json",
  `.${MODULE_NAME}rc`,
  `.${MODULE_NAME}rc.json`,
  `.${MODULE_NAME}rc.yaml`,
  `.${MODULE_NAME}rc.yml`,
  `.${MODULE_NAME}rc.js`,
  `.${MODULE_NAME}rc.cjs`,
  `.${MODULE_NAME}rc.mjs`,
  `${MODULE_NAME}.config.js`,
  `${MODULE_NAME}.config.mjs`,
  `${MODULE_NAME}.config.cjs`,
  `${MODULE_NAME}.config.ts`,
  `${MODULE_NAME}.config.json`,
];

const SYNC_FORMATS =
  "JSON, YAML, package.json, .cjs, and .js/.mjs/.ts without top-level await (ES modules need Node >= 20.19)";

type Outcome = ({ config: ResolvedConfig } | { error: unknown }) & { stamp?: string };

let explorer: PublicExplorerSync | undefined;
/** per rules table: search directory (or `--config` path) → outcome */
let outcomes = new WeakMap<RuleOptionsSchemas, Map<string, Outcome>>();
/** per rules table: config file → outcome, so that every directory under one config shares one object */
let byFile = new WeakMap<RuleOptionsSchemas, Map<string, Outcome>>();

export function clearConfigCache(): void {
  explorer?.clearCaches();
  explorer = undefined;
  outcomes = new WeakMap();
  byFile = new WeakMap();
}

export function loadConfig(options: LoadConfigOptions): ResolvedConfig {
  const key =
    options.configPath === undefined ? `search:${path.resolve(options.searchFrom)}\0${path.resolve(options.cwd ?? process.cwd())}` : `file:${path.resolve(options.configPath)}`;
  let cache = cacheFor(outcomes, options.rules);
  let outcome = cache.get(key);
  const stamp = options.watch ? inputStamp(options) : undefined;
  if (outcome && stamp !== undefined && outcome.stamp !== stamp) {
    // One of the files the outcome came from changed: everything cached may have read it (cosmiconfig's cache too).
    clearConfigCache();
    cache = cacheFor(outcomes, options.rules);
    outcome = undefined;
  }
  if (!outcome) {
    outcome = { ...attempt(() => load(options)), ...(stamp === undefined ? {} : { stamp }) };
    cache.set(key, outcome);
  }
  if ("error" in outcome) throw outcome.error;
  return outcome.config;
}

/** Size and mtime of every file a load reads or looks for, so a watching caller sees an edit, a new file and a removed one. */
function inputStamp({ searchFrom, configPath, cwd }: LoadConfigOptions): string {
  const files =
    configPath === undefined
      ? searchDirectories(path.resolve(searchFrom), path.resolve(cwd ?? process.cwd())).flatMap((dir) => SEARCH_PLACES.map((place) => path.join(dir, place)))
      : [path.resolve(configPath)];
  return files.map(fileStamp).join("|");
}

function fileStamp(file: string): string {
  try {
    const stat = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
    return stat ? `${stat.size}:${stat.mtimeNs}` : "";
  } catch {
    return "unreadable";
  }
}

function load({ searchFrom, configPath, rules, cwd }: LoadConfigOptions): ResolvedConfig {
  const found = configPath === undefined ? search(path.resolve(searchFrom), path.resolve(cwd ?? process.cwd())) : loadExplicit(configPath);
  // Without a config file the project root is the folder of the nearest package.json,
  // where the search stopped: linting src/a/b.ts must not look for prisma/ in src/a.
  if (!found) return resolveConfig({}, { rootDir: projectRoot(path.resolve(searchFrom)), rules });
  const fileCache = cacheFor(byFile, rules);
  let outcome = fileCache.get(found.filepath);
  if (!outcome) {
    outcome = attempt(() => {
      assertConfigValue(found);
      return resolveConfig(found.config, { rootDir: path.dirname(found.filepath), configFile: found.filepath, rules });
    });
    fileCache.set(found.filepath, outcome);
  }
  if ("error" in outcome) throw outcome.error;
  return outcome.config;
}

/**
 * The search goes up from `from` to the project root — the nearest folder with a package.json, or
 * else the repository root (a `.git`) — and never above it: a config in the home or the temporary
 * folder is not this project's, and a JS config there would be executed. With neither, up to the
 * run's working directory when `from` is inside it (ESLint run in a project without a package.json),
 * else only `from`.
 * A search place that exists but cannot be read (a directory, a FIFO, no permission) is an error,
 * not a reason to look further.
 */
function search(from: string, cwd: string): { config: unknown; filepath: string } | null {
  for (const dir of searchDirectories(from, cwd)) {
    for (const place of SEARCH_PLACES) assertReadable(path.join(dir, place), { missingIsFine: true });
    let found;
    try {
      found = getExplorer().search(dir);
    } catch (error) {
      throw loadError(error, (error as { filepath?: string }).filepath ?? dir);
    }
    if (found) return found;
  }
  return null;
}

function searchDirectories(from: string, cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = from; ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (PROJECT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) return dirs;
    if (path.dirname(dir) === dir) break;
  }
  const inside = path.relative(cwd, from);
  if (inside.startsWith("..") || path.isAbsolute(inside)) return [from];
  return dirs.slice(0, dirs.indexOf(cwd) + 1);
}

const PROJECT_MARKERS = ["package.json", "package.yaml", ".git"];

/** A config file that exists must be a readable regular file (`/dev/zero` or a FIFO would be read forever). */
function assertReadable(filepath: string, { missingIsFine }: { missingIsFine: boolean }): void {
  let stats: fs.Stats | undefined;
  try {
    // Asked for every search place of every folder linted: a missing file is the rule, answered without an exception.
    stats = fs.statSync(filepath, { throwIfNoEntry: !missingIsFine });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (missingIsFine && code === "ENOTDIR") return;
    throw new ConfigError(`cannot read config file ${filepath}: ${readFailure(error)}`);
  }
  if (!stats) return;
  if (stats.isDirectory()) throw new ConfigError(`cannot read config file ${filepath}: it is a directory`);
  if (!stats.isFile()) throw new ConfigError(`cannot read config file ${filepath}: not a regular file`);
  try {
    fs.accessSync(filepath, fs.constants.R_OK);
  } catch {
    throw new ConfigError(`cannot read config file ${filepath}: permission denied`);
  }
}

function loadExplicit(configPath: string): { config: unknown; filepath: string } {
  const filepath = path.resolve(configPath);
  if (fs.existsSync(filepath) && !fs.statSync(filepath).isFile() && !fs.statSync(filepath).isDirectory()) {
    throw new ConfigError(`cannot read config file ${configPath}: not a regular file`);
  }
  let result;
  try {
    result = getExplorer().load(filepath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR" || code === "EACCES" || code === "ENOTDIR") {
      throw new ConfigError(`cannot read config file ${configPath}: ${readFailure(error)}`);
    }
    throw loadError(error, filepath);
  }
  if (result === null || (path.basename(filepath) === "package.json" && result.config == null)) {
    throw new ConfigError(`package.json has no "${MODULE_NAME}" key`, { file: filepath });
  }
  return result;
}

/** A Promise is a mistake (`export default Promise.resolve({…})` or an async factory's result), not an object with no settings. */
function assertConfigValue({ config, filepath }: { config: unknown; filepath: string }): void {
  if (typeof (config as { then?: unknown } | undefined)?.then === "function") {
    throw new ConfigError("the config is a Promise: export the object itself (configs load synchronously, as ESLint rules run)", { file: filepath });
  }
}


function getExplorer(): PublicExplorerSync {
  explorer ??= cosmiconfigSync(MODULE_NAME, {
    // one folder per search: `search` walks the folders itself and stops at the project root
    searchStrategy: "none",
    searchPlaces: [...SEARCH_PLACES],
    // an empty config file is a config with all defaults (and its directory is the rootDir), not "keep looking"
    ignoreEmptySearchPlaces: false,
    cache: true,
    loaders: {
      ".js": rejectingNull(loadModule),
      ".cjs": rejectingNull(loadModule),
      ".mjs": rejectingNull(loadModule),
      ".ts": defaultLoadersSync[".ts"], // transpiles to CommonJS next to the file, then requires it
      ".json": rejectingNull(defaultLoadersSync[".json"]),
      ".yaml": rejectingNull(defaultLoadersSync[".yaml"]),
      ".yml": rejectingNull(defaultLoadersSync[".yml"]),
      noExt: rejectingNull(defaultLoadersSync.noExt),
    },
  });
  return explorer;
}

const loadJsSync = defaultLoadersSync[".js"];

/** cosmiconfig takes a file whose value is `null` for no file at all and searches on: it is a mistake in the file. */
function rejectingNull(loader: LoaderSync): LoaderSync {
  return (filepath, content) => {
    const loaded = loader(filepath, content);
    if (loaded === null && path.basename(filepath) !== "package.json") throw new ConfigError("the config is null: expected an object", { file: filepath });
    return loaded;
  };
}

/** ES module configs loaded in this process: Node caches them for good, so a reload goes through a fresh copy. */
const esmLoaded = new Set<string>();

/** `require` (fresh) of CommonJS or, through require(esm), an ES module: its default export. */
const loadModule: LoaderSync = (filepath, content) => {
  const loaded: unknown = esmLoaded.has(filepath) ? loadEsmCopy(filepath, content) : loadJsSync(filepath, content);
  if (Object.prototype.toString.call(loaded) !== "[object Module]") return loaded;
  esmLoaded.add(filepath);
  const namespace = loaded as Record<string, unknown>;
  if (!("default" in namespace)) throw new ConfigError("the config module has no default export", { file: filepath });
  return namespace.default;
};

/** A copy next to the original (so its relative imports still resolve), loaded once and removed. */
function loadEsmCopy(filepath: string, content: string): unknown {
  const copy = path.join(path.dirname(filepath), `.${path.basename(filepath)}.${randomUUID()}.mjs`);
  fs.writeFileSync(copy, content);
  try {
    return loadJsSync(copy, content);
  } finally {
    fs.rmSync(copy, { force: true });
  }
}

/** Every failure to load a config file is the user's to fix: a ConfigError naming the file. */
function loadError(error: unknown, file: string): KnownError {
  if (error instanceof KnownError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_REQUIRE_ASYNC_MODULE") {
    return new ConfigError(
      `cannot load the config synchronously because it uses top-level await; formats that load synchronously: ${SYNC_FORMATS}`,
      { file },
    );
  }
  if (code === "ERR_REQUIRE_ESM") {
    return new ConfigError(
      `cannot load an ES module config synchronously on this Node.js version; formats that load synchronously: ${SYNC_FORMATS}`,
      { file },
    );
  }
  const noLoader = /^No loader specified for (.*)$/.exec(message);
  if (noLoader) {
    return new ConfigError(
      `unsupported config format (${noLoader[1]}); use .json, .yaml, .yml, .js, .cjs, .mjs, .ts or an extensionless JSON/YAML file`,
      { file },
    );
  }
  if ((error as Error | undefined)?.name === "JSONError") return jsonSyntaxError(file);
  const syntax = /^(JSON|YAML|TypeScript) Error in [^\n]*:\n([^\n]*)/.exec(message);
  if (syntax) return new ConfigError(`cannot parse the config (${syntax[1]}): ${syntax[2]}`, { file });
  return new ConfigError(`cannot load the config: ${message.split("\n")[0]}`, { file });
}

/**
 * cosmiconfig 9's JSON errors carry a code frame and no position: parse again for the reason
 * (Node's words: `Expected ',' or '}' after property value`) and where it is (TypeScript's JSON
 * parser, which reports the position of every syntax error where Node's message sometimes does not).
 */
function jsonSyntaxError(file: string): ConfigError {
  let text = "";
  let reason = "";
  let offset: number | undefined;
  try {
    text = fs.readFileSync(file, "utf8");
    JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    reason = message.replace(/ in JSON at position[\s\S]*$/, "").replace(/ \(line \d+ column \d+\)$/, "").replace(/, ".*" is not valid JSON$/s, "");
    const position = /at position (\d+)/.exec(message);
    if (position) offset = Number(position[1]);
  }
  const parsed = ts.parseJsonText(file, text);
  offset ??= parseDiagnostics(parsed)[0]?.start;
  const what = `cannot parse the config (JSON)${reason ? `: ${reason}` : ""}`;
  if (offset === undefined) return new ConfigError(what, { file });
  const { line, character } = parsed.getLineAndCharacterOfPosition(offset);
  return new ConfigError(what, { file, line: line + 1, column: character + 1 });
}

function attempt(run: () => ResolvedConfig): Outcome {
  try {
    return { config: run() };
  } catch (error) {
    // only known errors are cached; a bug should show up again (with its stack) on the next call
    if (error instanceof KnownError) return { error };
    throw error;
  }
}

function cacheFor(store: WeakMap<RuleOptionsSchemas, Map<string, Outcome>>, rules: RuleOptionsSchemas): Map<string, Outcome> {
  let cache = store.get(rules);
  if (!cache) {
    cache = new Map();
    store.set(rules, cache);
  }
  return cache;
}

function projectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}
