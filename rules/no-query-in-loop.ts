import { isNonRequestCode } from "../src/analysis/request-paths.js";
import { runsOnlyForAdmins } from "../src/analysis/admin-paths.js";
import { resolveMethodCall } from "../src/engine/callers.js";
import { isReadOperation, type QuerySite } from "../src/engine/query-sites.js";
import { createRule, querySiteOf, querySitesWithin, type RuleContext } from "../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../src/engine/scope.js";
import { fileIndexOf } from "../src/engine/file-index.js";
import { ts } from "../src/engine/ts.js";
import { propertyOf, returnedExpressions } from "../src/engine/values.js";
import { enclosingLoop, ITERATION_METHODS, repeatingNodes, type Loop } from "./utils/loops.js";
import { parsedWithMax } from "./utils/zod-bounds.js";

type Options = [{ depth: number }];
type MessageIds = "readInLoop" | "writeInLoop" | "callInLoop";
type Context = RuleContext<Options, MessageIds>;

const SINGLE_ROW_READS: ReadonlySet<string> = new Set(["findUnique", "findUniqueOrThrow", "findFirst", "findFirstOrThrow", "count"]);

/** A literal take up to this many rows makes a loop over the page a small one. */
const MAX_PAGE = 100;
/** A list the request's schema caps at this many elements is a handful (`to: z.array(email).max(5)`); a cap of 100 ids is still 100 queries. */
const MAX_VALIDATED = 10;

export default createRule<Options, MessageIds>({
  name: "no-query-in-loop",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow queries that run once per element of a loop (N+1 queries)",
      convention: "queries",
      config: "recommended",
      requiresSchema: true,
    },
    messages: {
      readInLoop:
        "{{operation}} on {{model}} runs once per iteration of the {{loop}}: N+1 queries. Load the rows with the query that produced the list (include or select the relation), or in one {{model}}.{{batched}} with `in` on the keys.",
      writeInLoop:
        "{{operation}} on {{model}} runs once per iteration of the {{loop}}: one query per element. Write the rows in one {{model}}.{{batched}} (with `in` on the keys for updates and deletes).",
      callInLoop:
        "{{callee}} runs {{operation}} on {{model}} once per iteration of the {{loop}}: N+1 queries. Load the rows with the query that produced the list (include or select the relation), or give {{callee}} all the keys and run one {{model}}.{{batched}} with `in`.",
    },
    schema: [
      {
        type: "object",
        description: "Options for no-query-in-loop.",
        properties: {
          depth: {
            type: "integer",
            minimum: 0,
            maximum: 4,
            description: "How many calls deep to look for a query behind a call in a loop (0: only queries written in the loop).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ depth: 2 }],
  },
  check(context) {
    const repeating = repeatingNodes(context.sourceFile);
    if (repeating.length === 0) return;
    const sites = new Map<ts.CallExpression, QuerySite>(context.querySites().map((site) => [site.call, site]));
    const [{ depth }] = context.options;
    for (const call of fileIndexOf(context.sourceFile).calls) {
      if (!repeating.some((node) => node.pos <= call.pos && call.end <= node.end)) continue;
      // One query per row in a job, a script or an admin's bulk action keeps no user waiting; the same query on every turn is waste anywhere.
      const onlyInvariant = isNonRequestCode(context.analysis, call) || runsOnlyForAdmins(context.analysis, call);
      const site = sites.get(call);
      if (site) checkSite(context, site, onlyInvariant);
      else if (depth > 0) checkCall(context, call, depth, onlyInvariant);
    }
  },
});

/** The one operation that replaces one per element: counts and sums become a groupBy, writes their many form. */
function batchedRead(operation: string): string {
  if (operation === "count" || operation === "aggregate" || operation === "groupBy") return "groupBy";
  if (operation === "create" || operation === "createMany") return "createMany";
  if (operation === "delete" || operation === "deleteMany") return "deleteMany";
  if (operation === "update" || operation === "updateMany" || operation === "upsert") return "updateMany";
  return "findMany";
}

function checkSite(context: Context, site: QuerySite, onlyInvariant: boolean): void {
  const loop = enclosingLoop(site.call, (candidate) => isShort(context, candidate));
  if (!loop || isPaging(context, site, loop) || (onlyInvariant && dependsOnIteration(site.call, loop))) return;
  if (isBatch(site, loop) || isProbe(site, site.call, loop) || exitsAfter(site.call, loop)) return;
  if (unrolledByKind(context, site.call, loop) || (callsOutPerElement(loop) && dependsOnIteration(site.call, loop)) || writesPerRowValues(site, loop)) return;
  const data = { operation: site.operation, model: site.model.name, loop: loop.description, batched: batchedRead(site.operation) };
  if (isReadOperation(site.operation)) context.report({ node: site.operationNode, messageId: "readInLoop", data });
  else context.report({ node: site.operationNode, messageId: "writeInLoop", data });
}

/** A loop with few turns whatever the data: over a page with a literal take, a list filled by hand, a list the request's schema caps. */
function isShort(context: Context, loop: Loop): boolean {
  return overTakenPage(context, loop) || filledByHand(loop) || validatedShort(context, loop);
}

/** `while (cursor) { const page = await prisma.x.findMany({ take, cursor }) }`: paging through a table is not N+1. */
function isPaging(context: Context, site: QuerySite, loop: Loop): boolean {
  if (!loop.conditional || site.operation !== "findMany") return false;
  const take = propertyOf(context.analysis.evaluator.evaluate(site.args), "take");
  return !(take.kind === "literal" && take.value === undefined);
}

function checkCall(context: Context, call: ts.CallExpression, depth: number, onlyInvariant: boolean): void {
  const loop = enclosingLoop(call, (candidate) => isShort(context, candidate));
  if (!loop || (onlyInvariant && dependsOnIteration(call, loop))) return;
  const reached = queryBehind(context, call, depth, new Set());
  if (!reached || isPaging(context, reached, loop) || isProbe(reached, call, loop) || exitsAfter(call, loop)) return;
  if (unrolledByKind(context, call, loop) || (callsOutPerElement(loop) && dependsOnIteration(call, loop))) return;
  if (reportedInRecursion(context, call, depth)) return;
  const callee = skipOuterExpressions(call.expression);
  const node = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  context.report({
    node,
    messageId: "callInLoop",
    data: { callee: calleeText(callee), operation: reached.operation, model: reached.model.name, loop: loop.description, batched: batchedRead(reached.operation) },
  });
}

/**
 * `for (const batch of chunk(ids, 100)) await prisma.x.deleteMany({ where: { id: { in: batch } } })`: the query
 * takes a list bound in the loop (`in`, `connect` or a createMany's `data`: the loop's element, or a `.map` of it,
 * of a list it holds, `tier.nodes.map(…)`, or of one made from it, `range(code.quantity).map(…)`), so each turn
 * handles a batch: the loop is the batching, not one query per row.
 */
function isBatch(site: QuerySite, loop: Loop): boolean {
  const inLoop = (node: ts.Node) => node.pos >= loop.node.pos && node.end <= loop.node.end;
  // Only a createMany's rows may be built from a list the element holds: `in: post.tagIds.map(Number)` is one read per post.
  const boundInLoop = (raw: ts.Expression, rows = false): boolean => {
    let expression = skipOuterExpressions(raw);
    if (ts.isCallExpression(expression)) {
      const callee = skipOuterExpressions(expression.expression);
      if (!ts.isPropertyAccessExpression(callee) || !["map", "flatMap", "filter", "slice"].includes(callee.name.text)) return false;
      expression = skipOuterExpressions(callee.expression);
      // `tier.nodes.map(…)`: a list the element holds; `range(code.quantity).map(…)`: a list made from it.
      while (rows && ts.isPropertyAccessExpression(expression)) expression = skipOuterExpressions(expression.expression);
      if (rows && ts.isCallExpression(expression)) return expression.arguments.some((argument) => readsLoopBinding(argument, loop));
    }
    if (!ts.isIdentifier(expression)) return false;
    const declaration = resolveIdentifier(expression);
    return !!declaration && inLoop(declaration);
  };
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(node)) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined;
      const rows = name === "data" && site.operation === "createMany";
      if ((name === "in" || name === "connect" || rows) && boundInLoop(node.initializer, rows)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  if (site.args) visit(site.args);
  return found;
}

/**
 * `function walk(nodes) { for (const n of nodes) { await save(n); await walk(n.children); } }`: a recursive call in a
 * loop runs this very function again, whose queries in loops are reported where they are written (`save(n)`);
 * reporting the recursive call too would name them twice. A recursive call is reported when nothing else in the
 * function's loops reaches a query (then the recursion is the repetition).
 */
function reportedInRecursion(context: Context, call: ts.CallExpression, depth: number): boolean {
  let fn: ts.Node | undefined = call.parent;
  while (fn && !(ts.isFunctionLike(fn) && !iterationCallback(fn))) fn = fn.parent;
  if (!fn || !calledFunctions(context, call).includes(fn as ts.FunctionLikeDeclaration)) return false;
  const body = fn;
  const sites = new Set<ts.Node>(context.querySites().map((site) => site.call));
  return fileIndexOf(context.sourceFile).calls.some(
    (other) =>
      other !== call &&
      other.pos >= body.pos &&
      other.end <= body.end &&
      !calledFunctions(context, other).includes(body as ts.FunctionLikeDeclaration) &&
      !!enclosingLoop(other) &&
      (sites.has(other) || (depth > 0 && !!queryBehind(context, other, depth, new Set()))),
  );
}

/** A callback of `rows.map(…)`-like calls: part of the function around it. */
function iterationCallback(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isCallExpression(call)) return false;
  const callee = skipOuterExpressions(call.expression);
  return ts.isPropertyAccessExpression(callee) && ITERATION_METHODS.has(callee.name.text);
}

/**
 * `while (await repo.findBySlug(slug)) slug = `${base}-${n++}``: a `while`/`do` loop over no list that reads one
 * row by a key it changes on each turn is probing for a free key (or polling), not reading one row per element.
 * A key read from a list (`ids[i]`) is per element.
 */
function isProbe(reached: QuerySite, call: ts.CallExpression, loop: Loop): boolean {
  if (!loop.conditional || loop.iterable || !SINGLE_ROW_READS.has(reached.operation)) return false;
  if (!ts.isWhileStatement(loop.node) && !ts.isDoStatement(loop.node)) return false;
  let indexed = false;
  const visit = (node: ts.Node): void => {
    if (ts.isElementAccessExpression(node)) indexed = true;
    else ts.forEachChild(node, visit);
  };
  for (const argument of call.arguments) visit(argument);
  return !indexed;
}

/**
 * `for (const event of events)` (or `for (const event of await prisma.event.findMany(...))`) where the findMany has a
 * literal take: at most that many turns, a bound its author chose.
 */
function overTakenPage(context: Context, loop: Loop): boolean {
  let iterable = loop.iterable && skipOuterExpressions(loop.iterable);
  if (iterable && ts.isIdentifier(iterable)) {
    const declaration = resolveIdentifier(iterable);
    iterable = declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name) && declaration.initializer ? declaration.initializer : undefined;
  }
  return !!iterable && takenPage(context, iterable, 0, undefined);
}

/**
 * A findMany with a literal take, or a call (up to three deep) that returns one on every path with the take the loop's
 * own call passes down (`outbox.findPending(undefined, 10)` → `take: limit`): the caller chose the batch. A helper's
 * own page size (`listNames()` with `take: 100`) is a page for a reader, and looping over it is N+1.
 */
function takenPage(context: Context, raw: ts.Expression, depth: number, passed: ReadonlySet<number> | undefined): boolean {
  let expression = skipOuterExpressions(raw);
  if (ts.isAwaitExpression(expression)) expression = skipOuterExpressions(expression.expression);
  if (!ts.isCallExpression(expression)) return false;
  const site = querySiteOf(expression, context.analysis);
  if (site) {
    if (site.operation !== "findMany") return false;
    const take = propertyOf(context.analysis.evaluator.evaluate(site.args), "take");
    const chosen = (value: number) => Math.abs(value) <= MAX_PAGE && (!passed || passed.has(value));
    if (take.kind === "literal") return typeof take.value === "number" && chosen(take.value);
    // `take: limit` of a parameter its callers fill (`findPending(undefined, 10)`, elsewhere 20): every value is a small
    // literal, and one of them is what the loop's own call passes down.
    const caller = passed;
    if (take.kind !== "oneOf" || !caller) return false;
    const pages = take.options.map((option) => (option.kind === "literal" && typeof option.value === "number" ? option.value : undefined));
    return pages.every((value) => value !== undefined && Math.abs(value) <= MAX_PAGE) && pages.some((value) => caller.has(value!));
  }
  if (depth >= 3) return false;
  if (!passed) {
    const literals = expression.arguments.map((argument) => skipOuterExpressions(argument)).filter(ts.isNumericLiteral);
    if (literals.length === 0) return false;
    passed = new Set(literals.map((literal) => Number(literal.text)));
  }
  const functions = calledFunctions(context, expression);
  return (
    functions.length > 0 &&
    functions.every((fn) => {
      const returned = returnedExpressions(fn);
      return returned.length > 0 && returned.every((value) => !!value && takenPage(context, value, depth + 1, passed));
    })
  );
}

/**
 * `for (const node of nodes) { …; if (done) { await createLog(…); return log; } }`: a query followed, in its own block,
 * by a `return`, a `throw` or a `break` out of the loop runs at most once for the whole loop (in an iteration callback,
 * only a `throw` leaves it).
 */
function exitsAfter(call: ts.CallExpression, loop: Loop): boolean {
  // In an iteration callback (`rows.forEach(…)`) a return ends one turn: only a throw leaves the loop.
  const callback = ts.isFunctionLike(loop.node);
  let breakLeavesLoop = !callback;
  for (let node: ts.Node = call; node !== loop.node && node.parent; node = node.parent) {
    const parent = node.parent;
    if (ts.isFunctionLike(parent) && parent !== loop.node) return false;
    if (ts.isSwitchStatement(parent) || ts.isIterationStatement(parent, false)) breakLeavesLoop = false;
    if (!ts.isBlock(parent) || !ts.isStatement(node)) continue;
    const after = parent.statements.slice(parent.statements.indexOf(node) + 1);
    if (after.some((statement) => (ts.isReturnStatement(statement) && !callback) || ts.isThrowStatement(statement) || (ts.isBreakStatement(statement) && !statement.label && breakLeavesLoop))) return true;
  }
  return false;
}

/**
 * `const dates = new Set(); dates.add(oldDue); dates.add(newDue); for (const date of dates) …`: a local list filled
 * only by calls written out in the function (none of them in a loop) has at most as many elements as there are calls.
 */
function filledByHand(loop: Loop): boolean {
  const iterable = loop.iterable && skipOuterExpressions(loop.iterable);
  if (!iterable || !ts.isIdentifier(iterable)) return false;
  const declaration = resolveIdentifier(iterable);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !declaration.initializer) return false;
  const initializer = skipOuterExpressions(declaration.initializer);
  const empty =
    (ts.isArrayLiteralExpression(initializer) && initializer.elements.every((element) => !ts.isSpreadElement(element))) ||
    (ts.isNewExpression(initializer) && ts.isIdentifier(initializer.expression) && ["Set", "Map"].includes(initializer.expression.text) && !initializer.arguments?.length);
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!empty || !scope || ts.isSourceFile(scope)) return false;
  const name = declaration.name.text;
  let fixed = true;
  const visit = (node: ts.Node): void => {
    if (!fixed) return;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name && resolveIdentifier(node) === declaration) {
      if (node === iterable) return;
      const access = node.parent;
      const call = access.parent;
      const adds =
        ts.isPropertyAccessExpression(access) && access.expression === node && ["push", "add", "set", "unshift"].includes(access.name.text) &&
        ts.isCallExpression(call) && call.expression === access && !call.arguments.some(ts.isSpreadElement) && !enclosingLoop(call);
      if (!adds) fixed = false;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return fixed;
}

/**
 * `const { to } = Send.safeParse(req.body).data; for (const email of to)` where the schema's `to` carries `.max(5)`:
 * the validation caps the list at a handful (at most 10 elements; `ids: z.array(...).max(100)` is still 100 queries).
 */
function validatedShort(context: Context, loop: Loop): boolean {
  if (!loop.iterable) return false;
  const value = context.analysis.evaluator.evaluate(loop.iterable);
  const options = value.kind === "oneOf" ? value.options : [value];
  return (
    options.length > 0 &&
    options.every(
      (option) => option.kind === "unknown" && !!option.node && ts.isCallExpression(option.node) && !!option.path?.length && parsedWithMax(context.analysis.project, option.node, option.path, MAX_VALIDATED),
    )
  );
}

/**
 * `actions.map((ds) => { switch (ds.type) { case "psql": return tx.postgresSource.update(…); case "mysql": return tx.mysqlSource.update(…) } })`:
 * a query in one `case` of a switch (inside the loop) whose cases query different models. Each kind of element
 * goes to its own table, so no one query replaces the loop; whether the list is long is not in the code. The site
 * counts as unknown, not as a finding.
 */
function unrolledByKind(context: Context, call: ts.CallExpression, loop: Loop): boolean {
  for (let node: ts.Node = call; node !== loop.node && node.parent; node = node.parent) {
    if (!ts.isCaseClause(node)) continue;
    const statement = node.parent.parent;
    const models = new Set(context.querySites().filter((site) => site.call.pos >= statement.pos && site.call.end <= statement.end).map((site) => site.model.name));
    if (models.size >= 2) return true;
  }
  return false;
}

/** Operators whose result is a Boolean: rows split by it take two updateMany, not one update each. */
const BOOLEAN_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken,
]);

/**
 * `ids.map((id, index) => prisma.track.update({ where: { id }, data: { order: index + 1 } }))`: each row gets its own
 * value (a position, the element's own fields), which one updateMany cannot write. Only a scalar field read from the
 * element counts: a relation write (`connect`) can take all the keys at once, and a Boolean of the element
 * (`verified: identity.status === "Success"`) splits the rows into two updateMany.
 */
function writesPerRowValues(site: QuerySite, loop: Loop): boolean {
  if ((site.operation !== "update" && site.operation !== "updateMany") || !site.args) return false;
  const args = skipOuterExpressions(site.args);
  if (!ts.isObjectLiteralExpression(args)) return false;
  const dataProperty = args.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && staticPropertyName(p.name) === "data");
  const data = dataProperty && skipOuterExpressions(dataProperty.initializer);
  if (!data || !ts.isObjectLiteralExpression(data)) return false;
  return data.properties.some((property) => {
    if (ts.isShorthandPropertyAssignment(property)) return readsLoopBinding(property.name, loop);
    if (!ts.isPropertyAssignment(property)) return false;
    const value = skipOuterExpressions(property.initializer);
    if (ts.isObjectLiteralExpression(value) || ts.isPrefixUnaryExpression(value)) return false;
    if (ts.isBinaryExpression(value) && BOOLEAN_OPERATORS.has(value.operatorToken.kind)) return false;
    return readsLoopBinding(value, loop);
  });
}

/**
 * Whether an expression reads a name bound in the loop (its variable, the callback's parameters, a local of the
 * body). A name that resolves to nothing counts as bound when `unresolvedIsBound` (it may be anything).
 */
function readsLoopBinding(expression: ts.Node, loop: Loop, unresolvedIsBound = false): boolean {
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (reads) return;
    if (ts.isIdentifier(node)) {
      const declaration = resolveIdentifier(node);
      reads = declaration ? declaration.pos >= loop.node.pos && declaration.end <= loop.node.end : unresolvedIsBound;
      return;
    }
    if (ts.isPropertyAccessExpression(node)) return visit(node.expression);
    if (ts.isPropertyAssignment(node)) return visit(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return reads;
}

/** A client of an outside service: a call through it sends a message or a payment, one per element. */
const OUTBOUND_RECEIVER = /(^|\.)(stripe|mailer|mailgun|sendgrid|postmark|resend|twilio|transporter|ses|sqs|sns|axios)(\.|$)/i;
/** `EmailService.send(…)`, `mailer.sendMail(…)`, `notifier.sendSms(…)`. */
const OUTBOUND_METHOD = /^send(E?mail|Mail|Message|Sms|Push)?$/i;

/**
 * `for (const task of tasks) { …; await EmailService.send(…); await prisma.email.create(…) }`: each turn waits for an
 * email, a payment or an HTTP call to another service, which no query can batch; the query beside it is not the cost
 * of the loop. Only an awaited call counts (a `void ses.verify(…)` runs beside the loop). A query that reads nothing
 * of the element (`getClient()` on every turn) is still reported: it can move out of the loop.
 */
function callsOutPerElement(loop: Loop): boolean {
  const body = ts.isFunctionLike(loop.node) ? (loop.node as ts.FunctionLikeDeclaration).body : (loop.node as ts.IterationStatement).statement;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isAwaitExpression(node)) {
      const awaited = skipOuterExpressions(node.expression);
      if (ts.isCallExpression(awaited) && isOutboundCall(awaited)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  if (body) visit(body);
  return found;
}

function isOutboundCall(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text === "fetch";
  if (!ts.isPropertyAccessExpression(callee)) return false;
  return OUTBOUND_METHOD.test(callee.name.text) || OUTBOUND_RECEIVER.test(receiverPath(callee.expression));
}

/** `this.stripe.paymentIntents` → `stripe.paymentIntents`: the names a receiver is reached through. */
function receiverPath(expression: ts.Expression): string {
  const names: string[] = [];
  let node = skipOuterExpressions(expression);
  while (ts.isPropertyAccessExpression(node)) {
    names.unshift(node.name.text);
    node = skipOuterExpressions(node.expression);
  }
  if (ts.isIdentifier(node)) names.unshift(node.text);
  return names.join(".");
}

/**
 * Whether a call's arguments (or its receiver) read something bound in the loop: the loop's
 * variable, the callback's parameters, a local of the body. `getClient()` on every turn does not.
 */
function dependsOnIteration(call: ts.CallExpression, loop: Loop): boolean {
  const callee = skipOuterExpressions(call.expression);
  const read = [...call.arguments, ...(ts.isPropertyAccessExpression(callee) ? [callee.expression] : [])];
  // An unresolved name may be anything: it counts as bound in the loop.
  return read.some((expression) => readsLoopBinding(expression, loop, true));
}

/** The first query a call runs: in the function it calls, or (up to `depth` calls down) in a function that one calls. */
function queryBehind(context: Context, call: ts.CallExpression, depth: number, seen: Set<ts.Node>): QuerySite | undefined {
  for (const fn of calledFunctions(context, call)) {
    const body = fn.body;
    if (!body || seen.has(fn)) continue;
    seen.add(fn);
    const direct = querySitesWithin(body, context.analysis)[0];
    if (direct) return direct;
    if (depth <= 1) continue;
    let found: QuerySite | undefined;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(node)) found = queryBehind(context, node, depth - 1, seen);
      ts.forEachChild(node, visit);
    };
    visit(body);
    if (found) return found;
  }
  return undefined;
}

/** What a call runs: a method of a known class (`this.portions.listFor`), or a function the evaluator resolves (`repo.findOwned` of `import * as repo`). */
function calledFunctions(context: Context, call: ts.CallExpression): ts.FunctionLikeDeclaration[] {
  const method = resolveMethodCall(context.analysis.project, call);
  if (method) return [method];
  const callee = skipOuterExpressions(call.expression);
  // `this.helper(…)` and `repository.find(…)` (a namespace import or an object of functions) resolve through the evaluator.
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(callee.expression) : undefined;
  if (!ts.isIdentifier(callee) && !(receiver && (receiver.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(receiver)))) return [];
  const value = context.analysis.evaluator.evaluate(callee);
  const options = value.kind === "oneOf" ? value.options : [value];
  return options.flatMap((option) => (option.kind === "function" ? [option.node] : []));
}

function calleeText(callee: ts.Expression): string {
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = skipOuterExpressions(callee.expression);
    const owner = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isIdentifier(receiver) ? receiver.text : receiver.kind === ts.SyntaxKind.ThisKeyword ? "this" : "";
    return owner ? `${owner}.${callee.name.text}` : callee.name.text;
  }
  return callee.getText();
}
