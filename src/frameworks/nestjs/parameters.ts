import { registerTextFacet, type MemoEntry } from "../../engine/dependencies.js";
import { forEachDescendant } from "../../engine/file-index.js";
import { importSpecifierOf, resolveImport } from "../../engine/modules.js";
import type { ProjectModel } from "../../engine/project.js";
import { calleeName, resolveIdentifier, skipOuterExpressions, staticPropertyName, type Declaration } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import type { AbsValue } from "../../engine/values.js";

/**
 * What NestJS passes for the decorated parameters of a controller's handler, as the request
 * expressions they stand for (`@Param("id") id` is `req.params.id`, `@CurrentUser() user` is
 * `req.user` when the decorator's function returns the request's user), and which of them a pipe
 * validated before the handler ran (`ParseIntPipe`, a `ValidationPipe` over a class-validator DTO).
 */

const NEST_COMMON = "@nestjs/common";
const NEST_CORE = "@nestjs/core";
const NEST_GRAPHQL = "@nestjs/graphql";
const CLASS_VALIDATOR = "class-validator";

/** `@nestjs/common`'s parameter decorators and the request expression each passes. */
const BUILT_IN_SOURCES: Readonly<Record<string, string>> = {
  Param: "req.params",
  Query: "req.query",
  Body: "req.body",
  Headers: "req.headers",
  Req: "req",
  Request: "req",
  Session: "req.session",
  Ip: "req.ip",
  HostParam: "req.hosts",
  Res: "res",
  Response: "res",
};

/**
 * `@nestjs/graphql`'s parameter decorators: an operation's arguments arrive in the request body (inline in the
 * query or as its variables), so `@Args("id") id` is read as `req.body.id`; `@Context("req")` is the request.
 */
const GRAPHQL_SOURCES: Readonly<Record<string, string>> = { Args: "req.body" };
/** Scalars that take any JSON: an argument of one is not shaped by the GraphQL schema. */
const JSON_SCALARS = /^(?:GraphQLJSON|GraphQLJSONObject|JSON|JSONObject|JSONResolver|JSONObjectResolver)$/;

/** Decorators whose value is a single string read by key (`@Param("id")`): a pipe that parses it makes it a scalar. */
const SCALAR_PIPES = new Set(["ParseIntPipe", "ParseFloatPipe", "ParseBoolPipe", "ParseUUIDPipe", "ParseEnumPipe", "ParseDatePipe"]);

/**
 * class-validator decorators that say nothing about a value's type or shape: a property carrying only
 * these (`@IsOptional() @IsNotEmpty() name`) can still be an object such as `{ increment: 1 }`.
 */
const SHAPELESS_VALIDATORS = new Set(["IsOptional", "ValidateIf", "Allow", "IsDefined", "IsNotEmpty", "IsEmpty", "NotEquals", "ValidateNested", "IsObject", "ValidateBy", "Validate"]);

/** What one decorated parameter of a NestJS handler is. */
export interface NestParameter {
  /** the request expression it stands for: `req.params.id`, `req.user`; undefined when not a request value */
  source: string | undefined;
  /** the built-in decorator (`Body`, `Param`…), or undefined for a project-made one */
  decorator: string | undefined;
  /** the key it reads (`@Param("id")` → `id`) */
  key: string | undefined;
  /** the pipes given to the decorator after the key */
  pipes: readonly ts.Expression[];
  /** every argument of the decorator */
  options: readonly ts.Expression[];
}

/** A cheap test on a file's text: a controller whose handlers take decorated parameters. */
export function mayPassNestRequestValues(text: string): boolean {
  return (text.includes("@Controller") || text.includes("@Resolver")) && /@\w+\(/.test(text);
}

/** What NestJS passes for a handler's decorated parameter: `@Param("id") id` is `req.params.id`. */
export function nestParameterValue(parameter: ts.ParameterDeclaration, project: ProjectModel | undefined): AbsValue | undefined {
  const described = describeNestParameter(parameter, project);
  if (!described) return undefined;
  if (described.decorator === "Context" && described.key === undefined) {
    // A resolver's `@Context() ctx`: the GraphQL context, whose `req` is the request (`ctx.req.user` is the identity).
    const request: AbsValue = { kind: "unknown", node: parameter.name, source: "req" };
    return { kind: "object", props: new Map([["req", { value: request, keyNode: parameter.name }]]), opaque: true, node: parameter.name };
  }
  if (!described.source) return undefined;
  // `@Req() req`: the handler's own text already names the request; its reads stay where they are written.
  if (described.source === "req" && ts.isIdentifier(parameter.name) && /^(?:req|request)$/.test(parameter.name.text)) return undefined;
  return { kind: "unknown", node: parameter.name, source: described.source };
}

/** The decorated parameter of a `@Controller` or `@Resolver` class's method, described; undefined for any other parameter. */
export function describeNestParameter(parameter: ts.ParameterDeclaration, project: ProjectModel | undefined): NestParameter | undefined {
  // Most parameters carry no decorator: known without looking further.
  const decorators = ts.canHaveDecorators(parameter) ? ts.getDecorators(parameter) : undefined;
  if (!decorators || decorators.length === 0) return undefined;
  const method = parameter.parent;
  if (!ts.isMethodDeclaration(method) || !ts.isClassDeclaration(method.parent)) return undefined;
  const handler = handlerClassKind(method.parent);
  if (!handler) return undefined;
  for (const decorator of decorators) {
    const call = skipOuterExpressions(decorator.expression);
    if (!ts.isCallExpression(call)) continue;
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isIdentifier(callee)) continue;
    const first = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
    const key = first && ts.isStringLiteralLike(first) ? first.text : first && ts.isObjectLiteralExpression(first) ? namedOption(first) : undefined;
    const pipes = call.arguments.slice(key === undefined ? 0 : 1);
    const builtIn = importedFrom(callee, NEST_COMMON);
    if (builtIn !== undefined) {
      const base = BUILT_IN_SOURCES[builtIn];
      if (base === undefined) continue;
      return { source: key === undefined || builtIn === "Req" || builtIn === "Request" ? base : `${base}.${key}`, decorator: builtIn, key, pipes, options: call.arguments };
    }
    const graphql = handler === "resolver" ? importedFrom(callee, NEST_GRAPHQL) : undefined;
    if (graphql !== undefined) {
      if (graphql === "Context") return { source: key === "req" || key === "request" ? "req" : undefined, decorator: graphql, key, pipes, options: call.arguments };
      const base = GRAPHQL_SOURCES[graphql];
      if (base === undefined) continue;
      return { source: key === undefined ? base : `${base}.${key}`, decorator: graphql, key, pipes, options: call.arguments };
    }
    const factory = paramDecoratorFactory(callee, project);
    if (!factory) continue;
    const path = returnedRequestPath(factory, key);
    return { source: path === undefined ? undefined : ["req", ...path].join("."), decorator: undefined, key, pipes, options: call.arguments };
  }
  return undefined;
}

/** `@Args({ name: "id", type: () => ID })`: the argument's name given in its options. */
function namedOption(options: ts.ObjectLiteralExpression): string | undefined {
  const name = options.properties.find((property) => ts.isPropertyAssignment(property) && staticPropertyName(property.name) === "name");
  const value = name && ts.isPropertyAssignment(name) ? skipOuterExpressions(name.initializer) : undefined;
  return value && ts.isStringLiteralLike(value) ? value.text : undefined;
}

/** A class decorated `@Controller(…)` from `@nestjs/common` (a controller) or `@Resolver(…)` from `@nestjs/graphql` (a resolver). */
function handlerClassKind(declaration: ts.ClassDeclaration): "controller" | "resolver" | undefined {
  for (const decorator of ts.getDecorators(declaration) ?? []) {
    const call = skipOuterExpressions(decorator.expression);
    const callee = ts.isCallExpression(call) ? skipOuterExpressions(call.expression) : call;
    if (!ts.isIdentifier(callee)) continue;
    if (importedFrom(callee, NEST_COMMON) === "Controller") return "controller";
    if (importedFrom(callee, NEST_GRAPHQL) === "Resolver") return "resolver";
  }
  return undefined;
}

/** The name an identifier was imported under from `pkg` (`import { Param as P } from "@nestjs/common"` → `Param`). */
function importedFrom(identifier: ts.Identifier, pkg: string): string | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration || !ts.isImportSpecifier(declaration) || importSpecifierOf(declaration) !== pkg) return undefined;
  return (declaration.propertyName ?? declaration.name).text;
}

/** The function given to `createParamDecorator` for a decorator named here, declared in this file or imported from the project. */
function paramDecoratorFactory(callee: ts.Identifier, project: ProjectModel | undefined): ts.FunctionLikeDeclaration | undefined {
  const declaration = resolveIdentifier(callee);
  if (!declaration) return undefined;
  let target: Declaration | ts.Expression | undefined = declaration;
  if (ts.isImportSpecifier(declaration)) {
    // A decorator of a package outside the project cannot be read: unknown, never guessed.
    target = resolveImport(project, declaration);
  }
  if (!target || !ts.isVariableDeclaration(target) || !target.initializer) return undefined;
  const call = skipOuterExpressions(target.initializer);
  if (!ts.isCallExpression(call)) return undefined;
  const creator = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(creator) || importedFrom(creator, NEST_COMMON) !== "createParamDecorator") return undefined;
  const factory = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
  return factory && (ts.isArrowFunction(factory) || ts.isFunctionExpression(factory)) ? factory : undefined;
}

/** A path below the request (`["user", "id"]`), and whether it read the decorator's `data` argument. */
interface RequestPath {
  path: string[];
  usedData: boolean;
}

/**
 * The path below the request that a param decorator's function returns on every path, the
 * decorator called with `key` (or without one): `request.user` → `["user"]`, `data ? user?.[data] : user`
 * with "id" → `["user", "id"]`. Undefined when any return is something else or the returns differ.
 */
function returnedRequestPath(factory: ts.FunctionLikeDeclaration, key: string | undefined): string[] | undefined {
  const [data] = factory.parameters;
  const returns: ts.Expression[] = [];
  if (factory.body && !ts.isBlock(factory.body)) returns.push(factory.body);
  else if (factory.body) {
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(factory.body, visit);
  }
  const found = returns.map((expression) => requestPath(expression, { data, key, depth: 0 }));
  if (found.length === 0 || found.some((path) => path === undefined)) return undefined;
  const known = found as RequestPath[];
  // `if (!data) return user; return user[data];`: the returns that read `data` apply when the decorator is given a key.
  const applying = key === undefined ? known.filter((path) => !path.usedData) : known.some((path) => path.usedData) ? known.filter((path) => path.usedData) : known;
  if (applying.length === 0) return undefined;
  const text = applying[0].path.join(".");
  return applying.every((path) => path.path.join(".") === text) ? applying[0].path : undefined;
}

interface PathContext {
  data: ts.ParameterDeclaration | undefined;
  key: string | undefined;
  depth: number;
}

function isData(expression: ts.Expression, context: PathContext): boolean {
  return ts.isIdentifier(expression) && context.data !== undefined && resolveIdentifier(expression) === context.data;
}

/** The path below the request an expression of the decorator's function reads, or undefined when it is not a read of the request. */
function requestPath(raw: ts.Expression, context: PathContext): RequestPath | undefined {
  if (context.depth > 8) return undefined;
  const next = { ...context, depth: context.depth + 1 };
  let expression = skipOuterExpressions(raw);
  if (ts.isAwaitExpression(expression)) expression = skipOuterExpressions(expression.expression);
  if (ts.isCallExpression(expression)) {
    // `ctx.switchToHttp().getRequest()`: the request itself.
    const callee = skipOuterExpressions(expression.expression);
    return ts.isPropertyAccessExpression(callee) && callee.name.text === "getRequest" ? { path: [], usedData: false } : undefined;
  }
  if (ts.isPropertyAccessExpression(expression)) {
    // `GqlExecutionContext.create(ctx).getContext().req`: the request a GraphQL operation came in.
    const object = skipOuterExpressions(expression.expression);
    if (/^(?:req|request)$/.test(expression.name.text) && ts.isCallExpression(object) && calleeName(object) === "getContext") return { path: [], usedData: false };
    const base = requestPath(expression.expression, next);
    return base && { path: [...base.path, expression.name.text], usedData: base.usedData };
  }
  if (ts.isElementAccessExpression(expression)) {
    const argument = skipOuterExpressions(expression.argumentExpression);
    const base = requestPath(expression.expression, next);
    if (!base) return undefined;
    if (ts.isStringLiteralLike(argument)) return { path: [...base.path, argument.text], usedData: base.usedData };
    // `user[data]`: the key the decorator is given; without one this return is for another use.
    if (isData(argument, context)) return { path: [...base.path, context.key ?? "[data]"], usedData: true };
    return undefined;
  }
  if (ts.isConditionalExpression(expression)) {
    // `data ? user[data] : user`: the branch this use takes.
    const condition = skipOuterExpressions(expression.condition);
    const negated = ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken;
    const tested = negated ? skipOuterExpressions((condition as ts.PrefixUnaryExpression).operand) : condition;
    if (!isData(tested, context)) return undefined;
    const given = context.key !== undefined;
    return requestPath(given !== negated ? expression.whenTrue : expression.whenFalse, next);
  }
  if (ts.isBinaryExpression(expression) && (expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    // `request.user ?? null`: the fallback is no other value the caller could choose.
    const right = skipOuterExpressions(expression.right);
    const empty = right.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(right) && right.text === "undefined");
    return empty ? requestPath(expression.left, next) : undefined;
  }
  if (ts.isIdentifier(expression)) {
    const declaration = resolveIdentifier(expression);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && isConst(declaration)) return requestPath(declaration.initializer, next);
    // `const { user } = request`
    if (declaration && ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && !declaration.dotDotDotToken) {
      const holder = declaration.parent.parent;
      const name = declaration.propertyName ? staticPropertyName(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
      if (name === undefined || !ts.isVariableDeclaration(holder) || !holder.initializer || !isConst(holder)) return undefined;
      const base = requestPath(holder.initializer, next);
      return base && { path: [...base.path, name], usedData: base.usedData };
    }
  }
  return undefined;
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

// ---------------------------------------------------------------------------------------------
// Validation: what a pipe checked before the handler ran.

/** The options of the `ValidationPipe`s that apply to a parameter (none: no such pipe applies). */
interface PipeOptions {
  /** `whitelist` or `forbidNonWhitelisted`: keys without a class-validator decorator do not get through */
  whitelist: boolean;
  /** `transform`: a keyed query or path value typed `string`, `number` or `boolean` is converted to it */
  transform: boolean;
}

/**
 * Whether the pipes NestJS runs for this handler parameter validated the request input read from it,
 * `field` below it (`[]` for the parameter's whole value):
 * - a key read through a parsing pipe (`@Param("id", ParseIntPipe)`) is a scalar;
 * - under a `ValidationPipe` (global `useGlobalPipes`, an `APP_PIPE` provider, `@UsePipes` on the
 *   class or method, or given to the decorator) a parameter typed by a class whose properties carry
 *   class-validator decorators is validated: a field read from it when that property's decorators
 *   fix its type, the whole object only with `whitelist` (or `forbidNonWhitelisted`), since without
 *   it the object keeps every key the client sent.
 */
export function nestValidates(parameter: ts.ParameterDeclaration, field: readonly string[], project: ProjectModel | undefined): boolean {
  const described = describeNestParameter(parameter, project);
  if (!described || described.decorator === undefined) return false;
  // GraphQL checks every argument against the schema: a scalar is a scalar, an input object has only its declared fields.
  if (described.decorator === "Args") return !described.options.some(namesJsonScalar);
  if (described.key !== undefined && described.pipes.some((pipe) => SCALAR_PIPES.has(pipeName(pipe) ?? ""))) return true;
  const options = validationPipes(parameter, described, project);
  if (!options) return false;
  // `@Query("page") page: number` under `transform: true`: NestJS converts the value to the declared primitive.
  if (described.key !== undefined && options.transform && (described.decorator === "Query" || described.decorator === "Param") && isPrimitiveType(parameter.type)) return true;
  const dto = parameter.type && dtoClass(parameter.type, project);
  if (!dto) return false;
  const properties = validatedProperties(dto, project, 0);
  if (properties.size === 0) return false;
  if (described.key !== undefined) {
    // `@Body("item") item: ItemDto`: the key's value is the class instance the pipe validated.
    return field.length === 0 ? options.whitelist : properties.get(field[0]) === true;
  }
  if (field.length === 0) return options.whitelist;
  return properties.get(field[0]) === true;
}

/** `{ type: () => GraphQLJSON }`: the argument takes any JSON value. */
function namesJsonScalar(options: ts.Expression): boolean {
  let found = false;
  forEachDescendant(options, (node) => {
    if (ts.isIdentifier(node) && JSON_SCALARS.test(node.text)) found = true;
  });
  return found;
}

function isPrimitiveType(type: ts.TypeNode | undefined): boolean {
  return type !== undefined && (type.kind === ts.SyntaxKind.StringKeyword || type.kind === ts.SyntaxKind.NumberKeyword || type.kind === ts.SyntaxKind.BooleanKeyword);
}

/** `ParseIntPipe`, `new ParseIntPipe(…)`, `ValidationPipe`, `new ValidationPipe({…})` → the class name. */
function pipeName(pipe: ts.Expression): string | undefined {
  const expression = skipOuterExpressions(pipe);
  const named = ts.isNewExpression(expression) ? skipOuterExpressions(expression.expression) : expression;
  return ts.isIdentifier(named) ? named.text : undefined;
}

/** The ValidationPipes that run for this parameter, merged; undefined when none does. */
function validationPipes(parameter: ts.ParameterDeclaration, described: NestParameter, project: ProjectModel | undefined): PipeOptions | undefined {
  const method = parameter.parent as ts.MethodDeclaration;
  const found: PipeOptions[] = [];
  for (const pipe of described.pipes) {
    const options = validationPipeOptions(pipe, project);
    if (options) found.push(options);
  }
  for (const holder of [method, method.parent as ts.ClassDeclaration]) {
    for (const decorator of ts.getDecorators(holder) ?? []) {
      const call = skipOuterExpressions(decorator.expression);
      if (!ts.isCallExpression(call) || !ts.isIdentifier(skipOuterExpressions(call.expression))) continue;
      if (importedFrom(skipOuterExpressions(call.expression) as ts.Identifier, NEST_COMMON) !== "UsePipes") continue;
      for (const pipe of call.arguments) {
        const options = validationPipeOptions(pipe, project);
        if (options) found.push(options);
      }
    }
  }
  if (project) found.push(...globalValidationPipes(project));
  if (found.length === 0) return undefined;
  return { whitelist: found.some((options) => options.whitelist), transform: found.some((options) => options.transform) };
}

/** `ValidationPipe` or `new ValidationPipe({ whitelist: true })` (or a project class extending it): its options; undefined for any other pipe. */
function validationPipeOptions(pipe: ts.Expression, project: ProjectModel | undefined): PipeOptions | undefined {
  const expression = skipOuterExpressions(pipe);
  const named = ts.isNewExpression(expression) ? skipOuterExpressions(expression.expression) : expression;
  if (!ts.isIdentifier(named) || !isValidationPipeClass(named, project, 0)) return undefined;
  const argument = ts.isNewExpression(expression) ? expression.arguments?.[0] : undefined;
  if (argument) return { whitelist: optionSet(argument, /^(?:whitelist|forbidNonWhitelisted)$/), transform: optionSet(argument, /^transform$/) };
  return { whitelist: subclassSets(named, project, /^(?:whitelist|forbidNonWhitelisted)$/), transform: subclassSets(named, project, /^transform$/) };
}

function isValidationPipeClass(identifier: ts.Identifier, project: ProjectModel | undefined, depth: number): boolean {
  if (importedFrom(identifier, NEST_COMMON) === "ValidationPipe") return true;
  if (depth > 3) return false;
  const declaration = classOf(identifier, project);
  const base = declaration && baseClassName(declaration);
  return base !== undefined && isValidationPipeClass(base, project, depth + 1);
}

/** `class AppValidationPipe extends ValidationPipe { constructor() { super({ whitelist: true }) } }`. */
function subclassSets(identifier: ts.Identifier, project: ProjectModel | undefined, option: RegExp): boolean {
  const declaration = classOf(identifier, project);
  if (!declaration) return false;
  let set = false;
  forEachDescendant(declaration, (node) => {
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword && node.arguments[0]) set ||= optionSet(node.arguments[0], option);
  });
  return set;
}

/** `{ whitelist: true }`: an option set to true, written inline or as a constant of the file. */
function optionSet(options: ts.Expression, option: RegExp): boolean {
  let object = skipOuterExpressions(options);
  if (ts.isIdentifier(object)) {
    const declaration = resolveIdentifier(object);
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) object = skipOuterExpressions(declaration.initializer);
  }
  if (!ts.isObjectLiteralExpression(object)) return false;
  return object.properties.some(
    (property) =>
      ts.isPropertyAssignment(property) &&
      option.test(staticPropertyName(property.name) ?? "") &&
      skipOuterExpressions(property.initializer).kind === ts.SyntaxKind.TrueKeyword,
  );
}

const GLOBAL_PIPES_FACET = "nestjs-global-pipes";
const GLOBAL_PIPES_SHAPED = /useGlobalPipes|APP_PIPE/;
registerTextFacet(GLOBAL_PIPES_FACET, GLOBAL_PIPES_SHAPED);

const globalStores = new WeakMap<ProjectModel, Map<string, MemoEntry<readonly PipeOptions[]>>>();

/**
 * The ValidationPipes every handler of the project runs: `app.useGlobalPipes(new ValidationPipe(…))`
 * and `{ provide: APP_PIPE, useClass: ValidationPipe }` / `useValue`/`useFactory` building one.
 * Memoised with what it read: files that keep not naming either are not read again.
 */
function globalValidationPipes(project: ProjectModel): readonly PipeOptions[] {
  let store = globalStores.get(project);
  if (!store) globalStores.set(project, (store = new Map()));
  return project.dependencies.memo(store, "", () => {
    const found: PipeOptions[] = [];
    for (const fileName of project.programFiles) {
      if (!project.textMatches(fileName, GLOBAL_PIPES_FACET)) continue;
      const sourceFile = project.getSourceFile(fileName);
      if (!sourceFile) continue;
      forEachDescendant(sourceFile, (node) => {
        if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "useGlobalPipes") {
          for (const pipe of node.arguments) {
            const options = validationPipeOptions(pipe, project);
            if (options) found.push(options);
          }
        }
        if (ts.isObjectLiteralExpression(node) && providesAppPipe(node)) {
          forEachDescendant(node, (inner) => {
            if (ts.isNewExpression(inner) || (ts.isPropertyAssignment(inner) && staticPropertyName(inner.name) === "useClass")) {
              const options = validationPipeOptions(ts.isPropertyAssignment(inner) ? inner.initializer : inner, project);
              if (options) found.push(options);
            }
          });
        }
      });
    }
    return found;
  });
}

function providesAppPipe(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some((property) => {
    if (!ts.isPropertyAssignment(property) || staticPropertyName(property.name) !== "provide") return false;
    const value = skipOuterExpressions(property.initializer);
    return ts.isIdentifier(value) && importedFrom(value, NEST_CORE) === "APP_PIPE";
  });
}

/** The class a parameter's type names (`CreateItemDto`), in this file or imported from the project; undefined for arrays, interfaces, literals, `any`. */
function dtoClass(type: ts.TypeNode, project: ProjectModel | undefined): ts.ClassDeclaration | undefined {
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeArguments) return undefined;
  return classOf(type.typeName, project);
}

/** The class declaration a name refers to, in this file or through an import of the project. */
function classOf(identifier: ts.Identifier, project: ProjectModel | undefined): ts.ClassDeclaration | undefined {
  const declaration = resolveIdentifier(identifier);
  if (!declaration) return undefined;
  if (ts.isClassDeclaration(declaration)) return declaration;
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration)) {
    const target = resolveImport(project, declaration);
    return target && ts.isClassDeclaration(target) ? target : undefined;
  }
  return undefined;
}

/** `extends Base` → `Base`; `extends PartialType(Base)` (and `PickType`, `OmitType`, `IntersectionType`) → `Base`. */
function baseClassName(declaration: ts.ClassDeclaration): ts.Identifier | undefined {
  return baseClassNames(declaration)[0];
}

function baseClassNames(declaration: ts.ClassDeclaration): ts.Identifier[] {
  const clause = declaration.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
  return clause?.types[0] ? mappedFrom(clause.types[0].expression, 0) : [];
}

/** `Base`, or the classes a mapped type is built from: `PartialType(OmitType(CreateDto, ["id"]))` → `CreateDto` (they copy its validation metadata). */
function mappedFrom(raw: ts.Expression, depth: number): ts.Identifier[] {
  const expression = skipOuterExpressions(raw);
  if (ts.isIdentifier(expression)) return [expression];
  if (depth > 4 || !ts.isCallExpression(expression) || !MAPPED_TYPES.test(ts.isIdentifier(expression.expression) ? expression.expression.text : "")) return [];
  return expression.arguments.flatMap((argument) => mappedFrom(argument, depth + 1));
}

const MAPPED_TYPES = /^(?:PartialType|PickType|OmitType|IntersectionType)$/;

/**
 * A DTO class's properties that carry class-validator decorators (its own and its base classes'):
 * true when one of them fixes the property's type or shape (`@IsString()`, `@IsInt()`, `@IsIn([…])`),
 * false when they only say it is optional or present.
 */
function validatedProperties(declaration: ts.ClassDeclaration, project: ProjectModel | undefined, depth: number): Map<string, boolean> {
  const properties = new Map<string, boolean>();
  if (depth > 4) return properties;
  for (const base of baseClassNames(declaration)) {
    const baseClass = classOf(base, project);
    if (baseClass) for (const [name, typed] of validatedProperties(baseClass, project, depth + 1)) properties.set(name, typed);
  }
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const name = staticPropertyName(member.name);
    if (name === undefined) continue;
    const validators = (ts.getDecorators(member) ?? []).flatMap((decorator) => {
      const call = skipOuterExpressions(decorator.expression);
      const callee = ts.isCallExpression(call) ? skipOuterExpressions(call.expression) : call;
      const imported = ts.isIdentifier(callee) ? importedFrom(callee, CLASS_VALIDATOR) : undefined;
      return imported === undefined ? [] : [imported];
    });
    if (validators.length === 0) continue;
    properties.set(name, validators.some((validator) => !SHAPELESS_VALIDATORS.has(validator)) || nestedClassValidated(member, validators, project, depth));
  }
  return properties;
}

/** `@ValidateNested() @Type(() => ItemDto) item: ItemDto`: a nested class that is itself validated fixes the property's shape. */
function nestedClassValidated(member: ts.PropertyDeclaration, validators: readonly string[], project: ProjectModel | undefined, depth: number): boolean {
  if (!validators.includes("ValidateNested") || !member.type) return false;
  const type = ts.isArrayTypeNode(member.type) ? member.type.elementType : member.type;
  const nested = dtoClass(type, project);
  return nested !== undefined && validatedProperties(nested, project, depth + 1).size > 0;
}
