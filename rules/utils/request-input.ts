import { calleeName, resolveIdentifier, skipOuterExpressions, staticKey } from "../../src/engine/scope.js";
import { oncePerList } from "../../src/engine/once-per-list.js";
import { normaliseSourceText } from "./owner.js";
import { ts } from "../../src/engine/ts.js";
import { originText, type AbsValue, type UnknownValue } from "../../src/engine/values.js";

/** A request input (`req.body`, `req.query.name`) that reached a query unparsed. */
export interface RequestInput {
  /** the expression the value was read from, where the finding goes: `req.body`, or `req` passed whole to a helper */
  node: ts.Node;
  /** the input as read, `req.body.name` */
  text: string;
  /** the configured source it belongs to, `req.body` */
  source: string;
  /** the property read below the source, [] for the whole object */
  field: string[];
}

/** Where in a query argument (`data`, `where`) a request input lands. */
export interface InputLanding {
  input: RequestInput;
  /** keys from the argument's root to the position, `["name"]` for `data: { name: … }` */
  path: string[];
  /** the position takes a whole object (the argument itself, a spread, an element of a row list or of AND/OR/NOT) */
  asObject: boolean;
}

export interface RequestInputOptions {
  /** `req.body`, `req.query`, `req.params` */
  sources: readonly string[];
  /** method names whose call validates its argument: `parse`, `safeParse`… */
  validators: ReadonlySet<string>;
  evaluate: (expression: ts.Expression) => AbsValue;
}

const COMBINATORS = new Set(["AND", "OR", "NOT"]);
const MAX_DEPTH = 12;

/**
 * Every request input inside an abstract value, with its position. Spreads the evaluator
 * could not see through (`{ ...data }` of an unknown) are evaluated again here, so a body
 * spread into a row is found; a call is a dead end unless it is `Object.assign` or
 * `structuredClone`, which hand their arguments on.
 */
export function requestInputsIn(value: AbsValue, options: RequestInputOptions): InputLanding[] {
  const found: InputLanding[] = [];
  const seen = new Set<ts.Node>();
  const walk = (current: AbsValue, path: string[], asObject: boolean, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    switch (current.kind) {
      case "oneOf":
        for (const option of current.options) walk(option, path, asObject, depth + 1);
        return;
      case "object": {
        for (const [key, property] of current.props) walk(property.value, [...path, key], false, depth + 1);
        if (current.opaque && ts.isObjectLiteralExpression(current.node) && !seen.has(current.node)) {
          seen.add(current.node);
          for (const member of current.node.properties) {
            if (ts.isSpreadAssignment(member)) walk(options.evaluate(member.expression), path, true, depth + 1);
          }
        }
        return;
      }
      case "array": {
        const rows = asObject || path.length === 0 || COMBINATORS.has(path[path.length - 1]);
        for (const element of current.elements) walk(element, path, rows, depth + 1);
        if (current.opaque && ts.isArrayLiteralExpression(current.node) && !seen.has(current.node)) {
          seen.add(current.node);
          for (const element of current.node.elements) {
            if (ts.isSpreadElement(element)) walk(options.evaluate(element.expression), path, rows, depth + 1);
          }
        }
        return;
      }
      case "unknown":
        for (const { input, whole } of classify(current, options, seen, depth)) found.push({ input, path, asObject: asObject || whole });
        return;
      default:
        return;
    }
  };
  walk(value, [], true, 0);
  return found;
}

/** Is this unknown value a request input, and is it a whole object (a rest element of one)? */
function classify(value: UnknownValue, options: RequestInputOptions, seen: Set<ts.Node>, depth: number): { input: RequestInput; whole: boolean }[] {
  if (!value.node || !ts.isExpression(value.node)) return [];
  const names: string[] = [];
  let node: ts.Expression = skipOuterExpressions(value.node);
  for (;;) {
    if (ts.isPropertyAccessExpression(node)) {
      names.unshift(node.name.text);
      node = skipOuterExpressions(node.expression);
    } else if (ts.isElementAccessExpression(node)) {
      const key = staticKey(node.argumentExpression);
      if (key === undefined) return [];
      names.unshift(key);
      node = skipOuterExpressions(node.expression);
    } else break;
  }
  if (ts.isCallExpression(node)) return throughCall(node, names, options, seen, depth);
  // An input is read from a name (`req.body.name`); any other expression made it a new value: `!!req.body.flag`, `+req.body.amount`.
  if (!ts.isIdentifier(node)) return [];
  if (ts.isIdentifier(node) && names.length === 0 && !value.path?.length) {
    // `const { deviceId, ...rest } = req.body`: the rest is the body minus a few keys.
    const rest = restSource(node);
    if (rest && !seen.has(rest)) {
      seen.add(rest);
      return requestInputsIn(options.evaluate(rest), options).filter((landing) => landing.path.length === 0).map(({ input }) => ({ input, whole: true }));
    }
  }
  const sources = normalisedSources(options.sources);
  // An input's text begins with its root variable: most unknown values (parameters, call results) are no input, known without reading their text.
  // A value a framework says stands for a request source (a tRPC resolver's `input`) is judged by that source.
  if (value.source === undefined && ts.isIdentifier(node) && !sources.roots.has(node.text === "request" ? "req" : node.text) && !sources.roots.has(node.text)) return [];
  const text = originText(value);
  if (!text) return [];
  const normalised = normaliseSourceText(text);
  for (const { source, wanted } of sources.all) {
    if (normalised === wanted || normalised.startsWith(`${wanted}.`)) {
      const field = normalised === wanted ? [] : normalised.slice(wanted.length + 1).split(".");
      return [{ input: { node: value.node, text, source, field }, whole: false }];
    }
  }
  return [];
}

interface NormalisedSources {
  all: readonly { source: string; wanted: string }[];
  /** the names they begin with: `req` for `req.body` and for `request.query` */
  roots: ReadonlySet<string>;
}

/** The configured sources as input texts are compared with them. */
const normalisedSources = oncePerList((sources): NormalisedSources => {
  const all = sources.map((source) => ({ source, wanted: normaliseSourceText(source) }));
  return { all, roots: new Set(all.map(({ wanted }) => wanted.split(".")[0])) };
});

/** A validator's result is validated; `Object.assign`/`structuredClone` pass their arguments on; any other call yields a new value. */
function throughCall(call: ts.CallExpression, names: string[], options: RequestInputOptions, seen: Set<ts.Node>, depth: number) {
  const name = calleeName(call);
  if (options.validators.has(name) || names.length > 0) return [];
  if (name !== "assign" && name !== "structuredClone") return [];
  if (name === "assign" && calleeObject(call) !== "Object") return [];
  if (seen.has(call) || depth > MAX_DEPTH) return [];
  seen.add(call);
  return call.arguments
    .filter((argument) => !ts.isSpreadElement(argument))
    .flatMap((argument) => requestInputsIn(options.evaluate(argument), options))
    .filter((landing) => landing.path.length === 0)
    .map(({ input, asObject }) => ({ input, whole: asObject }));
}

function calleeObject(call: ts.CallExpression): string {
  const callee = skipOuterExpressions(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : "";
}

function restSource(identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration || !ts.isBindingElement(declaration) || !declaration.dotDotDotToken) return undefined;
  const holder = declaration.parent.parent;
  return ts.isVariableDeclaration(holder) && ts.isObjectBindingPattern(declaration.parent) ? holder.initializer : undefined;
}

