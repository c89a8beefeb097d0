/**
 * Which soft-delete fields the code actually writes, and for which models. A model is soft-deletable only
 * when some code sets its flag: to a date (`new Date()`, `Date.now()`, `dayjs()`, `now`) or to `true`, as in
 * `prisma.post.update({ data: { deletedAt: new Date() } })`, `{ isDeleted: true }` or `row.deleted_at = now`.
 * A column every model has and nothing sets is no soft delete, and a project that writes `isDeleted` but never
 * `deletedAt` uses `isDeleted`. Tests, seeds, scripts and migrations do not count (`source-files.ts`).
 *
 * A syntactic scan with TypeScript's parser, no type checker: `init` only suggests, and the user reviews.
 * A write is tied to its model when the code says which (`prisma.post.update({ data: … })` → Post, through
 * nested relation writes too); a write whose model cannot be told counts for every model with the field.
 */
import fs from "node:fs";
import path from "node:path";
import { CREATE_OPERATIONS, DELETE_OPERATIONS, READ_OPERATIONS, UPDATE_OPERATIONS } from "../../engine/query-sites.js";
import { skipOuterExpressions, staticKey, staticPropertyName } from "../../engine/scope.js";
import { ts } from "../../engine/ts.js";
import type { PrismaSchema, SchemaModelInfo } from "../../schema/index.js";
import type { FieldUse } from "./schema-inspection.js";
import { apiSourceFiles, JS_EXTENSIONS, TS_EXTENSIONS } from "./source-files.js";

/** One place the code sets a soft-delete field. */
export interface SoftDeleteWrite {
  field: string;
  /** the model written (`prisma.post.update({ data: … })` → Post); undefined when the code does not say */
  model?: string;
  /** `src/services/posts.ts:12` */
  at: string;
}

export interface SoftDeleteScan {
  /** in file order */
  writes: SoftDeleteWrite[];
  /** the models some code runs a Prisma operation on (`prisma.post.findMany(…)`), sorted */
  queriedModels: string[];
}

/** A soft-delete field the code writes, and the models it makes soft-deletable. */
export interface WrittenField extends FieldUse {
  /** the first place the code sets it */
  writtenAt: string;
}

/** A model the `softDelete.field` list would give a field that is not its soft-delete flag. */
export interface SoftDeleteOverride {
  model: string;
  /** its own soft-delete field, or false */
  value: string | false;
  /** the listed field the model would otherwise get */
  field: string;
  /** why that field is no soft-delete flag of this model */
  reason: "not-a-flag" | "never-written";
}

export interface SoftDeleteInspection {
  /** fields the code writes, with the models they make soft-deletable, most models first */
  written: WrittenField[];
  /**
   * models taken as soft-deletable although no write names them, because no code queries them at all:
   * nothing says otherwise, so they follow the field the rest of the code writes
   */
  unqueried: string[];
  /** soft-delete fields in the schema that the code never writes, with the models left out, most models first */
  neverWritten: FieldUse[];
  overrides: SoftDeleteOverride[];
}

/**
 * `candidates`: the nullable DateTime and Boolean fields named like a soft-delete flag, with their models
 * (`SchemaInspection.softDeleteFields`).
 */
export async function inspectSoftDelete(root: string, schema: PrismaSchema, candidates: readonly FieldUse[]): Promise<SoftDeleteInspection> {
  const scan = candidates.length === 0 ? { writes: [], queriedModels: [] } : await scanSoftDeleteWrites(root, schema, candidates.map((use) => use.field));
  return decideSoftDelete(schema, candidates, scan);
}

// ---------------------------------------------------------------------------------------------------------
// The scan

/** Keys of a Prisma argument under which a value is read, never written: `where: { isDeleted: true }`. */
const READ_KEYS: ReadonlySet<string> = new Set(["where", "select", "include", "omit", "orderBy", "cursor", "distinct", "having", "by", "_count", "_min", "_max", "_sum", "_avg"]);
/** Keys of a Prisma write argument that hold the row written. */
const DATA_KEYS: ReadonlySet<string> = new Set(["data", "create", "update"]);
const WRITE_OPERATIONS: ReadonlySet<string> = new Set([...UPDATE_OPERATIONS, ...CREATE_OPERATIONS]);
const OPERATIONS: ReadonlySet<string> = new Set([...READ_OPERATIONS, ...UPDATE_OPERATIONS, ...CREATE_OPERATIONS, ...DELETE_OPERATIONS]);
/** A value or function named like the current time: `now`, `utcNow`, `Date.now()`, `DateTime.now()`, `clock.now()`. */
const NOW_NAME = /^(?:now|\w+Now)$/;
/** Date libraries called for the current time: `dayjs()`, `moment()`. */
const DATE_FACTORY = /^(?:dayjs|moment)$/;
/** Parentheses, `as`, `satisfies`, `!`, `<T>x`, `await`: seen through when walking up from a value. */
const WRAPPERS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.ParenthesizedExpression,
  ts.SyntaxKind.AsExpression,
  ts.SyntaxKind.SatisfiesExpression,
  ts.SyntaxKind.NonNullExpression,
  ts.SyntaxKind.TypeAssertionExpression,
]);

export async function scanSoftDeleteWrites(root: string, schema: PrismaSchema, fields: readonly string[]): Promise<SoftDeleteScan> {
  const fieldSet = new Set(fields);
  const delegates = [...schema.models.values()].map((model) => model.delegate);
  // cheap pre-filter: only files that name a field or use a model's delegate are parsed
  const mentions = new RegExp(`\\b(?:${fields.map(escape).join("|")})\\b|\\.\\s*(?:${delegates.map(escape).join("|") || "(?!)"})\\s*\\.`);
  const writes: SoftDeleteWrite[] = [];
  const queried = new Set<string>();
  for (const file of await apiSourceFiles(root, ".", [...TS_EXTENSIONS, ...JS_EXTENSIONS])) {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    if (!mentions.test(text)) continue;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
    new FileScan(sourceFile, schema, fieldSet, writes, queried).run();
  }
  return { writes, queriedModels: [...queried].sort() };
}

class FileScan {
  /** variable name → initializers in this file, for `const deletedAt = new Date(); … { deletedAt }` */
  private declarations: Map<string, ts.Expression[]> | undefined;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly schema: PrismaSchema,
    private readonly fields: ReadonlySet<string>,
    private readonly writes: SoftDeleteWrite[],
    private readonly queried: Set<string>,
  ) {}

  /** Visits every node in source order, by a worklist. */
  run(): void {
    const worklist: ts.Node[] = [this.sourceFile];
    while (worklist.length > 0) {
      const node = worklist.pop()!;
      this.visit(node);
      const children: ts.Node[] = [];
      ts.forEachChild(node, (child) => void children.push(child));
      for (let i = children.length - 1; i >= 0; i--) worklist.push(children[i]);
    }
  }

  private visit(node: ts.Node): void {
    if (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      const field = staticPropertyName(node.name);
      const value = ts.isPropertyAssignment(node) ? node.initializer : node.name;
      if (field !== undefined && this.fields.has(field) && this.isSetValue(value)) this.objectWrite(node, field);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // `row.deletedAt = new Date()`, `args.data["isDeleted"] = true`: the model cannot be told
      const target = skipOuterExpressions(node.left);
      const field = ts.isPropertyAccessExpression(target)
        ? target.name.text
        : ts.isElementAccessExpression(target)
          ? staticKey(target.argumentExpression)
          : undefined;
      if (field !== undefined && this.fields.has(field) && this.isSetValue(node.right)) this.record(node, field, undefined);
    } else if (ts.isCallExpression(node)) {
      const operation = this.modelOperation(node);
      if (operation && OPERATIONS.has(operation.name)) this.queried.add(operation.model.name);
    }
  }

  /** `{ deletedAt: new Date() }`: a write unless it sits under `where`/`select`…; tied to its model when the call says. */
  private objectWrite(property: ts.ObjectLiteralElementLike, field: string): void {
    const keys: string[] = []; // the keys from the call's argument down to the object holding the field
    let node: ts.Node = property.parent;
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
        const model = ts.isCallExpression(parent) && parent.arguments[0] === node ? this.modelWritten(parent, keys, field) : undefined;
        this.record(property, field, model);
        return;
      }
    }
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

  /** `<client>.<delegate>.<operation>(…)`: the model and the operation's name. */
  private modelOperation(call: ts.CallExpression): { model: SchemaModelInfo; name: string } | undefined {
    const callee = skipOuterExpressions(call.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const receiver = skipOuterExpressions(callee.expression);
    const delegate = ts.isPropertyAccessExpression(receiver)
      ? receiver.name.text
      : ts.isElementAccessExpression(receiver)
        ? staticKey(receiver.argumentExpression)
        : undefined;
    const model = delegate === undefined ? undefined : this.schema.modelByDelegate(delegate);
    return model && { model, name: callee.name.text };
  }

  private record(node: ts.Node, field: string, model: string | undefined): void {
    const line = this.sourceFile.getLineAndCharacterOfPosition(node.getStart(this.sourceFile)).line + 1;
    this.writes.push({ field, ...(model === undefined ? {} : { model }), at: `${this.sourceFile.fileName}:${line}` });
  }

  /** A date for now (`new Date()`, `Date.now()`, `dayjs()`, `now`, `new Date().toISOString()`) or `true`. */
  private isSetValue(expression: ts.Expression, depth = 0): boolean {
    const value = skipOuterExpressions(expression);
    if (value.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (ts.isAwaitExpression(value)) return this.isSetValue(value.expression, depth);
    if (ts.isConditionalExpression(value)) return this.isSetValue(value.whenTrue, depth) || this.isSetValue(value.whenFalse, depth);
    if (ts.isNewExpression(value)) return ts.isIdentifier(value.expression) && value.expression.text === "Date";
    if (ts.isCallExpression(value)) {
      const callee = skipOuterExpressions(value.expression);
      if (ts.isIdentifier(callee)) return NOW_NAME.test(callee.text) || DATE_FACTORY.test(callee.text);
      // Date.now(), DateTime.now(), and methods of a date: new Date().toISOString(), dayjs().toDate()
      if (ts.isPropertyAccessExpression(callee)) return NOW_NAME.test(callee.name.text) || this.isSetValue(callee.expression, depth);
      return false;
    }
    if (ts.isIdentifier(value)) {
      if (NOW_NAME.test(value.text)) return true;
      // `const deletedAt = new Date(); … data: { deletedAt }`, a few steps at most
      return depth < 3 && (this.declarationsOf(value.text) ?? []).some((initializer) => this.isSetValue(initializer, depth + 1));
    }
    return false;
  }

  private declarationsOf(name: string): ts.Expression[] | undefined {
    if (!this.declarations) {
      this.declarations = new Map();
      const worklist: ts.Node[] = [this.sourceFile];
      while (worklist.length > 0) {
        const node = worklist.pop()!;
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
          const list = this.declarations.get(node.name.text) ?? [];
          list.push(node.initializer);
          this.declarations.set(node.name.text, list);
        }
        ts.forEachChild(node, (child) => void worklist.push(child));
      }
    }
    return this.declarations.get(name);
  }
}

function scriptKind(file: string): ts.ScriptKind {
  if (/\.[cm]?tsx$/.test(file)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS;
  return file.endsWith(".jsx") ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---------------------------------------------------------------------------------------------------------
// The decision

/**
 * Per candidate field: the models whose flag the code writes (a write tied to the model, or a write whose model
 * cannot be told), plus the models no code queries while the field is written elsewhere. The rest are listed as
 * never written. Then the `softDelete.models` overrides the field list needs, as the engine takes the first
 * listed field a model has.
 */
export function decideSoftDelete(schema: PrismaSchema, candidates: readonly FieldUse[], scan: SoftDeleteScan): SoftDeleteInspection {
  const queried = new Set(scan.queriedModels);
  const written: WrittenField[] = [];
  const neverWritten: FieldUse[] = [];
  const unqueried = new Set<string>();
  for (const use of candidates) {
    const writes = scan.writes.filter((write) => write.field === use.field);
    const anyModel = writes.some((write) => write.model === undefined);
    const tied = new Set(writes.map((write) => write.model));
    const models = use.models.filter((model) => anyModel || tied.has(model));
    const notQueried = writes.length > 0 ? use.models.filter((model) => !models.includes(model) && !queried.has(model)) : [];
    const rest = use.models.filter((model) => !models.includes(model) && !notQueried.includes(model));
    if (models.length === 0) {
      neverWritten.push(use);
      continue;
    }
    written.push({ field: use.field, models: [...models, ...notQueried].sort(), writtenAt: writes[0].at });
    for (const model of notQueried) unqueried.add(model);
    if (rest.length > 0) neverWritten.push({ field: use.field, models: rest });
  }
  written.sort(byUseCount);
  neverWritten.sort(byUseCount);

  const listed = written.map((use) => use.field);
  const softDeletable = (model: string, field: string) => written.some((use) => use.field === field && use.models.includes(model));
  const isFlag = (model: string, field: string) => candidates.some((use) => use.field === field && use.models.includes(model));
  const overrides: SoftDeleteOverride[] = [];
  for (const model of schema.models.values()) {
    const field = listed.find((name) => model.fields.has(name));
    if (field === undefined || softDeletable(model.name, field)) continue;
    const own = listed.find((name) => softDeletable(model.name, name));
    overrides.push({ model: model.name, value: own ?? false, field, reason: isFlag(model.name, field) ? "never-written" : "not-a-flag" });
  }
  return { written, unqueried: [...unqueried].sort(), neverWritten, overrides };
}

function byUseCount(a: FieldUse, b: FieldUse): number {
  return b.models.length - a.models.length || a.field.localeCompare(b.field);
}
