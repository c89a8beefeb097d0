import path from "node:path";

const absolutes = new Map<string, string>();

/**
 * `path.resolve(file)`, remembered for absolute names: cross-file passes normalise the same few
 * thousand file names hundreds of thousands of times, and each `path.resolve` builds new strings
 * (a tenth of everything a 1000-module check allocated). An absolute name's normal form does not
 * depend on the working directory; a relative one is resolved each time.
 */
export function absolutePath(file: string): string {
  let absolute = absolutes.get(file);
  if (absolute !== undefined) return absolute;
  absolute = path.resolve(file);
  if (path.isAbsolute(file)) absolutes.set(file, absolute);
  return absolute;
}
