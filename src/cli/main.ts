import { parseArgs } from "node:util";
import { KnownError, UsageError } from "../errors.js";
import type { CheckResult } from "../engine/findings.js";
import { packageInfo } from "../package-info.js";
import { loadReporter, reporterNames } from "../reporters/index.js";
import { allRules } from "../rule-registry.js";
import { runCheck } from "./check.js";

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** whether stdout is a terminal that takes colour */
  color: boolean;
}

/** Exit codes: the contract CI relies on. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

const HELP = `Usage: backend-conventions check [paths...] [options]

Checks an Express + Prisma project for the backend conventions: soft delete,
owner scope, fresh after write, enum values and layers.

Commands:
  check [paths...]        Check files, folders or globs (default: the tsconfig's files)

Options:
  -c, --config <file>     Use this config file instead of searching for one
  -f, --format <name>     Output format: ${reporterNames.join(", ")} (default: stylish)
  --max-warnings <n>      Exit with 1 when there are more than n warnings
  --debug                 Print stack traces of unexpected errors
  -h, --help              Show this help
  -v, --version           Show the version

Exit codes: 0 no error-level finding, 1 findings, 2 usage, config or schema error.
`;

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof KnownError) {
      io.stderr(`${error.format()}\n`);
      return error.exitCode;
    }
    const err = error instanceof Error ? error : new Error(String(error));
    io.stderr(
      debug
        ? `backend-conventions crashed: ${err.stack ?? err.message}\n`
        : `backend-conventions crashed: ${err.message}\nThis is a bug; run again with --debug for the stack trace and please report it.\n`,
    );
    return EXIT.error;
  }
}

async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: "string", short: "c" },
        format: { type: "string", short: "f", default: "stylish" },
        "max-warnings": { type: "string" },
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  if (values.version) {
    io.stdout(`${packageInfo.version}\n`);
    return EXIT.clean;
  }
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError("missing command (expected: check) (see --help)");
  if (command !== "check") throw new UsageError(`unknown command "${command}" (expected: check) (see --help)`);
  const reporter = await loadReporter(values.format!);
  if (!reporter) throw new UsageError(`unknown format "${values.format}" (expected one of: ${reporterNames.join(", ")})`);
  const maxWarnings = parseMaxWarnings(values["max-warnings"]);

  const result = await runCheck({ cwd: io.cwd, paths, configPath: values.config });
  const ruleDocs = Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.docs.url]));
  const output = reporter(result, { cwd: io.cwd, color: io.color, ruleDocs });
  if (output) io.stdout(output.endsWith("\n") ? output : `${output}\n`);
  return exitCodeFor(result, maxWarnings);
}

function parseMaxWarnings(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings expects a non-negative integer, got "${raw}"`);
  return Number(raw);
}

export function exitCodeFor(result: CheckResult, maxWarnings?: number): number {
  const findings = result.files.flatMap((file) => file.findings);
  if (findings.some((finding) => finding.severity === 2)) return EXIT.findings;
  const warnings = findings.filter((finding) => finding.severity === 1).length;
  return maxWarnings !== undefined && warnings > maxWarnings ? EXIT.findings : EXIT.clean;
}
