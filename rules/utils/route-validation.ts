import type { MemoEntry } from "../../src/engine/dependencies.js";
import { forEachDescendant } from "../../src/engine/file-index.js";
import { importSpecifierOf } from "../../src/engine/modules.js";
import { validatedByFramework } from "../../src/frameworks/index.js";
import type { ProjectModel } from "../../src/engine/project.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import type { RequestInput } from "./request-input.js";
import { frameworkRegistrations } from "../../src/analysis/route-chain.js";
import type { AnalysisContext } from "../../src/engine/rule.js";
import { trpcInputValidated } from "../../src/frameworks/trpc/index.js";

/**
 * Validation a route declares before its handler runs, in the route's own registration:
 * express-validator chains (`router.post("/", body("payload").isObject(), query("msg").isString(),
 * handler)`, also inside a wrapper such as `validate(…)`, and imported through a local module that
 * re-exports them), and a Fastify route's JSON schema (`fastify.post(path, { schema: { body } }, handler)`).
 * The framework rejects a request that fails them, so the handler sees validated input.
 */

/** The request part a validation covers: `req.body`, `req.query`, `req.params`. */
type Part = "body" | "query" | "params";

/** What the route validates: whole parts, and single fields of a part (`"*"` for a field of any part). */
interface Coverage {
  whole: Set<Part>;
  fields: Map<Part | "*", Set<string>>;
}

const EXPRESS_VALIDATOR = "express-validator";
/** express-validator's chain builders and the part each validates (`check` any part). */
const CHAIN_PARTS: Readonly<Record<string, Part | "*">> = { body: "body", query: "query", param: "params", check: "*", checkSchema: "*" };
/** Fastify's route schema keys and the part each validates. */
const FASTIFY_PARTS: Readonly<Record<string, Part>> = { body: "body", querystring: "query", query: "query", params: "params" };

/** Whether the route whose handler reads the input validates that part of the request, or that field of it. */
export function isValidatedByRoute(input: RequestInput, project: ProjectModel | undefined, analysis?: AnalysisContext): boolean {
  // A parameter the framework fills (a NestJS `@Body() dto: CreateItemDto`): its pipes validated it, or not.
  const parameter = input.node.parent;
  if (parameter && ts.isParameter(parameter) && parameter.name === input.node && validatedByFramework(parameter, input.field, project)) return true;
  const part = partOf(input.source);
  if (!part) return false;
  if (trpcInputValidated(input.node, project)) return true;
  if (input.field[0] !== undefined && isTypedByApiDoc(input.node, part, input.field[0], project)) return true;
  const coverage = routeCoverage(input.node, project) ?? (analysis && registeredCoverage(input.node, analysis));
  if (!coverage) return false;
  if (coverage.whole.has(part)) return true;
  const field = input.field[0];
  return field !== undefined && (coverage.fields.get(part)?.has(field) === true || coverage.fields.get("*")?.has(field) === true);
}

function partOf(source: string): Part | undefined {
  const last = source.split(".").at(-1);
  return last === "body" || last === "query" || last === "params" ? last : undefined;
}

/** The validation declared by the arguments before the handler in the call that registers it. */
function routeCoverage(node: ts.Node, project: ProjectModel | undefined): Coverage | undefined {
  let handler: ts.Node | undefined = node.parent;
  while (handler && !ts.isFunctionLike(handler)) handler = handler.parent;
  if (!handler) return undefined;
  let outer: ts.Node = handler;
  while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent))) outer = outer.parent;
  const coverage: Coverage = { whole: new Set(), fields: new Map() };
  // `fastify.route({ schema, handler })`, `fastify.post(path, { schema, handler })`: the handler's own options declare the schema.
  if (outer.parent && (ts.isPropertyAssignment(outer.parent) || ts.isMethodDeclaration(outer)) && staticPropertyName((ts.isMethodDeclaration(outer) ? outer : outer.parent as ts.PropertyAssignment).name) === "handler") {
    const options = ts.isMethodDeclaration(outer) ? outer.parent : outer.parent.parent;
    if (ts.isObjectLiteralExpression(options) && ts.isCallExpression(options.parent)) {
      addFastifySchema(options, coverage);
      return coverage;
    }
  }
  const registration = outer.parent;
  if (!registration || !ts.isCallExpression(registration)) return undefined;
  const index = registration.arguments.indexOf(outer as ts.Expression);
  if (index <= 0) return undefined;
  for (const argument of registration.arguments.slice(0, index)) {
    const expression = skipOuterExpressions(argument);
    const options = objectLiteralOf(expression);
    if (options) addFastifySchema(options, coverage);
    forEachDescendant(expression, (child) => {
      if (ts.isCallExpression(child)) addChain(child, coverage, project);
    });
    if (ts.isCallExpression(expression)) addChain(expression, coverage, project);
  }
  return coverage;
}

/**
 * A Fastify route's `schema`: each of `body`, `querystring`, `params` it declares (a JSON schema, a TypeBox
 * `Type.Object(…)`, a zod type with a type provider) is validated before the handler runs. The options and the
 * schema may be written in place or bound to a constant (`{ schema: createNoteSchema }`, `{ schema }`).
 */
/**
 * A named handler registered away from where it reads the request (`fastify.post("/", { schema }, notes.create)`):
 * what every route of the inventory naming it validates. A part is covered when each of them declares it.
 */
function registeredCoverage(node: ts.Node, analysis: AnalysisContext): Coverage | undefined {
  let handler: ts.Node | undefined = node.parent;
  while (handler && !ts.isFunctionLike(handler)) handler = handler.parent;
  const registrations = handler && frameworkRegistrations(handler, analysis)?.nodes;
  if (!registrations || registrations.length === 0) return undefined;
  const each = registrations.map((registration) => {
    const coverage: Coverage = { whole: new Set(), fields: new Map() };
    if (ts.isCallExpression(registration)) {
      for (const argument of registration.arguments) {
        const options = objectLiteralOf(argument);
        if (options) addFastifySchema(options, coverage);
      }
    }
    return coverage;
  });
  return { whole: new Set([...each[0].whole].filter((part) => each.every((coverage) => coverage.whole.has(part)))), fields: new Map() };
}

function addFastifySchema(options: ts.ObjectLiteralExpression, coverage: Coverage): void {
  const schema = options.properties.find((property) => property.name && staticPropertyName(property.name) === "schema");
  if (!schema || (!ts.isPropertyAssignment(schema) && !ts.isShorthandPropertyAssignment(schema))) return;
  const value = objectLiteralOf(ts.isPropertyAssignment(schema) ? schema.initializer : schema.name);
  if (!value) return;
  for (const property of value.properties) {
    const key = property.name && staticPropertyName(property.name);
    const part = key !== undefined ? FASTIFY_PARTS[key] : undefined;
    if (part) coverage.whole.add(part);
  }
}

/** An object literal written in place, or the one a constant is initialised with. */
function objectLiteralOf(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  let inner = skipOuterExpressions(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = resolveIdentifier(inner);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name) && !isReassignedName(declaration)) inner = skipOuterExpressions(declaration.initializer);
  }
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

function isReassignedName(declaration: ts.VariableDeclaration): boolean {
  return !(declaration.parent.flags & ts.NodeFlags.Const);
}

/** `body("payload")`, `query(["a", "b"])`, `check("id")`, `body()`: a chain builder of express-validator. */
function addChain(call: ts.CallExpression, coverage: Coverage, project: ProjectModel | undefined): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee)) return;
  const declaration = resolveIdentifier(callee);
  if (!declaration || !ts.isImportSpecifier(declaration)) return;
  const imported = (declaration.propertyName ?? declaration.name).text;
  const part = CHAIN_PARTS[imported];
  if (!part || !comesFrom(declaration, imported, EXPRESS_VALIDATOR, project)) return;
  const first = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  let names: string[] | undefined;
  if (!first) names = undefined;
  else if (ts.isStringLiteralLike(first)) names = [first.text];
  else if (ts.isArrayLiteralExpression(first)) names = first.elements.map((element) => (ts.isStringLiteralLike(element) ? element.text : ""));
  // checkSchema({ email: {…}, name: {…} }): each key a field
  else if (imported === "checkSchema" && ts.isObjectLiteralExpression(first)) names = first.properties.map((property) => (property.name && staticPropertyName(property.name)) || "");
  else names = [];
  if (names === undefined) {
    if (part !== "*") coverage.whole.add(part);
    return;
  }
  let fields = coverage.fields.get(part);
  if (!fields) coverage.fields.set(part, (fields = new Set()));
  for (const name of names) if (name) fields.add(name.split(".")[0].replace(/\[.*$/, ""));
}

/** Whether an imported name comes from a package, directly or re-exported by a module of the project (`export { body } from "express-validator"`). */
function comesFrom(declaration: ts.ImportSpecifier, name: string, pkg: string, project: ProjectModel | undefined): boolean {
  const specifier = importSpecifierOf(declaration);
  if (specifier === pkg) return true;
  const moduleSpecifier = declaration.parent.parent.parent.moduleSpecifier;
  if (!project || !ts.isStringLiteral(moduleSpecifier)) return false;
  const file = project.resolveSpecifier(moduleSpecifier);
  const sourceFile = file ? project.getSourceFile(file) : undefined;
  if (!sourceFile) return false;
  return sourceFile.statements.some(
    (statement) =>
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      statement.moduleSpecifier.text === pkg &&
      (!statement.exportClause || (ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.some((element) => element.name.text === name))),
  );
}

/** JSON Schema types that no Prisma operator object can pass: the value is a scalar (or null). */
const SCALAR_TYPES = new Set(["string", "number", "integer", "boolean", "null"]);

/**
 * express-openapi: the handler `function POST(req, res)` with `POST.apiDoc = { parameters: [...] }`
 * beside it. The framework validates the request against it before the handler runs: a query or
 * path parameter declared with a scalar `type`, or a property of the body's schema (inline, or a
 * `$ref` to `#/definitions/<Name>` of the project's API document) declared with scalar types.
 */
function isTypedByApiDoc(node: ts.Node, part: Part, field: string, project: ProjectModel | undefined): boolean {
  let handler: ts.Node | undefined = node.parent;
  while (handler && !ts.isFunctionDeclaration(handler)) handler = handler.parent;
  if (!handler || !ts.isFunctionDeclaration(handler) || !handler.name || !handler.parent) return false;
  const name = handler.name.text;
  const statements = ts.isBlock(handler.parent) || ts.isSourceFile(handler.parent) ? handler.parent.statements : [];
  for (const statement of statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, right } = statement.expression;
    if (!ts.isPropertyAccessExpression(left) || left.name.text !== "apiDoc" || !ts.isIdentifier(left.expression) || left.expression.text !== name) continue;
    const doc = skipOuterExpressions(right);
    const parameters = ts.isObjectLiteralExpression(doc) ? propertyValue(doc, "parameters") : undefined;
    if (!parameters || !ts.isArrayLiteralExpression(parameters)) return false;
    for (const element of parameters.elements) {
      if (!ts.isObjectLiteralExpression(element)) continue;
      const where = literalText(propertyValue(element, "in"));
      if (part === "body" && where === "body") {
        const schema = propertyValue(element, "schema");
        return schema !== undefined && ts.isObjectLiteralExpression(schema) && isScalarProperty(resolveSchema(schema, project), field);
      }
      const partOfParameter = where === "query" ? "query" : where === "path" ? "params" : undefined;
      if (partOfParameter === part && literalText(propertyValue(element, "name")) === field) return isScalarType(propertyValue(element, "type"));
    }
    return false;
  }
  return false;
}

function propertyValue(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  const property = object.properties.find((candidate) => candidate.name !== undefined && staticPropertyName(candidate.name) === key);
  return property && ts.isPropertyAssignment(property) ? skipOuterExpressions(property.initializer) : undefined;
}

function literalText(expression: ts.Expression | undefined): string | undefined {
  return expression && ts.isStringLiteralLike(expression) ? expression.text : undefined;
}

/** `type: "string"` or `type: ["number", "null"]`. */
function isScalarType(type: ts.Expression | undefined): boolean {
  if (!type) return false;
  if (ts.isStringLiteralLike(type)) return SCALAR_TYPES.has(type.text);
  return ts.isArrayLiteralExpression(type) && type.elements.length > 0 && type.elements.every((element) => ts.isStringLiteralLike(element) && SCALAR_TYPES.has(element.text));
}

function isScalarProperty(schema: ts.ObjectLiteralExpression | undefined, field: string): boolean {
  const properties = schema && propertyValue(schema, "properties");
  const property = properties && ts.isObjectLiteralExpression(properties) ? propertyValue(properties, field) : undefined;
  return property !== undefined && ts.isObjectLiteralExpression(property) && isScalarType(propertyValue(property, "type"));
}

/** An inline schema, or the definition its `$ref: "#/definitions/<Name>"` names in the project's API document. */
function resolveSchema(schema: ts.ObjectLiteralExpression, project: ProjectModel | undefined): ts.ObjectLiteralExpression | undefined {
  const ref = literalText(propertyValue(schema, "$ref"));
  if (ref === undefined) return schema;
  const match = /^#\/definitions\/([\w$-]+)$/.exec(ref);
  return match && project ? apiDefinitions(project).get(match[1]) : undefined;
}

const definitionStores = new WeakMap<ProjectModel, Map<string, MemoEntry<ReadonlyMap<string, ts.ObjectLiteralExpression>>>>();

/** Every `definitions: { Name: { … } }` of the project's files: the API document's schemas by name (the first of a name wins). */
function apiDefinitions(project: ProjectModel): ReadonlyMap<string, ts.ObjectLiteralExpression> {
  let store = definitionStores.get(project);
  if (!store) definitionStores.set(project, (store = new Map()));
  // Memoised with the files it read: an edit of the API document is seen.
  return project.dependencies.memo(store, "", () => collectDefinitions(project));
}

function collectDefinitions(project: ProjectModel): ReadonlyMap<string, ts.ObjectLiteralExpression> {
  const definitions = new Map<string, ts.ObjectLiteralExpression>();
  for (const file of project.programFiles) {
    const sourceFile = project.getSourceFile(file);
    if (!sourceFile || !sourceFile.text.includes("definitions")) continue;
    forEachDescendant(sourceFile, (node) => {
      if (!ts.isPropertyAssignment(node) || staticPropertyName(node.name) !== "definitions") return;
      const value = skipOuterExpressions(node.initializer);
      if (!ts.isObjectLiteralExpression(value)) return;
      for (const property of value.properties) {
        const key = property.name && staticPropertyName(property.name);
        if (key !== undefined && ts.isPropertyAssignment(property) && ts.isObjectLiteralExpression(property.initializer) && !definitions.has(key)) {
          definitions.set(key, property.initializer);
        }
      }
    });
  }
  return definitions;
}
