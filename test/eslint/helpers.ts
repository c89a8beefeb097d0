import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint, type Linter } from "eslint";
import { plugin } from "../../src/eslint/plugin.js";
import { projectDir } from "../rules/rule-tester.js";

const created: string[] = [];

/** A temporary copy of a folder (by default the rule tests' project), or an empty folder. */
export function temporaryProject(from: string | undefined = projectDir): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-eslint-")));
  created.push(dir);
  if (from) fs.cpSync(from, dir, { recursive: true });
  return dir;
}

export function removeTemporaryProjects(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export function writeFile(dir: string, name: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
}

/** ESLint with the plugin's recommended config, as a user sets it up. */
export function eslintIn(cwd: string, options: Partial<ESLint.Options> = {}): ESLint {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config], ...options });
}

/** `file:line:column severity rule` of every message, file relative to `cwd`. */
export function messagesOf(results: ESLint.LintResult[], cwd: string): string[] {
  return results.flatMap((result) =>
    result.messages.map((m) => `${path.relative(cwd, result.filePath)}:${m.line}:${m.column} ${m.severity} ${m.ruleId?.replace("backend-conventions/", "") ?? "-"}`),
  );
}
