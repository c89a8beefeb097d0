import type { ProjectModel } from "./project.js";
import { moduleScopeDeclaration, type Declaration } from "./scope.js";
import { ts } from "./ts.js";

/** What an import or export name finally stands for: a declaration, or the expression of `export default <expr>`. */
export type ExportTarget = Declaration | ts.Expression;

/** Follows an import binding to the declaration it names in another file of the project. */
export function resolveImport(
  project: ProjectModel | undefined,
  declaration: ts.ImportSpecifier | ts.ImportClause,
): ExportTarget | undefined {
  if (!project) return undefined;
  const importDeclaration = ts.isImportClause(declaration) ? declaration.parent : declaration.parent.parent.parent;
  const specifier = importDeclaration.moduleSpecifier;
  if (!ts.isStringLiteral(specifier)) return undefined;
  const fromFile = declaration.getSourceFile().fileName;
  const target = project.resolveModule(specifier.text, fromFile);
  if (!target) return undefined;
  const sourceFile = project.getSourceFile(target);
  if (!sourceFile) return undefined;
  const name = ts.isImportClause(declaration) ? "default" : (declaration.propertyName ?? declaration.name).text;
  return findExport(project, sourceFile, name, new Set());
}

/** The module specifier an import binding comes from (`"@prisma/client"`, `"../db/client.js"`). */
export function importSpecifierOf(declaration: ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport): string | undefined {
  let node: ts.Node = declaration;
  while (node && !ts.isImportDeclaration(node)) node = node.parent;
  const specifier = node && ts.isImportDeclaration(node) ? node.moduleSpecifier : undefined;
  return specifier && ts.isStringLiteral(specifier) ? specifier.text : undefined;
}

export function findExport(
  project: ProjectModel,
  sourceFile: ts.SourceFile,
  name: string,
  seen: Set<string>,
): ExportTarget | undefined {
  const key = `${sourceFile.fileName}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const starSources: string[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === "default") {
      const expression = statement.expression;
      return ts.isIdentifier(expression) ? (moduleScopeDeclaration(sourceFile, expression.text) ?? expression) : expression;
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) starSources.push(from);
        continue;
      }
      if (!ts.isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        if (element.name.text !== name) continue;
        const local = (element.propertyName ?? element.name).text;
        if (from) return exportFrom(project, sourceFile, from, local, seen);
        const declaration = moduleScopeDeclaration(sourceFile, local);
        if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) {
          return resolveImport(project, declaration);
        }
        return declaration;
      }
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      const declaredName = isDefault ? "default" : statement.name?.text;
      if (declaredName === name) return statement as Declaration;
    }
  }
  for (const from of starSources) {
    const found = exportFrom(project, sourceFile, from, name, seen);
    if (found) return found;
  }
  return undefined;
}

function exportFrom(project: ProjectModel, sourceFile: ts.SourceFile, specifier: string, name: string, seen: Set<string>) {
  const target = project.resolveModule(specifier, sourceFile.fileName);
  const targetFile = target ? project.getSourceFile(target) : undefined;
  return targetFile ? findExport(project, targetFile, name, seen) : undefined;
}
