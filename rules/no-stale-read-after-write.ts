import { createRule, type RuleContext } from "../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, type Declaration } from "../src/engine/scope.js";
import { fileIndexOf, forEachDescendant, isNestedScopeKind, kindSet, SKIP_CHILDREN } from "../src/engine/file-index.js";
import { ts } from "../src/engine/ts.js";
import { QueryEffects, callName, type RowRecord, type Write } from "./utils/stale-effects.js";

type Options = [{ sendMethods: string[] }];
type MessageIds = "staleAfterWrite" | "staleAfterBulkWrite" | "notPersisted" | "inputReturned" | "inputReturnedBulk";
type Context = RuleContext<Options, MessageIds>;
type Finding = Parameters<Context["report"]>[0];

/** Receivers of `json`/`send` that are an HTTP response (`res.json`, `res.status(201).json`, `reply.send`). */
const RESPONSE = /^(res|resp|response|reply)$/i;

export default createRule<Options, MessageIds>({
  name: "no-stale-read-after-write",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow returning a record that a later write made stale, or the input in place of the written row",
      convention: "fresh-after-write",
      config: "recommended",
      requiresSchema: true,
    },
    messages: {
      staleAfterWrite:
        "{{name}} ({{model}}, {{origin}} at line {{readLine}}) is returned after {{operation}} wrote {{writeModel}} at line {{writeLine}} and discarded its result: return the {{operation}}'s result or read the row again.",
      staleAfterBulkWrite:
        "{{name}} ({{model}}, {{origin}} at line {{readLine}}) is returned after {{operation}} wrote {{writeModel}} at line {{writeLine}} ({{bulkOperation}} returns a count, not the rows): read the row again after the write.",
      notPersisted:
        "{{name}} ({{model}}, {{origin}} at line {{readLine}}) has {{field}} assigned at line {{line}} and is returned without a write that persists it: the change is lost. Write it with an update and return the update's result.",
      inputReturned:
        "{{name}} is returned in place of the {{model}} row that {{operation}} wrote at line {{writeLine}}: it lacks the row's generated fields (id, timestamps, defaults). Return the {{operation}}'s result instead.",
      inputReturnedBulk:
        "{{name}} is returned in place of the {{model}} rows that {{operation}} wrote at line {{writeLine}} ({{bulkOperation}} returns a count): they lack the generated fields (id, timestamps, defaults). Write with createManyAndReturn and return its rows, or read them again.",
    },
    schema: [
      {
        type: "object",
        description: "Options for no-stale-read-after-write.",
        properties: {
          sendMethods: {
            type: "array",
            items: { type: "string" },
            description: "Methods of the response (res, reply) that send a value to the client, like a return does.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ sendMethods: ["json", "send"] }],
  },
  check(context) {
    const effects = new QueryEffects(context.analysis);
    const sendMethods = new Set(context.options[0].sendMethods);
    for (const fn of fileIndexOf(context.sourceFile).functions) {
      if (ts.isBlock(fn.body)) new FunctionChecker(context, effects, fn.body, sendMethods).check();
    }
  },
});

/** A point where a value leaves the function: a `return`, or a response sent with `res.json(...)`. */
interface Exit {
  /** the value handed back: the finding is reported on it */
  value: ts.Expression;
  statement: ts.Statement;
}

/** A variable taking a row: `const item = await read(...)`, `item = await update(...)`. */
interface Binding {
  call: ts.CallExpression;
  record: RowRecord;
  end: number;
}

/** What a function's own code is scanned for: exits, calls, assignments, and the nested functions it skips. */
const FUNCTION_BODY_KINDS = kindSet(isNestedScopeKind, ts.SyntaxKind.ReturnStatement, ts.SyntaxKind.CallExpression, ts.SyntaxKind.BinaryExpression);

class FunctionChecker {
  private readonly calls: ts.CallExpression[] = [];
  private readonly exits: Exit[] = [];
  private readonly assignments: ts.BinaryExpression[] = [];

  constructor(
    private readonly context: Context,
    private readonly effects: QueryEffects,
    private readonly body: ts.Block,
    private readonly sendMethods: ReadonlySet<string>,
  ) {
    forEachDescendant(body, (node) => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return SKIP_CHILDREN;
      if (ts.isReturnStatement(node) && node.expression) this.exits.push({ value: node.expression, statement: node });
      if (ts.isCallExpression(node)) {
        this.calls.push(node);
        const sent = this.sentValue(node);
        if (sent) this.exits.push({ value: sent, statement: statementOf(node) });
      }
      if (ts.isBinaryExpression(node) && isAssignment(node.operatorToken.kind)) this.assignments.push(node);
      return undefined;
    }, FUNCTION_BODY_KINDS);
  }

  check(): void {
    for (const exit of this.exits) {
      for (const { variable, calls } of handedBackCandidates(exit.value)) {
        const finding = this.findingFor(exit, variable);
        // A variable passed to a query (or to a function that runs one) is not handed back: that call
        // gives back its own rows. What a call does is the costly part of this rule, so it is asked
        // only about the calls around a variable that would otherwise be reported.
        if (!finding || calls.some((call) => givesBackRows(call, this.effects))) continue;
        this.context.report(finding);
        break;
      }
    }
  }

  /** The first problem with one variable handed back at an exit. */
  private findingFor(exit: Exit, variable: ts.Identifier): Finding | undefined {
    const declaration = resolveIdentifier(variable);
    if (!declaration) return undefined;
    const binding = this.bindingBefore(declaration, exit.statement.pos);
    if (binding) return this.staleRecord(exit, variable.text, declaration, binding);
    return this.returnedInput(exit, variable.text, declaration);
  }

  private staleRecord(exit: Exit, name: string, declaration: Declaration, binding: Binding): Finding | undefined {
    const { record } = binding;
    const base = { name, model: record.model.name, origin: record.origin === "read" ? "read" : "written", readLine: lineOf(binding.call) };
    for (const { call, write, name: operation } of this.writesBetween(binding.end, exit)) {
      if (!record.models.has(write.site.model.name)) continue;
      // Deleting the row itself and returning what it was is intended.
      if (write.isDelete && write.site.model === record.model) continue;
      // The record was handed to the write (`update({ data: item })`, `save(item)`): it is what was stored.
      if (refersWhole(call, declaration)) continue;
      const data = { ...base, operation, writeModel: write.site.model.name, writeLine: lineOf(call) };
      if (write.bulk) return { node: exit.value, messageId: "staleAfterBulkWrite", data: { ...data, bulkOperation: write.site.operation } };
      if (isDiscarded(call)) return { node: exit.value, messageId: "staleAfterWrite", data };
    }
    const mutation = this.assignments.find(
      (assignment) =>
        assignment.pos > binding.end &&
        assignment.end <= exit.statement.pos &&
        this.flowsTo(statementOf(assignment), exit.statement) &&
        assignedField(assignment, declaration, record) !== undefined,
    );
    if (!mutation) return undefined;
    const persisted = this.writesBetween(mutation.end, exit).some(({ write }) => record.models.has(write.site.model.name));
    if (persisted) return undefined;
    return { node: exit.value, messageId: "notPersisted", data: { ...base, field: assignedField(mutation, declaration, record) ?? "", line: lineOf(mutation) } };
  }

  private returnedInput(exit: Exit, name: string, declaration: Declaration): Finding | undefined {
    for (const { call, write, name: operation } of this.writesBetween(this.body.pos, exit)) {
      if (!write.takesInput || (!write.bulk && !isDiscarded(call))) continue;
      if (!this.effects.inputRoots(call).has(declaration)) continue;
      // `{ ...input, ...fresh }` where fresh was read or written after the write: the generated fields are there.
      if (handedBack(exit.value, this.effects).some((other) => this.isFreshAfter(other, call, exit))) continue;
      const data = { name, model: write.site.model.name, operation, writeLine: lineOf(call) };
      if (write.bulk) return { node: exit.value, messageId: "inputReturnedBulk", data: { ...data, bulkOperation: write.site.operation } };
      return { node: exit.value, messageId: "inputReturned", data };
    }
    return undefined;
  }

  private isFreshAfter(variable: ts.Identifier, write: ts.CallExpression, exit: Exit): boolean {
    const declaration = resolveIdentifier(variable);
    const binding = declaration && this.bindingBefore(declaration, exit.statement.pos);
    return !!binding && binding.call.pos >= write.pos;
  }

  /** Writes whose call lies between a position and an exit, and that can run before the exit. */
  private writesBetween(from: number, exit: Exit): { call: ts.CallExpression; write: Write; name: string }[] {
    const found: { call: ts.CallExpression; write: Write; name: string }[] = [];
    // A wrapper (`orNull(write)`) comes before the query it wraps: one write, reported on the outer call.
    const seen = new Set<Write["site"]>();
    for (const call of this.calls) {
      if (call.pos < from || call.end > exit.statement.pos) continue;
      const effects = this.effects.of(call);
      if (effects.writes.length === 0 || !this.flowsTo(statementOf(call), exit.statement)) continue;
      for (const write of effects.writes) {
        if (seen.has(write.site)) continue;
        seen.add(write.site);
        found.push({ call, write, name: effects.site ? effects.site.operation : callName(call) });
      }
    }
    return found;
  }

  /** The last row the variable took before `position`: its initializer or a later assignment, when it is a row. */
  private bindingBefore(declaration: Declaration, position: number): Binding | undefined {
    let latest: { value: ts.Expression; end: number } | undefined;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer && this.owns(declaration) && declaration.end <= position) {
      latest = { value: declaration.initializer, end: declaration.end };
    }
    for (const assignment of this.assignments) {
      if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assignment.end > position) continue;
      const target = skipOuterExpressions(assignment.left);
      if (!ts.isIdentifier(target) || resolveIdentifier(target) !== declaration) continue;
      if (!latest || assignment.pos > latest.end) latest = { value: assignment.right, end: assignment.end };
    }
    if (!latest) return undefined;
    const call = skipOuterExpressions(latest.value);
    if (!ts.isCallExpression(call)) return undefined;
    const record = this.effects.of(call).record;
    return record ? { call, record, end: latest.end } : undefined;
  }

  private owns(node: ts.Node): boolean {
    if (node.pos < this.body.pos || node.end > this.body.end) return false;
    for (let current = node.parent; current && current !== this.body; current = current.parent) {
      if (ts.isFunctionLike(current)) return false;
    }
    return true;
  }

  /**
   * Whether control can reach `to` after `from` has run: `from` comes first, and no block
   * between them returns or throws right after it (a write in a branch that returns early).
   */
  private flowsTo(from: ts.Statement, to: ts.Statement): boolean {
    if (contains(from, to)) return true;
    if (from.end > to.pos) return false;
    if (ts.isReturnStatement(from) || ts.isThrowStatement(from)) return false;
    let node: ts.Node = from;
    while (node.parent && node !== this.body) {
      const parent: ts.Node = node.parent;
      if (contains(parent, to)) {
        if (ts.isIfStatement(parent) && node === parent.thenStatement && parent.elseStatement && contains(parent.elseStatement, to)) return false;
        return true;
      }
      if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
        const statements: readonly ts.Statement[] = parent.statements;
        const after = statements.slice(statements.indexOf(node as ts.Statement) + 1);
        if (after.some((statement) => ts.isReturnStatement(statement) || ts.isThrowStatement(statement))) return false;
      }
      node = parent;
    }
    return true;
  }

  /** `res.json(value)`, `res.status(201).send(value)`: the value sent, when the receiver is a response. */
  private sentValue(call: ts.CallExpression): ts.Expression | undefined {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !this.sendMethods.has(callee.name.text) || call.arguments.length === 0) return undefined;
    let receiver = skipOuterExpressions(callee.expression);
    while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression)) receiver = skipOuterExpressions(receiver.expression.expression);
    if (!ts.isIdentifier(receiver) || !RESPONSE.test(receiver.text)) return undefined;
    const value = call.arguments[0];
    return ts.isSpreadElement(value) ? undefined : value;
  }
}

/**
 * The variables a value hands back whole: `item`, `{ item }`, `{ ...draft, id }`, `[a, b]`,
 * `toDto(item)`, `rows.map(toDto)` — not `item.id`, and not the arguments of a query.
 */
function handedBack(raw: ts.Expression, effects: QueryEffects): ts.Identifier[] {
  return handedBackCandidates(raw)
    .filter(({ calls }) => !calls.some((call) => givesBackRows(call, effects)))
    .map(({ variable }) => variable);
}

/** A query, or a function that runs one: its result is its own rows, not the variables passed to it. */
function givesBackRows(call: ts.CallExpression, effects: QueryEffects): boolean {
  const called = effects.of(call);
  return !!called.record || called.writes.length > 0;
}

/** A variable a value may hand back, and the calls it is passed through, innermost first: it is not handed back when one of them runs a query. */
interface HandedBack {
  variable: ts.Identifier;
  calls: readonly ts.CallExpression[];
}

function handedBackCandidates(raw: ts.Expression): HandedBack[] {
  const found: HandedBack[] = [];
  collectHandedBack(raw, 0, [], found);
  return found;
}

function collectHandedBack(raw: ts.Expression, hops: number, calls: readonly ts.CallExpression[], found: HandedBack[]): void {
  if (hops > 4) return;
  const expression = skipOuterExpressions(raw);
  const inner = (value: ts.Expression, through = calls) => collectHandedBack(value, hops + 1, through, found);
  if (ts.isIdentifier(expression)) {
    if (expression.text !== "undefined") found.push({ variable: expression, calls });
  } else if (ts.isObjectLiteralExpression(expression)) {
    for (const property of expression.properties) {
      if (ts.isShorthandPropertyAssignment(property)) found.push({ variable: property.name, calls });
      else if (ts.isPropertyAssignment(property)) inner(property.initializer);
      else if (ts.isSpreadAssignment(property)) inner(property.expression);
    }
  } else if (ts.isArrayLiteralExpression(expression)) {
    for (const element of expression.elements) inner(ts.isSpreadElement(element) ? element.expression : element);
  } else if (ts.isConditionalExpression(expression)) {
    inner(expression.whenTrue);
    inner(expression.whenFalse);
  } else if (ts.isBinaryExpression(expression) && (expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    inner(expression.left);
    inner(expression.right);
  } else if (ts.isCallExpression(expression) || ts.isNewExpression(expression)) {
    const through = ts.isCallExpression(expression) ? [expression, ...calls] : calls;
    for (const argument of expression.arguments ?? []) {
      if (!ts.isSpreadElement(argument) && !ts.isFunctionLike(argument)) inner(argument, through);
    }
    const callee = skipOuterExpressions(expression.expression);
    if (ts.isPropertyAccessExpression(callee) && ELEMENT_CALLS.has(callee.name.text)) inner(callee.expression, through);
  }
}

/** Calls whose result holds the receiver's elements: `rows.map(toDto)` hands `rows` back. */
const ELEMENT_CALLS: ReadonlySet<string> = new Set(["map", "filter", "slice"]);

/** The schema field that `item.field = …` (or `Object.assign(item, { field })`) sets on the record, if it is one. */
function assignedField(assignment: ts.BinaryExpression, declaration: Declaration, record: RowRecord): string | undefined {
  const target = skipOuterExpressions(assignment.left);
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  const object = skipOuterExpressions(target.expression);
  if (!ts.isIdentifier(object) || resolveIdentifier(object) !== declaration) return undefined;
  return record.model.fields.has(target.name.text) ? target.name.text : undefined;
}

/** Whether the variable itself (not only `item.id`) is among the call's arguments: `update({ data: item })`, `save(item)`. */
function refersWhole(call: ts.CallExpression, declaration: Declaration): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      // `prisma.item`, `{ item: 1 }` name a property, not the variable; `item.id` reads only a field of it.
      if (ts.isPropertyAccessExpression(parent) || (ts.isPropertyAssignment(parent) && parent.name === node)) return false;
      return resolveIdentifier(node) === declaration;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return call.arguments.some(visit);
}

/** The write's result is dropped: `await update(...)`, `if (!(await update(...)))` — not assigned, returned or passed on. */
function isDiscarded(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  for (;;) {
    const parent = node.parent;
    if (
      ts.isAwaitExpression(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== node)
    ) {
      node = parent;
      continue;
    }
    return (
      ts.isExpressionStatement(parent) ||
      ts.isVoidExpression(parent) ||
      (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) ||
      (ts.isIfStatement(parent) && parent.expression === node)
    );
  }
}

function statementOf(node: ts.Node): ts.Statement {
  let current: ts.Node = node;
  while (current.parent && !isStatement(current)) current = current.parent;
  return current as ts.Statement;
}

function isStatement(node: ts.Node): node is ts.Statement {
  return ts.isExpressionStatement(node) || ts.isReturnStatement(node) || ts.isVariableStatement(node) || ts.isIfStatement(node) || ts.isThrowStatement(node) || ts.isBlock(node) || ts.isIterationStatement(node, false) || ts.isTryStatement(node) || ts.isSwitchStatement(node);
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

function lineOf(node: ts.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
