import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { enclosingFunction } from "../../src/engine/scope.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";

const PROPERTY_READS = kindSet(ts.SyntaxKind.PropertyAccessExpression);

/**
 * Whether an admin-only query's function reads a relation the query includes or selects
 * (`users.filter((u) => u.profiles.length > 0)`): the code then decides something from the children, deleted
 * ones too. Rows only handed on (`res.json(users.map(serializeUser))`) are what the administrator looks at.
 */
export function readsIncludedRelation(site: QuerySite, args: AbsValue): boolean {
  const names = new Set<string>();
  for (const key of ["include", "select"]) {
    const selected = propertyOf(args, key);
    for (const shape of selected.kind === "oneOf" ? selected.options : [selected]) if (shape.kind === "object") for (const name of shape.props.keys()) names.add(name);
  }
  const body = (enclosingFunction(site.call) as ts.FunctionLikeDeclaration | undefined)?.body;
  if (names.size === 0 || !body) return names.size > 0;
  let found = false;
  forEachDescendant(
    body,
    (node) => {
      const access = node as ts.PropertyAccessExpression;
      if (names.has(access.name.text) && (access.pos >= site.call.end || access.end <= site.call.pos)) found = true;
      return found ? "stop" : undefined;
    },
    PROPERTY_READS,
  );
  return found;
}
