/**
 * What tRPC passes a resolver: one object, `{ ctx, input }` (also read as `opts.ctx`, `opts.input`).
 * `input` is the caller's value (`req.body` for a mutation, `req.query` for a query or a subscription,
 * so the rules judge it as they judge Express's); the identity in `ctx` (`ctx.session.user`, `ctx.user`,
 * `ctx.auth`, `ctx.userId`, `ctx.session.userId`) is the caller's identity (`req.user`, `req.auth`).
 * Anything else in `ctx` (`ctx.prisma`, `ctx.db`, a value a middleware added) stays unknown.
 */
import type { ProjectModel } from "../../engine/project.js";
import { ts } from "../../engine/ts.js";
import type { AbsValue, ObjectValue, UnknownValue } from "../../engine/values.js";
import { procedureOfResolver, projectEvaluator } from "./procedures.js";

export function trpcParameterValue(parameter: ts.ParameterDeclaration, project: ProjectModel | undefined): AbsValue | undefined {
  const fn = parameter.parent;
  if (!project || fn.parameters[0] !== parameter || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const procedure = procedureOfResolver(fn, projectEvaluator(project), project);
  if (!procedure) return undefined;
  // Where a finding about the value goes: the name it is bound to (`input` of `{ ctx, input }`, or `opts`).
  const boundTo = (key: string): ts.Node => {
    if (!ts.isObjectBindingPattern(parameter.name)) return parameter.name;
    const element = parameter.name.elements.find((candidate) => {
      const name = candidate.propertyName ?? candidate.name;
      return ts.isIdentifier(name) && name.text === key;
    });
    return element && ts.isIdentifier(element.name) ? element.name : parameter.name;
  };
  const at = boundTo("ctx");
  const input = standsFor(boundTo("input"), procedure.kind === "MUTATION" ? "req.body" : "req.query");
  const user = standsFor(at, "req.user");
  const ctx = object(at, {
    session: object(at, { user, userId: standsFor(at, "req.user.id") }),
    user,
    auth: standsFor(at, "req.auth"),
    userId: standsFor(at, "req.user.id"),
  });
  return object(at, { input, ctx });
}

function standsFor(node: ts.Node, source: string): UnknownValue {
  return { kind: "unknown", node, source };
}

/** An object the engine knows only some properties of: any other property is unknown. */
function object(node: ts.Node, props: Record<string, AbsValue>): ObjectValue {
  return { kind: "object", node, opaque: true, props: new Map(Object.entries(props).map(([key, value]) => [key, { value, keyNode: node }])) };
}
