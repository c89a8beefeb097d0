import { findExport, importSpecifierOf, resolveImport } from "../../src/engine/modules.js";
import type { ProjectModel } from "../../src/engine/project.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { resolveWorkspaceImport } from "../../src/engine/workspace-imports.js";

/** zod and its lookalikes: the methods that validate request input and return it. */
const PARSE_METHODS = new Set(["parse", "safeParse", "parseAsync", "safeParseAsync"]);
const MAX_DEPTH = 6;

/**
 * `Query.parse(req.query).limit` where the schema's `limit` carries `.max(n)` with n ≤ max:
 * the schema is followed through `z.object({...})`, `.extend({...})`, `.merge(...)` and constants.
 */
export function parsedWithMax(project: ProjectModel, call: ts.CallExpression, path: readonly string[], max: number): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !PARSE_METHODS.has(callee.name.text)) return false;
  const keys = callee.name.text.startsWith("safe") && path[0] === "data" ? path.slice(1) : path;
  if (keys.length !== 1) return false;
  const field = schemaField(project, callee.expression, keys[0], 0);
  return !!field && chainHasMax(field, max);
}

/** Whether the field `key` of a schema (`z.object({ limit: z.number().max(100) })`, a name of one) has a maximum of at most `max`. */
export function schemaFieldHasMax(project: ProjectModel, schema: ts.Expression, key: string, max: number): boolean {
  const field = schemaField(project, schema, key, 0);
  return !!field && chainHasMax(field, max);
}

function schemaField(project: ProjectModel, raw: ts.Expression, key: string, depth: number): ts.Expression | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = skipOuterExpressions(raw);
  if (ts.isIdentifier(expression)) {
    let declaration: ts.Node | undefined = resolveIdentifier(expression);
    if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) declaration = importedDeclaration(project, declaration);
    return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? schemaField(project, declaration.initializer, key, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(expression)) {
    // `EmailSchemas.send`: a schema kept in a constant object of schemas.
    const holder = schemaObject(project, expression.expression, depth + 1);
    const property = holder?.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && staticPropertyName(p.name) === expression.name.text);
    return property ? schemaField(project, property.initializer, key, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(expression)) return undefined;
  const callee = skipOuterExpressions(expression.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method === "object" || method === "extend" || method === "merge" || method === "strictObject" || method === "looseObject") {
    const shape = expression.arguments[0] && skipOuterExpressions(expression.arguments[0]);
    if (shape && ts.isObjectLiteralExpression(shape)) {
      const property = shape.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && staticPropertyName(p.name) === key);
      if (property) return property.initializer;
    } else if (shape && method === "merge") {
      const merged = schemaField(project, shape, key, depth + 1);
      if (merged) return merged;
    }
    if (method === "object" || method === "strictObject" || method === "looseObject") return undefined;
  }
  // `.strict()`, `.partial()`, `.extend(...)` without the key: the key is in the schema it was called on.
  return schemaField(project, callee.expression, key, depth + 1);
}

/** `z.coerce.number().int().min(1).max(100).default(20)`: some `.max(n)` (or `.lte(n)`) with n ≤ max in the chain. */
function chainHasMax(raw: ts.Expression, max: number): boolean {
  let expression = skipOuterExpressions(raw);
  for (let steps = 0; steps < 20 && ts.isCallExpression(expression); steps++) {
    const callee = skipOuterExpressions(expression.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    const argument = expression.arguments[0] && skipOuterExpressions(expression.arguments[0]);
    if ((callee.name.text === "max" || callee.name.text === "lte") && argument && ts.isNumericLiteral(argument) && Number(argument.text) <= max) return true;
    expression = skipOuterExpressions(callee.expression);
  }
  return false;
}

/** The object literal a constant (or an imported one) holds. */
function schemaObject(project: ProjectModel, raw: ts.Expression, depth: number): ts.ObjectLiteralExpression | undefined {
  const expression = skipOuterExpressions(raw);
  if (depth > MAX_DEPTH || !ts.isIdentifier(expression)) return undefined;
  let declaration: ts.Node | undefined = resolveIdentifier(expression);
  if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) declaration = importedDeclaration(project, declaration);
  const initializer = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && skipOuterExpressions(declaration.initializer);
  return initializer && ts.isObjectLiteralExpression(initializer) ? initializer : undefined;
}

/**
 * What an import names: through module resolution, or (`import { EventSchemas } from "@plunk/shared"` in a checkout
 * without installed dependencies) through the monorepo's own package of that name.
 */
function importedDeclaration(project: ProjectModel, declaration: ts.ImportSpecifier | ts.ImportClause): ts.Node | undefined {
  const resolved = resolveImport(project, declaration);
  if (resolved) return resolved;
  const specifier = importSpecifierOf(declaration);
  const file = specifier && resolveWorkspaceImport(project.rootDir, specifier);
  const sourceFile = file ? project.getSourceFile(file) : undefined;
  if (!sourceFile) return undefined;
  return findExport(project, sourceFile, ts.isImportClause(declaration) ? "default" : (declaration.propertyName ?? declaration.name).text);
}
