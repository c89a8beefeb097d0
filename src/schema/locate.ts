/**
 * Finds the Prisma schema files of a project, the way Prisma does, without running any of its code:
 * `prisma.config.ts` is read with the TypeScript parser.
 */
import { topLevelInitializer } from "../engine/scope.js";
import fs from "node:fs";
import path from "node:path";
import { isSatisfiesExpression, ts } from "../engine/ts.js";
import { SchemaError, SchemaNotFoundError, type SourceLocation } from "../errors.js";
import { readFailure } from "../file-errors.js";

const CONFIG_FILES = ["prisma.config.ts", "prisma.config.mts", "prisma.config.js", "prisma.config.mjs", "prisma.config.cjs"];

const LOOKED_FOR = [
  'package.json "prisma.schema"',
  "prisma.config.{ts,mts,js,mjs,cjs}",
  "prisma/schema.prisma",
  "schema.prisma",
  "prisma/**/*.prisma",
].join(", ");

export function locateSchema(rootDir: string, configured?: string, configFile?: string): string[] {
  const root = path.resolve(rootDir);
  if (configured !== undefined) return schemaFilesAt(path.resolve(root, configured), { file: configFile ?? root });

  const fromPackageJson = readPackageJsonSchema(root);
  if (fromPackageJson) return schemaFilesAt(fromPackageJson.path, fromPackageJson.location);

  for (const name of CONFIG_FILES) {
    const configFile = path.join(root, name);
    if (!isFile(configFile)) continue;
    const fromConfig = readPrismaConfigSchema(configFile);
    if (fromConfig) return schemaFilesAt(fromConfig.path, fromConfig.location);
    break; // Prisma reads one config file; without `schema` it uses its defaults
  }

  for (const candidate of ["prisma/schema.prisma", "schema.prisma"]) {
    const file = path.join(root, candidate);
    if (isFile(file)) return [file];
  }

  const folder = path.join(root, "prisma");
  if (isDirectory(folder)) {
    const files = prismaFilesIn(folder);
    if (files.length > 0) return files;
  }

  throw new SchemaNotFoundError(`no Prisma schema found in ${root} (looked for: ${LOOKED_FOR})`, { file: root });
}

/** A file, or every .prisma file under a folder. `location` is where the path was configured. */
function schemaFilesAt(target: string, location: SourceLocation): string[] {
  if (isFile(target)) return [target];
  if (isDirectory(target)) {
    const files = prismaFilesIn(target);
    if (files.length === 0) throw new SchemaError(`prisma schema folder ${target} contains no .prisma files`, location);
    return files;
  }
  throw new SchemaError(`prisma schema ${target} does not exist`, location);
}

/** Every .prisma file under `folder`, recursively, sorted; skips node_modules and dot-folders. */
function prismaFilesIn(folder: string): string[] {
  const files: string[] = [];
  const pending = [folder];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) pending.push(full);
      } else if (entry.name.endsWith(".prisma") && isFile(full)) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

interface ConfiguredPath {
  path: string;
  location: SourceLocation;
}

function readPackageJsonSchema(root: string): ConfiguredPath | undefined {
  const file = path.join(root, "package.json");
  if (!isFile(file)) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined; // a broken package.json is someone else's error to report
  }
  const schema = (pkg as { prisma?: { schema?: unknown } } | null)?.prisma?.schema;
  if (typeof schema !== "string") return undefined;
  return { path: path.resolve(root, schema), location: { file } };
}

/** The `schema` property of `export default defineConfig({ schema: "..." })` and its lookalikes. */
function readPrismaConfigSchema(configFile: string): ConfiguredPath | undefined {
  const text = fs.readFileSync(configFile, "utf8");
  const sourceFile = ts.createSourceFile(configFile, text, ts.ScriptTarget.Latest, true, scriptKind(configFile));
  const config = exportedConfigObject(sourceFile);
  if (!config) return undefined;

  const property = config.properties.find(
    (member): member is ts.PropertyAssignment =>
      ts.isPropertyAssignment(member) && propertyName(member.name) === "schema",
  );
  if (!property) return undefined;

  const start = sourceFile.getLineAndCharacterOfPosition(property.initializer.getStart(sourceFile));
  const location = { file: configFile, line: start.line + 1, column: start.character + 1 };
  const value = staticPath(property.initializer, path.dirname(configFile));
  if (value === undefined) {
    throw new SchemaError(
      `cannot read the "schema" path of ${path.basename(configFile)} without running it; write it as a string literal or set the schema path in the backend-conventions config`,
      location,
    );
  }
  return { path: path.resolve(path.dirname(configFile), value), location };
}

function scriptKind(file: string): ts.ScriptKind {
  return /\.m?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

function exportedConfigObject(sourceFile: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  for (const statement of sourceFile.statements) {
    let exported: ts.Expression | undefined;
    if (ts.isExportAssignment(statement)) exported = statement.expression;
    else if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isModuleExports(statement.expression.left)
    ) {
      exported = statement.expression.right;
    }
    if (exported) return configObject(exported, sourceFile);
  }
  return undefined;
}

function isModuleExports(node: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === "module" &&
    node.name.text === "exports"
  );
}

/** Unwraps `defineConfig(...)`, `as`, `satisfies`, parentheses and a top-level `const config = ...`. */
function configObject(expression: ts.Expression, sourceFile: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  const seen = new Set<string>();
  let node: ts.Expression | undefined = expression;
  while (node) {
    if (ts.isObjectLiteralExpression(node)) return node;
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || isSatisfiesExpression(node)) {
      node = node.expression;
    } else if (ts.isCallExpression(node)) {
      node = node.arguments[0];
    } else if (ts.isIdentifier(node) && !seen.has(node.text)) {
      seen.add(node.text);
      node = topLevelInitializer(sourceFile, node.text);
    } else {
      return undefined;
    }
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

/**
 * A path written as a literal, or as `path.join(...)`/`path.resolve(...)` (or `join`/`resolve`) of literals,
 * `__dirname` and `import.meta.dirname`.
 */
function staticPath(node: ts.Expression, configDir: string): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isIdentifier(node) && node.text === "__dirname") return configDir;
  if (
    ts.isPropertyAccessExpression(node) &&
    ts.isMetaProperty(node.expression) &&
    node.expression.keywordToken === ts.SyntaxKind.ImportKeyword &&
    node.name.text === "dirname"
  ) {
    return configDir;
  }
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    const fn = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : "";
    if (fn !== "join" && fn !== "resolve") return undefined;
    const parts: string[] = [];
    for (const argument of node.arguments) {
      const part = staticPath(argument, configDir);
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return fn === "join" ? path.join(...parts) : path.resolve(configDir, ...parts);
  }
  return undefined;
}

function isFile(file: string): boolean {
  return statOf(file)?.isFile() ?? false;
}

function isDirectory(dir: string): boolean {
  return statOf(dir)?.isDirectory() ?? false;
}

/** Absent is undefined; present but unreadable (a loop of symbolic links, no permission) is a schema error naming it. */
function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw new SchemaError(`cannot read the Prisma schema: ${readFailure(error)}`, { file });
  }
}
