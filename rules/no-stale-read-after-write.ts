import { createRule, type RuleContext } from "../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, staticPropertyName, type Declaration } from "../src/engine/scope.js";
import { fileIndexOf, forEachDescendant, isNestedScopeKind, kindSet, SKIP_CHILDREN } from "../src/engine/file-index.js";
import { isSatisfiesExpression, ts } from "../src/engine/ts.js";
import { findCallers } from "../src/engine/callers.js";
import { QueryEffects, callName, collectRoots, writtenFields, type Roots, type RowRecord, type Write } from "./utils/stale-effects.js";

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
      // `return res.status(200).json(item)` hands `item` back once: as the value sent, not as the value returned.
      if (ts.isReturnStatement(node) && node.expression && !this.isSend(node.expression)) this.exits.push({ value: node.expression, statement: node });
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
    if (binding) return this.staleRecord(exit, variable, declaration, binding);
    return this.returnedInput(exit, variable.text, declaration);
  }

  private staleRecord(exit: Exit, variable: ts.Identifier, declaration: Declaration, binding: Binding): Finding | undefined {
    const { record } = binding;
    const name = variable.text;
    const base = { name, model: record.model.name, origin: record.origin === "read" ? "read" : "written", readLine: lineOf(binding.call) };
    for (const { call, write, name: operation } of this.writesBetween(binding.end, exit)) {
      if (!record.models.has(write.site.model.name)) continue;
      // Deleting the row itself and returning what it was is intended.
      if (write.isDelete && write.site.model === record.model) continue;
      // The record was handed to the write (`update({ data: item })`, `save(item)`): it is what was stored.
      if (this.storesRecord(call, declaration)) continue;
      // An update that only links or unlinks relations the record does not hold leaves the record's columns as they were.
      if (write.site.model === record.model && onlyOtherRelations(write, record)) continue;
      // `return { ...artist, apPublicKey, apPrivateKey }`: the written fields are put back over the record.
      if (overridesWritten(variable, write)) continue;
      // `updateMany({ where: { parentId: row.id } })`, `{ position: { gt: row.position } }`: other rows than the record.
      if (write.bulk && write.site.model === record.model && this.selectsOtherRows(write.site, call, declaration, binding)) continue;
      const data = { ...base, operation, writeModel: write.site.model.name, writeLine: lineOf(call) };
      if (write.bulk) return { node: exit.value, messageId: "staleAfterBulkWrite", data: { ...data, bulkOperation: write.site.operation } };
      // Every caller reads only fields the later write left alone (`exceeded(await incrementAttempts(user))`
      // reads the counter the first update gave back, the later one only sets lockedAt).
      if (isDiscarded(call) && !this.callersReadOnlyOthers(exit, variable, write, call)) return { node: exit.value, messageId: "staleAfterWrite", data };
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
      const how = this.effects.inputRoots(call).get(declaration);
      if (!how) continue;
      // `relatedId: result.module.id`: a key read from what another operation gave back (a row, a sign-up result)
      // to write an audit entry or a link; the value itself is no input of the write.
      if (how === "field" && isResultOfCall(declaration)) continue;
      // `update({ where: { id: state.id }, data: { status: state.status } })`: the value is the application's state of
      // a row that exists (it names the row), not the input a new row is made from; it lacks no generated field.
      if (write.site.operation !== "create" && write.site.operation !== "createMany" && write.site.operation !== "createManyAndReturn" && whereRoots(write.site).has(declaration)) continue;
      // The write runs on some paths only (`if (isLastChunk) await create(...)`) and the value is returned on every
      // path: it is what the function gives back by design (an upload handle), not a stand-in for the row.
      if (this.isConditionalBefore(call, exit)) continue;
      // `{ ...input, ...fresh }` where fresh was read or written after the write: the generated fields are there.
      if (handedBack(exit.value, this.effects).some((other) => this.isFreshAfter(other, call, exit))) continue;
      const data = { name, model: write.site.model.name, operation, writeLine: lineOf(call) };
      if (write.bulk) return { node: exit.value, messageId: "inputReturnedBulk", data: { ...data, bulkOperation: write.site.operation } };
      return { node: exit.value, messageId: "inputReturned", data };
    }
    return undefined;
  }

  /**
   * Whether a call stores the record itself: a query given the record (`update({ data: item })`), or a
   * function that writes the argument it gets the record in (`save(item)`). A function that only takes the
   * record to find its row (`markFailed(tracker)` updating `where: { id: tracker.id }`) changes the row behind it.
   */
  private storesRecord(call: ts.CallExpression, declaration: Declaration): boolean {
    if (!refersWhole(call, declaration)) return false;
    const effects = this.effects.of(call);
    if (effects.site || !this.effects.functionOf(call)) return true;
    return call.arguments.some((argument, index) => effects.inputArguments.has(index) && mentionsWhole(argument, declaration));
  }

  /**
   * A bulk write of the record's model that selects other rows than the record: rows that point at it
   * (`parentId: row.id`, or the key the record was selected by), or the rows after or before it in an order
   * (`position: { gt: row.position }`, compared with the record or another record of the model).
   */
  private selectsOtherRows(site: Write["site"], call: ts.CallExpression, declaration: Declaration, binding: Binding): boolean {
    const where = whereLiteral(site);
    if (!where) return false;
    const fn = this.effects.functionOf(call);
    // a parameter of the called function stands for the argument this call passes
    const argumentOf = (raw: ts.Expression): ts.Expression => {
      const expression = skipOuterExpressions(raw);
      if (!fn || !ts.isIdentifier(expression)) return expression;
      const parameter = resolveIdentifier(expression);
      if (!parameter || !ts.isParameter(parameter) || parameter.parent !== fn) return expression;
      const argument = call.arguments[fn.parameters.indexOf(parameter)];
      return argument && !ts.isSpreadElement(argument) ? skipOuterExpressions(argument) : expression;
    };
    const idField = idFieldOf(record(binding));
    const selector = idField && this.selectorOf(binding, idField);
    const isRowId = (value: ts.Expression): boolean => {
      if (ts.isPropertyAccessExpression(value) && value.name.text === idField) {
        const object = skipOuterExpressions(value.expression);
        return ts.isIdentifier(object) && resolveIdentifier(object) === declaration;
      }
      return !!selector && ts.isIdentifier(value) && resolveIdentifier(value) === selector;
    };
    for (const property of where.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const key = staticPropertyName(property.name);
      if (key === undefined || !site.model.fields.has(key)) continue;
      const value = argumentOf(ts.isPropertyAssignment(property) ? property.initializer : property.name);
      if (key !== idField && isRowId(value)) return true;
      if (!ts.isObjectLiteralExpression(value)) continue;
      for (const operator of value.properties) {
        if (!ts.isPropertyAssignment(operator)) continue;
        const name = operator.name && staticPropertyName(operator.name);
        const bound = argumentOf(operator.initializer);
        if (key === idField && name === "not" && isRowId(bound)) return true;
        if ((name === "gt" || name === "lt") && this.isFieldOfModelRecord(bound, key, site.model.name, declaration)) return true;
      }
    }
    return false;
  }

  /** The variable the record's own query selected its key by: `id` of `update({ where: { id, workspaceId } })`. */
  private selectorOf(binding: Binding, idField: string): Declaration | undefined {
    const site = this.effects.of(binding.call).site;
    const where = site && whereLiteral(site);
    for (const property of where?.properties ?? []) {
      const key = property.name && staticPropertyName(property.name);
      if (key !== idField) continue;
      const value = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? skipOuterExpressions(property.initializer) : undefined;
      return value && ts.isIdentifier(value) ? resolveIdentifier(value) : undefined;
    }
    return undefined;
  }

  /** `row.position` where `row` is the record, or another record of the same model read in this function. */
  private isFieldOfModelRecord(value: ts.Expression, field: string, model: string, declaration: Declaration): boolean {
    if (!ts.isPropertyAccessExpression(value) || value.name.text !== field) return false;
    const object = skipOuterExpressions(value.expression);
    const holder = ts.isIdentifier(object) ? resolveIdentifier(object) : undefined;
    if (!holder) return false;
    if (holder === declaration) return true;
    return this.bindingBefore(holder, value.pos)?.record.model.name === model;
  }

  /** Whether the record is returned whole and each caller of the function reads fields of it the write does not set. */
  private callersReadOnlyOthers(exit: Exit, variable: ts.Identifier, write: Write, call: ts.CallExpression): boolean {
    if (!ts.isReturnStatement(exit.statement) || skipOuterExpressions(exit.value) !== variable) return false;
    const called = this.effects.functionOf(call);
    const written = writtenFields(write.site, called && { call, fn: called });
    const fn = this.body.parent;
    if (!written || !ts.isFunctionLike(fn)) return false;
    const callers = findCallers(this.context.analysis.project, fn);
    if (callers.length === 0 || callers.length > 8) return false;
    const read = new Set<string>();
    for (const caller of callers) {
      if (!fieldsReadFromResult(caller, this.effects, read)) return false;
    }
    return read.size > 0 && [...read].every((field) => !written.has(field));
  }

  /** The write is inside an `if` without an else that the exit does not lie in: the exit is also reached without it. */
  private isConditionalBefore(call: ts.CallExpression, exit: Exit): boolean {
    for (let node: ts.Node = call; node.parent && node !== this.body; node = node.parent) {
      const parent = node.parent;
      if (contains(parent, exit.statement)) return false;
      // an `if` without an else: the path around it writes nothing (with an else, both paths may write)
      if (ts.isIfStatement(parent) && parent.thenStatement === node && !parent.elseStatement) return true;
    }
    return false;
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

  private isSend(raw: ts.Expression): boolean {
    const expression = skipOuterExpressions(raw);
    return ts.isCallExpression(expression) && this.sentValue(expression) !== undefined;
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

/**
 * The fields read from what a call gives back, added to `read`: false when the result is used in another way
 * (returned, passed on whole, spread). Followed into a function it is passed to (`exceeded(await f(user))`)
 * and through a local constant (`const row = await f(user); row.count`).
 */
function fieldsReadFromResult(call: ts.CallExpression, effects: QueryEffects, read: Set<string>): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isAsExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) {
    return fieldsReadFrom(parent, read);
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const fn = effects.functionOf(parent);
    const parameter = fn?.parameters[parent.arguments.indexOf(node as ts.Expression)];
    return !!parameter && ts.isIdentifier(parameter.name) && fieldsReadFrom(parameter, read);
  }
  return false;
}

/** The fields read from a variable or parameter in its scope; false when it is used whole anywhere. */
function fieldsReadFrom(declaration: ts.VariableDeclaration | ts.ParameterDeclaration, read: Set<string>): boolean {
  const name = declaration.name;
  if (!ts.isIdentifier(name)) return false;
  let scope: ts.Node | undefined = declaration.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return false;
  let whole = false;
  const visit = (node: ts.Node): void => {
    if (whole) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text && resolveIdentifier(node) === declaration) {
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.expression === node) ) read.add(parent.name.text);
      else whole = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return !whole;
}

/** Whether a variable holds what a call gave back: `const result = await this.auth.signUp(…)`. */
function isResultOfCall(declaration: Declaration): boolean {
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const value = skipOuterExpressions(declaration.initializer);
  return ts.isCallExpression(value);
}

/** The declarations a write's `where` is made of. */
function whereRoots(site: Write["site"]): Roots {
  const roots: Roots = new Map();
  const where = whereLiteral(site);
  if (where) collectRoots(where, roots);
  return roots;
}

function whereLiteral(site: Write["site"]): ts.ObjectLiteralExpression | undefined {
  const args = site.args && skipOuterExpressions(site.args);
  if (!args || !ts.isObjectLiteralExpression(args)) return undefined;
  for (const property of args.properties) {
    if (!ts.isPropertyAssignment(property) || !property.name || staticPropertyName(property.name) !== "where") continue;
    const where = skipOuterExpressions(property.initializer);
    return ts.isObjectLiteralExpression(where) ? where : undefined;
  }
  return undefined;
}

function record(binding: Binding): RowRecord {
  return binding.record;
}

/** The model's single `@id` field. */
function idFieldOf(record: RowRecord): string | undefined {
  const ids = [...record.model.fields.values()].filter((field) => field.isId);
  return ids.length === 1 ? ids[0].name : undefined;
}

/** An update whose written fields are all relations of the model that the record does not include. */
function onlyOtherRelations(write: Write, record: RowRecord): boolean {
  if (write.bulk || write.isDelete) return false;
  const fields = writtenFields(write.site);
  if (!fields || fields.size === 0) return false;
  return [...fields].every((name) => !!write.site.model.fields.get(name)?.relation && !record.relations.has(name));
}

/** `{ ...row, a, b }` handed back, where the write sets only `a` and `b`: the fresh values are put back over the record. */
function overridesWritten(variable: ts.Identifier, write: Write): boolean {
  const spread = variable.parent;
  if (!ts.isSpreadAssignment(spread) || !ts.isObjectLiteralExpression(spread.parent)) return false;
  const fields = writtenFields(write.site);
  if (!fields || fields.size === 0) return false;
  const properties = spread.parent.properties;
  const after = new Set<string>();
  for (const property of properties.slice(properties.indexOf(spread) + 1)) {
    const key = !ts.isSpreadAssignment(property) && property.name ? staticPropertyName(property.name) : undefined;
    if (key !== undefined) after.add(key);
  }
  return [...fields].every((field) => after.has(field));
}

/** The schema field that `item.field = …` (or `Object.assign(item, { field })`) sets on the record, if it is one. */
function assignedField(assignment: ts.BinaryExpression, declaration: Declaration, record: RowRecord): string | undefined {
  const target = skipOuterExpressions(assignment.left);
  if (!ts.isPropertyAccessExpression(target)) return undefined;
  const object = skipOuterExpressions(target.expression);
  if (!ts.isIdentifier(object) || resolveIdentifier(object) !== declaration) return undefined;
  // A relation (`link.pinnedBy = link.pinnedBy.filter(…)`) is no column an update would write: it shapes the response.
  const field = record.model.fields.get(target.name.text);
  return field && !field.relation ? target.name.text : undefined;
}

/** Whether the variable itself (not only `item.id`) is among the call's arguments: `update({ data: item })`, `save(item)`. */
function refersWhole(call: ts.CallExpression, declaration: Declaration): boolean {
  return call.arguments.some((argument) => mentionsWhole(argument, declaration));
}

function mentionsWhole(root: ts.Node, declaration: Declaration): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      // `prisma.item`, `{ item: 1 }` name a property, not the variable; `item.id` reads only a field of it.
      if (ts.isPropertyAccessExpression(parent) || (ts.isPropertyAssignment(parent) && parent.name === node)) return false;
      return resolveIdentifier(node) === declaration;
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(root);
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
      isSatisfiesExpression(parent) ||
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
