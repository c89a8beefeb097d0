import { callsByName, filesImporting, filesImportingWhole } from "./call-index.js";
import type { MemoEntry } from "./dependencies.js";
import { resolveImport } from "./modules.js";
import type { ProjectModel } from "./project.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "./scope.js";
import { isSatisfiesExpression, ts } from "./ts.js";
import { absolutePath } from "./paths.js";

const callerStores = new WeakMap<ProjectModel, WeakMap<ts.SignatureDeclaration, MemoEntry<ts.CallExpression[]>>>();

/**
 * Call sites of a function: in its own file, and — for an exported function — in the
 * project files that import it. A method's callers are `this.method(...)` in its class.
 * Inline callbacks have no callers the engine can name.
 */
export function findCallers(project: ProjectModel | undefined, fn: ts.SignatureDeclaration): ts.CallExpression[] {
  if (!project) return collectCallers(project, fn);
  // Memoised with what it read: an edit elsewhere in the project keeps these callers unless it touched them.
  let store = callerStores.get(project);
  if (!store) callerStores.set(project, (store = new WeakMap()));
  return project.dependencies.memo(store, fn, () => collectCallers(project, fn));
}

function collectCallers(project: ProjectModel | undefined, fn: ts.SignatureDeclaration): ts.CallExpression[] {
  const sourceFile = fn.getSourceFile();
  const objectMethod = objectLiteralMethod(fn);
  if (objectMethod) return objectMethodCalls(project, objectMethod);
  if (ts.isMethodDeclaration(fn)) {
    const name = fn.name ? staticPropertyName(fn.name) : undefined;
    const owner = fn.parent;
    if (!name || !ts.isClassLike(owner)) return [];
    const calls = callsNamed(sourceFile, name).filter((call) => {
      const callee = skipOuterExpressions(call.expression);
      return within(call, owner) && ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword;
    });
    if (ts.isClassDeclaration(owner)) calls.push(...instanceCalls(project, owner, name));
    return calls;
  }
  const binding = bindingOf(fn);
  if (!binding) return [];
  if (!binding.name || !ts.isIdentifier(binding.name)) return [];
  const localName = binding.name.text;
  const calls = callsNamed(sourceFile, localName).filter((call) => {
    const callee = skipOuterExpressions(call.expression);
    return ts.isIdentifier(callee) && resolveIdentifier(callee) === binding;
  });
  if (project) calls.push(...importedCalls(project, sourceFile, binding, localName));
  return calls;
}

interface ObjectMethod {
  name: string;
  /** `const Items = { find() {…} }`: the variable holding the object */
  holder: ts.VariableDeclaration & { name: ts.Identifier };
  object: ts.ObjectLiteralExpression;
}

/** A method of an object literal held by a variable: `export const Items = { find(id) {…}, remove: (id) => … }`. */
function objectLiteralMethod(fn: ts.SignatureDeclaration): ObjectMethod | undefined {
  const member = ts.isMethodDeclaration(fn) ? fn : ts.isPropertyAssignment(fn.parent) && fn.parent.initializer === fn ? fn.parent : undefined;
  const object = member?.parent;
  if (!member || !member.name || !object || !ts.isObjectLiteralExpression(object)) return undefined;
  const name = staticPropertyName(member.name);
  let holder: ts.Node = object.parent;
  while (ts.isAsExpression(holder) || isSatisfiesExpression(holder) || ts.isParenthesizedExpression(holder)) holder = holder.parent;
  if (name === undefined || !ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name)) return undefined;
  return { name, holder: holder as ObjectMethod["holder"], object };
}

/** `Items.find(…)` where `Items` is the holder, here or through an import of it; `this.find(…)` inside the object. */
function objectMethodCalls(project: ProjectModel | undefined, method: ObjectMethod): ts.CallExpression[] {
  const isCallOn = (call: ts.CallExpression, receiverIs: (receiver: ts.Expression) => boolean) => {
    const callee = skipOuterExpressions(call.expression);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === method.name && receiverIs(skipOuterExpressions(callee.expression));
  };
  const sourceFile = method.holder.getSourceFile();
  const calls = callsNamed(sourceFile, method.name).filter((call) =>
    isCallOn(call, (receiver) =>
      (ts.isIdentifier(receiver) && resolveIdentifier(receiver) === method.holder) || (receiver.kind === ts.SyntaxKind.ThisKeyword && within(call, method.object)),
    ),
  );
  if (!project) return calls;
  const declaringPath = absolutePath(sourceFile.fileName);
  for (const fileName of filesImporting(project, method.holder.name.text)) {
    if (fileName === declaringPath) continue;
    const importing = project.getSourceFile(fileName);
    if (!importing) continue;
    for (const call of callsNamed(importing, method.name)) {
      if (!isCallOn(call, (receiver) => ts.isIdentifier(receiver) && importedBinding(project, receiver) === method.holder)) continue;
      calls.push(call);
    }
  }
  return calls;
}

function importedBinding(project: ProjectModel, identifier: ts.Identifier): ts.Node | undefined {
  const declaration = resolveIdentifier(identifier);
  return declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) ? resolveImport(project, declaration) : undefined;
}

function callsNamed(sourceFile: ts.SourceFile, name: string): readonly ts.CallExpression[] {
  return callsByName(sourceFile).get(name) ?? [];
}

function within(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

function bindingOf(fn: ts.SignatureDeclaration): ts.FunctionDeclaration | ts.VariableDeclaration | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name ? fn : undefined;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent;
  }
  return undefined;
}

function importedCalls(
  project: ProjectModel,
  declaringFile: ts.SourceFile,
  binding: ts.FunctionDeclaration | ts.VariableDeclaration,
  name: string,
): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const declaringPath = absolutePath(declaringFile.fileName);
  const exported = isDefaultExport(binding) ? "default" : name;
  for (const fileName of filesImporting(project, exported)) {
    if (fileName === declaringPath) continue;
    const sourceFile = project.getSourceFile(fileName);
    if (!sourceFile) continue;
    const imports = new Set<ts.ImportSpecifier | ts.ImportClause>();
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
      const clause = statement.importClause;
      const candidates: (ts.ImportSpecifier | ts.ImportClause)[] = [];
      if (clause.name && exported === "default") candidates.push(clause);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        candidates.push(...clause.namedBindings.elements.filter((element) => (element.propertyName ?? element.name).text === exported));
      }
      for (const candidate of candidates) {
        if (resolveImport(project, candidate) === binding) imports.add(candidate);
      }
    }
    for (const local of imports) {
      for (const call of callsNamed(sourceFile, local.name!.text)) {
        const callee = skipOuterExpressions(call.expression);
        if (ts.isIdentifier(callee) && resolveIdentifier(callee) === local) calls.push(call);
      }
    }
  }
  if (exported !== "default") calls.push(...namespaceCalls(project, declaringPath, name));
  return calls;
}

/** `notes.getNote(…)` after `import * as notes from "./notes.js"`, in the files that import the declaring module whole. */
function namespaceCalls(project: ProjectModel, declaringPath: string, name: string): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  for (const fileName of filesImportingWhole(project, declaringPath)) {
    if (fileName === declaringPath) continue;
    const sourceFile = project.getSourceFile(fileName);
    if (!sourceFile || !callsByName(sourceFile).has(name)) continue;
    const namespaces = new Set<ts.NamespaceImport>();
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement)) continue;
      const bindings = statement.importClause?.namedBindings;
      if (!bindings || !ts.isNamespaceImport(bindings) || !ts.isStringLiteralLike(statement.moduleSpecifier)) continue;
      if (project.resolveSpecifier(statement.moduleSpecifier) === declaringPath) namespaces.add(bindings);
    }
    if (namespaces.size === 0) continue;
    for (const call of callsNamed(sourceFile, name)) {
      const callee = skipOuterExpressions(call.expression);
      if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) continue;
      const declaration = resolveIdentifier(callee.expression);
      if (declaration && ts.isNamespaceImport(declaration) && namespaces.has(declaration)) calls.push(call);
    }
  }
  return calls;
}

function isDefaultExport(binding: ts.FunctionDeclaration | ts.VariableDeclaration | ts.ClassDeclaration): boolean {
  return ts.isFunctionDeclaration(binding) && (ts.getModifiers(binding) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * `repo.find(...)`, `this.items.find(...)`, `new ItemRepository().find(...)` where the
 * receiver is an instance of the method's class: known from a `new`, a type annotation
 * or a constructor-injected parameter property — no type checker needed for the common forms.
 */
function instanceCalls(project: ProjectModel | undefined, owner: ts.ClassDeclaration, name: string): ts.CallExpression[] {
  if (!owner.name) return [];
  const ownerFile = owner.getSourceFile();
  if (!project) return callsNamed(ownerFile, name).filter((call) => receiverClassOfCall(project, call) === owner);
  // A receiver is known to be an instance of the class only where the class is named: its own
  // file, and the files that import it. Asking who imports the class (not who calls a method of that name, which every module may do)
  // keeps a new `update(…)` call elsewhere from invalidating these callers.
  const ownerPath = absolutePath(ownerFile.fileName);
  const candidates = new Set<string>([ownerPath, ...filesImporting(project, owner.name.text), ...(isDefaultExport(owner) ? filesImporting(project, "default") : [])]);
  const calls: ts.CallExpression[] = [];
  for (const fileName of candidates) {
    const sourceFile = fileName === ownerPath ? ownerFile : project.getSourceFile(fileName);
    if (sourceFile && callsByName(sourceFile).has(name)) calls.push(...(instanceCallsIn(project, sourceFile, name).get(owner) ?? []));
  }
  return calls;
}

const instanceCallStores = new WeakMap<ProjectModel, WeakMap<ts.SourceFile, Map<string, MemoEntry<Map<ts.ClassLikeDeclaration, ts.CallExpression[]>>>>>();

/** A file's `x.name(…)` grouped by the class of `x`: each receiver is resolved once, however many classes have a method of that name. */
function instanceCallsIn(project: ProjectModel, sourceFile: ts.SourceFile, name: string): Map<ts.ClassLikeDeclaration, ts.CallExpression[]> {
  let byFile = instanceCallStores.get(project);
  if (!byFile) instanceCallStores.set(project, (byFile = new WeakMap()));
  let store = byFile.get(sourceFile);
  if (!store) byFile.set(sourceFile, (store = new Map()));
  return project.dependencies.memo(store, name, () => {
    const byClass = new Map<ts.ClassLikeDeclaration, ts.CallExpression[]>();
    for (const call of callsNamed(sourceFile, name)) {
      const owner = receiverClassOfCall(project, call);
      if (!owner) continue;
      let calls = byClass.get(owner);
      if (!calls) byClass.set(owner, (calls = []));
      calls.push(call);
    }
    return byClass;
  });
}

/** The class of the receiver of `x.method(…)`; undefined for `this.method(…)` (the class's own calls) and unknown receivers. */
function receiverClassOfCall(project: ProjectModel | undefined, call: ts.CallExpression): ts.ClassLikeDeclaration | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const receiver = skipOuterExpressions(callee.expression);
  return receiver.kind === ts.SyntaxKind.ThisKeyword ? undefined : receiverClass(project, receiver);
}

/**
 * The method a call on another object runs: `repo.find(...)`, `this.items.find(...)`,
 * `new ItemRepository().find(...)`, when the receiver's class is known from a `new`, a type
 * annotation or a constructor-injected parameter property.
 * Methods inherited from a base class and receivers typed by an interface are not resolved.
 */
export function resolveMethodCall(project: ProjectModel | undefined, call: ts.CallExpression): ts.FunctionLikeDeclaration | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const owner = receiverClass(project, skipOuterExpressions(callee.expression));
  if (!owner) return undefined;
  return methodNamed(owner, callee.name.text);
}

/** A class's method (or function-valued property) by name, when it has a body. */
export function methodNamed(owner: ts.ClassLikeDeclaration, name: string): ts.FunctionLikeDeclaration | undefined {
  for (const member of owner.members) {
    if (!member.name || staticPropertyName(member.name) !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const initializer = skipOuterExpressions(member.initializer);
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
    }
  }
  return undefined;
}

function receiverClass(project: ProjectModel | undefined, receiver: ts.Expression): ts.ClassLikeDeclaration | undefined {
  if (ts.isNewExpression(receiver)) return classNamed(project, receiver.expression);
  if (ts.isIdentifier(receiver)) {
    const declaration = resolveIdentifier(receiver);
    if (declaration && (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration))) return classOfSlot(project, declaration.type, declaration.initializer);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let current: ts.Node | undefined = receiver.parent;
    while (current && !ts.isClassLike(current)) current = current.parent;
    for (const member of current?.members ?? []) {
      if (ts.isPropertyDeclaration(member) && member.name && staticPropertyName(member.name) === receiver.name.text) {
        return classOfSlot(project, member.type, member.initializer);
      }
      if (ts.isConstructorDeclaration(member)) {
        const parameter = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === receiver.name.text);
        if (parameter) return classOfSlot(project, parameter.type, parameter.initializer);
      }
    }
  }
  return undefined;
}

function classOfSlot(project: ProjectModel | undefined, type: ts.TypeNode | undefined, initializer: ts.Expression | undefined): ts.ClassLikeDeclaration | undefined {
  if (type && ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const named = classNamed(project, type.typeName);
    if (named) return named;
  }
  const value = initializer && skipOuterExpressions(initializer);
  return value && ts.isNewExpression(value) ? classNamed(project, value.expression) : undefined;
}

/** The class an identifier names, here or through an import. */
export function classNamed(project: ProjectModel | undefined, expression: ts.Node): ts.ClassLikeDeclaration | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  let declaration: ts.Node | undefined = resolveIdentifier(expression);
  if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) {
    // `private prisma: PrismaClient` from the generated client: code the program leaves out has no methods to follow, and is not parsed for it.
    if (importsOutsideProgram(project, declaration)) return undefined;
    declaration = resolveImport(project, declaration);
  }
  return declaration && ts.isClassLike(declaration) ? declaration : undefined;
}

/** Whether an import binding comes from a file the program leaves out (a generated client), told from its specifier alone. */
function importsOutsideProgram(project: ProjectModel | undefined, declaration: ts.ImportSpecifier | ts.ImportClause): boolean {
  const specifier = (ts.isImportClause(declaration) ? declaration.parent : declaration.parent.parent.parent).moduleSpecifier;
  const target = project && ts.isStringLiteral(specifier) ? project.resolveSpecifier(specifier) : undefined;
  return target !== undefined && project!.isOutsideProgram(target);
}
