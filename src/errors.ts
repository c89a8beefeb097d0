/**
 * Known errors are the user's to fix (bad config, broken schema, bad usage):
 * the CLI prints their message on one line and exits with code 2, without a stack.
 * Anything else is a bug in this tool and is reported as one.
 */
export interface SourceLocation {
  file: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  column?: number;
}

export abstract class KnownError extends Error {
  readonly exitCode = 2;
  abstract readonly kind: string;

  constructor(
    message: string,
    readonly location?: SourceLocation,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /**
   * `Config error: path/to/file:3:5: softDelete.field: expected string, got number`;
   * when there are several problems, one per line, indented under the first.
   */
  format(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : "";
    return `${this.kind}: ${where}${this.message.split("\n").join("\n  ")}`;
  }
}

export class ConfigError extends KnownError {
  readonly kind = "Config error";
  /** the config paths it is about (`problemsError`), so a caller that knows the config file can place it there */
  problems?: readonly { path: readonly (string | number)[]; message: string }[];
}

export class SchemaError extends KnownError {
  readonly kind = "Prisma schema error";
  /** how many errors the parser found (the message names the first) */
  errorCount = 1;
}

/** No schema where Prisma looks and none configured: the ESLint plugin then skips the schema-aware rules. */
export class SchemaNotFoundError extends SchemaError {}

export class UsageError extends KnownError {
  readonly kind = "Usage error";
}

export function formatLocation({ file, line, column }: SourceLocation): string {
  if (line === undefined) return file;
  return column === undefined ? `${file}:${line}` : `${file}:${line}:${column}`;
}
