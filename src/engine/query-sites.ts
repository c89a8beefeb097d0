import type { PrismaSchema, SchemaModelInfo } from "../schema/index.js";
import { fileIndexOf } from "./file-index.js";
import { importSpecifierOf } from "./modules.js";
import { resolveIdentifier, skipOuterExpressions, staticKey, staticPropertyName } from "./scope.js";
import { ts } from "./ts.js";

export const READ_OPERATIONS = [
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "count",
  "aggregate",
  "groupBy",
] as const;
export const UPDATE_OPERATIONS = ["update", "updateMany", "updateManyAndReturn", "upsert"] as const;
export const CREATE_OPERATIONS = ["create", "createMany", "createManyAndReturn"] as const;
export const DELETE_OPERATIONS = ["delete", "deleteMany"] as const;

export type ReadOperation = (typeof READ_OPERATIONS)[number];
export type UpdateOperation = (typeof UPDATE_OPERATIONS)[number];
export type PrismaOperation = ReadOperation | UpdateOperation | (typeof CREATE_OPERATIONS)[number] | (typeof DELETE_OPERATIONS)[number];

const OPERATIONS: ReadonlySet<string> = new Set([...READ_OPERATIONS, ...UPDATE_OPERATIONS, ...CREATE_OPERATIONS, ...DELETE_OPERATIONS]);

export function isReadOperation(operation: PrismaOperation): operation is ReadOperation {
  return (READ_OPERATIONS as readonly string[]).includes(operation);
}
export function isUpdateOperation(operation: PrismaOperation): operation is UpdateOperation {
  return (UPDATE_OPERATIONS as readonly string[]).includes(operation);
}
export function isDeleteOperation(operation: PrismaOperation): boolean {
  return (DELETE_OPERATIONS as readonly string[]).includes(operation);
}

/** One Prisma model operation in the code: `prisma.item.findMany({...})` and all its disguises. */
export interface QuerySite {
  call: ts.CallExpression;
  operation: PrismaOperation;
  /** the method name as written: findings about the operation are reported here */
  operationNode: ts.Node;
  model: SchemaModelInfo;
  /** the expression that yields the client (`prisma`, `this.db`, `tx`), when the delegate is reached through one */
  client?: ts.Expression;
  /** the first argument (`{ where, data, include, ... }`) */
  args?: ts.Expression;
}

export interface QuerySiteOptions {
  /** whether an import specifier (as written in `fromFile`) names a module of the configured `clientModules` */
  isClientModule?: (specifier: string, fromFile: string) => boolean;
}

const cache = new WeakMap<ts.SourceFile, WeakMap<PrismaSchema, QuerySite[]>>();

/** Every Prisma operation on a schema model in a file, in source order. Memoised per file and schema. */
export function findQuerySites(sourceFile: ts.SourceFile, schema: PrismaSchema, options: QuerySiteOptions = {}): QuerySite[] {
  let bySchema = cache.get(sourceFile);
  if (!bySchema) {
    bySchema = new WeakMap();
    cache.set(sourceFile, bySchema);
  }
  let sites = bySchema.get(schema);
  if (!sites) {
    sites = collect(sourceFile, schema, options);
    bySchema.set(schema, sites);
  }
  return sites;
}

function collect(sourceFile: ts.SourceFile, schema: PrismaSchema, options: QuerySiteOptions): QuerySite[] {
  const sites: QuerySite[] = [];
  for (const call of fileIndexOf(sourceFile).calls) {
    const site = recognise(call, schema, options);
    if (site) sites.push(site);
  }
  return sites;
}

function recognise(call: ts.CallExpression, schema: PrismaSchema, options: QuerySiteOptions): QuerySite | undefined {
  const callee = skipOuterExpressions(call.expression);
  const access = memberAccess(callee);
  // A cheap syntactic filter first: the method must be a Prisma operation name.
  if (!access || !OPERATIONS.has(access.name)) return undefined;
  const delegate = delegateOf(access.object, schema, options);
  if (!delegate) return undefined;
  return {
    call,
    operation: access.name as PrismaOperation,
    operationNode: access.nameNode,
    model: delegate.model,
    client: delegate.client,
    args: call.arguments[0],
  };
}

/** `object.name` or `object["name"]`: how the client's members are reached. */
export interface MemberAccess {
  object: ts.Expression;
  name: string;
  nameNode: ts.Node;
  /** `prisma.$queryRawUnsafe`, as opposed to `prisma["$queryRawUnsafe"]` or `prisma?.$queryRawUnsafe` */
  dotted: boolean;
}

export function memberAccess(expression: ts.Expression): MemberAccess | undefined {
  if (ts.isPropertyAccessExpression(expression)) {
    return { object: expression.expression, name: expression.name.text, nameNode: expression.name, dotted: !expression.questionDotToken };
  }
  if (ts.isElementAccessExpression(expression)) {
    const name = staticKey(expression.argumentExpression);
    if (name !== undefined) return { object: expression.expression, name, nameNode: expression.argumentExpression, dotted: false };
  }
  return undefined;
}

/**
 * The client's raw-query methods, each unsafe one with the tagged-template form that
 * parameterises the same query (`$queryRawUnsafe` → `$queryRaw`).
 */
export const RAW_QUERY_METHODS: ReadonlyMap<string, string | undefined> = new Map([
  ["$queryRaw", undefined],
  ["$executeRaw", undefined],
  ["$queryRawTyped", undefined],
  ["$runCommandRaw", undefined],
  ["$queryRawUnsafe", "$queryRaw"],
  ["$executeRawUnsafe", "$executeRaw"],
]);

/** `client.$transaction(…)` (or `client["$transaction"](…)`). */
export function isTransactionCall(call: ts.CallExpression): boolean {
  return memberAccess(skipOuterExpressions(call.expression))?.name === "$transaction";
}

interface Delegate {
  model: SchemaModelInfo;
  client?: ts.Expression;
}

/** `prisma.item`, `this.db["item"]`, `tx.item`, or a name bound to one (`const { item } = prisma`, `const items = prisma.item`). */
function delegateOf(raw: ts.Expression, schema: PrismaSchema, options: QuerySiteOptions, depth = 0): Delegate | undefined {
  const expression = skipOuterExpressions(raw);
  const access = memberAccess(expression);
  if (access) {
    const model = schema.modelByDelegate(access.name);
    if (model && isClient(access.object, options, depth)) return { model, client: access.object };
    return undefined;
  }
  if (!ts.isIdentifier(expression) || depth > 3) return undefined;
  const declaration = resolveIdentifier(expression);
  if (!declaration) return undefined;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    return delegateOf(declaration.initializer, schema, options, depth + 1);
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const key = declaration.propertyName ? staticPropertyName(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
    const holder = declaration.parent.parent;
    const model = key ? schema.modelByDelegate(key) : undefined;
    if (model && ts.isVariableDeclaration(holder) && holder.initializer && isClient(holder.initializer, options, depth)) {
      return { model, client: holder.initializer };
    }
    return undefined;
  }
  if (ts.isParameter(declaration) && declaration.type) {
    // `items: Prisma.ItemDelegate` — a delegate handed in by type.
    const match = /(\w+)Delegate\b/.exec(declaration.type.getText());
    const model = match ? [...schema.models.values()].find((m) => m.name === match[1]) : undefined;
    if (model) return { model };
  }
  return undefined;
}

const CLIENT_NAME = /prisma|^(db|tx|trx|client|database|orm|conn|connection|transaction)$|(Db|DB|Client|Tx|Transaction)$/i;
const CLIENT_TYPE = /PrismaClient|TransactionClient|PrismaService|Prisma\.|typeof\s+(prisma|db)\b|DbClient|Transaction/;
const PRISMA_MODULE = /(^@prisma\/client)|(^\.prisma\/client)|generated\/prisma|prisma\/client|\/prisma(\.js|\.ts)?$|\/db(\.js|\.ts)?$|\/db\/|client(\.js|\.ts)?$/;

/** Whether an expression yields a Prisma client (`prisma`, `this.prisma`, `tx`, `$extends(...)`), as query sites recognise it. */
export function isPrismaClientExpression(expression: ts.Expression, options: QuerySiteOptions = {}): boolean {
  return isClient(expression, options, 0);
}

/**
 * Whether an expression yields a Prisma client. Evidence first (a PrismaClient
 * construction, an import from a client module, the callback parameter of
 * `$transaction`, a client type annotation), then the names teams give clients.
 */
function isClient(raw: ts.Expression, options: QuerySiteOptions, depth: number): boolean {
  const expression = skipOuterExpressions(raw);
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return classExtendsClient(expression);
  if (ts.isCallExpression(expression)) {
    const callee = memberAccess(skipOuterExpressions(expression.expression));
    if (callee?.name === "$extends") return true;
    const name = callee?.name ?? (ts.isIdentifier(expression.expression) ? expression.expression.text : "");
    return CLIENT_NAME.test(name);
  }
  if (ts.isNewExpression(expression)) return /PrismaClient|PrismaService/.test(expression.expression.getText());
  const access = memberAccess(expression);
  if (access) {
    if (CLIENT_NAME.test(access.name)) return true;
    return skipOuterExpressions(access.object).kind === ts.SyntaxKind.ThisKeyword && classMemberIsClient(access.object, access.name);
  }
  if (!ts.isIdentifier(expression)) return false;
  const declaration = resolveIdentifier(expression);
  if (declaration) {
    if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) {
      const specifier = importSpecifierOf(declaration) ?? "";
      if (PRISMA_MODULE.test(specifier) || options.isClientModule?.(specifier, expression.getSourceFile().fileName)) return true;
    } else if (ts.isParameter(declaration)) {
      if (isTransactionCallbackParameter(declaration)) return true;
      if (declaration.type && CLIENT_TYPE.test(declaration.type.getText())) return true;
    } else if (ts.isVariableDeclaration(declaration) && declaration.initializer && depth < 3) {
      if (declaration.type && CLIENT_TYPE.test(declaration.type.getText())) return true;
      const initializer = skipOuterExpressions(declaration.initializer);
      if (ts.isNewExpression(initializer) || ts.isCallExpression(initializer)) {
        if (isClient(initializer, options, depth + 1)) return true;
      }
    }
  }
  return CLIENT_NAME.test(expression.text);
}

function isTransactionCallbackParameter(parameter: ts.ParameterDeclaration): boolean {
  const fn = parameter.parent;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) && isTransactionCall(call);
}

function classExtendsClient(node: ts.Node): boolean {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  const heritage = current?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
  return !!heritage && /PrismaClient|PrismaService/.test(heritage.types.map((type) => type.getText()).join(","));
}

/** `this.store` where the class declares `store: PrismaClient` (a property or an injected constructor parameter). */
function classMemberIsClient(node: ts.Node, name: string): boolean {
  let current: ts.Node | undefined = node.parent;
  while (current && !ts.isClassLike(current)) current = current.parent;
  if (!current) return false;
  for (const member of current.members) {
    if (ts.isPropertyDeclaration(member) && member.name && staticPropertyName(member.name) === name) {
      if (member.type && CLIENT_TYPE.test(member.type.getText())) return true;
      if (member.initializer && ts.isNewExpression(member.initializer) && /PrismaClient|PrismaService/.test(member.initializer.expression.getText())) return true;
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isIdentifier(parameter.name) && parameter.name.text === name && parameter.type && CLIENT_TYPE.test(parameter.type.getText())) return true;
      }
    }
  }
  return false;
}
