/** Why a file could not be read or written, in words, for a one-line error or warning. */
export function readFailure(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return READ_ERRORS[code ?? ""] ?? code ?? message;
}

export function writeFailure(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return WRITE_ERRORS[code ?? ""] ?? READ_ERRORS[code ?? ""] ?? code ?? message;
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTDIR: "a parent is not a directory",
  ELOOP: "a loop of symbolic links",
  ENAMETOOLONG: "the name is too long",
  EIO: "an input/output error",
};

const WRITE_ERRORS: Record<string, string> = {
  ENOENT: "the folder does not exist",
  EROFS: "the file system is read-only",
  EEXIST: "a file is in the way of a folder",
  ENOSPC: "no space left on the device",
};
