/**
 * The source files `init` learns the project from: the code that serves requests. Tests, seeds, scripts
 * and migrations are left out (a `tests/services/` folder is not the services layer, and a seed that sets
 * `deletedAt` does not make it a soft-delete field), and so is code nobody writes by hand.
 */
import { glob } from "tinyglobby";

export const TS_EXTENSIONS = ["ts", "mts", "cts", "tsx"] as const;
export const JS_EXTENSIONS = ["js", "mjs", "cjs", "jsx"] as const;

/** Not the API: built, installed or generated code, tests, seeds, scripts and migrations. */
export const NOT_API_CODE: readonly string[] = [
  "**/node_modules/**",
  "**/dist/**",
  "**/build/**",
  "**/coverage/**",
  "**/generated/**",
  "**/.*/**",
  "**/*.d.{ts,mts,cts}",
  // tests
  "**/test/**",
  "**/tests/**",
  "**/__tests__/**",
  "**/e2e/**",
  "**/__mocks__/**",
  "**/__fixtures__/**",
  "**/*.test.*",
  "**/*.spec.*",
  // seeds, scripts, migrations
  "**/prisma/seed*",
  "**/prisma/seed*/**",
  "**/seed.*",
  "**/*.seed.*",
  "**/seed/**",
  "**/seeds/**",
  "**/seeders/**",
  "**/scripts/**",
  "**/migrations/**",
];

/** The API's source files under `base` (`"."` for the whole project), relative to `root` with `/`, sorted. */
export async function apiSourceFiles(root: string, base: string, extensions: readonly string[]): Promise<string[]> {
  const prefix = base === "." ? "" : `${base}/`;
  const pattern = `${prefix}**/*.${extensions.length === 1 ? extensions[0] : `{${extensions.join(",")}}`}`;
  return (await glob(pattern, { cwd: root, ignore: [...NOT_API_CODE] })).sort();
}
