/**
 * Where a config problem is: the line and column of the key (or list element) its path names.
 * - A JSON config (`backend-conventions.config.json`, a JSON `.backend-conventionsrc`, the key of
 *   package.json), read with TypeScript's JSON parser, which keeps positions.
 * - A JS or TS config (`backend-conventions.config.mjs`, as `init` writes it), read with TypeScript:
 *   the object of `export default {…}`, `module.exports = {…}`, `export default defineConfig({…})`,
 *   or of a `const config = {…}` exported by name, through `satisfies`/`as`.
 * A YAML config gets the file only. A path the file does not spell literally (a spread, a computed
 * key) stops at the last key it can find.
 */
import fs from "node:fs";
import path from "node:path";
import { parseDiagnostics } from "../engine/project.js";
import { staticPropertyName, topLevelInitializer } from "../engine/scope.js";
import { isSatisfiesExpression, ts } from "../engine/ts.js";
import type { PathSegment } from "./problems.js";

const JSON_CONFIG = /(^|[\\/])(\.backend-conventionsrc(\.json)?|[^\\/]*\.json)$/;
const SCRIPT_CONFIG = /\.[cm]?[jt]s$/;

export function configPosition(file: string, problemPath: readonly PathSegment[]): { line: number; column: number } | undefined {
  const isJson = JSON_CONFIG.test(file);
  if (!isJson && !SCRIPT_CONFIG.test(file)) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const sourceFile = isJson ? ts.parseJsonText(file, text) : ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  if (parseDiagnostics(sourceFile).length > 0) return undefined; // YAML in an extension-less rc file, or a file that does not parse
  const root = isJson ? (sourceFile.statements[0] as ts.ExpressionStatement | undefined)?.expression : exportedObject(sourceFile);
  const segments = isJson && path.basename(file) === "package.json" ? ["backend-conventions", ...problemPath] : problemPath;
  const at = nodeAtPath(sourceFile, root, segments);
  if (!at) return undefined;
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile));
  return { line: line + 1, column: character + 1 };
}

/** The deepest node the path reaches: a property's key, or a list element. */
function nodeAtPath(sourceFile: ts.SourceFile, root: ts.Expression | undefined, segments: readonly PathSegment[]): ts.Node | undefined {
  let node = root && objectOf(sourceFile, root);
  let at: ts.Node | undefined = node;
  for (const segment of segments) {
    if (node && ts.isObjectLiteralExpression(node)) {
      const property = node.properties.find((candidate) => candidate.name !== undefined && staticPropertyName(candidate.name) === String(segment));
      if (!property || !(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property))) break;
      at = property.name;
      node = ts.isPropertyAssignment(property) ? objectOf(sourceFile, property.initializer) : undefined;
    } else if (node && ts.isArrayLiteralExpression(node) && typeof segment === "number" && segment < node.elements.length) {
      at = node = objectOf(sourceFile, node.elements[segment]);
    } else {
      break;
    }
  }
  return at;
}

/** `export default …` or `module.exports = …`: what the config module exports. */
function exportedObject(sourceFile: ts.SourceFile): ts.Expression | undefined {
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement)) return statement.expression;
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      statement.expression.left.getText(sourceFile).replace(/\s/g, "") === "module.exports"
    ) {
      return statement.expression.right;
    }
  }
  return undefined;
}

/** The expression itself, past `satisfies`/`as`/parentheses, a one-argument call (`defineConfig({…})`) and a `const` of the same file. */
function objectOf(sourceFile: ts.SourceFile, expression: ts.Expression): ts.Expression {
  let current = expression;
  for (let step = 0; step < 8; step++) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || isSatisfiesExpression(current)) current = current.expression;
    else if (ts.isCallExpression(current) && current.arguments.length === 1) current = current.arguments[0];
    else if (ts.isIdentifier(current)) {
      const initializer = topLevelInitializer(sourceFile, current.text);
      if (!initializer) return current;
      current = initializer;
    } else return current;
  }
  return current;
}

function scriptKind(file: string): ts.ScriptKind {
  return /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}
