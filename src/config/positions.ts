/**
 * Where a config problem is: the line and column of the key (or list element) its path names, in a JSON
 * config (`backend-conventions.config.json`, a JSON `.backend-conventionsrc`, the key of package.json).
 * Read with TypeScript's JSON parser, which keeps positions. JS, TS and YAML configs get the file only.
 */
import fs from "node:fs";
import path from "node:path";
import { ts } from "../engine/ts.js";
import type { PathSegment } from "./problems.js";

export function configPosition(file: string, problemPath: readonly PathSegment[]): { line: number; column: number } | undefined {
  if (!/(^|[\\/])(\.backend-conventionsrc(\.json)?|[^\\/]*\.json)$/.test(file)) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const json = ts.parseJsonText(file, text);
  if ((json as unknown as { parseDiagnostics: readonly ts.Diagnostic[] }).parseDiagnostics.length > 0) return undefined; // YAML
  const segments = path.basename(file) === "package.json" ? ["backend-conventions", ...problemPath] : problemPath;
  let node: ts.Node | undefined = json.statements[0]?.expression;
  let at: ts.Node | undefined = node;
  for (const segment of segments) {
    if (node && ts.isObjectLiteralExpression(node)) {
      const property: ts.ObjectLiteralElementLike | undefined = node.properties.find((candidate: ts.ObjectLiteralElementLike) => candidate.name && ts.isStringLiteral(candidate.name) && candidate.name.text === String(segment));
      if (!property || !ts.isPropertyAssignment(property)) break;
      at = property.name;
      node = property.initializer;
    } else if (node && ts.isArrayLiteralExpression(node) && typeof segment === "number" && segment < node.elements.length) {
      at = node = node.elements[segment];
    } else {
      break;
    }
  }
  if (!at) return undefined;
  const { line, character } = json.getLineAndCharacterOfPosition(at.getStart(json));
  return { line: line + 1, column: character + 1 };
}
