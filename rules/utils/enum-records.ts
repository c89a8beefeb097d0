import type { SchemaModelInfo } from "../../src/schema/index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { resolveIdentifier, skipOuterExpressions, staticKey, staticPropertyName } from "../../src/engine/scope.js";
import { isEqualityOperator, ts } from "../../src/engine/ts.js";

/**
 * A string literal compared with a field of a record whose model a query tells (`model`, `field`), or
 * with a value declared with a Prisma enum type (`enumName`).
 */
export interface RecordComparison {
  literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral;
  model?: SchemaModelInfo;
  field?: string;
  enumName?: string;
}

/**
 * How records are tied to models beyond the queries of the file: the record or list a called function
 * gives back (`await this.invoices.findById(id)`, a repository method in another file), and the names of
 * the schema's enums (for values annotated with one).
 */
export interface RecordSources {
  returnedBy(call: ts.CallExpression, list: boolean): SchemaModelInfo | undefined;
  /** the schema's enums, by name */
  enumNames: Pick<ReadonlySet<string>, "has" | "size">;
  /** names of the fields some model holds an enum in */
  enumFields: ReadonlySet<string>;
}

export const SINGLE_RECORD: ReadonlySet<string> = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "create", "update", "upsert", "delete"]);
export const RECORD_LIST: ReadonlySet<string> = new Set(["findMany", "createManyAndReturn", "updateManyAndReturn"]);
/** array methods whose callback's first parameter is an element */
const ELEMENT_CALLBACKS = new Set(["filter", "find", "findLast", "findIndex", "some", "every", "map", "flatMap", "forEach"]);
/** array methods that return a sub-list of the same records */
const SUB_LIST = new Set(["filter", "slice", "toSorted", "toReversed"]);
const COMPARISON_KINDS = kindSet(ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.SwitchStatement, ts.SyntaxKind.CallExpression);
/** Modules that export the generated client's enums: `@prisma/client`, `../generated/prisma/enums`, `.prisma/client`. */
const ENUM_MODULE = /prisma|(^|\/)generated(\/|$)|(^|\/)enums(\.[jt]s)?$/;

/**
 * `if (m.source === "manual")`, `m?.source !== "x"`, `switch (m.source) { case "x": }`,
 * `rows.filter((m) => m.source === "x")`, `for (const m of rows)`, `const { source } = row`
 * — where `m` is (an element of) the awaited result of a query written in this file.
 * Without a type checker the record is tied to its model only through that query.
 */
export function recordComparisons(sourceFile: ts.SourceFile, querySites: readonly QuerySite[], sources: RecordSources): RecordComparison[] {
  const sites: Sites = { byCall: new Map(querySites.map((site) => [site.call as ts.Node, site])), sources };
  const enumTypes = enumTypeNames(sourceFile, sources.enumNames);
  if (querySites.length === 0 && enumTypes.size === 0 && !callsAnything(sourceFile)) return [];
  const found: RecordComparison[] = [];
  const compare = (subject: ts.Expression, literal: ts.Expression) => {
    const inner = skipOuterExpressions(literal);
    if (!ts.isStringLiteral(inner) && !ts.isNoSubstitutionTemplateLiteral(inner)) return;
    const bare = skipOuterExpressions(subject);
    const enumName = enumTypes.size > 0 ? enumTypeOf(bare, enumTypes) : undefined;
    if (enumName) return found.push({ literal: inner, enumName });
    const tied = fieldOfRecord(bare, sites);
    if (tied) found.push({ literal: inner, ...tied });
  };
  forEachDescendant(sourceFile, (node) => {
    if (ts.isBinaryExpression(node) && isEqualityOperator(node.operatorToken.kind)) {
      compare(node.left, node.right);
      compare(node.right, node.left);
    } else if (ts.isSwitchStatement(node)) {
      for (const clause of node.caseBlock.clauses) if (ts.isCaseClause(clause)) compare(node.expression, clause.expression);
    } else if (ts.isCallExpression(node)) {
      // `["owner", "admin"].includes(member.role)`: each element is compared with the field
      const list = membershipList(node);
      if (list) for (const element of list) compare(node.arguments[0], element);
    }
  }, COMPARISON_KINDS);
  return found;
}

interface Sites {
  byCall: ReadonlyMap<ts.Node, QuerySite>;
  sources: RecordSources;
}

function callsAnything(sourceFile: ts.SourceFile): boolean {
  return sourceFile.text.includes("(");
}

/** The elements of `[...].includes(x)` (or of a local constant array), when the call is a membership test. */
function membershipList(call: ts.CallExpression): readonly ts.Expression[] | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "includes" || call.arguments.length !== 1) return undefined;
  let list = skipOuterExpressions(callee.expression);
  if (ts.isIdentifier(list)) {
    const declaration = resolveIdentifier(list);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !isConst(declaration) || !declaration.initializer) return undefined;
    list = skipOuterExpressions(declaration.initializer);
  }
  return ts.isArrayLiteralExpression(list) ? list.elements.filter((element) => !ts.isSpreadElement(element)) : undefined;
}

/** Local names of the schema's enums imported from the generated client: `import { AccountKind } from "@prisma/client"` → AccountKind. */
function enumTypeNames(sourceFile: ts.SourceFile, enumNames: RecordSources["enumNames"]): Map<string, string> {
  const names = new Map<string, string>();
  if (enumNames.size === 0) return names;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !ENUM_MODULE.test(statement.moduleSpecifier.text)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (enumNames.has(imported)) names.set(element.name.text, imported);
    }
  }
  return names;
}

/** The enum a value is declared with: a parameter or variable annotated `AccountKind` (or `AccountKind | null`), or `$Enums.AccountKind`. */
function enumTypeOf(subject: ts.Expression, enumTypes: ReadonlyMap<string, string>): string | undefined {
  if (!ts.isIdentifier(subject)) return undefined;
  const declaration = resolveIdentifier(subject);
  if (!declaration || !(ts.isParameter(declaration) || ts.isVariableDeclaration(declaration)) || !declaration.type) return undefined;
  const types = ts.isUnionTypeNode(declaration.type) ? declaration.type.types : [declaration.type];
  for (const type of types) {
    if (!ts.isTypeReferenceNode(type)) continue;
    const name = type.typeName;
    if (ts.isIdentifier(name) && enumTypes.has(name.text)) return enumTypes.get(name.text);
  }
  return undefined;
}

function fieldOfRecord(subject: ts.Expression, sites: Sites): { model: SchemaModelInfo; field: string } | undefined {
  if (ts.isPropertyAccessExpression(subject) || ts.isElementAccessExpression(subject)) {
    const field = ts.isPropertyAccessExpression(subject) ? subject.name.text : staticKey(subject.argumentExpression);
    // a field no model has as an enum is not worth following the record to its query
    const model = field === undefined || !sites.sources.enumFields.has(field) ? undefined : modelOfRecord(skipOuterExpressions(subject.expression), sites, 0);
    return model && field !== undefined ? { model, field } : undefined;
  }
  if (!ts.isIdentifier(subject)) return undefined;
  // `const { source } = await prisma.metric.findFirst(...)`, `for (const { source } of rows)`
  const declaration = resolveIdentifier(subject);
  if (!declaration || !ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent) || declaration.dotDotDotToken) return undefined;
  const field = declaration.propertyName ? staticPropertyName(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
  if (field === undefined || !sites.sources.enumFields.has(field)) return undefined;
  const model = recordOfHolder(declaration.parent.parent, sites, 0);
  return model && field !== undefined ? { model, field } : undefined;
}

function modelOfRecord(expression: ts.Expression, sites: Sites, depth: number): SchemaModelInfo | undefined {
  if (depth > 4) return undefined;
  if (ts.isAwaitExpression(expression)) return modelOfRecord(skipOuterExpressions(expression.expression), sites, depth + 1);
  if (ts.isCallExpression(expression)) {
    const site = sites.byCall.get(expression);
    if (site) return SINGLE_RECORD.has(site.operation) ? site.model : undefined;
    return sites.sources.returnedBy(expression, false);
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
  if (ts.isAwaitExpression(expression)) return modelOfList(skipOuterExpressions(expression.expression), sites, depth + 1);
  if (ts.isCallExpression(expression)) {
    const site = sites.byCall.get(expression);
    if (site) return RECORD_LIST.has(site.operation) ? site.model : undefined;
    const callee = skipOuterExpressions(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && SUB_LIST.has(callee.name.text)) return modelOfList(skipOuterExpressions(callee.expression), sites, depth + 1);
    return sites.sources.returnedBy(expression, true);
  }
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = resolveIdentifier(expression);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !isConst(declaration) || !declaration.initializer) return undefined;
  return modelOfList(skipOuterExpressions(declaration.initializer), sites, depth + 1);
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}
