/** Why a file could not be written, in words (one line for a usage error or a warning). */
export function writeFailure(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return WRITE_ERRORS[code ?? ""] ?? code ?? message;
}

const WRITE_ERRORS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  EISDIR: "it is a directory",
  ENOTDIR: "a parent is not a directory",
  ENOENT: "the folder does not exist",
  EEXIST: "a file is in the way of a folder",
  ENOSPC: "no space left on the device",
};
