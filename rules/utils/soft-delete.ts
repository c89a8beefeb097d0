import type { SoftDeleteInfo } from "../../src/schema/index.js";
import type { TextEdit } from "../../src/engine/findings.js";
import { skipOuterExpressions, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import type { AbsValue } from "../../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../../src/engine/where.js";

/** The live value as code: `null`, `false` or `true`. */
export function liveLiteral(softDelete: SoftDeleteInfo): string {
  return String(softDelete.live);
}

/**
 * Any explicit constraint on the soft-delete field is a decision: `null` or `false` keeps
 * live rows, `{ not: null }` is a trash view. Only `undefined` (which Prisma ignores) or
 * no constraint at all lets deleted rows through.
 */
export function isExplicitSoftDeleteFilter(value: AbsValue): Verdict {
  return onEveryPath(value, (option) => {
    if (option.kind === "literal") return option.value === undefined ? "no" : "yes";
    if (option.kind === "object") {
      const defined = [...option.props.values()].some((p) => !(p.value.kind === "literal" && p.value.value === undefined));
      if (defined) return "yes";
      return option.opaque ? "unknown" : "no";
    }
    return "unknown";
  });
}

/**
 * Whether a `where` constrains one of a model's flags on every path (`deleted: false` filters a model whose
 * `deleted` and `deletedAt` are written together): yes when one flag is constrained, unknown when none is
 * and one cannot be told.
 */
export function constrainsAnyFlag(where: AbsValue, flags: readonly SoftDeleteInfo[]): Verdict {
  let verdict: Verdict = "no";
  for (const flag of flags) {
    const answer = whereConstrains(where, flag.field, isExplicitSoftDeleteFilter);
    if (answer === "yes") return "yes";
    if (answer === "unknown") verdict = "unknown";
  }
  return verdict;
}

/** Edits that add `field: live` to the object literal of a property, or create the property. */
export function addToObjectProperty(
  args: ts.Expression | undefined,
  call: ts.CallExpression,
  property: string,
  entry: string,
): TextEdit[] | undefined {
  if (!args) {
    const at = call.arguments.pos;
    return [{ range: [at, at], text: `{ ${property}: { ${entry} } }` }];
  }
  const literal = skipOuterExpressions(args);
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  const existing = literal.properties.find((p) => p.name && staticPropertyName(p.name) === property);
  if (!existing) return insertFirst(literal, `${property}: { ${entry} }`);
  if (ts.isShorthandPropertyAssignment(existing)) {
    return [{ range: [existing.getStart(), existing.end], text: `${property}: { ...${existing.name.text}, ${entry} }` }];
  }
  if (!ts.isPropertyAssignment(existing)) return undefined;
  const value = skipOuterExpressions(existing.initializer);
  if (ts.isObjectLiteralExpression(value)) return insertFirst(value, entry);
  if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
    return [{ range: [existing.initializer.getStart(), existing.initializer.end], text: `{ ...${existing.initializer.getText()}, ${entry} }` }];
  }
  return undefined;
}

export function insertFirst(literal: ts.ObjectLiteralExpression, entry: string): TextEdit[] {
  const first = literal.properties[0];
  if (!first) return [{ range: [literal.getStart(), literal.end], text: `{ ${entry} }` }];
  const at = first.getStart();
  return [{ range: [at, at], text: `${entry}, ` }];
}
