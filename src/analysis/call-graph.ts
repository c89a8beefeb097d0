import path from "node:path";
import { resolveMethodCall } from "../engine/callers.js";
import type { QuerySite } from "../engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import type { AbsValue } from "../engine/values.js";

/**
 * Which functions a function calls and which Prisma queries it runs: the call graph the
 * endpoint inventory walks from each handler down to the database. Functions are resolved
 * without the type checker: imported and local functions and `this.method` through the
 * Evaluator, calls on class instances (`this.items.list()`, `repo.find()`,
 * `new Repo().find()`) through `resolveMethodCall`. Nested callbacks (`$transaction(async (tx) => …)`,
 * `rows.map(…)`) belong to the function they are written in.
 */

/** A function the graph knows about: it has a body to look into. */
export type GraphFunction = ts.FunctionLikeDeclaration & { body: ts.ConciseBody };

export interface CallEdge {
  callee: GraphFunction;
  /** the call (or the reference, for a function passed as a callback) that leads there */
  via: ts.Node;
}

/** How a walk reached a function: the one it was called from, `undefined` for a root. */
export interface Reach {
  parent: GraphFunction | undefined;
  depth: number;
}

/** The default depth cap of a walk: handler → service → repository → helper is 3. */
export const MAX_CALL_DEPTH = 8;

export class CallGraph {
  private readonly calleeCache = new Map<ts.Node, CallEdge[]>();
  private readonly siteCache = new Map<ts.Node, QuerySite[]>();
  /** how many function bodies were scanned: tests count work, not time */
  scanned = 0;

  constructor(private readonly analysis: AnalysisContext) {}

  /** The functions `fn` calls (or hands on as callbacks), in source order, each once. Cached per function. */
  callees(fn: GraphFunction): CallEdge[] {
    let edges = this.calleeCache.get(fn);
    if (!edges) {
      edges = this.collectCallees(fn);
      this.calleeCache.set(fn, edges);
    }
    return edges;
  }

  /** The Prisma query sites written in `fn`'s body (callbacks inside it included), in source order. */
  sitesIn(fn: GraphFunction): QuerySite[] {
    let sites = this.siteCache.get(fn);
    if (!sites) {
      const body = fn.body;
      sites = querySitesOf(fn.getSourceFile(), this.analysis).filter((site) => site.call.pos >= body.pos && site.call.end <= body.end);
      this.siteCache.set(fn, sites);
    }
    return sites;
  }

  /**
   * Every function reachable from `roots`, breadth first (so each is reached by a shortest
   * path), at most `maxDepth` calls deep. A worklist, not recursion: recursive and
   * mutually recursive functions are visited once.
   */
  reach(roots: readonly GraphFunction[], maxDepth = MAX_CALL_DEPTH): Map<GraphFunction, Reach> {
    const reached = new Map<GraphFunction, Reach>();
    const worklist: GraphFunction[] = [];
    for (const root of roots) {
      if (reached.has(root)) continue;
      reached.set(root, { parent: undefined, depth: 0 });
      worklist.push(root);
    }
    for (let index = 0; index < worklist.length; index++) {
      const fn = worklist[index];
      const { depth } = reached.get(fn)!;
      if (depth >= maxDepth) continue;
      for (const { callee } of this.callees(fn)) {
        if (reached.has(callee)) continue;
        reached.set(callee, { parent: fn, depth: depth + 1 });
        worklist.push(callee);
      }
    }
    return reached;
  }

  /** The functions a value stands for: a function, or each function of a `oneOf`. */
  functionsOf(value: AbsValue): GraphFunction[] {
    const options = value.kind === "oneOf" ? value.options : [value];
    return options.flatMap((option) => (option.kind === "function" && hasBody(option.node) ? [option.node] : []));
  }

  /**
   * The function an expression names when used as a value: `listItems`, `ctrl.list`,
   * `this.list`, `items.list` on a class instance, `ctrl.list.bind(ctrl)`.
   */
  functionReference(expression: ts.Expression): GraphFunction[] {
    const inner = skipOuterExpressions(expression);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return [inner];
    if (ts.isCallExpression(inner)) {
      const callee = skipOuterExpressions(inner.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "bind") return this.functionReference(callee.expression);
      return [];
    }
    if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return [];
    if (ts.isIdentifier(inner) && !mayHoldFunction(inner)) return [];
    const functions = this.functionsOf(this.analysis.evaluator.evaluate(inner));
    if (functions.length > 0) return functions;
    if (ts.isPropertyAccessExpression(inner)) {
      // `ctrl.list` on a class instance: the same receiver rules as a call `ctrl.list()`.
      const method = resolveMethodCall(this.analysis.project, asCallOf(inner));
      return method && hasBody(method) ? [method] : [];
    }
    return [];
  }

  private collectCallees(fn: GraphFunction): CallEdge[] {
    this.scanned++;
    const edges: CallEdge[] = [];
    const seen = new Set<ts.Node>();
    const add = (callee: GraphFunction, via: ts.Node) => {
      if (seen.has(callee) || callee === fn) return;
      seen.add(callee);
      edges.push({ callee, via });
    };
    const sites = new Set<ts.Node>(this.sitesIn(fn).map((site) => site.call));
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && !sites.has(node)) {
        for (const callee of this.calleesOfCall(node)) add(callee, node);
        for (const argument of node.arguments) {
          // A function handed on as a callback (`rows.map(present)`, `asyncHandler(list)`) is run by the callee.
          if (ts.isIdentifier(argument) || (ts.isPropertyAccessExpression(argument) && argument.expression.kind === ts.SyntaxKind.ThisKeyword)) {
            for (const callee of this.functionReference(argument)) add(callee, argument);
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
    return edges;
  }

  private calleesOfCall(call: ts.CallExpression): GraphFunction[] {
    const callee = skipOuterExpressions(call.expression);
    // A cheap syntactic filter: only names and member accesses can name a function of the project.
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee) && !ts.isElementAccessExpression(callee)) return [];
    if (ts.isIdentifier(callee) && !mayHoldFunction(callee)) return [];
    const method = ts.isPropertyAccessExpression(callee) ? resolveMethodCall(this.analysis.project, call) : undefined;
    if (method && hasBody(method)) return [method];
    return this.functionsOf(this.analysis.evaluator.evaluate(callee));
  }
}

export function hasBody(fn: ts.FunctionLikeDeclaration): fn is GraphFunction {
  return fn.body !== undefined;
}

/**
 * Parameters are what callers pass; following them from every call would walk the whole
 * program. A function parameter is rare in a handler's call tree; skip them.
 */
function mayHoldFunction(identifier: ts.Identifier): boolean {
  const declaration = resolveIdentifier(identifier);
  return !!declaration && !ts.isParameter(declaration) && !ts.isBindingElement(declaration);
}

/** `resolveMethodCall` reads only the callee of a call: a reference `ctrl.list` resolves as the call `ctrl.list()` would. */
function asCallOf(access: ts.PropertyAccessExpression): ts.CallExpression {
  return { expression: access, arguments: [] } as unknown as ts.CallExpression;
}

/**
 * How a function is named in traces and tables: `ItemService.get` for a method (or a class
 * property holding an arrow function), the name of a function or of the variable holding it,
 * `items.list` for a method of an object literal held by a variable, `(inline)` otherwise.
 */
export function functionLabel(fn: ts.FunctionLikeDeclaration): string {
  const className = (node: ts.Node) => (ts.isClassLike(node) ? (node.name?.text ?? "(class)") : undefined);
  if (ts.isConstructorDeclaration(fn)) return `${className(fn.parent) ?? "(class)"}.constructor`;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    const name = staticPropertyName(fn.name) ?? "(computed)";
    const owner = className(fn.parent);
    if (owner) return `${owner}.${name}`;
    return ts.isObjectLiteralExpression(fn.parent) ? objectMemberLabel(fn.parent, name) : name;
  }
  if (ts.isFunctionDeclaration(fn)) {
    if (fn.name) return fn.name.text;
    return path.basename(fn.getSourceFile().fileName).replace(/\.[cm]?[jt]sx?$/, "");
  }
  if (ts.isFunctionExpression(fn) && fn.name) return fn.name.text;
  const holder = fn.parent;
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (ts.isPropertyDeclaration(holder) && holder.name) {
    const name = staticPropertyName(holder.name) ?? "(computed)";
    return `${className(holder.parent) ?? "(class)"}.${name}`;
  }
  if (ts.isPropertyAssignment(holder)) return objectMemberLabel(holder.parent, staticPropertyName(holder.name) ?? "(computed)");
  return "(inline)";
}

function objectMemberLabel(literal: ts.ObjectLiteralExpression, name: string): string {
  const holder = literal.parent;
  return ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name) ? `${holder.name.text}.${name}` : name;
}

/** Where a function is named in the source: its name, or its start for an anonymous one. */
export function functionNameNode(fn: ts.FunctionLikeDeclaration): ts.Node {
  if (fn.name) return fn.name;
  const holder = fn.parent;
  if ((ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) && holder.name) return holder.name;
  return fn;
}
