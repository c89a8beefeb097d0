import fs from "node:fs";
import path from "node:path";
import { loadConfig, type ResolvedConfig } from "../config/index.js";
import { isIgnored, loadAnalysis, schemaWarnings } from "../engine/analysis.js";
import { UsageError } from "../errors.js";
import { compareFindings, type CheckResult, type Finding, type FileResult } from "../engine/findings.js";
import { indexProject } from "../engine/call-index.js";
import { parseSourceFile } from "../engine/project.js";
import { configuredSeverity, interpolate, mergeOptions } from "../engine/rule.js";
import type { AnalysisContext } from "../engine/rule.js";
import { runRules, unreadableFileRun, type EnabledRule, type FileRun } from "../engine/run-rules.js";
import { readFailure } from "../file-errors.js";
import { withUnusedDirectives, type UnusedDirectivesSeverity } from "../engine/suppressions.js";
import type { ts } from "../engine/ts.js";
import { allRules, ruleOptionSchemas } from "../rule-registry.js";
import { collectFiles } from "./files.js";
import { Timings } from "./timings.js";

export interface CheckOptions {
  cwd: string;
  /** files, folders or globs; none means the project's tsconfig files */
  paths?: readonly string[];
  /** explicit config file (`--config`) */
  configPath?: string;
  /** the Prisma schema file or folder (`--schema`), relative to `cwd`; wins over the config's `prismaSchema` */
  schemaPath?: string;
  /** collects the time of each stage (`--timings`) */
  timings?: Timings;
  /** reports `eslint-disable` comments naming our rules that silenced nothing, at this severity (ESLint's option; default off) */
  reportUnusedDisableDirectives?: UnusedDirectivesSeverity;
}

export interface CheckedFile {
  filePath: string;
  sourceFile: ts.SourceFile;
  run: FileRun;
}

export interface ProjectCheck {
  config: ResolvedConfig;
  analysis: AnalysisContext;
  enabled: EnabledRule[];
  files: CheckedFile[];
  result: CheckResult & { config: ResolvedConfig };
}

/** The CLI analyzer: loads config and schema once, then runs every enabled rule over every file. Known errors throw. */
export async function runCheck(options: CheckOptions): Promise<CheckResult & { config: ResolvedConfig }> {
  return (await checkProject(options)).result;
}

/** The same run, keeping what the whole-program analyzer builds on: the parsed files and each file's run. */
export async function checkProject(options: CheckOptions): Promise<ProjectCheck> {
  const timings = options.timings ?? new Timings();
  const config = loadCheckConfig(options, timings);
  const analysis = timings.measure("schema", () => loadAnalysis(config, { keepsInputs: false }));
  const enabled = enabledRules(config);
  const files = (await collectFiles(options.cwd, options.paths ?? [], analysis.project.tsconfigFiles, config.rootDir)).filter(
    (file) => !isIgnored(analysis, file),
  );
  // The project's parse is shared: a file another file already looked into is not parsed again.
  const unreadable = new Map<string, string>();
  const readAndParse = (filePath: string) => {
    try {
      return parseSourceFile(filePath, fs.readFileSync(filePath, "utf8"));
    } catch (error) {
      unreadable.set(filePath, readFailure(error));
      return parseSourceFile(filePath, "");
    }
  };
  const parsed = timings.measure("parse", () => files.map((filePath) => analysis.project.getSourceFile(filePath) ?? readAndParse(filePath)));
  timings.measure("index", () => indexProject(analysis.project));
  const results: FileResult[] = [];
  const checked: CheckedFile[] = [];
  const stats = { filesChecked: files.length, querySites: 0, unknownSites: 0 };
  for (const [index, filePath] of files.entries()) {
    const sourceFile = parsed[index];
    const source = sourceFile.text;
    const reason = unreadable.get(filePath);
    const run = reason === undefined ? runRules(sourceFile, analysis, enabled, { timer: timings }) : unreadableFileRun(reason);
    stats.querySites += run.querySites;
    stats.unknownSites += run.unknownSites;
    results.push({
      filePath,
      findings: withUnusedDirectives(run.findings, run.unusedDirectives, options.reportUnusedDisableDirectives),
      ...(run.suppressedFindings.length > 0 ? { suppressedFindings: run.suppressedFindings } : {}),
      source,
    });
    checked.push({ filePath, sourceFile, run });
  }
  // After the TS files, so `files[i]` and `results[i]` stay the same file for the analyzer.
  results.push(...timings.measure("prisma-schema rules", () => runSchemaRules(analysis, enabled, options)));
  return { config, analysis, enabled, files: checked, result: { files: results, stats, config, warnings: [...analysis.project.tsconfigWarnings, ...schemaWarnings(analysis.schema)] } };
}

/** The config a run uses: `--config`, or the one found from the working directory. */
export function loadCheckConfig(options: CheckOptions, timings: Timings): ResolvedConfig {
  return timings.measure("config", () => {
    const config = loadConfig({ searchFrom: options.cwd, cwd: options.cwd, configPath: options.configPath && path.resolve(options.cwd, options.configPath), rules: ruleOptionSchemas });
    return options.schemaPath === undefined ? config : { ...config, prismaSchema: schemaOption(options.cwd, options.schemaPath) };
  });
}

/** `--schema <path>`: an existing file or folder, made absolute. */
export function schemaOption(cwd: string, schemaPath: string): string {
  const absolute = path.resolve(cwd, schemaPath);
  if (schemaPath === "" || !fs.existsSync(absolute)) throw new UsageError(`--schema ${schemaPath}: no such file or folder`);
  return absolute;
}

/** The schema files a run reports on: all of them for the whole project, those under a named folder otherwise; none without a schema rule. */
export function schemaFilesToReport(schemaFiles: readonly string[], enabled: readonly EnabledRule[], options: CheckOptions): string[] {
  if (!enabled.some((entry) => entry.rule.checkSchema)) return [];
  const named = (options.paths ?? []).map((pattern) => path.resolve(options.cwd, pattern));
  return schemaFiles.filter(
    (file) => named.length === 0 || named.some((dir) => fs.existsSync(dir) && fs.statSync(dir).isDirectory() && !path.relative(dir, file).startsWith("..")),
  );
}

/**
 * Schema rules run once per run, over the whole Prisma schema; each schema file gets one result
 * (with its text as `source`, for excerpts). They run when the whole project is checked, or when
 * a folder holding the schema file is named.
 */
export function runSchemaRules(analysis: AnalysisContext, enabled: readonly EnabledRule[], options: CheckOptions): FileResult[] {
  const schemaRules = enabled.filter((entry) => entry.rule.checkSchema);
  const files = schemaFilesToReport(analysis.schema.files, enabled, options);
  if (files.length === 0) return [];
  const findings = new Map<string, Finding[]>(files.map((file) => [file, []]));
  for (const { rule, severity, options: ruleOptions } of schemaRules) {
    const messages = rule.meta.messages as Record<string, string>;
    rule.checkSchema!({
      options: ruleOptions,
      analysis,
      report: ({ file, line, column, endLine, endColumn, messageId, data }) => {
        findings.get(file)?.push({
          ruleId: rule.name,
          severity,
          message: interpolate(messages[messageId], data),
          messageId,
          line,
          column,
          ...(endLine !== undefined ? { endLine } : {}),
          ...(endColumn !== undefined ? { endColumn } : {}),
        });
      },
    });
  }
  return files.map((file) => ({ filePath: file, findings: findings.get(file)!.sort(compareFindings), source: fs.readFileSync(file, "utf8") }));
}

/** Recommended rules at "error" unless the config says otherwise; other rules only when the config turns them on. */
export function enabledRules(config: ResolvedConfig): EnabledRule[] {
  const enabled: EnabledRule[] = [];
  for (const rule of allRules) {
    const setting = config.rules[rule.name];
    const severity = configuredSeverity(config, rule);
    if (severity === "off") continue;
    enabled.push({ rule, severity: severity === "error" ? 2 : 1, options: mergeOptions(rule.meta.defaultOptions, setting?.options) });
  }
  return enabled;
}
