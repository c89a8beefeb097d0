/**
 * Where the code sets a soft-delete flag: to a date (`new Date()`, `Date.now()`, `dayjs()`, `now`) or to
 * `true`, as in `prisma.post.update({ data: { deletedAt: new Date() } })`, `{ isDeleted: true }` or
 * `row.deleted_at = now`. A syntactic scan of one parse, no type checker: both `init` (which suggests the
 * soft-delete fields) and the analysis (which decides which models are soft-deletable) read it.
 *
 * A write is tied to its model when the code says which (`prisma.post.update({ data: … })` → Post, through
 * nested relation writes too); one whose model cannot be told is left untied, and whoever reads the scan
 * decides what it stands for. Values under `where`, `select`, `orderBy`… are reads, not writes, and so is a
 * constant named like one (`const postSelect = { deletedAt: true }`).
 */
import type { PrismaSchema, SchemaModelInfo } from "../schema/index.js";
import { fileIndexOf, kindSet } from "../engine/file-index.js";
import { CREATE_OPERATIONS, findQuerySites, UPDATE_OPERATIONS, type QuerySiteOptions } from "../engine/query-sites.js";
import { accessedMember, resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../engine/scope.js";
import { ts } from "../engine/ts.js";

/** One place the code sets a soft-delete flag. */
export interface SoftDeleteWrite {
  field: string;
  /** what it sets the flag to: a date for now, or `true` */
  value: "date" | "true";
  /** the model written (`prisma.post.update({ data: … })` → Post); undefined when the code does not say */
  model?: string;
  /** the other scanned flags the same object sets: `{ deleted: true, deletedAt: new Date() }` */
  together: readonly string[];
  /** the property or assignment that writes it */
  node: ts.Node;
}

/** Keys of a Prisma argument under which a value is read, never written: `where: { isDeleted: true }`. */
const READ_KEYS: ReadonlySet<string> = new Set(["where", "select", "include", "omit", "orderBy", "cursor", "distinct", "having", "by", "_count", "_min", "_max", "_sum", "_avg"]);
/** A constant holding a read argument: `const userSelect = { deletedAt: true }`, `liveWhere`, `defaultInclude`. */
const READ_CONSTANT = /(?:select|include|omit|where|filter|orderBy|fields)$/i;
/** Keys of a Prisma write argument that hold the row written. */
const DATA_KEYS: ReadonlySet<string> = new Set(["data", "create", "update"]);
const WRITE_OPERATIONS: ReadonlySet<string> = new Set([...UPDATE_OPERATIONS, ...CREATE_OPERATIONS]);
/** A value or function named like the current time: `now`, `utcNow`, `Date.now()`, `DateTime.now()`, `clock.now()`. */
const NOW_NAME = /^(?:now|\w+Now)$/;
/** Date libraries called for the current time: `dayjs()`, `moment()`. */
const DATE_FACTORY = /^(?:dayjs|moment)$/;
/** Parentheses, `as`, `satisfies`, `!`, `<T>x`: seen through when walking up from a value. */
const WRAPPERS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ParenthesizedExpression,
  ts.SyntaxKind.AsExpression,
  ts.SyntaxKind.SatisfiesExpression,
  ts.SyntaxKind.NonNullExpression,
  ts.SyntaxKind.TypeAssertionExpression,
]);
const SCANNED_KINDS = kindSet(ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.ShorthandPropertyAssignment, ts.SyntaxKind.BinaryExpression);

/** Every write of one of `fields` in a parse, in source order. */
export function scanSoftDeleteWrites(sourceFile: ts.SourceFile, schema: PrismaSchema, fields: ReadonlySet<string>, options: QuerySiteOptions = {}): SoftDeleteWrite[] {
  return new FileScan(sourceFile, schema, fields, options).run();
}

class FileScan {
  private readonly writes: SoftDeleteWrite[] = [];
  private sitesByCall: Map<ts.CallExpression, SchemaModelInfo> | undefined;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly schema: PrismaSchema,
    private readonly fields: ReadonlySet<string>,
    private readonly options: QuerySiteOptions,
  ) {}

  run(): SoftDeleteWrite[] {
    const { nodes } = fileIndexOf(this.sourceFile);
    for (const node of nodes) if (SCANNED_KINDS[node.kind] === 1) this.visit(node);
    return this.writes;
  }

  private visit(node: ts.Node): void {
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const field = staticPropertyName(node.name);
      if (field === undefined || !this.fields.has(field)) return;
      const value = setValue(ts.isPropertyAssignment(node) ? node.initializer : node.name);
      if (value) this.objectWrite(node, field, value);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // `row.deletedAt = new Date()`, `args.data["isDeleted"] = true`: the model cannot be told
      const target = skipOuterExpressions(node.left);
      const field = accessedMember(target);
      if (field === undefined || !this.fields.has(field)) return;
      const value = setValue(node.right);
      if (value) this.writes.push({ field, value, together: [], node });
    }
  }

  /** `{ deletedAt: new Date() }`: a write unless it sits under `where`/`select`…; tied to its model when the call says. */
  private objectWrite(property: ts.ObjectLiteralElementLike, field: string, value: "date" | "true"): void {
    const object = property.parent as ts.ObjectLiteralExpression;
    const together = this.otherFlags(object, field);
    const keys: string[] = []; // the keys from the call's argument down to the object holding the field
    let node: ts.Node = object;
    for (;;) {
      let parent = node.parent;
      while (WRAPPERS.has(parent.kind)) [node, parent] = [parent, parent.parent];
      if (ts.isPropertyAssignment(parent) && parent.initializer === node) {
        const key = staticPropertyName(parent.name);
        if (key !== undefined && READ_KEYS.has(key)) return;
        keys.unshift(key ?? "");
        node = parent.parent;
      } else if (ts.isArrayLiteralExpression(parent)) {
        node = parent; // createMany({ data: [{ … }] })
      } else {
        if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && READ_CONSTANT.test(parent.name.text)) return;
        const model = ts.isCallExpression(parent) && parent.arguments[0] === node ? this.modelWritten(parent, keys, field) : undefined;
        this.writes.push({ field, value, together, ...(model === undefined ? {} : { model }), node: property });
        return;
      }
    }
  }

  private otherFlags(object: ts.ObjectLiteralExpression, field: string): string[] {
    const others: string[] = [];
    for (const member of object.properties) {
      if (!ts.isPropertyAssignment(member) && !ts.isShorthandPropertyAssignment(member)) continue;
      const name = staticPropertyName(member.name);
      if (name === undefined || name === field || !this.fields.has(name)) continue;
      if (setValue(ts.isPropertyAssignment(member) ? member.initializer : member.name)) others.push(name);
    }
    return others;
  }

  /** The model a Prisma write call writes `field` of, through nested relation writes; undefined when it cannot be told. */
  private modelWritten(call: ts.CallExpression, keys: readonly string[], field: string): string | undefined {
    const operation = this.modelOperation(call);
    if (!operation || !WRITE_OPERATIONS.has(operation.name) || !DATA_KEYS.has(keys[0])) return undefined;
    // prisma.user.update({ data: { posts: { updateMany: { where, data: { deletedAt } } } } }) writes Post
    let model: SchemaModelInfo | undefined = operation.model;
    for (const key of keys.slice(1)) {
      const relation = model.fields.get(key)?.relation;
      if (relation) model = this.schema.models.get(relation.model);
      if (!model) return undefined;
    }
    return model.fields.has(field) ? model.name : undefined;
  }

  /** The query site's model and operation; else `<anything>.<delegate>.<operation>(…)` as written. */
  private modelOperation(call: ts.CallExpression): { model: SchemaModelInfo; name: string } | undefined {
    if (!this.sitesByCall) {
      this.sitesByCall = new Map();
      for (const site of findQuerySites(this.sourceFile, this.schema, this.options)) this.sitesByCall.set(site.call, site.model);
    }
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const known = this.sitesByCall.get(call);
    if (known) return { model: known, name: callee.name.text };
    const receiver = skipOuterExpressions(callee.expression);
    const delegate = accessedMember(receiver);
    const model = delegate === undefined ? undefined : this.schema.modelByDelegate(delegate);
    return model && { model, name: callee.name.text };
  }
}

/** What a value sets a flag to: a date for now (`new Date()`, `Date.now()`, `dayjs()`, `now`, `new Date().toISOString()`), `true`, or neither. */
export function setValue(expression: ts.Expression, depth = 0): "date" | "true" | undefined {
  const value = skipOuterExpressions(expression);
  if (value.kind === ts.SyntaxKind.TrueKeyword) return "true";
  if (ts.isConditionalExpression(value)) return setValue(value.whenTrue, depth) ?? setValue(value.whenFalse, depth);
  if (ts.isNewExpression(value)) return ts.isIdentifier(value.expression) && value.expression.text === "Date" ? "date" : undefined;
  if (ts.isCallExpression(value)) {
    const callee = skipOuterExpressions(value.expression);
    if (ts.isIdentifier(callee)) return NOW_NAME.test(callee.text) || DATE_FACTORY.test(callee.text) ? "date" : undefined;
    // Date.now(), DateTime.now(), and methods of a date: new Date().toISOString(), dayjs().toDate()
    if (ts.isPropertyAccessExpression(callee)) return NOW_NAME.test(callee.name.text) ? "date" : setValue(callee.expression, depth) === "date" ? "date" : undefined;
    return undefined;
  }
  if (ts.isIdentifier(value)) {
    if (NOW_NAME.test(value.text)) return "date";
    // `const deletedAt = new Date(); … data: { deletedAt }`, a few steps at most
    const declaration = depth < 3 ? resolveIdentifier(value) : undefined;
    return declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? setValue(declaration.initializer, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * Whether a write's value suits a field of this type: `true` a Boolean only, a date anything else (a DateTime,
 * or a timestamp kept as a number or a string). `deletedAt: true` in a select sets no DateTime.
 */
export function suitsField(value: SoftDeleteWrite["value"], fieldType: string | undefined): boolean {
  if (fieldType === undefined) return false;
  return value === "true" ? fieldType === "Boolean" : fieldType !== "Boolean";
}
