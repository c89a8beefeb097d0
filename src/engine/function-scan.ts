/** Small questions about the code of one function, asked by several rules and facts. */
import { forEachDescendant, isNestedScopeKind, kindSet, SKIP_CHILDREN, type KindSet } from "./file-index.js";
import { enclosingFunction, skipOuterExpressions } from "./scope.js";
import { ts } from "./ts.js";

const NESTED_SCOPES = kindSet(isNestedScopeKind);

/** Whether `test` holds of a node of `kinds` that ends before `position`, in the function around it (not in nested functions). */
export function someNodeBefore(position: ts.Node, kinds: KindSet, test: (node: ts.Node) => boolean): boolean {
  const body = (enclosingFunction(position) as ts.FunctionLikeDeclaration | undefined)?.body;
  if (!body) return false;
  let found = false;
  forEachDescendant(body, (node) => {
    if (node.pos >= position.pos) return "stop";
    if (NESTED_SCOPES[node.kind] === 1) return SKIP_CHILDREN;
    if (kinds[node.kind] === 1 && node.end <= position.pos && test(node)) {
      found = true;
      return "stop";
    }
    return undefined;
  });
  return found;
}

/** The call an inline callback is given to: `prisma.$transaction(async (tx) => …)`. */
export function callTaking(fn: ts.SignatureDeclaration): ts.CallExpression | undefined {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const parent = skipParentExpressions(fn);
  return ts.isCallExpression(parent) && parent.arguments.some((argument) => skipOuterExpressions(argument) === fn) ? parent : undefined;
}

/** The statement an expression is the whole of: `await requireAdmin(user)` → its expression statement. */
export function skipParentExpressions(node: ts.Node): ts.Node {
  let current = node.parent;
  while (ts.isAwaitExpression(current) || ts.isParenthesizedExpression(current)) current = current.parent;
  return current;
}
