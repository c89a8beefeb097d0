import type { SchemaModelInfo } from "../../src/schema/index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { resolveIdentifier, skipOuterExpressions, staticKey, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";

/** A string literal compared with a field of a record whose model a query in the same file tells. */
export interface RecordComparison {
  literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;
  model: SchemaModelInfo;
  field: string;
}

const SINGLE_RECORD = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "create", "update", "upsert", "delete"]);
const RECORD_LIST = new Set(["findMany", "createManyAndReturn", "updateManyAndReturn"]);
/** array methods whose callback's first parameter is an element */
const ELEMENT_CALLBACKS = new Set(["filter", "find", "findLast", "findIndex", "some", "every", "map", "flatMap", "forEach"]);
/** array methods that return a sub-list of the same records */
const SUB_LIST = new Set(["filter", "slice", "toSorted", "toReversed"]);
const COMPARISON_KINDS = kindSet(ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.SwitchStatement);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

/**
 * `if (m.source === "manual")`, `m?.source !== "x"`, `switch (m.source) { case "x": }`,
 * `rows.filter((m) => m.source === "x")`, `for (const m of rows)`, `const { source } = row`
 * — where `m` is (an element of) the awaited result of a query written in this file.
 * Without a type checker the record is tied to its model only through that query.
 */
export function recordComparisons(sourceFile: ts.SourceFile, sites: readonly QuerySite[]): RecordComparison[] {
  if (sites.length === 0) return [];
  const byCall = new Map(sites.map((site) => [site.call as ts.Node, site]));
  const found: RecordComparison[] = [];
  const compare = (subject: ts.Expression, literal: ts.Expression) => {
    const inner = skipOuterExpressions(literal);
    if (!ts.isStringLiteral(inner) && !ts.isNoSubstitutionTemplateLiteral(inner)) return;
    const tied = fieldOfRecord(skipOuterExpressions(subject), byCall);
    if (tied) found.push({ literal: inner, ...tied });
  };
  forEachDescendant(sourceFile, (node) => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      compare(node.left, node.right);
      compare(node.right, node.left);
    } else if (ts.isSwitchStatement(node)) {
      for (const clause of node.caseBlock.clauses) if (ts.isCaseClause(clause)) compare(node.expression, clause.expression);
    }
  }, COMPARISON_KINDS);
  return found;
}

type Sites = ReadonlyMap<ts.Node, QuerySite>;

function fieldOfRecord(subject: ts.Expression, sites: Sites): { model: SchemaModelInfo; field: string } | undefined {
  if (ts.isPropertyAccessExpression(subject) || ts.isElementAccessExpression(subject)) {
    const field = ts.isPropertyAccessExpression(subject) ? subject.name.text : staticKey(subject.argumentExpression);
    const model = field === undefined ? undefined : modelOfRecord(skipOuterExpressions(subject.expression), sites, 0);
    return model && field !== undefined ? { model, field } : undefined;
  }
  if (!ts.isIdentifier(subject)) return undefined;
  // `const { source } = await prisma.metric.findFirst(...)`, `for (const { source } of rows)`
  const declaration = resolveIdentifier(subject);
  if (!declaration || !ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent) || declaration.dotDotDotToken) return undefined;
  const field = declaration.propertyName ? staticPropertyName(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
  const model = recordOfHolder(declaration.parent.parent, sites, 0);
  return model && field !== undefined ? { model, field } : undefined;
}

function modelOfRecord(expression: ts.Expression, sites: Sites, depth: number): SchemaModelInfo | undefined {
  if (depth > 4) return undefined;
  if (ts.isCallExpression(expression)) {
    const site = sites.get(expression);
    return site && SINGLE_RECORD.has(site.operation) ? site.model : undefined;
  }
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = resolveIdentifier(expression);
  return declaration ? recordOfHolder(declaration, sites, depth) : undefined;
}

/** The model of the record a declaration holds: a const of a query result, a for-of variable, an element callback's parameter. */
function recordOfHolder(declaration: ts.Node, sites: Sites, depth: number): SchemaModelInfo | undefined {
  if (ts.isVariableDeclaration(declaration)) {
    const list = declaration.parent;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) return modelOfList(skipOuterExpressions(list.parent.expression), sites, depth + 1);
    if (!isConst(declaration) || !declaration.initializer) return undefined;
    return modelOfRecord(skipOuterExpressions(declaration.initializer), sites, depth + 1);
  }
  if (ts.isParameter(declaration) && declaration.parent.parameters[0] === declaration) {
    const fn = declaration.parent;
    const call = fn.parent;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(call) || call.arguments[0] !== fn) return undefined;
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !ELEMENT_CALLBACKS.has(callee.name.text)) return undefined;
    return modelOfList(skipOuterExpressions(callee.expression), sites, depth + 1);
  }
  return undefined;
}

function modelOfList(expression: ts.Expression, sites: Sites, depth: number): SchemaModelInfo | undefined {
  if (depth > 4) return undefined;
  if (ts.isCallExpression(expression)) {
    const site = sites.get(expression);
    if (site) return RECORD_LIST.has(site.operation) ? site.model : undefined;
    const callee = skipOuterExpressions(expression.expression);
    return ts.isPropertyAccessExpression(callee) && SUB_LIST.has(callee.name.text) ? modelOfList(skipOuterExpressions(callee.expression), sites, depth + 1) : undefined;
  }
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = resolveIdentifier(expression);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !isConst(declaration) || !declaration.initializer) return undefined;
  return modelOfList(skipOuterExpressions(declaration.initializer), sites, depth + 1);
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}
