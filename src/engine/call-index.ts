import type { Dependency } from "./dependencies.js";
import { fileIndexOf } from "./file-index.js";
import type { ProjectModel } from "./project.js";
import { absolutePath } from "./paths.js";
import { skipOuterExpressions } from "./scope.js";
import { ts } from "./ts.js";

/**
 * Where a function's callers can be: each parse's calls by the name they call (`f(…)` and
 * `x.f(…)` both under "f"), and the project's files by the names they import. Finding callers
 * then looks only in the files importing the function or its class, instead of walking every
 * file of the project for every function (quadratic on large backends).
 */
type CallsByName = ReadonlyMap<string, readonly ts.CallExpression[]>;

const callsOfParse = new WeakMap<ts.SourceFile, CallsByName>();

/** The calls of one parse by called name; built once per parse, with one walk. */
export function callsByName(sourceFile: ts.SourceFile): CallsByName {
  let calls = callsOfParse.get(sourceFile);
  if (calls) return calls;
  const found = new Map<string, ts.CallExpression[]>();
  for (const call of fileIndexOf(sourceFile).calls) {
    const name = calledName(call);
    if (name === undefined) continue;
    let list = found.get(name);
    if (!list) found.set(name, (list = []));
    list.push(call);
  }
  callsOfParse.set(sourceFile, (calls = found));
  return calls;
}

function calledName(call: ts.CallExpression): string | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

const importsOfParse = new WeakMap<ts.SourceFile, ReadonlySet<string>>();

/** The names a parse imports by (`f` of `import { f as g }`, "default" of `import g`): how importers of an export are found. */
export function importedNames(sourceFile: ts.SourceFile): ReadonlySet<string> {
  let names = importsOfParse.get(sourceFile);
  if (names) return names;
  const found = new Set<string>();
  for (const statement of sourceFile.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (!clause) continue;
    if (clause.name) found.add("default");
    if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) found.add("*");
    if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
      for (const element of clause.namedBindings.elements) found.add((element.propertyName ?? element.name).text);
    }
  }
  importsOfParse.set(sourceFile, (names = found));
  return names;
}

/** The project's files by a set of names each parse has; refreshed file by file when a parse is replaced. */
class ProjectNameIndex {
  private readonly indexed = new Map<string, ts.SourceFile | undefined>();
  /** a file's name in `indexed` by its absolute path, the form the project names replaced files in */
  private readonly indexedName = new Map<string, string>();
  private readonly filesByName = new Map<string, Set<string>>();
  /** bumped for a name whenever a file gains or loses it: what a memoised lookup of the name checks */
  private readonly generations = new Map<string, number>();
  private readonly dependencyByName = new Map<string, Dependency>();
  private version = -1;

  constructor(
    private readonly project: ProjectModel,
    /** names the index in dependency keys (`importers:<name>`) */
    private readonly kind: string,
    private readonly namesOf: (sourceFile: ts.SourceFile) => Iterable<string>,
  ) {}

  files(name: string): ReadonlySet<string> {
    this.refresh();
    if (this.project.dependencies.recording) this.project.dependencies.record(this.dependency(name));
    return this.filesByName.get(name) ?? EMPTY;
  }

  /** A dependency on which files have `name`; one object per name until it changes. */
  private dependency(name: string): Dependency {
    let dependency = this.dependencyByName.get(name);
    if (!dependency) {
      const generation = this.generations.get(name) ?? 0;
      dependency = { key: `${this.kind}:${name}`, isCurrent: () => (this.refresh(), (this.generations.get(name) ?? 0) === generation) };
      this.dependencyByName.set(name, dependency);
    }
    return dependency;
  }

  /** Brings the index up to the project's current parses (all of them parsed on the first call). */
  refresh(): void {
    if (this.version === this.project.version && this.indexed.size > 0) return;
    // The index stands for every file: a lookup depends on its name's entry, not on each file read here.
    this.project.dependencies.untracked(() => {
      const firstRefresh = this.indexed.size === 0;
      // After the first refresh, only the files replaced since can have other names.
      const replaced = firstRefresh ? undefined : this.project.changedSince(this.version);
      const files = replaced ? [...new Set(replaced)].flatMap((absolute) => this.indexedName.get(absolute) ?? []) : this.project.programFiles;
      for (const fileName of files) {
        const current = this.project.getSourceFile(fileName);
        const previous = this.indexed.get(fileName);
        if (this.indexed.has(fileName) && previous === current) continue;
        if (!this.indexed.has(fileName)) {
          // A file seen for the first time adds its names; after the first refresh (a file put back by an edited `ignore`), lookups of them change.
          for (const name of current ? this.namesOf(current) : []) {
            this.add(name, fileName);
            if (!firstRefresh) this.bump(name);
          }
          this.indexed.set(fileName, current);
          this.indexedName.set(absolutePath(fileName), fileName);
          continue;
        }
        const before = new Set(previous ? this.namesOf(previous) : []);
        const after = new Set(current ? this.namesOf(current) : []);
        for (const name of before) if (!after.has(name)) this.filesByName.get(name)?.delete(fileName);
        for (const name of after) this.add(name, fileName);
        // Only a change of which files have a name changes a lookup; the calls themselves are read through the file.
        for (const name of before) if (!after.has(name)) this.bump(name);
        for (const name of after) if (!before.has(name)) this.bump(name);
        this.indexed.set(fileName, current);
      }
      if (this.indexed.size > this.project.programFiles.length) this.forgetFilesOutsideProgram();
    });
    this.version = this.project.version;
  }

  /** Files the program no longer has (an edited `ignore`): their names go, as if they were emptied. */
  private forgetFilesOutsideProgram(): void {
    const files = new Set(this.project.programFiles);
    for (const [fileName, parse] of this.indexed) {
      if (files.has(fileName)) continue;
      for (const name of new Set(parse ? this.namesOf(parse) : [])) {
        this.filesByName.get(name)?.delete(fileName);
        this.bump(name);
      }
      this.indexed.delete(fileName);
      this.indexedName.delete(absolutePath(fileName));
    }
  }

  private add(name: string, fileName: string): void {
    let files = this.filesByName.get(name);
    if (!files) this.filesByName.set(name, (files = new Set()));
    files.add(fileName);
  }

  private bump(name: string): void {
    this.generations.set(name, (this.generations.get(name) ?? 0) + 1);
    this.dependencyByName.delete(name);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const importIndexes = new WeakMap<ProjectModel, ProjectNameIndex>();

function importIndexOf(project: ProjectModel): ProjectNameIndex {
  let index = importIndexes.get(project);
  if (!index) importIndexes.set(project, (index = new ProjectNameIndex(project, "importers", importedNames)));
  return index;
}

/** The project files (of its tsconfig) that import an export named `name` ("default" for default imports, "*" for namespace imports) from somewhere. */
export function filesImporting(project: ProjectModel, name: string): ReadonlySet<string> {
  return importIndexOf(project).files(name);
}

const namespaceImportIndexes = new WeakMap<ProjectModel, ProjectNameIndex>();

/** The kind of the namespace-import index's dependency keys (`namespace-calls:<module path>`). */
export const NAMESPACE_CALLS = "namespace-calls";

function namespaceImportIndexOf(project: ProjectModel): ProjectNameIndex {
  let index = namespaceImportIndexes.get(project);
  if (!index) {
    // The modules a parse imports whole (`import * as notes from "./notes.js"`), by the path they resolve to.
    const targets = (sourceFile: ts.SourceFile): string[] => {
      const found: string[] = [];
      for (const statement of sourceFile.statements) {
        const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
        if (!bindings || !ts.isNamespaceImport(bindings) || !ts.isStringLiteralLike((statement as ts.ImportDeclaration).moduleSpecifier)) continue;
        const target = project.resolveSpecifier((statement as ts.ImportDeclaration).moduleSpecifier as ts.StringLiteralLike);
        if (target) found.push(target);
      }
      return found;
    };
    namespaceImportIndexes.set(project, (index = new ProjectNameIndex(project, NAMESPACE_CALLS, targets)));
  }
  return index;
}

/**
 * The project files that import the module at `modulePath` whole (`import * as notes from "./notes.js"`): the only
 * files where `notes.getNote(…)` can call one of its exports. Looking there, not in every file with some namespace
 * import, keeps finding the callers of each function linear when every module imports another whole.
 */
export function filesImportingWhole(project: ProjectModel, modulePath: string): ReadonlySet<string> {
  return namespaceImportIndexOf(project).files(modulePath);
}

/** Builds the project's index up front (for `--timings`, which shows indexing as a stage of its own). */
export function indexProject(project: ProjectModel): void {
  importIndexOf(project).refresh();
}
