import picomatch from "picomatch";
import { layerModelOf } from "../src/analysis/layers.js";
import { isNonRequestCode } from "../src/analysis/request-paths.js";
import { runsOnlyForAdmins } from "../src/analysis/admin-paths.js";
import { cappedByCount, isReferenceData } from "../src/analysis/model-writes.js";
import { createRule, type RuleContext } from "../src/engine/rule.js";
import type { QuerySite } from "../src/engine/query-sites.js";
import { skipOuterExpressions, staticPropertyName } from "../src/engine/scope.js";
import { ts } from "../src/engine/ts.js";
import { originText, propertyOf, type AbsValue } from "../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../src/engine/where.js";
import { originOf, sourcePatterns, type OriginPatterns } from "./utils/owner.js";
import { parsedWithMax, schemaFieldHasMax } from "./utils/zod-bounds.js";
import { trpcInputSchemas } from "../src/frameworks/trpc/index.js";
import { rowsLeave } from "./utils/rows-leave.js";

type Options = [{ max?: number; allowPaths: string[]; allowLayers: string[]; requestSources: string[] }];
type MessageIds = "missingTake" | "takeFromRequest" | "takeTooLarge";
type Context = RuleContext<Options, MessageIds>;

/** How a `take` is bounded: a number at most `max`, a value the request picks, a literal above `max`, or undecidable. */
type Bound = { kind: "bounded" } | { kind: "request"; source: string } | { kind: "tooLarge"; value: number } | { kind: "unknown" };

const BOUNDED: Bound = { kind: "bounded" };
const UNKNOWN_BOUND: Bound = { kind: "unknown" };
const MAX_DEPTH = 6;
/** The page size messages suggest when the project sets no maximum. */
const SUGGESTED_MAX = 100;

export default createRule<Options, MessageIds>({
  name: "require-bounded-list",
  meta: {
    type: "problem",
    docs: {
      description: "Require every findMany to be bounded by a take the caller cannot raise",
      convention: "queries",
      config: "recommended",
      requiresSchema: true,
      // a caller makes one request read a whole table
      security: { cwe: [770], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", severity: "6.5" },
    },
    messages: {
      missingTake:
        "findMany on {{model}} has no take: it returns every matching row, however many the table grows to. Add take (at most {{max}}) and paginate with cursor or skip.",
      takeFromRequest:
        "findMany on {{model}} takes its page size from the request ({{source}}) without clamping it: a caller can ask for every row. Clamp it (Math.min({{source}}, {{max}}) or a schema with .max({{max}})).",
      takeTooLarge: "findMany on {{model}} takes {{value}} rows, more than the maximum of {{max}}: lower take and paginate.",
    },
    schema: [
      {
        type: "object",
        description: "Options for require-bounded-list.",
        properties: {
          max: {
            type: "integer",
            minimum: 1,
            description:
              "The largest page size allowed: when set, a literal take above it is reported and a clamp must be at most it. Unset, a literal take or clamp is a bound its author chose (messages suggest 100).",
          },
          allowPaths: {
            type: "array",
            items: { type: "string" },
            description: "Globs of files (relative to the config's folder) whose findMany may be unbounded: export and batch jobs.",
          },
          allowLayers: {
            type: "array",
            items: { type: "string" },
            description: "Layers of the config (layers.definitions) whose findMany may be unbounded: internal batch jobs.",
          },
          requestSources: {
            type: "array",
            items: { type: "string" },
            description: "Expressions that carry request input (a trailing .* matches any property below).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowPaths: [], allowLayers: [], requestSources: ["req.params", "req.query", "req.body", "req.headers", "req.cookies"] }],
  },
  check(context) {
    const [{ max: configured, allowPaths, allowLayers, requestSources }] = context.options;
    // A literal take (or clamp) is a bound its author chose: a maximum applies only when the project sets one.
    const max = configured ?? Number.POSITIVE_INFINITY;
    if (isAllowedFile(context, allowPaths, allowLayers)) return;
    const patterns = sourcePatterns(context.analysis.config.ownership.identitySources, requestSources);
    const bounds = new TakeBounds(context, patterns, max);
    for (const site of context.querySites()) {
      // A job or a script keeps no caller waiting: walking a whole table is what it is for.
      if (site.operation === "findMany" && !isNonRequestCode(context.analysis, site.call)) checkSite(context, bounds, site, max);
    }
  },
});

function isAllowedFile(context: Context, allowPaths: readonly string[], allowLayers: readonly string[]): boolean {
  if (allowPaths.length === 0 && allowLayers.length === 0) return false;
  const layers = layerModelOf(context.analysis.config);
  const fileName = context.sourceFile.fileName;
  if (allowPaths.length > 0 && picomatch([...allowPaths], { dot: true })(layers.relative(fileName))) return true;
  const layer = layers.layerOf(fileName);
  return layer !== undefined && allowLayers.includes(layer);
}

function checkSite(context: Context, bounds: TakeBounds, site: QuerySite, max: number): void {
  const data = { model: site.model.name, max: Number.isFinite(max) ? max : SUGGESTED_MAX };
  const args = context.analysis.evaluator.evaluate(site.args);
  // A lookup of listed keys (`where: { id: { in: ids } }`) is as long as the list it was given.
  if (byListedKeys(site, propertyOf(args, "where"), propertyOf(args, "distinct"))) return;
  let missing = false;
  let opaque = false;
  onEveryPath(args, (shape) => {
    if (shape.kind === "literal" && shape.value === undefined) missing = true;
    else if (shape.kind !== "object") opaque = true;
    else if (!shape.props.has("take")) {
      if (shape.opaque) opaque = true;
      else missing = true;
    }
    return "yes";
  });
  if (missing) {
    // Reference data (rows only seeds and migrations create, owned by no one): the list stays the size it was curated to.
    if (isReferenceData(context.analysis, site.model)) return;
    // Every create of the model is refused past a count (`if (count >= MAX_PARTICIPANTS) throw`): the rows of one parent stay under that cap.
    if (cappedByCount(context.analysis, site.model)) return;
    // Keys only (`select: { id: true }`): the rows feed a next step (a delete, an `in` filter, a fan-out), not a page a caller reads.
    if (selectsKeysOnly(site, propertyOf(args, "select"))) context.markUnknown(site);
    // Rows that never reach a caller (counted, mapped to keys for the next query, iterated for side effects) are no list a caller pages through.
    else if (!rowsLeave(site.call, context.analysis)) return;
    else context.report({ node: site.operationNode, messageId: "missingTake", data });
    return;
  }
  const takeNode = takeKeyOf(site);
  const bound = takeNode ? bounds.ofExpression(takeNode.initializer, 0) : bounds.ofValue(propertyOf(args, "take"), undefined, 0);
  const node = takeNode?.name ?? site.operationNode;
  // The page size of a list only the site's administrators reach is theirs to choose; a list with no page at all is the whole table for them too.
  if ((bound.kind === "request" || bound.kind === "tooLarge") && runsOnlyForAdmins(context.analysis, site.call)) return;
  if (bound.kind === "request") context.report({ node, messageId: "takeFromRequest", data: { ...data, source: bound.source } });
  else if (bound.kind === "tooLarge") context.report({ node, messageId: "takeTooLarge", data: { ...data, value: bound.value } });
  else if (bound.kind === "unknown" || opaque) context.markUnknown(site);
}

/** The `take` written in the call's own argument (`take: n` or `take,`), to read its syntax and report on it. */
function takeKeyOf(site: QuerySite): { name: ts.Node; initializer: ts.Expression } | undefined {
  const args = site.args && skipOuterExpressions(site.args);
  if (!args || !ts.isObjectLiteralExpression(args)) return undefined;
  for (const property of args.properties) {
    if (ts.isPropertyAssignment(property) && staticPropertyName(property.name) === "take") return { name: property.name, initializer: property.initializer };
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === "take") return { name: property.name, initializer: property.name };
  }
  return undefined;
}

/**
 * Rows the schema bounds by the keys asked for: every field of the id or of a unique criterion
 * (`@unique`, `@@unique([userId, albumId])`) is fixed by the where (`id: x`, `albumId: { in: ids }`),
 * so there is at most one row per key listed; a field left open that is an enum or a Boolean adds at
 * most one row per value (`@@unique([templateId, type])` with `type` an enum: a template's few events).
 * `distinct` on a field given `in` keys is one row per key too.
 */
function byListedKeys(site: QuerySite, where: AbsValue, distinct: AbsValue): boolean {
  const fixed = (field: string) => whereConstrains(where, field, isKeyFilter) === "yes";
  const fewValues = (field: string) => {
    const info = site.model.fields.get(field);
    return !!info && !info.isList && (info.kind === "enum" || info.type === "Boolean");
  };
  const keys = [site.model.idFields, ...site.model.uniqueFields].filter((fields) => fields.length > 0);
  if (keys.some((fields) => fields.some(fixed) && fields.every((field) => fixed(field) || fewValues(field)))) return true;
  return distinctFields(distinct).some(fixed);
}

/** `select: { id: true, authorId: true }`: only the id, unique fields and foreign keys of the model. */
function selectsKeysOnly(site: QuerySite, select: AbsValue): boolean {
  if (select.kind !== "object" || select.opaque || select.props.size === 0) return false;
  const keys = new Set([...site.model.idFields, ...site.model.uniqueFields.filter((fields) => fields.length === 1).flat()]);
  for (const field of site.model.fields.values()) for (const key of field.relation?.fromFields ?? []) keys.add(key);
  return [...select.props].every(([name, property]) => keys.has(name) && property.value.kind === "literal" && property.value.value === true);
}

/** `x`, `{ equals: x }`, `{ in: xs }`: a filter that names keys (a range or `not` does not). */
function isKeyFilter(filter: AbsValue): Verdict {
  return onEveryPath(filter, (value) => {
    if (value.kind === "object") return value.props.has("in") || value.props.has("equals") ? "yes" : "no";
    if (value.kind === "literal") return value.value === undefined || value.value === null ? "no" : "yes";
    return value.kind === "unknown" ? "yes" : "no";
  });
}

/** `distinct: ["entityId"]` or `distinct: "entityId"`: the fields named, when all are literal. */
function distinctFields(distinct: AbsValue): string[] {
  if (distinct.kind === "literal") return typeof distinct.value === "string" ? [distinct.value] : [];
  if (distinct.kind !== "array" || distinct.opaque) return [];
  return distinct.elements.flatMap((element) => (element.kind === "literal" && typeof element.value === "string" ? [element.value] : []));
}

/** Worst of several paths: the request beats a literal too large, which beats unknown, which beats bounded. */
function worst(bounds: Bound[]): Bound {
  return (
    bounds.find((b) => b.kind === "request") ??
    bounds.find((b) => b.kind === "tooLarge") ??
    bounds.find((b) => b.kind === "unknown") ??
    BOUNDED
  );
}

class TakeBounds {
  constructor(
    private readonly context: Context,
    private readonly patterns: OriginPatterns,
    private readonly max: number,
  ) {}

  private readonly evaluate = (expression: ts.Expression) => this.context.analysis.evaluator.evaluate(expression);

  /** The bound of an expression: clamps are read from the syntax first, then the value is followed to its origin. */
  ofExpression(raw: ts.Expression, depth: number): Bound {
    const expression = skipOuterExpressions(raw);
    if (depth > MAX_DEPTH) return UNKNOWN_BOUND;
    if (ts.isNumericLiteral(expression)) return this.ofNumber(Number(expression.text));
    if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.MinusToken) return this.ofExpression(expression.operand, depth + 1);
    if (ts.isCallExpression(expression) && isMathMin(expression)) {
      const args = expression.arguments.map((argument) => this.ofExpression(argument, depth + 1));
      return args.some((b) => b.kind === "bounded") ? BOUNDED : worst(args);
    }
    if (ts.isConditionalExpression(expression)) {
      if (isTernaryClamp(expression, this.max)) return BOUNDED;
      return worst([this.ofExpression(expression.whenTrue, depth + 1), this.ofExpression(expression.whenFalse, depth + 1)]);
    }
    if (ts.isBinaryExpression(expression)) {
      const operator = expression.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.MinusToken || operator === ts.SyntaxKind.AsteriskToken) {
        // `limit + 1` (one extra row tells whether there is a next page) is as bounded as `limit`.
        return worst([this.ofExpression(expression.left, depth + 1), this.ofExpression(expression.right, depth + 1)]);
      }
    }
    if (ts.isPropertyAccessExpression(expression)) {
      // `Page.parse(req.query).limit` written in place
      const target = skipOuterExpressions(expression.expression);
      if (ts.isCallExpression(target) && parsedWithMax(this.context.analysis.project, target, [expression.name.text], this.max)) return BOUNDED;
    }
    return this.ofValue(this.evaluate(expression), expression, depth);
  }

  /** The bound of an abstract value, on every path. `written` is the expression it came from, when known. */
  ofValue(value: AbsValue, written: ts.Expression | undefined, depth: number): Bound {
    const options = value.kind === "oneOf" ? value.options : [value];
    return worst(options.map((option) => this.ofOption(option, written, depth)));
  }

  private ofOption(option: AbsValue, written: ts.Expression | undefined, depth: number): Bound {
    if (option.kind === "literal") return typeof option.value === "number" ? this.ofNumber(option.value) : option.value === undefined ? BOUNDED : UNKNOWN_BOUND;
    if (option.kind !== "unknown") return UNKNOWN_BOUND;
    const node = option.node;
    if (!node || !ts.isExpression(node)) return UNKNOWN_BOUND;
    // A tRPC resolver's `input.limit`, parsed by the procedure's `.input(z.object({ limit: z.number().max(100) }))`.
    if (option.source !== undefined && option.path?.length === 1) {
      const key = option.path[0];
      if (trpcInputSchemas(node, this.context.analysis.project).some((schema) => schemaFieldHasMax(this.context.analysis.project, schema, key, this.max))) return BOUNDED;
    }
    if (!option.path?.length) {
      // The trail ended at an expression the evaluator does not compute (`Math.min(...)`, `a + 1`): read its syntax.
      if (written && skipOuterExpressions(written) === node) return this.fromOrigin(option);
      return depth < MAX_DEPTH ? this.ofExpression(node, depth + 1) : UNKNOWN_BOUND;
    }
    if (ts.isCallExpression(node) && parsedWithMax(this.context.analysis.project, node, option.path, this.max)) return BOUNDED;
    return this.fromOrigin(option);
  }

  private fromOrigin(option: AbsValue): Bound {
    const { origin, source } = originOf(option, this.patterns, this.evaluate);
    if (origin === "request") return { kind: "request", source: source ?? (option.kind === "unknown" ? (originText(option) ?? "") : "") };
    return UNKNOWN_BOUND;
  }

  private ofNumber(value: number): Bound {
    return Math.abs(value) > this.max ? { kind: "tooLarge", value } : BOUNDED;
  }
}

function isMathMin(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "min" && ts.isIdentifier(callee.expression) && callee.expression.text === "Math";
}

/** `limit > 100 ? 100 : limit`, `limit <= 50 ? limit : 50`: a comparison with a literal that is also a branch. */
function isTernaryClamp(conditional: ts.ConditionalExpression, max: number): boolean {
  const condition = skipOuterExpressions(conditional.condition);
  if (!ts.isBinaryExpression(condition)) return false;
  const comparisons = [ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken];
  if (!comparisons.includes(condition.operatorToken.kind)) return false;
  const limit = [condition.left, condition.right].map((side) => skipOuterExpressions(side)).find(ts.isNumericLiteral);
  if (!limit || Number(limit.text) > max) return false;
  const branches = [conditional.whenTrue, conditional.whenFalse].map((branch) => skipOuterExpressions(branch));
  return branches.some((branch) => ts.isNumericLiteral(branch) && Number(branch.text) <= max);
}
