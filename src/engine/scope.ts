import { ts } from "./ts.js";

/**
 * Lexical name resolution without a type checker: each scope's declarations are
 * collected once into a table, and an identifier is looked up from its innermost scope
 * outwards. Enough for the value flow the rules need (consts, params, imports, functions),
 * and orders of magnitude cheaper than asking the checker.
 */
export type Declaration =
  | ts.VariableDeclaration
  | ts.ParameterDeclaration
  | ts.BindingElement
  | ts.FunctionDeclaration
  | ts.ClassDeclaration
  | ts.ImportSpecifier
  | ts.ImportClause
  | ts.NamespaceImport
  | ts.ImportEqualsDeclaration
  | ts.EnumDeclaration
  | ts.FunctionExpression
  | ts.ClassExpression;

const tables = new WeakMap<ts.Node, Map<string, Declaration>>();

/**
 * Not memoised per identifier: a walk up to the nearest scope that declares the name costs less
 * than keeping a weak map entry for each of the hundreds of thousands of identifiers asked about.
 */
export function resolveIdentifier(identifier: ts.Identifier): Declaration | undefined {
  const name = identifier.text;
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (SCOPE_KINDS[node.kind] === 1) {
      const found = scopeTable(node).get(name);
      if (found) return found;
    }
  }
  return undefined;
}

function introducesScope(node: ts.Node): boolean {
  return (
    ts.isSourceFile(node) ||
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node) ||
    ts.isClassExpression(node)
  );
}

/** `introducesScope` by syntax kind, decided once: name resolution asks it for every ancestor of every identifier. */
const SCOPE_KINDS = Uint8Array.from({ length: ts.SyntaxKind.Count }, (_, kind) => (introducesScope({ kind } as ts.Node) ? 1 : 0));

function scopeTable(scope: ts.Node): Map<string, Declaration> {
  let table = tables.get(scope);
  if (!table) {
    table = new Map();
    collectDeclarations(scope, table);
    tables.set(scope, table);
  }
  return table;
}

function collectDeclarations(scope: ts.Node, table: Map<string, Declaration>): void {
  const add = (name: ts.Node | undefined, declaration: Declaration) => {
    if (name && ts.isIdentifier(name) && !table.has(name.text)) table.set(name.text, declaration);
  };
  const addBinding = (name: ts.BindingName, declaration: ts.VariableDeclaration | ts.ParameterDeclaration) => {
    if (ts.isIdentifier(name)) {
      add(name, declaration);
      return;
    }
    for (const element of name.elements) {
      if (ts.isOmittedExpression(element)) continue;
      if (ts.isIdentifier(element.name)) add(element.name, element);
      else addBinding(element.name, declaration);
    }
  };
  const addVariables = (list: ts.VariableDeclarationList) => {
    for (const declaration of list.declarations) addBinding(declaration.name, declaration);
  };

  if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) addBinding(parameter.name, parameter);
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) add(scope.name, scope);
    // `var` belongs to the whole function, wherever in its blocks it is written.
    const body = (scope as ts.FunctionLikeDeclaration).body;
    if (body && mayDeclareVar(scope.getSourceFile())) collectVars(body, addVariables);
    return;
  }
  if (ts.isClassExpression(scope)) {
    if (scope.name) add(scope.name, scope);
    return;
  }
  if (ts.isCatchClause(scope)) {
    if (scope.variableDeclaration) addBinding(scope.variableDeclaration.name, scope.variableDeclaration);
    return;
  }
  if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const initializer = scope.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer)) addVariables(initializer);
    return;
  }
  const statements = ts.isCaseBlock(scope)
    ? scope.clauses.flatMap((clause) => [...clause.statements])
    : (scope as ts.Block | ts.SourceFile | ts.ModuleBlock).statements;
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) addVariables(statement.declarationList);
    else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      add(statement.name, statement);
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) add(clause.name, clause);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name, bindings);
      else if (bindings) for (const specifier of bindings.elements) add(specifier.name, specifier);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      add(statement.name, statement);
    }
  }
}

const declaresVar = new WeakMap<ts.SourceFile, boolean>();

/** Whether a file's text spells `var` at all: most TypeScript never does, and then no function body needs a walk for it. */
function mayDeclareVar(sourceFile: ts.SourceFile): boolean {
  let known = declaresVar.get(sourceFile);
  if (known === undefined) declaresVar.set(sourceFile, (known = /\bvar\b/.test(sourceFile.text)));
  return known;
}

function collectVars(node: ts.Node, addVariables: (list: ts.VariableDeclarationList) => void): void {
  ts.forEachChild(node, (child) => {
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (ts.isVariableDeclarationList(child) && !(child.flags & ts.NodeFlags.BlockScoped)) addVariables(child);
    collectVars(child, addVariables);
  });
}

/** The function whose body contains `node` (arrow functions included), or undefined at module level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}

/** The name a property key spells, when it is static (`a`, `"a"`, `1`, `["a"]`); a computed `[field]` is not. */
export function staticPropertyName(name: ts.PropertyName | ts.BindingName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteralLike(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return staticKey(name.expression);
  return undefined;
}

/** The key an element access or computed key spells when it is a literal (`obj["a"]`); `obj[key]` is not static. */
export function staticKey(expression: ts.Expression): string | undefined {
  const inner = skipOuterExpressions(expression);
  return ts.isStringLiteralLike(inner) || ts.isNumericLiteral(inner) ? inner.text : undefined;
}

/** The member a property or element access reads: `row.deletedAt` → `deletedAt`, `args["data"]` → `data`; undefined otherwise. */
export function accessedMember(expression: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return ts.isElementAccessExpression(expression) ? staticKey(expression.argumentExpression) : undefined;
}

/** Strips parentheses, `as`, `satisfies`, `!` and `<T>x`: none of them changes a value. */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (OUTER_KINDS[current.kind] === 1) current = (current as ts.ParenthesizedExpression).expression;
  return current;
}

const OUTER_KINDS = Uint8Array.from({ length: ts.SyntaxKind.Count }, (_, kind) =>
  [
    ts.SyntaxKind.ParenthesizedExpression,
    ts.SyntaxKind.AsExpression,
    ts.SyntaxKind.SatisfiesExpression,
    ts.SyntaxKind.NonNullExpression,
    ts.SyntaxKind.TypeAssertionExpression,
    ts.SyntaxKind.AwaitExpression,
  ].includes(kind)
    ? 1
    : 0,
);

/** The declaration a module-level name refers to in `sourceFile`. */
export function moduleScopeDeclaration(sourceFile: ts.SourceFile, name: string): Declaration | undefined {
  return scopeTable(sourceFile).get(name);
}

/** Whether a declaration carries `export` (or `export default`). */
export function isExported(node: ts.Node): boolean {
  const holder = ts.isVariableDeclaration(node) ? node.parent.parent : node;
  return ts.canHaveModifiers(holder) && (ts.getModifiers(holder) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The name a call is made by: `f(...)` → `f`, `a.b(...)` → `b`, `a["b"](...)` → `b`; "" for anything else. */
export function calleeName(call: ts.CallExpression): string {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee)) return staticKey(callee.argumentExpression) ?? "";
  return "";
}

/** Whether a statement always leaves the function: `return …`, `throw …`, or a block ending in one. */
export function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return !!last && alwaysExits(last);
  }
  return false;
}

/** The initializer of a `const`/`let`/`var` of that name among a file's top-level statements. */
export function topLevelInitializer(sourceFile: ts.SourceFile, name: string): ts.Expression | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}
