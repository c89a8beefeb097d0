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
  const target = project.resolveSpecifier(specifier);
  if (!target) return undefined;
  const sourceFile = project.getSourceFile(target);
  if (!sourceFile) return undefined;
  const name = ts.isImportClause(declaration) ? "default" : (declaration.propertyName ?? declaration.name).text;
  return findExport(project, sourceFile, name);
}

/** The module specifier an import binding comes from (`"@prisma/client"`, `"../db/client.js"`). */
export function importSpecifierOf(declaration: ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport): string | undefined {
  let node: ts.Node = declaration;
  while (node && !ts.isImportDeclaration(node)) node = node.parent;
  const specifier = node && ts.isImportDeclaration(node) ? node.moduleSpecifier : undefined;
  return specifier && ts.isStringLiteral(specifier) ? specifier.text : undefined;
}

/** How one file names its exports, read from its own parse only (so it is cached per parse). */
interface ExportTable {
  /** exported name → what it stands for in this file, or where it is re-exported from */
  named: Map<string, LocalExport>;
  /** specifiers of `export * from "…"`, in order */
  stars: ts.StringLiteral[];
}

/** `target` is undefined for `export { x }` of a name the file does not declare. */
type LocalExport = { target: ExportTarget | undefined } | { from: ts.StringLiteral; local: string };

const exportTables = new WeakMap<ts.SourceFile, ExportTable>();

function exportTable(sourceFile: ts.SourceFile): ExportTable {
  let table = exportTables.get(sourceFile);
  if (table) return table;
  table = { named: new Map(), stars: [] };
  // The first declaration of a name wins, as the statement-by-statement search this replaces did.
  const add = (name: string, entry: LocalExport) => {
    if (!table!.named.has(name)) table!.named.set(name, entry);
  };
  for (const statement of sourceFile.statements) {
    if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals) continue;
      const expression = statement.expression;
      add("default", { target: ts.isIdentifier(expression) ? (moduleScopeDeclaration(sourceFile, expression.text) ?? expression) : expression });
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier : undefined;
      const clause = statement.exportClause;
      if (!clause) {
        if (from) table.stars.push(from);
        continue;
      }
      if (!ts.isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        const local = (element.propertyName ?? element.name).text;
        const declaration = from ? undefined : moduleScopeDeclaration(sourceFile, local);
        add(element.name.text, from ? { from, local } : { target: declaration });
      }
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) add(declaration.name.text, { target: declaration });
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      const declaredName = isDefault ? "default" : statement.name?.text;
      if (declaredName !== undefined) add(declaredName, { target: statement as Declaration });
    }
  }
  exportTables.set(sourceFile, table);
  return table;
}

/** What `name` exported by `sourceFile` stands for, following re-exports (`seen` guards their cycles). */
export function findExport(
  project: ProjectModel,
  sourceFile: ts.SourceFile,
  name: string,
  seen?: Set<string>,
): ExportTarget | undefined {
  const table = exportTable(sourceFile);
  const entry = table.named.get(name);
  // Most exports are declared where they are looked up: nothing to follow, no cycle to guard.
  if (!seen && entry && !("from" in entry) && !(entry.target && (ts.isImportSpecifier(entry.target) || ts.isImportClause(entry.target)))) return entry.target;
  const key = `${sourceFile.fileName}#${name}`;
  seen ??= new Set();
  if (seen.has(key)) return undefined;
  seen.add(key);
  if (entry) {
    if ("from" in entry) return exportFrom(project, entry.from, entry.local, seen);
    const target = entry.target;
    // `export { x }` of an imported `x`: follow the import.
    if (target && (ts.isImportSpecifier(target) || ts.isImportClause(target))) return resolveImport(project, target);
    return target;
  }
  for (const from of table.stars) {
    const found = exportFrom(project, from, name, seen);
    if (found) return found;
  }
  return undefined;
}

function exportFrom(project: ProjectModel, specifier: ts.StringLiteral, name: string, seen: Set<string>) {
  const target = project.resolveSpecifier(specifier);
  const targetFile = target ? project.getSourceFile(target) : undefined;
  return targetFile ? findExport(project, targetFile, name, seen) : undefined;
}
