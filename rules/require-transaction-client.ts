import { isTransactionCall, memberAccess, RAW_QUERY_METHODS } from "../src/engine/query-sites.js";
import { createRule } from "../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions } from "../src/engine/scope.js";
import { fileIndexOf } from "../src/engine/file-index.js";
import { ts } from "../src/engine/ts.js";

type Options = [];
type MessageIds = "outerClient" | "outerRawClient" | "useTransactionClient";

export default createRule<Options, MessageIds>({
  name: "require-transaction-client",
  meta: {
    type: "problem",
    docs: {
      description: "Require queries inside an interactive transaction to go through its transaction client",
      convention: "fresh-after-write",
      config: "recommended",
      requiresSchema: true,
    },
    hasSuggestions: true,
    messages: {
      outerClient:
        "{{operation}} on {{model}} goes through {{client}}, not the transaction client {{tx}}: it escapes the transaction (its writes are not rolled back, its reads do not see the transaction's writes).",
      outerRawClient:
        "{{method}} goes through {{client}}, not the transaction client {{tx}}: it escapes the transaction (its writes are not rolled back, its reads do not see the transaction's writes).",
      useTransactionClient: "Use the transaction client {{tx}}.",
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const sourceFile = context.sourceFile;
    const report = (client: ts.Expression, callback: ts.FunctionLikeDeclaration, data: Record<string, string>, messageId: MessageIds, at?: ts.Node) => {
      const parameter = callback.parameters[0];
      const tx = parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
      // A client written outside the callback (a delegate taken before it) has nothing here to swap.
      const swappable = tx && !at;
      context.report({
        node: at ?? client,
        messageId,
        data: { ...data, client: client.getText(), tx: tx ?? "(the callback's first parameter)" },
        suggest: swappable ? [{ messageId: "useTransactionClient", data: { tx }, fix: [{ range: [client.getStart(sourceFile), client.end], text: tx }] }] : [],
      });
    };
    for (const site of context.querySites()) {
      const callback = transactionCallback(site.call);
      if (!callback || !site.client || !escapes(site.client, callback)) continue;
      const inside = site.client.pos >= callback.pos && site.client.end <= callback.end;
      const delegate = skipOuterExpressions(site.call.expression);
      const at = inside ? undefined : ts.isPropertyAccessExpression(delegate) || ts.isElementAccessExpression(delegate) ? delegate.expression : site.call;
      report(site.client, callback, { operation: site.operation, model: site.model.name }, "outerClient", at);
    }
    for (const { node, callee } of fileIndexOf(sourceFile).invocations) {
      const access = memberAccess(skipOuterExpressions(callee));
      if (!access || !RAW_QUERY_METHODS.has(access.name)) continue;
      const callback = transactionCallback(node);
      if (callback && escapes(access.object, callback) && sameClientAsTransaction(access.object, callback)) {
        report(access.object, callback, { method: access.name }, "outerRawClient");
      }
    }
  },
});

/** The innermost `$transaction(async (tx) => ...)` callback around a node; the array form takes no callback. */
function transactionCallback(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (!(ts.isArrowFunction(current) || ts.isFunctionExpression(current))) continue;
    const call = current.parent;
    if (ts.isCallExpression(call) && call.arguments.includes(current) && isTransactionCall(call)) return current;
  }
  return undefined;
}

/**
 * A client escapes the transaction when it is not the callback's parameter nor anything
 * declared inside the callback (an inner helper's parameter, `const db = tx`): the outer
 * `prisma`, `this.prisma`, a module-level client.
 */
function escapes(client: ts.Expression, callback: ts.FunctionLikeDeclaration): boolean {
  const root = rootOf(client);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (!ts.isIdentifier(root)) return false;
  const declaration = resolveIdentifier(root);
  if (!declaration) return true;
  return !(declaration.pos >= callback.pos && declaration.end <= callback.end);
}

function rootOf(expression: ts.Expression): ts.Expression {
  let current = skipOuterExpressions(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) {
    current = skipOuterExpressions(current.expression);
  }
  return current;
}

/** For raw queries, which have no model to recognise them by: the receiver is the one `$transaction` was called on. */
function sameClientAsTransaction(client: ts.Expression, callback: ts.FunctionLikeDeclaration): boolean {
  const call = callback.parent as ts.CallExpression;
  const transaction = memberAccess(skipOuterExpressions(call.expression))!;
  return skipOuterExpressions(transaction.object).getText() === skipOuterExpressions(client).getText();
}
