import type { SchemaEnumInfo, SchemaModelInfo } from "../src/schema/index.js";
import path from "node:path";
import { isIgnored } from "../src/engine/analysis.js";
import { filesImporting } from "../src/engine/call-index.js";
import type { QuerySite } from "../src/engine/query-sites.js";
import type { MemoEntry } from "../src/engine/dependencies.js";
import { createRule, querySiteOf, querySitesOf, querySitesWithin, type AnalysisContext } from "../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../src/engine/scope.js";
import { returnedExpressions } from "../src/engine/values.js";
import { fileIndexOf, forEachDescendant, kindSet, someDescendant } from "../src/engine/file-index.js";
import { ts } from "../src/engine/ts.js";
import { calleesOf, isWithin, ValueResolver } from "./utils/enum-flow.js";
import { enumLiteralsOfSite, type EnumLiteral } from "./utils/enum-positions.js";
import { RECORD_LIST, recordComparisons, SINGLE_RECORD, type RecordSources } from "./utils/enum-records.js";
import { closestEnumValue } from "./utils/enum-suggest.js";

type Options = [{ ignoreEnums: string[] }];
type MessageIds = "invalidValue" | "invalidValueNoSuggestion" | "invalidValueReaching" | "invalidValueReachingNoSuggestion" | "replaceWith";

const CALL_KIND = kindSet(ts.SyntaxKind.CallExpression);
const IDENTIFIER_KIND = kindSet(ts.SyntaxKind.Identifier);
const LITERAL_KINDS = kindSet(ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral);
const LITERAL_OR_IDENTIFIER_KINDS = kindSet(ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.Identifier);
const isStringLiteralLike = (node: ts.Node): boolean => LITERAL_KINDS[node.kind] === 1;

/** How many calls deep a value passed as an argument is followed to the query that stores it. */
const MAX_CALL_DEPTH = 2;

export default createRule<Options, MessageIds>({
  name: "valid-enum-value",
  meta: {
    type: "problem",
    docs: {
      description: "Require string values of enum fields to exist in the Prisma schema's enum",
      convention: "enum-values",
      config: "recommended",
      requiresSchema: true,
    },
    hasSuggestions: true,
    messages: {
      invalidValue: "'{{value}}' is not {{article}} {{enum}}; did you mean '{{suggestion}}'? Valid: {{values}}",
      invalidValueNoSuggestion: "'{{value}}' is not {{article}} {{enum}}. Valid: {{values}}",
      invalidValueReaching: "'{{value}}' reaches {{model}}.{{operation}} at {{location}} but is not {{article}} {{enum}}; did you mean '{{suggestion}}'? Valid: {{values}}",
      invalidValueReachingNoSuggestion: "'{{value}}' reaches {{model}}.{{operation}} at {{location}} but is not {{article}} {{enum}}. Valid: {{values}}",
      replaceWith: "Replace with '{{suggestion}}'.",
    },
    schema: [
      {
        type: "object",
        description: "Options for valid-enum-value.",
        properties: {
          ignoreEnums: {
            type: "array",
            items: { type: "string" },
            description: "Enums whose values are not checked (e.g. one the database extends outside schema.prisma).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreEnums: [] }],
  },
  check(context) {
    const ignored = new Set(context.options[0].ignoreEnums);
    const { analysis, sourceFile } = context;
    const reported = new Set<string>();
    const reportedAnchors = new Set<ts.Node>();
    const report = (literal: ts.Node, value: string, enumInfo: SchemaEnumInfo, anchor?: ts.Node, reached?: QuerySite) => {
      const key = positionKey(literal);
      if (ignored.has(enumInfo.name) || enumInfo.values.includes(value) || reported.has(key)) return;
      // at a query, one finding even when several literals of elsewhere reach it
      if (anchor && reportedAnchors.has(anchor)) return;
      reported.add(key);
      if (anchor) reportedAnchors.add(anchor);
      const suggestion = closestEnumValue(value, enumInfo.values);
      const base = { value, article: /^[aeiou]/i.test(enumInfo.name) ? "an" : "a", enum: enumInfo.name, values: enumInfo.values.join(", ") };
      // a literal written here that a query of another file receives: the message names that query
      const elsewhere = reached && !anchor && reached.call.getSourceFile().fileName !== sourceFile.fileName ? reached : undefined;
      const data = elsewhere ? { ...base, model: elsewhere.model.name, operation: elsewhere.operation, location: locationOf(elsewhere.operationNode, analysis) } : base;
      if (suggestion === undefined) {
        context.report({ node: anchor ?? literal, messageId: elsewhere ? "invalidValueReachingNoSuggestion" : "invalidValueNoSuggestion", data });
        return;
      }
      const quote = anchor ? "" : literal.getText(sourceFile)[0];
      context.report({
        node: anchor ?? literal,
        messageId: elsewhere ? "invalidValueReaching" : "invalidValue",
        data: { ...data, suggestion },
        suggest: anchor ? [] : [{ messageId: "replaceWith", data: { suggestion }, fix: [{ range: [literal.getStart(sourceFile), literal.end], text: `${quote}${suggestion}${quote}` }] }],
      });
    };

    const resolver = new ValueResolver(analysis.evaluator);
    const sites = context.querySites();

    // 1. Queries written here: their literals, wherever the engine finds them.
    for (const site of sites) {
      enumLiteralsOfSite(site, analysis.schema, resolver, ({ literal, enumInfo }) => {
        if (enumInfo.values.includes(literal.value)) return;
        const local = inFile(literal.node, sourceFile);
        if (local) return report(local, literal.value, enumInfo);
        // A literal of another file is reported there, where it is written: a caller's argument by step 2,
        // an exported constant by step 4; one of a test or seed file the check leaves out, never. Any other
        // (a helper's return value, a package's constant) is reported at this query.
        if (isIgnored(analysis, literal.node.getSourceFile().fileName) || isExportedLiteralData(literal.node)) return;
        if (!passedByCaller(literal.node, analysis, resolver)) report(literal.node, literal.value, enumInfo, site.operationNode);
      });
    }

    // 2. Calls written here that pass a literal into a query elsewhere (a repository, a service method).
    const siteCalls = new Set<ts.Node>(sites.map((site) => site.call));
    for (const call of fileIndexOf(sourceFile).calls) {
      if (siteCalls.has(call) || !argumentsMayCarryLiteral(call)) continue;
      for (const { literal, enumInfo, site } of literalsThroughCall(call, analysis, resolver, 0, new Set())) {
        const local = inFile(literal.node, sourceFile) ?? inCall(literal.node, call, sourceFile);
        if (local) report(local, literal.value, enumInfo, undefined, site);
      }
    }

    // 4. Constants and helpers written here that queries of other files use (`status: ARCHIVE_STATUS`).
    for (const { literal, enumInfo, site } of literalsReachingImporters(sourceFile, analysis)) {
      const local = inFile(literal.node, sourceFile);
      if (local) report(local, literal.value, enumInfo, undefined, site);
    }

    // 3. Comparisons with a field of a record a query returned (here, or in a function called here),
    //    and with values declared with a Prisma enum type.
    const sources: RecordSources = { returnedBy: (call, list) => modelReturnedBy(call, list, analysis), enumNames: analysis.schema.enums, enumFields: enumFieldNames(analysis) };
    for (const { literal, model, field, enumName } of recordComparisons(sourceFile, sites, sources)) {
      const schemaField = model && field !== undefined ? model.fields.get(field) : undefined;
      const enumInfo = enumName ? analysis.schema.enums.get(enumName) : schemaField?.kind === "enum" && !schemaField.isList ? analysis.schema.enums.get(schemaField.type) : undefined;
      if (enumInfo) report(literal, literal.text, enumInfo);
    }
  },
});

const enumFieldsOfSchema = new WeakMap<AnalysisContext["schema"], ReadonlySet<string>>();

/** Names of the schema's single-valued enum fields: once per schema, not for every file of a schema with a thousand models. */
function enumFieldNames(analysis: AnalysisContext): ReadonlySet<string> {
  let names = enumFieldsOfSchema.get(analysis.schema);
  if (names) return names;
  const found = new Set<string>();
  for (const model of analysis.schema.models.values()) {
    for (const field of model.fields.values()) if (field.kind === "enum" && !field.isList) found.add(field.name);
  }
  enumFieldsOfSchema.set(analysis.schema, (names = found));
  return names;
}

/**
 * The model of the record (or, with `list`, the rows) a called function gives back: a query it returns,
 * directly or through a local constant (`findById(id) { return prisma.invoice.findUnique(...) }`).
 */
function modelReturnedBy(call: ts.CallExpression, list: boolean, analysis: AnalysisContext): SchemaModelInfo | undefined {
  const operations = list ? RECORD_LIST : SINGLE_RECORD;
  for (const fn of calleesOf(call, analysis.evaluator, analysis.project)) {
    for (const returned of returnedExpressions(fn)) {
      let expression = returned && skipOuterExpressions(returned);
      if (expression && ts.isAwaitExpression(expression)) expression = skipOuterExpressions(expression.expression);
      if (expression && ts.isIdentifier(expression)) {
        const declaration = resolveIdentifier(expression);
        const initializer = declaration && ts.isVariableDeclaration(declaration) && isWithin(declaration, fn.body) ? declaration.initializer : undefined;
        expression = initializer && skipOuterExpressions(initializer);
        if (expression && ts.isAwaitExpression(expression)) expression = skipOuterExpressions(expression.expression);
      }
      const site = expression && querySiteOf(expression, analysis);
      if (site && operations.has(site.operation)) return site.model;
    }
  }
  return undefined;
}

/**
 * What a call passes into enum fields of the queries of the function it calls: the
 * function's parameters are bound to the call's arguments, and calls inside it that pass
 * those parameters on are followed, a bounded number of calls deep.
 */
function literalsThroughCall(call: ts.CallExpression, analysis: AnalysisContext, outer: ValueResolver, depth: number, active: Set<ts.Node>): ReachingLiteral[] {
  const found: ReachingLiteral[] = [];
  for (const fn of calleesOf(call, analysis.evaluator, analysis.project)) {
    if (active.has(fn)) continue;
    const values = outer.bind(fn, call);
    const sites = fn.body ? querySitesWithin(fn.body, analysis) : [];
    for (const site of sites) enumLiteralsOfSite(site, analysis.schema, values, (hit) => found.push({ ...hit, site }));
    if (depth >= MAX_CALL_DEPTH) continue;
    const inner = new Set(active).add(fn);
    const siteCalls = new Set<ts.Node>(sites.map((site) => site.call));
    const parameters = new Set<ts.Node>(fn.parameters);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && !siteCalls.has(node) && node.arguments.some((argument) => mentionsAny(argument, parameters))) {
        found.push(...literalsThroughCall(node, analysis, values, depth + 1, inner));
      }
    };
    visit(fn.body);
    forEachDescendant(fn.body, visit, CALL_KIND);
  }
  return found;
}

/** A literal that reaches an enum field of a query. */
interface ReachingLiteral extends EnumLiteral {
  site: QuerySite;
}

/**
 * Literals of this file that queries of the files importing it receive: an exported constant
 * (`export const ARCHIVE_STATUS = "archive"`), or a list or object of them.
 */
function literalsReachingImporters(sourceFile: ts.SourceFile, analysis: AnalysisContext): ReachingLiteral[] {
  const project = analysis.project;
  if (!project) return [];
  const names = exportedNamesWithLiterals(sourceFile);
  if (names.length === 0) return [];
  const files = new Set<string>();
  for (const name of names) for (const file of filesImporting(project, name)) if (file !== sourceFile.fileName) files.add(file);
  const found: ReachingLiteral[] = [];
  for (const fileName of files) {
    const importer = project.getSourceFile(fileName);
    if (!importer || isIgnored(analysis, importer.fileName)) continue;
    for (const hit of invalidLiteralsOfQueries(importer, analysis)) {
      if (hit.literal.node.getSourceFile().fileName !== sourceFile.fileName) continue;
      if (!passedByCaller(hit.literal.node, analysis, new ValueResolver(analysis.evaluator))) found.push(hit);
    }
  }
  return found;
}

type InvalidLiteralStore = WeakMap<ts.SourceFile, MemoEntry<ReachingLiteral[]>>;
const invalidLiteralStores = new WeakMap<AnalysisContext, InvalidLiteralStore>();

/**
 * The literals that are no value of their enum among everything a file's queries receive, computed once
 * per parse for every constants file it imports (memoised with what it read, for the editor).
 */
function invalidLiteralsOfQueries(file: ts.SourceFile, analysis: AnalysisContext): ReachingLiteral[] {
  let store = invalidLiteralStores.get(analysis);
  if (!store) invalidLiteralStores.set(analysis, (store = new WeakMap()));
  const compute = () => {
    const resolver = new ValueResolver(analysis.evaluator);
    const hits: ReachingLiteral[] = [];
    for (const site of querySitesOf(file, analysis)) {
      enumLiteralsOfSite(site, analysis.schema, resolver, (hit) => {
        if (!hit.enumInfo.values.includes(hit.literal.value)) hits.push({ ...hit, site });
      });
    }
    return hits;
  };
  return analysis.project ? analysis.project.dependencies.memo(store, file, compute) : compute();
}

function exportedNamesWithLiterals(sourceFile: ts.SourceFile): string[] {
  const names: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer && isLiteralData(declaration.initializer, 0)) names.push(declaration.name.text);
    }
  }
  return names;
}

/**
 * A constant made of string literals: `"archive"`, `["active", "archive"]`, `{ BULK: "archive" }` (also
 * `as const`). Schemas built by calls (`z.enum([...])`) and functions are not followed: the importers of
 * every such file would become part of its check.
 */
function isLiteralData(raw: ts.Expression, depth: number): boolean {
  const expression = skipOuterExpressions(raw);
  if (isStringLiteralLike(expression)) return true;
  if (depth > 2) return false;
  if (ts.isArrayLiteralExpression(expression)) return expression.elements.some((element) => !ts.isSpreadElement(element) && isLiteralData(element, depth + 1));
  if (ts.isObjectLiteralExpression(expression)) return expression.properties.some((property) => ts.isPropertyAssignment(property) && isLiteralData(property.initializer, depth + 1));
  return false;
}

/** A literal of an exported constant made of literals: step 4 of its own file reports it. */
function isExportedLiteralData(literal: ts.Node): boolean {
  let statement: ts.Node = literal;
  while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
  if (!ts.isVariableStatement(statement) || !ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return false;
  return statement.declarationList.declarations.some(
    (declaration) => ts.isIdentifier(declaration.name) && !!declaration.initializer && isWithin(literal, declaration.initializer) && isLiteralData(declaration.initializer, 0),
  );
}

/** `src/repositories/item-repository.ts:12`, relative to the project's root. */
function locationOf(node: ts.Node, analysis: AnalysisContext): string {
  const file = node.getSourceFile();
  const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  return `${path.relative(analysis.config.rootDir, file.fileName).split(path.sep).join("/")}:${line}`;
}

/** Whether a literal found at a query elsewhere is an argument that a call in its own file passes down to that query. */
function passedByCaller(literal: ts.Node, analysis: AnalysisContext, resolver: ValueResolver): boolean {
  const file = literal.getSourceFile();
  if (isIgnored(analysis, file.fileName)) return false;
  const key = positionKey(literal);
  const carries = (call: ts.CallExpression) => literalsThroughCall(call, analysis, resolver, 0, new Set()).some((hit) => positionKey(hit.literal.node) === key);
  for (let node = literal.parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (!ts.isCallExpression(node) || literal.pos < node.arguments.pos || literal.end > node.arguments.end) continue;
    if (carries(node)) return true;
  }
  // A constant of the caller's file passed by name (`repo.update(id, { status: RETIRED })`): step 2 there reports it where it is written.
  return fileIndexOf(file).calls.some((call) => argumentsMayCarryLiteral(call) && carries(call));
}

/**
 * A cheap syntactic filter before following a call: an argument can only bring a literal of
 * this file if it contains one, or names a local constant that does.
 */
function argumentsMayCarryLiteral(call: ts.CallExpression): boolean {
  // Constants already followed: the search stops at the first literal, so one seen without a literal has none for any argument.
  const search: LiteralSearch = { seen: undefined };
  return call.arguments.some((argument) => mayCarry(argument, search));
}

interface LiteralSearch {
  seen: Set<ts.Node> | undefined;
}

/** Names met while looking for a literal, resolved only when there is none: a stack, as the search goes on into constants. */
const pendingNames: ts.Node[] = [];

function mayCarry(node: ts.Node, search: LiteralSearch): boolean {
  // Literals first: a callback argument usually holds one, and finding it needs no name resolved.
  if (isStringLiteralLike(node)) return true;
  const start = pendingNames.length;
  pendingNames.push(node);
  let found = someDescendant(node, isLiteralOrDefer, LITERAL_OR_IDENTIFIER_KINDS);
  for (let index = start; !found && index < pendingNames.length; index++) found = namesLiteralConstant(pendingNames[index], search);
  pendingNames.length = start;
  return found;
}

function isLiteralOrDefer(node: ts.Node): boolean {
  if (isStringLiteralLike(node)) return true;
  pendingNames.push(node);
  return false;
}

function namesLiteralConstant(candidate: ts.Node, search: LiteralSearch): boolean {
  if (!ts.isIdentifier(candidate) || namesProperty(candidate)) return false;
  const declaration = resolveIdentifier(candidate);
  // Scope lookup finds declarations of the same file only: imported constants are import bindings.
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  search.seen ??= new Set();
  if (search.seen.has(declaration)) return false;
  search.seen.add(declaration);
  return mayCarry(declaration.initializer, search);
}

/** `row.status`, `{ status: … }`: the identifier names a property, whatever variable shares its name. */
function namesProperty(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent)) && parent.name === identifier;
}

function mentionsAny(node: ts.Node, parameters: ReadonlySet<ts.Node>): boolean {
  const mentions = (candidate: ts.Node): boolean => {
    if (!ts.isIdentifier(candidate)) return false;
    const declaration = resolveDeclaration(candidate);
    return !!declaration && parameters.has(declaration);
  };
  return mentions(node) || someDescendant(node, mentions, IDENTIFIER_KIND);
}

function resolveDeclaration(identifier: ts.Identifier): ts.Node | undefined {
  let declaration: ts.Node | undefined = resolveIdentifier(identifier);
  // a destructured parameter's element counts as the parameter
  while (declaration && ts.isBindingElement(declaration)) declaration = declaration.parent.parent;
  return declaration;
}

/**
 * The node of the file being checked at a literal's position. The engine may have met the
 * literal in an earlier parse of this file (an editor buffer, a cached caller), so the
 * match is by position and text, not identity.
 */
function inFile(node: ts.Node, sourceFile: ts.SourceFile): ts.Node | undefined {
  const file = node.getSourceFile();
  if (file === sourceFile) return node;
  if (file.fileName !== sourceFile.fileName) return undefined;
  return literalAt(sourceFile, node.getStart(file), node.getText(file), sourceFile);
}

/**
 * The engine may know the call from an older text of this file (callers are cached with
 * the file they were found in): the literal at the same offset in the call as written now.
 */
function inCall(node: ts.Node, call: ts.CallExpression, sourceFile: ts.SourceFile): ts.Node | undefined {
  const file = node.getSourceFile();
  if (file === sourceFile || file.fileName !== sourceFile.fileName) return undefined;
  const text = call.getText(sourceFile);
  let stale: ts.Node | undefined = node.parent;
  while (stale && !(ts.isCallExpression(stale) && stale.getText(file) === text)) stale = stale.parent;
  if (!stale) return undefined;
  const start = call.getStart(sourceFile) + node.getStart(file) - stale.getStart(file);
  return literalAt(call, start, node.getText(file), sourceFile);
}

function literalAt(root: ts.Node, start: number, text: string, sourceFile: ts.SourceFile): ts.Node | undefined {
  let match: ts.Node | undefined;
  const visit = (current: ts.Node): void => {
    if (match || current.end <= start || current.pos > start) return;
    if ((ts.isStringLiteral(current) || ts.isNoSubstitutionTemplateLiteral(current)) && current.getStart(sourceFile) === start && current.getText(sourceFile) === text) {
      match = current;
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(root);
  return match;
}

function positionKey(node: ts.Node): string {
  return `${node.getSourceFile().fileName}:${node.pos}:${node.end}`;
}
