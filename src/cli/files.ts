import fs from "node:fs";
import path from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { UsageError } from "../errors.js";

const SOURCE_EXTENSIONS = "ts,tsx,mts,cts";
const IS_SOURCE = /\.(ts|tsx|mts|cts)$/;

/**
 * The files a `check` run covers: the named files, folders and globs, or — with none
 * named — the project's tsconfig file list. A path that matches nothing is a usage
 * error, as in ESLint, rather than a silent pass.
 */
export async function collectFiles(cwd: string, patterns: readonly string[], tsconfigFiles: readonly string[], rootDir: string): Promise<string[]> {
  if (patterns.length === 0) {
    const files = tsconfigFiles.length > 0 ? [...tsconfigFiles] : await glob(`**/*.{${SOURCE_EXTENSIONS}}`, { cwd: rootDir, absolute: true, ignore: ["**/node_modules/**"] });
    return unique(files.filter(isSourceFile));
  }
  const files: string[] = [];
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    let matched: string[];
    if (fs.existsSync(absolute)) {
      matched = fs.statSync(absolute).isDirectory()
        ? await glob(`**/*.{${SOURCE_EXTENSIONS}}`, { cwd: absolute, absolute: true, ignore: ["**/node_modules/**"] })
        : [absolute];
    } else if (isDynamicPattern(pattern)) {
      matched = await glob(pattern, { cwd, absolute: true, ignore: ["**/node_modules/**"] });
    } else {
      throw new UsageError(`no such file or directory: ${pattern}`);
    }
    matched = matched.filter(isSourceFile);
    if (matched.length === 0) throw new UsageError(`no TypeScript files match "${pattern}"`);
    files.push(...matched);
  }
  return unique(files.map((file) => path.resolve(file)));
}

function isSourceFile(file: string): boolean {
  return IS_SOURCE.test(file) && !/\.d\.[cm]?ts$/.test(file);
}

function unique(files: string[]): string[] {
  return [...new Set(files)].sort();
}
