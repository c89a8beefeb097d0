import { ts } from "./ts.js";

/**
 * What rules look for in every file, found in one walk of a parse and shared: the calls (query
 * sites, route registrations, calls that pass values on) and the functions with a body. Walking
 * all 1.7 million nodes of a 1000-module project costs as much as a cheap rule's own work, so
 * rules read these lists instead of walking the tree themselves.
 */
export interface FileIndex {
  /** every call, in source order with an outer call before the calls inside it */
  calls: readonly ts.CallExpression[];
  /** every call and tagged template (`` prisma.$queryRaw`…` ``) with the expression it calls, in the same order */
  invocations: readonly Invocation[];
  /** every function, method, accessor or constructor with a body, an outer one before those inside it */
  functions: readonly (ts.FunctionLikeDeclaration & { body: ts.ConciseBody })[];
  /** every node below the source file in pre-order: a node before its descendants, siblings in source order */
  nodes: readonly ts.Node[];
  /** `nodes[i]`'s descendants are `nodes[i + 1]` up to `nodes[ends[i] - 1]` */
  ends: readonly number[];
}

export interface Invocation {
  node: ts.CallExpression | ts.TaggedTemplateExpression;
  /** the call's expression, or the template's tag */
  callee: ts.Expression;
}

const byParse = new WeakMap<ts.SourceFile, FileIndex>();

export function fileIndexOf(sourceFile: ts.SourceFile): FileIndex {
  return byParse.get(sourceFile) ?? buildIndex(sourceFile, false);
}

/**
 * Indexes a parse made without parent links (`setParentNodes: false`) and links each node to its
 * parent in the same walk: TypeScript's own linking is a second walk of every node, as costly as
 * the index's. Only the engine's parses come here; ESLint's parser links its own.
 */
export function indexAndLinkParents(sourceFile: ts.SourceFile): void {
  buildIndex(sourceFile, true);
}

function buildIndex(sourceFile: ts.SourceFile, linkParents: boolean): FileIndex {
  const calls: ts.CallExpression[] = [];
  const invocations: Invocation[] = [];
  const functions: (ts.FunctionLikeDeclaration & { body: ts.ConciseBody })[] = [];
  const nodes: ts.Node[] = [];
  const ends: number[] = [];
  // A worklist, not recursion: valid code can nest deeper than the call stack (a 2,000-term
  // concatenation, 700 nested parentheses). A frame is visited when first on top (`at` < 0), and
  // closed (its descendants' end recorded) when on top again after them.
  const stack: { node: ts.Node; parent: ts.Node; at: number }[] = [];
  const pushChildren = (parent: ts.Node): void => {
    const first = stack.length;
    ts.forEachChild(parent, (node) => {
      stack.push({ node, parent, at: -1 });
    });
    // pre-order: the first child on top
    for (let low = first, high = stack.length - 1; low < high; low++, high--) [stack[low], stack[high]] = [stack[high], stack[low]];
  };
  pushChildren(sourceFile);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.at >= 0) {
      ends[frame.at] = nodes.length;
      stack.pop();
      continue;
    }
    const { node } = frame;
    if (linkParents) (node as { parent: ts.Node }).parent = frame.parent;
    frame.at = nodes.length;
    nodes.push(node);
    ends.push(0);
    if (node.kind === ts.SyntaxKind.CallExpression) {
      calls.push(node as ts.CallExpression);
      invocations.push({ node: node as ts.CallExpression, callee: (node as ts.CallExpression).expression });
    } else if (node.kind === ts.SyntaxKind.TaggedTemplateExpression) {
      invocations.push({ node: node as ts.TaggedTemplateExpression, callee: (node as ts.TaggedTemplateExpression).tag });
    } else if (ts.isFunctionLike(node) && "body" in node && node.body) functions.push(node as ts.FunctionLikeDeclaration & { body: ts.ConciseBody });
    pushChildren(node);
  }
  const index: FileIndex = { calls, invocations, functions, nodes, ends };
  byParse.set(sourceFile, index);
  return index;
}

/** The calls of a file whose start lies in `[from, to)`, in source order: a binary search in the file's index, not a scan. */
export function callsStartingIn(sourceFile: ts.SourceFile, from: number, to: number): readonly ts.CallExpression[] {
  const { calls } = fileIndexOf(sourceFile);
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (calls[middle].pos < from) low = middle + 1;
    else high = middle;
  }
  let end = low;
  while (end < calls.length && calls[end].pos < to) end++;
  return calls.slice(low, end);
}

/** What a `forEachDescendant` visitor returns to leave out a node's own descendants. */
export const SKIP_CHILDREN = true;

/** Syntax kinds a scan looks at, as a lookup table: `kinds[node.kind] === 1`. */
export type KindSet = Uint8Array;

/** The kinds listed and the kinds a listed test accepts, decided once per scan site rather than per node. */
export function kindSet(...members: (ts.SyntaxKind | ((kind: ts.SyntaxKind) => boolean))[]): KindSet {
  const includes = (kind: ts.SyntaxKind) => members.some((member) => (typeof member === "number" ? member === kind : member(kind)));
  return Uint8Array.from({ length: ts.SyntaxKind.Count }, (_, kind) => (includes(kind) ? 1 : 0));
}

const LEAF_KINDS = kindSet(
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PrivateIdentifier,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  (kind) => kind >= ts.SyntaxKind.FirstKeyword && kind <= ts.SyntaxKind.LastKeyword,
);

/** Function-like and class-like kinds: where a scan of one function's own code stops. */
export function isNestedScopeKind(kind: ts.SyntaxKind): boolean {
  const node = { kind } as ts.Node;
  return ts.isFunctionLike(node) || ts.isClassLike(node);
}

/**
 * Calls `visit` for every node below `root` in pre-order (what a recursive `ts.forEachChild`
 * walk visits, in its order), over the file index's flat node list: a scan of an array rather
 * than a recursion through TypeScript's child visitors. `visit` returns `SKIP_CHILDREN` to leave
 * out a node's descendants (a nested function), or "stop" to end the walk. With `kinds`, only
 * nodes of those kinds are visited: the others cost a table lookup, not a call.
 */
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => boolean | "stop" | void, kinds?: KindSet): void {
  // Names and literals, the commonest roots, have no children: no need to find them in the index.
  if (LEAF_KINDS[root.kind] === 1) return;
  const { nodes, ends } = fileIndexOf(root.getSourceFile());
  const start = startOf(nodes, root);
  if (start === undefined) {
    walkChildren(root, visit, kinds);
    return;
  }
  const end = start === -1 ? nodes.length : ends[start];
  for (let next = start + 1; next < end; ) {
    const node = nodes[next];
    if (kinds && kinds[node.kind] !== 1) {
      next++;
      continue;
    }
    const verdict = visit(node);
    if (verdict === "stop") return;
    next = verdict === SKIP_CHILDREN ? ends[next] : next + 1;
  }
}

/** Whether `test` holds of some node below `root` (see `forEachDescendant`); asked often of small subtrees, so a loop of its own. */
export function someDescendant(root: ts.Node, test: (node: ts.Node) => boolean, kinds?: KindSet): boolean {
  if (LEAF_KINDS[root.kind] === 1) return false;
  const { nodes, ends } = fileIndexOf(root.getSourceFile());
  const start = startOf(nodes, root);
  if (start === undefined) return walkChildren(root, (node) => (test(node) ? "stop" : undefined), kinds);
  const end = start === -1 ? nodes.length : ends[start];
  for (let next = start + 1; next < end; next++) {
    const node = nodes[next];
    if ((!kinds || kinds[node.kind] === 1) && test(node)) return true;
  }
  return false;
}

/** Where a scan of `root`'s descendants starts in the node list: -1 for the whole file, undefined for a node not in it. */
function startOf(nodes: readonly ts.Node[], root: ts.Node): number | undefined {
  return root.kind === ts.SyntaxKind.SourceFile ? -1 : indexOfNode(nodes, root);
}

/** `forEachDescendant` for a node that is not in its file's index (a tree built by hand), by recursion. */
function walkChildren(root: ts.Node, visit: (node: ts.Node) => boolean | "stop" | void, kinds: KindSet | undefined): boolean {
  return (
    ts.forEachChild(root, (child) => {
      if (kinds && kinds[child.kind] !== 1) return walkChildren(child, visit, kinds) || undefined;
      const verdict = visit(child);
      if (verdict === "stop") return true;
      return verdict === SKIP_CHILDREN ? undefined : walkChildren(child, visit, kinds) || undefined;
    }) ?? false
  );
}

/** A node's place in the pre-order list, found by its start: the list is sorted by `pos`, ties being a node and its first descendants. */
function indexOfNode(nodes: readonly ts.Node[], node: ts.Node): number | undefined {
  let low = 0;
  let high = nodes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (nodes[middle].pos < node.pos) low = middle + 1;
    else high = middle;
  }
  for (let index = low; index < nodes.length && nodes[index].pos === node.pos; index++) if (nodes[index] === node) return index;
  const index = nodes.indexOf(node);
  return index === -1 ? undefined : index;
}
