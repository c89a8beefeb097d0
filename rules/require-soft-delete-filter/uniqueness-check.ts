/**
 * `const taken = await prisma.shortLink.findUnique({ where: { code } }); if (taken) throw …`: a read by a unique key
 * of the schema (`@unique`, `@@unique`, not the id) whose row is only tested for existence. A deleted row still holds
 * the key in the table, so the check must see it: filtering deleted rows out would let a duplicate reach the insert.
 */
import type { QuerySite } from "../../src/engine/query-sites.js";
import { resolveIdentifier, skipOuterExpressions } from "../../src/engine/scope.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { isEqualityOperator, ts } from "../../src/engine/ts.js";
import type { AbsValue } from "../../src/engine/values.js";
import { propertyOf } from "../../src/engine/values.js";
import { owningFunction, resultVariable } from "../utils/soft-delete-rows.js";

export function isUniquenessCheck(site: QuerySite, args: AbsValue): boolean {
  if (site.operation !== "findUnique" && site.operation !== "findFirst") return false;
  if (!byUniqueKey(site, propertyOf(args, "where"))) return false;
  const result = resultVariable(site.call);
  if (result) return onlyTested(result);
  return inTest(outermost(site.call));
}

/** The where names exactly one unique key of the model that is not its id: `{ code }`, `{ profileId_urlSlug: { … } }`. */
function byUniqueKey(site: QuerySite, where: AbsValue): boolean {
  if (where.kind !== "object" || where.opaque) return false;
  const keys = [...where.props.keys()];
  const { uniqueFields, idFields } = site.model;
  return uniqueFields.some((fields) => {
    if (fields.length === idFields.length && fields.every((field) => idFields.includes(field))) return false;
    if (keys.length === 1 && keys[0] === fields.join("_") && fields.length > 1) return true;
    return keys.length === fields.length && fields.every((field) => keys.includes(field));
  });
}

const NAME_KINDS = kindSet(ts.SyntaxKind.Identifier);

/** Every use of the variable is a test of whether a row came back (or a new value assigned to it). */
function onlyTested(variable: ts.VariableDeclaration): boolean {
  if (!ts.isIdentifier(variable.name)) return false;
  const scope = owningFunction(variable) ?? variable.getSourceFile();
  let uses = 0;
  let tested = true;
  forEachDescendant(
    scope,
    (node) => {
      const name = node as ts.Identifier;
      if (name === variable.name || name.text !== (variable.name as ts.Identifier).text || resolveIdentifier(name) !== variable) return;
      const parent = name.parent;
      if (ts.isBinaryExpression(parent) && parent.left === name && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return;
      uses++;
      if (!inTest(name)) {
        tested = false;
        return "stop";
      }
    },
    NAME_KINDS,
  );
  return tested && uses > 0;
}

/** `await` and parentheses around a node, up to the expression that holds its value. */
function outermost(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** Whether a value is only tested for being there: `if (x)`, `while (!x)`, `x ? … : …`, `x && …` in such a test, `x !== null`. */
function inTest(node: ts.Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken)) {
      current = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      const logical = operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken;
      const other = parent.left === current ? parent.right : parent.left;
      const nullTest = isEqualityOperator(operator) && (other.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(other) && other.text === "undefined"));
      if (logical || nullTest) {
        current = parent;
        continue;
      }
      return false;
    }
    if (ts.isCallExpression(parent) && ts.isIdentifier(skipOuterExpressions(parent.expression)) && (parent.expression as ts.Identifier).text === "Boolean") {
      current = parent;
      continue;
    }
    if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === current;
    if (ts.isConditionalExpression(parent)) return parent.condition === current;
    return false;
  }
}

