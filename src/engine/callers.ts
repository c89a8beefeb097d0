import path from "node:path";
import { resolveImport } from "./modules.js";
import type { ProjectModel } from "./project.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "./scope.js";
import { ts } from "./ts.js";

const cache = new WeakMap<ts.SignatureDeclaration, { version: number; calls: ts.CallExpression[] }>();

/**
 * Call sites of a function: in its own file, and — for an exported function — in the
 * project files that import it. A method's callers are `this.method(...)` in its class.
 * Inline callbacks have no callers the engine can name.
 */
export function findCallers(project: ProjectModel | undefined, fn: ts.SignatureDeclaration): ts.CallExpression[] {
  // In the editor a file's AST is replaced on every edit: call sites found in an older one are stale.
  const version = project?.version ?? 0;
  const cached = cache.get(fn);
  if (cached && cached.version === version) return cached.calls;
  const calls = collectCallers(project, fn);
  cache.set(fn, { version, calls });
  return calls;
}

function collectCallers(project: ProjectModel | undefined, fn: ts.SignatureDeclaration): ts.CallExpression[] {
  const sourceFile = fn.getSourceFile();
  if (ts.isMethodDeclaration(fn)) {
    const name = fn.name ? staticPropertyName(fn.name) : undefined;
    const owner = fn.parent;
    if (!name || !ts.isClassLike(owner)) return [];
    const calls = callsIn(owner, (callee) => {
      return (
        ts.isPropertyAccessExpression(callee) &&
        callee.name.text === name &&
        callee.expression.kind === ts.SyntaxKind.ThisKeyword
      );
    });
    if (ts.isClassDeclaration(owner)) calls.push(...instanceCalls(project, owner, name));
    return calls;
  }
  const binding = bindingOf(fn);
  if (!binding) return [];
  const calls = callsIn(sourceFile, (callee) => ts.isIdentifier(callee) && resolveIdentifier(callee) === binding);
  if (project && binding.name && ts.isIdentifier(binding.name)) {
    // A default export is imported under any name: the file's own name is the cheap filter then.
    const spelled = isDefaultExport(binding) ? path.basename(sourceFile.fileName).replace(/\.[cm]?[jt]sx?$/, "") : binding.name.text;
    calls.push(...importedCalls(project, sourceFile, binding, spelled));
  }
  return calls;
}

function bindingOf(fn: ts.SignatureDeclaration): ts.FunctionDeclaration | ts.VariableDeclaration | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name ? fn : undefined;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent;
  }
  return undefined;
}

function callsIn(root: ts.Node, matches: (callee: ts.Expression) => boolean): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && matches(skipOuterExpressions(node.expression))) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
  return calls;
}

function importedCalls(
  project: ProjectModel,
  declaringFile: ts.SourceFile,
  binding: ts.FunctionDeclaration | ts.VariableDeclaration,
  name: string,
): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const declaringPath = path.resolve(declaringFile.fileName);
  for (const fileName of project.tsconfigFiles) {
    if (fileName === declaringPath) continue;
    // A file that never spells the name cannot call it; skip the parse.
    if (!project.getText(fileName)?.includes(name)) continue;
    const sourceFile = project.getSourceFile(fileName);
    if (!sourceFile) continue;
    const imports = new Set<ts.Node>();
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
      const clause = statement.importClause;
      const candidates: (ts.ImportSpecifier | ts.ImportClause)[] = [];
      if (clause.name) candidates.push(clause);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) candidates.push(...clause.namedBindings.elements);
      for (const candidate of candidates) {
        if (resolveImport(project, candidate) === binding) imports.add(candidate);
      }
    }
    if (imports.size === 0) continue;
    calls.push(...callsIn(sourceFile, (callee) => ts.isIdentifier(callee) && imports.has(resolveIdentifier(callee) as ts.Node)));
  }
  return calls;
}

function isDefaultExport(binding: ts.FunctionDeclaration | ts.VariableDeclaration): boolean {
  return ts.isFunctionDeclaration(binding) && (ts.getModifiers(binding) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * `repo.find(...)`, `this.items.find(...)`, `new ItemRepository().find(...)` where the
 * receiver is an instance of the method's class: known from a `new`, a type annotation
 * or a constructor-injected parameter property — no type checker needed for the common forms.
 */
function instanceCalls(project: ProjectModel | undefined, owner: ts.ClassDeclaration, name: string): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const className = owner.name?.text;
  if (!className) return calls;
  const files = new Set<string>([path.resolve(owner.getSourceFile().fileName)]);
  for (const fileName of project?.tsconfigFiles ?? []) files.add(fileName);
  for (const fileName of files) {
    const text = project ? project.getText(fileName) : owner.getSourceFile().text;
    if (!text || !text.includes(`.${name}`)) continue;
    const sourceFile = fileName === path.resolve(owner.getSourceFile().fileName) ? owner.getSourceFile() : project?.getSourceFile(fileName);
    if (!sourceFile) continue;
    calls.push(
      ...callsIn(sourceFile, (callee) => {
        if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== name) return false;
        const receiver = skipOuterExpressions(callee.expression);
        return receiver.kind !== ts.SyntaxKind.ThisKeyword && receiverClass(project, receiver) === owner;
      }),
    );
  }
  return calls;
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
  for (const member of owner.members) {
    if (!member.name || staticPropertyName(member.name) !== callee.name.text) continue;
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
  if (declaration && (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration))) declaration = resolveImport(project, declaration);
  return declaration && ts.isClassLike(declaration) ? declaration : undefined;
}
