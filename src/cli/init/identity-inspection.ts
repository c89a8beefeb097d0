/**
 * Where the project's auth middleware puts the identity, when it is not one of the default identity
 * sources: assignments such as `req.identity = …` or `res.locals.device = …`. A text scan, no type checker:
 * `init` only suggests, and the user reviews.
 */
import fs from "node:fs";
import path from "node:path";
import { glob } from "tinyglobby";

/** Request properties whose name says they carry who is calling. */
const IDENTITY_PROPERTY = /^(?:user|identity|auth|account|principal|caller|actor|device|tenant|member|currentUser|me)$/;
/** `req.identity =` (not `==`), also `request.` */
const ASSIGNMENT = /\b(?:req|request)\.(\w+)\s*=(?![=>])/g;
/** The defaults already cover these. */
const COVERED = new Set(["user", "auth"]);

const IGNORE = ["**/node_modules/**", "**/dist/**", "**/build/**", "**/generated/**", "**/.*/**", "**/*.d.ts", "**/*.test.ts", "**/*.spec.ts"];

export interface IdentitySource {
  /** `req.identity` */
  expression: string;
  /** where it is first assigned: `src/middleware/auth.ts:28` */
  assignedAt: string;
}

export async function inspectIdentitySources(root: string): Promise<IdentitySource[]> {
  const files = (await glob("**/*.{ts,mts,cts,tsx}", { cwd: root, ignore: IGNORE })).sort();
  const found = new Map<string, IdentitySource>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const match of text.matchAll(ASSIGNMENT)) {
      const property = match[1];
      if (!IDENTITY_PROPERTY.test(property) || COVERED.has(property) || found.has(property)) continue;
      const line = text.slice(0, match.index).split("\n").length;
      found.set(property, { expression: `req.${property}`, assignedAt: `${file}:${line}` });
    }
  }
  return [...found.values()];
}
