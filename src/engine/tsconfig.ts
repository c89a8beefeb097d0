import fs from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { absolutePath } from "./paths.js";
import { ts } from "./ts.js";

/** What the engine takes from a project's tsconfig: its compiler options and its file list. */
export interface ProjectTsconfig {
  options: ts.CompilerOptions;
  /** absolute, the program's root files; never empty when the project has TypeScript files */
  fileNames: string[];
  /** one line each, naming the file and position: what was wrong and what the run did instead */
  warnings: string[];
}

const SOURCE_GLOB = "**/*.{ts,tsx,mts,cts}";

/**
 * Reads the nearest tsconfig.json at or above `rootDir` as `tsc` does, following `references`
 * (the solution-style layout of `tsc -b`, NestJS and Nx monorepos: `files: []` plus references).
 *
 * When no usable tsconfig gives files (none found, unparsable, or one that includes nothing), the
 * file list falls back to every TypeScript file under `rootDir` except `node_modules` and `.d.ts`,
 * so cross-file facts see the whole project rather than nothing; a warning says so.
 */
export function readProjectTsconfig(rootDir: string): ProjectTsconfig {
  const warnings: string[] = [];
  const configPath = ts.findConfigFile(rootDir, ts.sys.fileExists, "tsconfig.json");
  if (!configPath) {
    warnings.push(`no tsconfig.json in ${rootDir} or above: analysing every TypeScript file under it`);
    return { options: {}, fileNames: everySourceFile(rootDir), warnings };
  }
  const projects = readWithReferences(configPath, warnings);
  const withFiles = projects.filter((project) => project.fileNames.length > 0);
  if (withFiles.length === 0) {
    if (projects.length > 0) warnings.push(`${configPath}: no files are included, nor by its references; analysing every TypeScript file under ${rootDir}`);
    else warnings[warnings.length - 1] += `; analysing every TypeScript file under ${rootDir}`;
    return { options: projects[0]?.options ?? {}, fileNames: everySourceFile(rootDir), warnings };
  }
  // Module resolution follows one set of options: the root's when it has files, else the referenced project with the most.
  const resolving = withFiles.reduce((best, project) => (project.fileNames.length > best.fileNames.length ? project : best));
  const options = projects[0].fileNames.length > 0 ? projects[0].options : resolving.options;
  for (const project of projects) warnings.push(...missingAliasTargets(project));
  return { options, fileNames: [...new Set(withFiles.flatMap((project) => project.fileNames))], warnings };
}

interface ParsedProject {
  configPath: string;
  options: ts.CompilerOptions;
  fileNames: string[];
}

/** The config and every project it references, depth first, each once; unreadable ones become warnings. */
function readWithReferences(rootConfig: string, warnings: string[]): ParsedProject[] {
  const projects: ParsedProject[] = [];
  const seen = new Set<string>();
  const worklist = [rootConfig];
  while (worklist.length > 0) {
    const configPath = worklist.shift()!;
    if (seen.has(configPath)) continue;
    seen.add(configPath);
    if (!fs.existsSync(configPath)) {
      warnings.push(`${configPath}: referenced, but there is no such file`);
      continue;
    }
    const read = ts.readConfigFile(configPath, ts.sys.readFile);
    if (read.error) {
      warnings.push(diagnosticLine(read.error, configPath));
      continue;
    }
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath), undefined, configPath);
    projects.push({ configPath, options: parsed.options, fileNames: parsed.fileNames.map((file) => absolutePath(file)) });
    for (const reference of parsed.projectReferences ?? []) worklist.push(ts.resolveProjectReferencePath(reference));
  }
  return projects;
}

/** `paths` aliases none of whose targets exist: imports through them resolve to nothing. */
function missingAliasTargets({ configPath, options }: ParsedProject): string[] {
  if (!options.paths) return [];
  const base = (options.pathsBasePath as string | undefined) ?? options.baseUrl ?? path.dirname(configPath);
  const warnings: string[] = [];
  for (const [alias, targets] of Object.entries(options.paths)) {
    const exists = targets.some((target) => fs.existsSync(path.resolve(base, target.split("*")[0] || ".")));
    if (!exists) warnings.push(`${configPath}: the path alias "${alias}" points at ${targets.map((target) => `"${target}"`).join(", ")}, which does not exist: imports through it are not followed`);
  }
  return warnings;
}

function diagnosticLine(diagnostic: ts.Diagnostic, fallbackFile: string): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\.$/, "");
  if (!diagnostic.file || diagnostic.start === undefined) return `${fallbackFile}: ${message}`;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1}: ${message}`;
}

function everySourceFile(rootDir: string): string[] {
  return globSync(SOURCE_GLOB, { cwd: rootDir, absolute: true, ignore: ["**/node_modules/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"] })
    .map((file) => absolutePath(file))
    .sort();
}
