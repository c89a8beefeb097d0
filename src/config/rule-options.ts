/**
 * Validates the `rules` section against the known rule ids and each rule's options schema
 * (ESLint's `meta.schema`, JSON Schema draft-04, checked with ajv 6 set up the way ESLint does).
 */
import { createRequire } from "node:module";
import Ajv from "ajv";
import { didYouMean, didYouMeanClosest, orList, type PathSegment, type Problem } from "./problems.js";
import type { RuleOptionsSchemas, RuleSeverity } from "./types.js";
import { describeValue, typeOf } from "./value-type.js";

const require = createRequire(import.meta.url);

const SEVERITIES: Readonly<Record<string, RuleSeverity>> = {
  off: "off",
  warn: "warn",
  error: "error",
  0: "off",
  1: "warn",
  2: "error",
};

/** "warn" | 1 → "warn"; undefined when the value is not a severity. */
export function toSeverity(value: unknown): RuleSeverity | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  return Object.hasOwn(SEVERITIES, value) ? SEVERITIES[value] : undefined;
}

let ajvInstance: Ajv.Ajv | undefined;

function ajv(): Ajv.Ajv {
  if (!ajvInstance) {
    ajvInstance = new Ajv({
      meta: false,
      validateSchema: false,
      missingRefs: "ignore",
      verbose: true,
      schemaId: "auto",
      allErrors: true,
      jsonPointers: true,
    });
    ajvInstance.addMetaSchema(require("ajv/lib/refs/json-schema-draft-04.json") as object);
    (ajvInstance as unknown as { _opts: { defaultMeta: string } })._opts.defaultMeta =
      "http://json-schema.org/draft-04/schema#";
  }
  return ajvInstance;
}

const validators = new WeakMap<object, Ajv.ValidateFunction | null>();
const NO_OPTIONS = { type: "array", minItems: 0, maxItems: 0 };

/** ESLint's rule: undefined or [] → no options; false → not validated; array → positional; object → the whole options array. */
function validatorFor(schema: unknown): Ajv.ValidateFunction | null {
  if (schema === false) return null;
  if (schema === undefined || schema === null) return compileCached(NO_OPTIONS);
  if (typeof schema !== "object") throw new TypeError(`rule options schema must be an array or object, got ${typeOf(schema)}`);
  return compileCached(schema);
}

function compileCached(schema: object): Ajv.ValidateFunction | null {
  let validate = validators.get(schema);
  if (validate === undefined) {
    const jsonSchema = Array.isArray(schema)
      ? schema.length === 0
        ? NO_OPTIONS
        : { type: "array", items: schema, minItems: 0, maxItems: schema.length }
      : schema;
    validate = ajv().compile(jsonSchema);
    validators.set(schema, validate);
  }
  return validate;
}

/**
 * Problems of `rules` not expressible in the static zod schema: unknown rule ids and options that do
 * not match the rule's schema. Entries whose shape is wrong are left to the zod schema.
 */
export function ruleProblems(rules: unknown, schemas: RuleOptionsSchemas): { problems: Problem[]; unknownIds: Set<string> } {
  const problems: Problem[] = [];
  const unknownIds = new Set<string>();
  if (typeof rules !== "object" || rules === null || Array.isArray(rules)) return { problems, unknownIds };
  for (const [id, entry] of Object.entries(rules)) {
    if (!Object.hasOwn(schemas, id)) {
      unknownIds.add(id);
      problems.push({ path: ["rules", id], message: `unknown rule${suggestRule(id, Object.keys(schemas))}` });
      continue;
    }
    if (!Array.isArray(entry) || toSeverity(entry[0]) === undefined) continue;
    const validate = validatorFor(schemas[id]);
    if (validate && !validate(entry.slice(1))) {
      problems.push(...ajvErrorsToProblems(validate.errors ?? [], ["rules", id]));
    }
  }
  return { problems, unknownIds };
}

function suggestRule(id: string, known: string[]): string {
  const bare = id.replace(/^backend-conventions\//, "");
  if (bare !== id && known.includes(bare)) return ` (did you mean ${JSON.stringify(bare)}?)`;
  return didYouMeanClosest(id, known);
}

// --- ajv errors → problems ---

function ajvErrorsToProblems(errors: readonly Ajv.ErrorObject[], base: readonly PathSegment[]): Problem[] {
  // With allErrors, a failing anyOf/oneOf also lists every branch's errors: keep only the anyOf/oneOf one.
  const combinators = errors
    .filter((error) => error.keyword === "anyOf" || error.keyword === "oneOf")
    .map((error) => `${error.schemaPath}/`);
  return errors
    .filter((error) => !combinators.some((prefix) => error.schemaPath.startsWith(prefix)))
    .map((error) => ajvErrorToProblem(error, base));
}

/** The options array sits after the severity in the entry: options[0] is entry[1]. */
function entryPath(dataPath: string, base: readonly PathSegment[]): PathSegment[] {
  const segments: PathSegment[] = dataPath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
  if (typeof segments[0] === "number") segments[0] += 1;
  return [...base, ...segments];
}

function tooManyOptions(limit: number, count: number): string {
  if (limit === 0) return `the rule takes no options, got ${count}`;
  return `too many options: the rule takes at most ${limit}, got ${count}`;
}

function ajvErrorToProblem(error: Ajv.ErrorObject, base: readonly PathSegment[]): Problem {
  const path = entryPath(error.dataPath, base);
  const params = error.params as Record<string, unknown>;
  const got = describeValue(error.data);
  switch (error.keyword) {
    case "type":
      return { path, message: `expected ${orList(String(params.type).split(","))}, got ${typeOf(error.data)}` };
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const properties = (error.parentSchema as { properties?: object } | undefined)?.properties ?? {};
      return { path: [...path, key], message: `unknown key${didYouMean(key, Object.keys(properties))}` };
    }
    case "required":
      return { path: [...path, String(params.missingProperty).replace(/^[./]/, "")], message: "required" };
    case "enum":
      return {
        path,
        message: `expected ${orList((params.allowedValues as unknown[]).map((value) => describeValue(value)))}, got ${got}`,
      };
    case "const":
      return { path, message: `expected ${describeValue(params.allowedValue)}, got ${got}` };
    case "maxItems":
      return path.length === base.length
        ? { path, message: tooManyOptions(Number(params.limit), (error.data as unknown[]).length) }
        : { path, message: `expected at most ${String(params.limit)} items` };
    case "minItems":
      return { path, message: `expected at least ${String(params.limit)} items` };
    case "minLength":
    case "maxLength":
      return { path, message: `expected string of ${error.keyword === "minLength" ? "at least" : "at most"} ${String(params.limit)} characters` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return { path, message: `expected number ${String(params.comparison)} ${String(params.limit)}, got ${got}` };
    case "pattern":
      return { path, message: `expected string matching /${String(params.pattern)}/, got ${got}` };
    case "uniqueItems":
      return { path, message: `expected unique items (items ${String(params.j)} and ${String(params.i)} are the same)` };
    case "anyOf":
    case "oneOf":
      return { path, message: `expected a value matching one of the allowed forms, got ${got}` };
    default:
      return { path, message: error.message ?? `failed "${error.keyword}"` };
  }
}
