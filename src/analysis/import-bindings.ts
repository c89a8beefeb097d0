import { fileIndexOf } from "../engine/file-index.js";
import { ts } from "../engine/ts.js";

/**
 * What an import statement brings into a file and how the file uses it: at run time, or only
 * as types. TypeScript erases an import whose names are never read as values, so such an
 * import is no run-time dependency even without `import type`.
 */

/** One name an import binds: `local` in this file, `imported` in the module (`default` and `*` for those forms). */
export interface ImportBinding {
  local: string;
  imported: string;
}

/** The names an `import … from` statement binds; none for `import "x"` (which runs the module). */
export function bindingsOf(declaration: ts.ImportDeclaration): ImportBinding[] {
  const clause = declaration.importClause;
  if (!clause) return [];
  const bindings: ImportBinding[] = [];
  if (clause.name) bindings.push({ local: clause.name.text, imported: "default" });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.push({ local: named.name.text, imported: "*" });
  else if (named) for (const element of named.elements) bindings.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text });
  return bindings;
}

/** Whether an import without `type` is erased: it binds names and the file reads none of them as a value. */
export function isErasedImport(declaration: ts.ImportDeclaration): boolean {
  const bindings = bindingsOf(declaration);
  if (bindings.length === 0) return false;
  const uses = valueUses(declaration.getSourceFile());
  return bindings.every((binding) => !uses.has(binding.local));
}

const usesByParse = new WeakMap<ts.SourceFile, Map<string, ts.Identifier[]>>();

/**
 * The identifiers of a file that read a name as a value, by name: not in a type, not the name of
 * a property or a declaration, not in an import statement. Shadowing is not resolved: a local
 * variable of the same name counts as a use, which keeps an import rather than erasing it.
 */
export function valueUses(sourceFile: ts.SourceFile): ReadonlyMap<string, readonly ts.Identifier[]> {
  let uses = usesByParse.get(sourceFile);
  if (uses) return uses;
  uses = new Map();
  for (const node of fileIndexOf(sourceFile).nodes) {
    if (node.kind !== ts.SyntaxKind.Identifier || !readsValue(node as ts.Identifier)) continue;
    const name = (node as ts.Identifier).text;
    let list = uses.get(name);
    if (!list) uses.set(name, (list = []));
    list.push(node as ts.Identifier);
  }
  usesByParse.set(sourceFile, uses);
  return uses;
}

function readsValue(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  // Names, not reads: `a.name`, `{ name: … }`, `A.B` in a type, declarations of the name itself.
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === identifier) return false;
  if (ts.isQualifiedName(parent) && parent.right === identifier) return false;
  if (isDeclarationName(identifier)) return false;
  for (let node: ts.Node = parent; node && !ts.isSourceFile(node); node = node.parent) {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return false;
    if (ts.isTypeNode(node)) return isDecoratorMetadata(node);
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return false;
  }
  return true;
}

function isDeclarationName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isBindingElement(parent) ||
      ts.isEnumDeclaration(parent) ||
      ts.isEnumMember(parent) ||
      ts.isGetAccessor(parent) ||
      ts.isSetAccessor(parent)) &&
    parent.name === identifier
  );
}

/**
 * A type that decorator metadata turns into a value: the type of a constructor parameter, a
 * decorated property or a decorated method's parameter in a decorated class (NestJS injects
 * `constructor(private readonly items: ItemService)` by that value).
 */
function isDecoratorMetadata(type: ts.TypeNode): boolean {
  if (!ts.isTypeReferenceNode(type)) return false;
  const holder = type.parent;
  if (!(ts.isParameter(holder) || ts.isPropertyDeclaration(holder)) || holder.type !== type) return false;
  const member = ts.isParameter(holder) ? holder.parent : holder;
  const owner = member.parent;
  if (!owner || !ts.isClassLike(owner)) return false;
  return hasDecorators(owner) || owner.members.some(hasDecorators);
}

function hasDecorators(node: ts.Node): boolean {
  if (ts.canHaveDecorators(node) && (ts.getDecorators(node) ?? []).length > 0) return true;
  return ts.isConstructorDeclaration(node) || ts.isMethodDeclaration(node) ? node.parameters.some(hasDecorators) : false;
}

/** The import statement an edge's specifier belongs to, if it is an `import … from`. */
function importDeclarationOf(specifier: ts.Node): ts.ImportDeclaration | undefined {
  return specifier.parent && ts.isImportDeclaration(specifier.parent) ? specifier.parent : undefined;
}

/**
 * Whether an import of the generated Prisma client brings the client itself: `PrismaClient`
 * read as a value (constructed, extended), or a default or namespace import read otherwise than
 * for another of its members. Enums (`Role.ADMIN`), the `Prisma` namespace (its types,
 * `Prisma.sql`, its error classes) and model types are no data access. A `require`, a dynamic
 * import or a re-export counts when it names `PrismaClient` or re-exports everything.
 */
export function importsPrismaClient(specifier: ts.StringLiteralLike): boolean {
  const declaration = importDeclarationOf(specifier);
  if (!declaration) {
    const statement = enclosingStatement(specifier);
    if (statement && ts.isExportDeclaration(statement) && !statement.exportClause) return true;
    return /\bPrismaClient\b/.test(statement?.getText() ?? "");
  }
  const uses = valueUses(declaration.getSourceFile());
  return bindingsOf(declaration).some((binding) => {
    const reads = uses.get(binding.local) ?? [];
    if (binding.imported === "PrismaClient") return reads.length > 0;
    if (binding.imported !== "default" && binding.imported !== "*") return false;
    return reads.some((read) => !(ts.isPropertyAccessExpression(read.parent) && read.parent.expression === read && read.parent.name.text !== "PrismaClient"));
  });
}

function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node | undefined = node;
  while (current && !ts.isSourceFile(current.parent)) current = current.parent;
  return current as ts.Statement | undefined;
}

/** Methods that register a route or middleware: `router.get(path, auth, handler)`, `app.use(auth)`. */
const REGISTRATION_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "head", "options", "use", "route"]);
/** NestJS decorators that put a class in a route's chain. */
const CHAIN_DECORATORS = new Set(["UseGuards", "UseInterceptors", "UsePipes", "UseFilters", "UseMiddleware"]);
/** Hook options of a route (Fastify): `{ preHandler: [auth] }`. */
const CHAIN_HOOKS = new Set(["preHandler", "onRequest", "preValidation", "preParsing", "middleware", "middlewares"]);

/**
 * Whether the file uses what an import brings only in the chain of a route: as middleware before
 * the handler (`router.get("/", authenticate, handler)`, `router.use(requireUser())`), as a NestJS
 * guard, interceptor or pipe (`@UseGuards(ShareOwnerGuard)`), as a route hook (`preHandler`), or
 * as a type. Authentication middleware in the chain may read the caller's session and user.
 */
export function usedOnlyInRouteChain(specifier: ts.StringLiteralLike): boolean {
  const declaration = importDeclarationOf(specifier);
  if (!declaration) return false;
  const bindings = bindingsOf(declaration);
  if (bindings.length === 0) return false;
  const uses = valueUses(declaration.getSourceFile());
  const reads = bindings.flatMap((binding) => uses.get(binding.local) ?? []);
  return reads.length > 0 && reads.every(inRouteChain);
}

function inRouteChain(read: ts.Identifier): boolean {
  let node: ts.Node = read;
  // `auth` or `auth(options)`, possibly in an array of middleware
  if (ts.isCallExpression(node.parent) && node.parent.expression === node) node = node.parent;
  if (ts.isArrayLiteralExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node) return CHAIN_HOOKS.has(parent.name.getText());
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return false;
  const callee = parent.expression;
  if (ts.isIdentifier(callee)) return CHAIN_DECORATORS.has(callee.text) && ts.isDecorator(parent.parent);
  if (!ts.isPropertyAccessExpression(callee) || !REGISTRATION_METHODS.has(callee.name.text)) return false;
  // The last argument of a route is its handler; every argument of `use` is middleware.
  return callee.name.text === "use" || parent.arguments.indexOf(node as ts.Expression) < parent.arguments.length - 1;
}
