import type { ProjectModel } from "../engine/project.js";
import { ts } from "../engine/ts.js";
import { absolutePath } from "../engine/paths.js";
import { isErasedImport } from "./import-bindings.js";

/**
 * The program as a graph of files and their imports. One graph per ProjectModel version,
 * built lazily: a file's imports are read when first asked for, the whole program only
 * when a question needs it (the layer graph of a report). Walks use a worklist, never
 * recursion, so a deep chain of imports cannot overflow the stack.
 */

/** How a dependency is written: `import`, `export … from`, `import("x")`, `require("x")`, `import x = require("x")`, `import("x").T` in a type. */
export type ImportKind = "import" | "export" | "dynamic" | "require" | "import-equals" | "import-type";

export interface ImportEdge {
  /** absolute path of the importing file */
  from: string;
  /** the module specifier as written */
  specifier: string;
  /** absolute path of the project file it resolves to; undefined for packages and specifiers that do not resolve */
  to: string | undefined;
  kind: ImportKind;
  /** no runtime dependency: `import type`, `import { type A }` only, `export type … from`, `import("x").T`, or an import whose names are used only as types (TypeScript erases it) */
  typeOnly: boolean;
  /** the module specifier string: findings about the import are reported here */
  node: ts.StringLiteralLike;
}

/** One file → file dependency of the whole program: how many import statements make it, and how many of them are type-only. */
export interface FileDependency {
  from: string;
  to: string;
  count: number;
  typeOnlyCount: number;
}

/** What a search found: the edges from the start edge to the one where it stopped, and what the stop returned. */
export interface SearchHit<T> {
  path: ImportEdge[];
  result: T;
}

/** An import as the parse has it; `erased` when it binds names the file reads only as types (TypeScript erases it unless `verbatimModuleSyntax`). */
type RawImport = Omit<ImportEdge, "from" | "to"> & { erased: boolean };

/** The syntactic part depends on the parse only, so it is kept per source file across graph versions. */
const rawImports = new WeakMap<ts.SourceFile, readonly RawImport[]>();

export class ImportGraph {
  /** the project version this graph describes */
  readonly version: number;
  private readonly edgesByParse = new WeakMap<ts.SourceFile, readonly ImportEdge[]>();
  private whole: { files: string[]; edges: ImportEdge[] } | undefined;
  private importers: Map<string, ImportEdge[]> | undefined;
  /** how many files had their imports resolved: tests count work, not time */
  filesResolved = 0;

  constructor(readonly project: ProjectModel) {
    this.version = project.version;
  }

  /** The imports of one file in source order; none for a file that cannot be read or is generated code. */
  importsOf(file: string | ts.SourceFile): readonly ImportEdge[] {
    // Generated code (a Prisma client of a hundred files) is an import's end, not a part of the program to walk.
    if (typeof file === "string" && this.project.isOutsideProgram(file)) return [];
    const sourceFile = typeof file === "string" ? this.project.getSourceFile(file) : file;
    if (!sourceFile) return [];
    let edges = this.edgesByParse.get(sourceFile);
    if (!edges) {
      const from = absolutePath(sourceFile.fileName);
      const { verbatimModuleSyntax, preserveValueImports } = this.project.compilerOptions;
      const erases = !verbatimModuleSyntax && !preserveValueImports;
      edges = importsOfParse(sourceFile).map(({ erased, ...raw }) => ({
        ...raw,
        typeOnly: raw.typeOnly || (erases && erased),
        from,
        to: this.project.resolveSpecifier(raw.node),
      }));
      this.edgesByParse.set(sourceFile, edges);
      this.filesResolved++;
    }
    return edges;
  }

  /** Every file of the program: the tsconfig's files and every project file reachable from them, sorted. */
  files(): readonly string[] {
    return this.wholeProgram().files;
  }

  /** Every import edge of the program, file by file in the order of `files()`. */
  edges(): readonly ImportEdge[] {
    return this.wholeProgram().edges;
  }

  /** The edges that import `file` (whole program). */
  importersOf(file: string): readonly ImportEdge[] {
    if (!this.importers) {
      this.importers = new Map();
      for (const edge of this.edges()) {
        if (edge.to) (this.importers.get(edge.to) ?? this.importers.set(edge.to, []).get(edge.to)!).push(edge);
      }
    }
    return this.importers.get(absolutePath(file)) ?? [];
  }

  /** File → file dependencies with counts (one per pair), sorted by importing then imported file. */
  dependencies(): FileDependency[] {
    const byPair = new Map<string, FileDependency>();
    for (const edge of this.edges()) {
      if (!edge.to) continue;
      const key = `${edge.from}\0${edge.to}`;
      let dependency = byPair.get(key);
      if (!dependency) {
        dependency = { from: edge.from, to: edge.to, count: 0, typeOnlyCount: 0 };
        byPair.set(key, dependency);
      }
      dependency.count++;
      if (edge.typeOnly) dependency.typeOnlyCount++;
    }
    return [...byPair.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  }

  /**
   * Breadth-first from one edge: `stopAt` is asked about each edge reached (the start edge
   * first) and ends the search with its answer; `follow` says whether the walk goes on
   * into the file an edge leads to. Each file is entered once, so the path is a shortest one.
   */
  search<T>(start: ImportEdge, options: { stopAt(edge: ImportEdge): T | undefined; follow(edge: ImportEdge): boolean }): SearchHit<T> | undefined {
    const parents = new Map<ImportEdge, ImportEdge | undefined>([[start, undefined]]);
    const entered = new Set<string>([start.from]);
    const queue: ImportEdge[] = [start];
    for (let index = 0; index < queue.length; index++) {
      const edge = queue[index];
      const result = options.stopAt(edge);
      if (result !== undefined) return { path: pathTo(edge, parents), result };
      if (!edge.to || entered.has(edge.to) || !options.follow(edge)) continue;
      entered.add(edge.to);
      for (const next of this.importsOf(edge.to)) {
        if (parents.has(next)) continue;
        parents.set(next, edge);
        queue.push(next);
      }
    }
    return undefined;
  }

  private wholeProgram(): { files: string[]; edges: ImportEdge[] } {
    if (this.whole) return this.whole;
    const seen = new Set<string>();
    const worklist = this.project.programFiles.map((file) => absolutePath(file));
    const edges = new Map<string, readonly ImportEdge[]>();
    while (worklist.length > 0) {
      const file = worklist.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const imports = this.importsOf(file);
      edges.set(file, imports);
      for (const edge of imports) if (edge.to && !seen.has(edge.to)) worklist.push(edge.to);
    }
    const files = [...seen].sort(compare);
    this.whole = { files, edges: files.flatMap((file) => edges.get(file) ?? []) };
    return this.whole;
  }
}

const graphs = new WeakMap<ProjectModel, ImportGraph>();

/** The import graph of a project at its current version; a new version (a file's parse replaced) gives a new graph. */
export function importGraphOf(project: ProjectModel): ImportGraph {
  let graph = graphs.get(project);
  if (!graph || graph.version !== project.version) {
    graph = new ImportGraph(project);
    graphs.set(project, graph);
  }
  return graph;
}

function pathTo(edge: ImportEdge, parents: Map<ImportEdge, ImportEdge | undefined>): ImportEdge[] {
  const path: ImportEdge[] = [];
  for (let current: ImportEdge | undefined = edge; current; current = parents.get(current)) path.push(current);
  return path.reverse();
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The module specifiers of one parse, in source order, with their kind and whether they are type-only. */
export function importsOfParse(sourceFile: ts.SourceFile): readonly RawImport[] {
  let imports = rawImports.get(sourceFile);
  if (imports) return imports;
  const found: RawImport[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push({ ...raw(statement.moduleSpecifier, "import", importClauseIsTypeOnly(statement.importClause)), erased: isErasedImport(statement) });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      found.push(raw(statement.moduleSpecifier, "export", exportIsTypeOnly(statement)));
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      found.push(raw(statement.moduleReference.expression, "import-equals", statement.isTypeOnly));
    }
  }
  // Dynamic imports, require calls and import types can be anywhere: walk the tree only when the text has one.
  if (/\b(import|require)\s*\(/.test(sourceFile.text)) found.push(...nestedImports(sourceFile));
  imports = found.sort((a, b) => a.node.pos - b.node.pos);
  rawImports.set(sourceFile, imports);
  return imports;
}

function raw(node: ts.StringLiteralLike, kind: ImportKind, typeOnly: boolean): RawImport {
  return { specifier: node.text, kind, typeOnly, node, erased: false };
}

function importClauseIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (!clause) return false; // `import "./setup.js"` runs the module
  // `phaseModifier` is TypeScript 5.9's; before it, `isTypeOnly` (which 5.9 keeps, deprecated) said the same.
  if (clause.phaseModifier === ts.SyntaxKind.TypeKeyword || (clause.phaseModifier === undefined && clause.isTypeOnly)) return true;
  if (clause.name || !clause.namedBindings || ts.isNamespaceImport(clause.namedBindings)) return false;
  const elements = clause.namedBindings.elements;
  return elements.length > 0 && elements.every((element) => element.isTypeOnly);
}

function exportIsTypeOnly(statement: ts.ExportDeclaration): boolean {
  if (statement.isTypeOnly) return true;
  const clause = statement.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
}

function nestedImports(sourceFile: ts.SourceFile): RawImport[] {
  const found: RawImport[] = [];
  const stack: ts.Node[] = [...sourceFile.statements].filter((statement) => !ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement));
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push(raw(node.arguments[0], "dynamic", false));
      else if (ts.isIdentifier(node.expression) && node.expression.text === "require") found.push(raw(node.arguments[0], "require", false));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(raw(node.argument.literal, "import-type", true));
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found;
}
