/**
 * tRPC procedures as values: a procedure is a chain of builder calls on `t.procedure` of a tRPC
 * instance (`initTRPC.create()` of `@trpc/server`): `.use(middleware)`, `.input(schema)`, `.meta()`,
 * ended by `.query(resolver)`, `.mutation(resolver)` or `.subscription(resolver)`. A base procedure
 * (`protectedProcedure = t.procedure.use(isAuthed)`) is followed through variables and imports with
 * the Evaluator, so `adminProcedure = protectedProcedure.use(isAdmin)` carries both checks; names
 * are never matched.
 */
import { importSpecifierOf } from "../../engine/modules.js";
import type { MemoEntry } from "../../engine/dependencies.js";
import type { ProjectModel } from "../../engine/project.js";
import { resolveIdentifier, skipOuterExpressions } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import { Evaluator, type AbsValue } from "../../engine/values.js";
import type { MiddlewareRef } from "../route.js";
import { markMiddleware } from "./checks.js";

export type ProcedureKind = "QUERY" | "MUTATION" | "SUBSCRIPTION";

export interface Procedure {
  kind: ProcedureKind;
  /** the `.query(…)` call */
  call: ts.CallExpression;
  /** the resolver as written (a function, or a name of one) */
  resolver: ts.Expression;
  /** every `.use(…)` of the chain and of the base procedures it is built on, outermost first */
  middleware: MiddlewareRef[];
  /** the `.input(schema)` calls: tRPC parses the caller's input with each before any middleware after it runs */
  inputs: ts.Expression[];
}

const RESOLVERS: Readonly<Record<string, ProcedureKind>> = { query: "QUERY", mutation: "MUTATION", subscription: "SUBSCRIPTION" };
/** builder steps that keep the procedure (and what each adds) */
const BUILDER_STEPS = new Set(["use", "input", "output", "meta", "concat", "unstable_concat"]);
const MAX_CHAIN = 32;

/** `initTRPC.create()`, `initTRPC.context<Ctx>().meta<M>().create({…})`, with `initTRPC` from `@trpc/server`. */
export function isTrpcInstance(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipOuterExpressions(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "create") return false;
  let receiver = skipOuterExpressions(callee.expression);
  while (ts.isCallExpression(receiver)) {
    const inner = skipOuterExpressions(receiver.expression);
    if (!ts.isPropertyAccessExpression(inner)) return false;
    receiver = skipOuterExpressions(inner.expression);
  }
  return ts.isIdentifier(receiver) && receiver.text === "initTRPC" && fromTrpcServer(receiver);
}

/** Whether a name is imported from `@trpc/server` (or one of its entry points). */
export function fromTrpcServer(identifier: ts.Identifier): boolean {
  const declaration = resolveIdentifier(identifier);
  if (!declaration || !(ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration))) return false;
  return /^@trpc\/server(\/|$)/.test(importSpecifierOf(declaration) ?? "");
}

/** What a value is made of, on each path: a member (`router`, `procedure`) of a tRPC instance, or the call it ends at. */
export type Origin = { kind: "member"; name: string; instance: ts.CallExpression } | { kind: "call"; call: ts.CallExpression } | { kind: "function"; fn: ts.FunctionLikeDeclaration };

export function originsOf(value: AbsValue): Origin[] {
  const options = value.kind === "oneOf" ? value.options : [value];
  const origins: Origin[] = [];
  for (const option of options) {
    if (option.kind === "function") origins.push({ kind: "function", fn: option.node });
    if (option.kind !== "unknown" || !option.node || !ts.isCallExpression(option.node)) continue;
    const path = option.path ?? [];
    if (path.length === 0) origins.push({ kind: "call", call: option.node });
    else if (path.length === 1 && isTrpcInstance(option.node)) origins.push({ kind: "member", name: path[0], instance: option.node });
  }
  return origins;
}

/** A member of a tRPC instance the expression is, on some path: `t.router`, `createTRPCRouter` (= `t.router`), `middleware`. */
export function instanceMember(expression: ts.Expression, evaluator: Evaluator): string | undefined {
  const inner = skipOuterExpressions(expression);
  // `import { mergeRouters } from "@trpc/server"`: the standalone helper.
  if (ts.isIdentifier(inner) && inner.text === "mergeRouters" && fromTrpcServer(inner)) return "mergeRouters";
  for (const origin of originsOf(evaluator.evaluate(inner))) if (origin.kind === "member") return origin.name;
  return undefined;
}

const evaluators = new WeakMap<ProjectModel, Evaluator>();

/** An Evaluator of the project for questions asked where no analysis is at hand (what a resolver's parameter holds). */
export function projectEvaluator(project: ProjectModel): Evaluator {
  let evaluator = evaluators.get(project);
  if (!evaluator) evaluators.set(project, (evaluator = new Evaluator(project)));
  return evaluator;
}

const procedureStores = new WeakMap<ProjectModel, WeakMap<ts.CallExpression, MemoEntry<Procedure | undefined>>>();

/** The procedure a `.query(…)`/`.mutation(…)`/`.subscription(…)` call ends, or undefined when the chain is no tRPC procedure. */
export function procedureOfCall(call: ts.CallExpression, evaluator: Evaluator, project: ProjectModel | undefined): Procedure | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !(callee.name.text in RESOLVERS) || call.arguments.length !== 1) return undefined;
  const compute = () => procedureChain(call, callee, evaluator);
  if (!project) return compute();
  let store = procedureStores.get(project);
  if (!store) procedureStores.set(project, (store = new WeakMap()));
  return project.dependencies.memo(store, call, compute);
}

/** The procedure whose resolver is this function (written in place as the `.query(…)` argument). */
export function procedureOfResolver(fn: ts.Node, evaluator: Evaluator, project: ProjectModel | undefined): Procedure | undefined {
  let outer = fn;
  while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent))) outer = outer.parent;
  const call = outer.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== outer) return undefined;
  return procedureOfCall(call, evaluator, project);
}

function procedureChain(call: ts.CallExpression, callee: ts.PropertyAccessExpression, evaluator: Evaluator): Procedure | undefined {
  const middleware: MiddlewareRef[] = [];
  const inputs: ts.Expression[] = [];
  let receiver = skipOuterExpressions(callee.expression);
  for (let step = 0; step < MAX_CHAIN; step++) {
    if (ts.isCallExpression(receiver)) {
      const builder = skipOuterExpressions(receiver.expression);
      if (!ts.isPropertyAccessExpression(builder) || !BUILDER_STEPS.has(builder.name.text)) return undefined;
      const argument = receiver.arguments[0];
      if (builder.name.text === "use" && argument) middleware.unshift(...middlewareRefs(argument, procedureName(receiver), evaluator));
      if (builder.name.text === "input" && argument) inputs.unshift(argument);
      receiver = skipOuterExpressions(builder.expression);
      continue;
    }
    // The base: `t.procedure`, or a name (`protectedProcedure`, imported) standing for a chain built elsewhere.
    const origins = originsOf(evaluator.evaluate(receiver));
    if (origins.some((origin) => origin.kind === "member" && origin.name === "procedure")) {
      return { kind: RESOLVERS[callee.name.text], call, resolver: call.arguments[0], middleware, inputs };
    }
    const next = origins.find((origin) => origin.kind === "call");
    if (!next || next.kind !== "call") return undefined;
    receiver = next.call;
  }
  return undefined;
}

/** The name a chain is given where it is declared (`privateProcedure = publicProcedure.use(async …)`): what an inline middleware is called. */
function procedureName(chainPart: ts.Node): string {
  let node: ts.Node = chainPart;
  while (node.parent && (ts.isCallExpression(node.parent) || ts.isPropertyAccessExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent))) node = node.parent;
  const holder = node.parent;
  if (holder && ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (holder && ts.isPropertyAssignment(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  return "(inline)";
}

/**
 * The middleware functions a `.use(…)` argument stands for: a function, `t.middleware(fn)`, a factory's
 * result (`createPermissionMiddleware(roles)`), `isUser.unstable_pipe(fn)` (both, in order). The node is
 * the middleware function itself where the engine sees it, so what it does can be judged; the name is
 * the one written at `.use(…)`, or the procedure's for a function written in place.
 */
function middlewareRefs(argument: ts.Expression, inlineName: string, evaluator: Evaluator): MiddlewareRef[] {
  const inner = skipOuterExpressions(argument);
  // `.use(middleware(async …))` (= `t.middleware`) is written in place: named after its procedure, like a function.
  const inPlace = ts.isCallExpression(inner) && instanceMember(inner.expression, evaluator) === "middleware";
  const written = ts.isIdentifier(inner) ? inner.text : ts.isPropertyAccessExpression(inner) ? inner.getText() : ts.isCallExpression(inner) && !inPlace ? calleeText(inner) : inlineName;
  const functions = middlewareFunctions(argument, evaluator, 0);
  if (functions.length === 0) return [{ name: written, node: argument }];
  for (const fn of functions) markMiddleware(fn.node);
  return functions.map((fn, index) => ({ name: index === functions.length - 1 ? written : (fn.name ?? written), node: fn.node }));
}

function calleeText(call: ts.CallExpression): string {
  const callee = skipOuterExpressions(call.expression);
  return ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) ? callee.getText().replace(/\s+/g, "") : "(inline)";
}

function middlewareFunctions(expression: ts.Expression, evaluator: Evaluator, depth: number): { node: ts.Expression; name?: string }[] {
  const inner = skipOuterExpressions(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return [{ node: inner }];
  if (depth > 4) return [];
  const name = ts.isIdentifier(inner) ? inner.text : undefined;
  for (const origin of originsOf(evaluator.evaluate(inner))) {
    if (origin.kind === "function" && (ts.isArrowFunction(origin.fn) || ts.isFunctionExpression(origin.fn))) return [{ node: origin.fn, name }];
    if (origin.kind !== "call") continue;
    const callee = skipOuterExpressions(origin.call.expression);
    const argument = origin.call.arguments[0];
    if (!argument) continue;
    // `isUser.unstable_pipe(fn)`: the piped middleware first, then the function.
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === "unstable_pipe" || callee.name.text === "pipe")) {
      return [...middlewareFunctions(callee.expression, evaluator, depth + 1), ...middlewareFunctions(argument, evaluator, depth + 1).map((fn) => ({ ...fn, name }))];
    }
    // `t.middleware(fn)`, `middleware(fn)` (= `t.middleware`), `experimental_standaloneMiddleware().create(fn)`.
    if (instanceMember(callee, evaluator) === "middleware" || (ts.isPropertyAccessExpression(callee) && callee.name.text === "create")) {
      return middlewareFunctions(argument, evaluator, depth + 1).map((fn) => ({ ...fn, name: fn.name ?? name }));
    }
  }
  return [];
}

/** The middleware of the procedure whose resolver is `fn` (written in place), outermost first; undefined when `fn` is no resolver. */
export function trpcProcedureMiddleware(fn: ts.Node, project: ProjectModel | undefined): MiddlewareRef[] | undefined {
  if (!project || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  return procedureOfResolver(fn, projectEvaluator(project), project)?.middleware;
}
