/**
 * Turns zod issues into problems with our own wording (`expected string, got number`),
 * never zod's default English. Issues must come from a parse with `reportInput: true`.
 */
import type { z } from "zod";
import { didYouMean, orList, type PathSegment, type Problem } from "./problems.js";
import { describeValue, typeOf } from "./value-type.js";

type Issue = z.core.$ZodIssue;

/** Root-level issues that mean "the input is not of this branch's type at all". */
const SHAPE_MISMATCH = new Set(["invalid_type", "invalid_value", "invalid_union"]);

export function zodIssuesToProblems(issues: readonly Issue[], schema: z.ZodType): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) collect(issue, [], schema, problems);
  return problems;
}

function collect(issue: Issue, base: readonly PathSegment[], root: z.ZodType, out: Problem[]): void {
  const path = [...base, ...issue.path.map(toSegment)];
  switch (issue.code) {
    case "invalid_union": {
      // A branch whose issues are all below its root accepted the shape of the input
      // (e.g. an array whose second item is wrong): report that branch's precise issues.
      const branch = issue.errors.find(
        (branchIssues) =>
          branchIssues.length > 0 &&
          branchIssues.every((inner) => inner.path.length > 0 || !SHAPE_MISMATCH.has(inner.code ?? "")),
      );
      if (branch) for (const inner of branch) collect(inner, path, root, out);
      else out.push({ path, message: issue.message });
      return;
    }
    case "invalid_type":
      out.push({
        path,
        message:
          issue.input === undefined
            ? "required"
            : `expected ${expectedType(issue.expected)}, got ${typeOf(issue.input)}`,
      });
      return;
    case "unrecognized_keys": {
      const known = knownKeysAt(root, path);
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown key${didYouMean(key, known)}` });
      return;
    }
    case "invalid_value":
      out.push({
        path,
        message: `expected ${orList(issue.values.map((value) => describeValue(value)))}, got ${describeValue(issue.input)}`,
      });
      return;
    case "too_small":
      out.push({ path, message: tooSmall(issue.origin, Number(issue.minimum)) });
      return;
    default:
      // custom issues (globs) carry our own message; nothing else is produced by configSchema.
      out.push({ path, message: issue.message });
  }
}

function toSegment(key: PropertyKey): PathSegment {
  return typeof key === "symbol" ? String(key) : key;
}

function expectedType(expected: string): string {
  if (expected === "record") return "object";
  if (expected === "tuple") return "array";
  return expected;
}

function tooSmall(origin: string, minimum: number): string {
  if (origin === "string" && minimum === 1) return "expected non-empty string";
  if (origin === "array") return `expected at least ${minimum} item${minimum === 1 ? "" : "s"}`;
  return `expected ${origin} of at least ${minimum}`;
}

// --- walking the schema to find the keys an object accepts (for "did you mean") ---

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType): Def {
  return schema._zod.def as unknown as Def;
}

/** Unwraps optional/default/pipe wrappers and expands unions into their options. */
function expand(schema: z.ZodType): z.ZodType[] {
  const def = defOf(schema);
  if (def.innerType) return expand(def.innerType);
  if (def.type === "pipe" && def.in) return expand(def.in);
  if (def.type === "union" && def.options) return def.options.flatMap(expand);
  return [schema];
}

function step(schema: z.ZodType, segment: PathSegment): z.ZodType[] {
  const def = defOf(schema);
  switch (def.type) {
    case "object": {
      const child = def.shape && Object.hasOwn(def.shape, segment) ? def.shape[segment] : undefined;
      return child ? [child] : [];
    }
    case "record":
      return def.valueType ? [def.valueType] : [];
    case "array":
      return def.element ? [def.element] : [];
    case "tuple": {
      const item = typeof segment === "number" ? (def.items?.[segment] ?? def.rest) : undefined;
      return item ? [item] : [];
    }
    default:
      return [];
  }
}

function knownKeysAt(root: z.ZodType, path: readonly PathSegment[]): string[] {
  let current = expand(root);
  for (const segment of path) current = current.flatMap((schema) => step(schema, segment)).flatMap(expand);
  return current.flatMap((schema) => {
    const def = defOf(schema);
    return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
  });
}
