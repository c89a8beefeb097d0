/**
 * Where the code creates rows of each model, and whether any request may create them. A model whose rows
 * only seeds and migrations create (files beside the schema, and files the config ignores: seeds, scripts,
 * tests) is reference data: its rows form a set the project curates (settings, categories, the built-in
 * email templates, a product catalogue a script syncs). A list of such a model stays the size it was
 * curated to, and a loop over it runs a fixed number of times.
 *
 * Code in the program that creates rows counts as a request's, even in a job or an admin-only route: a
 * call graph that misses a caller (a method on a singleton, a tRPC procedure) would otherwise turn a
 * growing table into reference data, and a tenant's admin (a workspace owner) creates rows per customer.
 *
 * A create is counted wherever the code may make one, to stay on the side of "a request creates rows":
 * `<anything>.<delegate>.create/createMany/createManyAndReturn/upsert(…)` (a client, a transaction, a
 * repository's field), a nested write under a relation field that points to the model (`posts: { create: … }`,
 * `connectOrCreate`, `createMany`, `upsert`), and a raw `INSERT INTO` naming the model's table (its place is
 * not followed: a request may run it). Files the config ignores (seeds, scripts, tests) and the files beside
 * the schema (`prisma/seed.ts`, `prisma/migrations/…/migration.sql` with `INSERT INTO "Category"`) create
 * outside requests.
 *
 * The answer has three values. `request`: some request may create rows. `curated`: rows are created, but
 * only outside requests. `unknown`: the project creates no row of the model at all (rows imported by hand
 * from a data set, or made by another service): nothing says how many there are, and a table filled from
 * outside can be large (every city of the world), so it is no evidence of a small set.
 */
import fs from "node:fs";
import path from "node:path";
import { isIgnored } from "../engine/analysis.js";
import { registerSummary, registerTextFacet, type MemoEntry } from "../engine/dependencies.js";
import { fileIndexOf, kindSet } from "../engine/file-index.js";
import type { AnalysisContext } from "../engine/rule.js";
import { enclosingFunction, resolveIdentifier, skipOuterExpressions, staticPropertyName } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import type { SchemaModelInfo } from "../schema/index.js";

/** Where rows of a model come from (see the module's comment). */
export type RowOrigin = "request" | "curated" | "unknown";

/** One place the code may create rows of a model, and whether it lies outside every request (a seed, a migration, an ignored file). */
interface ModelCreate {
  model: string;
  outside: boolean;
  /** a create in checked code that a count check of the same model guards (`cappedByCount`); false for a raw insert or a seed */
  capped: boolean;
}

interface ProjectCreates {
  byModel: Map<string, ModelCreate[]>;
  knowsFiles: boolean;
}

const CREATE_OPERATIONS: ReadonlySet<string> = new Set(["create", "createMany", "createManyAndReturn", "upsert"]);
/** Keys of a nested relation write that add rows to the related model. */
const NESTED_CREATE_KEYS: ReadonlySet<string> = new Set(["create", "createMany", "connectOrCreate", "upsert"]);
const CREATE_FACET = "model-creates";
/** What a result built from the project's creates reads of each file: its creates, not its text (an edit elsewhere in it keeps the result). */
const CREATE_SUMMARY = "model-creates";
registerTextFacet(CREATE_FACET, /\b(?:create|createMany|createManyAndReturn|upsert|connectOrCreate)\b|\binsert\s+into\b/i);
const RAW_INSERT = /\binsert\s+into\s+[`"']?(?:\w+[`"']?\.[`"']?)?(\w+)/gi;
const SCANNED_KINDS = kindSet(ts.SyntaxKind.PropertyAssignment, ts.SyntaxKind.CallExpression);
/** Files beside the schema that may create rows: seeds and migrations. */
const SCHEMA_SIDE_FILE = /\.(?:[cm]?[jt]s|sql)$/;
const MAX_SCHEMA_SIDE_FILES = 2000;
/** Folders beside the schema that hold seeds and migrations; below them, every folder. */
const SCHEMA_SIDE_FOLDER = /^(?:migrations|seeds?|seeders|seed-data)$/;

const stores = new WeakMap<AnalysisContext, MemoEntry<ProjectCreates>>();
const verdicts = new WeakMap<ProjectCreates, Map<string, RowOrigin>>();

/**
 * Where rows of `model` come from: `request` when the program creates them in a file it checks (any such
 * create may run on a request: the call graph cannot prove otherwise for every framework), `curated` when
 * only seeds, migrations and files the config ignores create them, `unknown` when nothing does. Without
 * program files nothing is known: `request`.
 */
export function rowOrigin(analysis: AnalysisContext, model: SchemaModelInfo): RowOrigin {
  const facts = projectCreates(analysis);
  if (!facts.knowsFiles) return "request";
  let known = verdicts.get(facts);
  if (!known) verdicts.set(facts, (known = new Map()));
  let verdict = known.get(model.name);
  if (verdict === undefined) {
    const creates = facts.byModel.get(model.name) ?? [];
    verdict = creates.length === 0 ? "unknown" : creates.some((create) => !create.outside) ? "request" : "curated";
    known.set(model.name, verdict);
  }
  return verdict;
}

/**
 * Reference data: rows only seeds and migrations create (`curated`), of a model that is neither an identity
 * (`ownership.ownerModels`: User, Workspace) nor owned (a field of `ownership.field`, `userId`): rows that
 * belong to a user or tenant are made per customer, whoever makes them (a sign-up in another service).
 */
export function isReferenceData(analysis: AnalysisContext, model: SchemaModelInfo): boolean {
  const { ownerModels, fields } = analysis.config.ownership;
  if (ownerModels.includes(model.name) || fields.some((field) => model.fields.has(field))) return false;
  return rowOrigin(analysis, model) === "curated";
}

/**
 * Rows a request creates only under a cap: every create of `model` in the checked code follows, in its
 * function and on every path to it, a count of the same model whose result a check compares with a limit and stops on
 * (`const n = await prisma.participant.count(…); if (n >= MAX_PARTICIPANTS) throw …; … create(…)`). The
 * rows of one parent then stay under that limit. A create with no such check (a nested write, another
 * route), a raw insert, or no create at all: not capped.
 */
export function cappedByCount(analysis: AnalysisContext, model: SchemaModelInfo): boolean {
  const creates = (projectCreates(analysis).byModel.get(model.name) ?? []).filter((create) => !create.outside);
  return creates.length > 0 && creates.every((create) => create.capped);
}

function countCheckedBefore(create: ts.Node, model: SchemaModelInfo): boolean {
  const fn = enclosingFunction(create);
  const body = fn && "body" in fn ? fn.body : undefined;
  if (!body || !ts.isBlock(body)) return false;
  const counts = new Set<ts.Node>();
  let capped = false;
  const visit = (node: ts.Node): void => {
    if (capped || node.pos >= create.pos) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && isCountOf(node.initializer, model)) counts.add(node);
    // The check runs on every path to the create: its block holds the create too (not a check for free plans only).
    if (ts.isIfStatement(node) && node.end <= create.pos && encloses(node.parent, create) && exits(node.thenStatement) && comparesCount(node.expression, counts)) capped = true;
    if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return capped;
}

function encloses(outer: ts.Node, inner: ts.Node): boolean {
  for (let node: ts.Node | undefined = inner; node; node = node.parent) if (node === outer) return true;
  return false;
}

/** `await prisma.participant.count(…)`, `tx.participant.count(…)`. */
function isCountOf(raw: ts.Expression, model: SchemaModelInfo): boolean {
  let expression = skipOuterExpressions(raw);
  if (ts.isAwaitExpression(expression)) expression = skipOuterExpressions(expression.expression);
  if (!ts.isCallExpression(expression)) return false;
  const callee = expression.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "count" && ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === model.delegate;
}

/** `n >= LIMIT`, `n > max - 1`, `LIMIT <= n`: a count held in one of `counts` compared with a limit. */
function comparesCount(raw: ts.Expression, counts: ReadonlySet<ts.Node>): boolean {
  const condition = skipOuterExpressions(raw);
  if (!ts.isBinaryExpression(condition)) return false;
  const operator = condition.operatorToken.kind;
  if (operator === ts.SyntaxKind.BarBarToken) return comparesCount(condition.left, counts) || comparesCount(condition.right, counts);
  const isCount = (side: ts.Expression) => {
    const expression = skipOuterExpressions(side);
    const declaration = ts.isIdentifier(expression) ? resolveIdentifier(expression) : undefined;
    return declaration !== undefined && counts.has(declaration);
  };
  if (operator === ts.SyntaxKind.GreaterThanEqualsToken || operator === ts.SyntaxKind.GreaterThanToken) return isCount(condition.left);
  if (operator === ts.SyntaxKind.LessThanEqualsToken || operator === ts.SyntaxKind.LessThanToken) return isCount(condition.right);
  return false;
}

/** A branch that leaves: `throw …`, `return …`, or a block that ends in one. */
function exits(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement)) return true;
  if (!ts.isBlock(statement)) return false;
  const last = statement.statements[statement.statements.length - 1];
  return last !== undefined && exits(last);
}

function projectCreates(analysis: AnalysisContext): ProjectCreates {
  const { project } = analysis;
  return project.dependencies.memo(stores, analysis, () => {
    const byModel = new Map<string, ModelCreate[]>();
    const add = (create: ModelCreate) => {
      const list = byModel.get(create.model);
      if (list) list.push(create);
      else byModel.set(create.model, [create]);
    };
    const { tables } = schemaMapsOf(analysis);
    const scanned = new Set<string>();
    for (const fileName of project.programFiles) {
      scanned.add(path.resolve(fileName));
      if (!project.textMatches(fileName, CREATE_FACET)) continue;
      const sourceFile = project.dependOnSummary(fileName, CREATE_SUMMARY, (parse) => summariseCreates(parse, analysis), analysis);
      if (sourceFile) for (const create of fileCreates(sourceFile, analysis)) add(create);
    }
    for (const [model, text] of schemaSideTexts(analysis, scanned)) {
      for (const match of text.matchAll(RAW_INSERT)) {
        const inserted = tables.get(match[1].toLowerCase());
        if (inserted) add({ model: inserted, outside: true, capped: false });
      }
      if (model) add({ model, outside: true, capped: false });
    }
    return { byModel, knowsFiles: project.programFiles.length > 0 };
  });
}

registerSummary(CREATE_SUMMARY, summariseCreates);

function summariseCreates(sourceFile: ts.SourceFile, analysis: AnalysisContext): string {
  return fileCreates(sourceFile, analysis)
    .map(({ model, outside, capped }) => `${model}:${Number(outside)}${Number(capped)}`)
    .sort()
    .join(";");
}

const createsByParse = new WeakMap<ts.SourceFile, WeakMap<AnalysisContext, ModelCreate[]>>();

/** The creates one file makes: calls, nested writes and raw inserts, each with whether it lies outside requests and is capped. */
function fileCreates(sourceFile: ts.SourceFile, analysis: AnalysisContext): ModelCreate[] {
  let byAnalysis = createsByParse.get(sourceFile);
  if (!byAnalysis) createsByParse.set(sourceFile, (byAnalysis = new WeakMap()));
  let creates = byAnalysis.get(analysis);
  if (creates) return creates;
  creates = [];
  const outside = isIgnored(analysis, sourceFile.fileName);
  const { targets, tables } = schemaMapsOf(analysis);
  for (const node of fileIndexOf(sourceFile).nodes) {
    if (SCANNED_KINDS[node.kind] !== 1) continue;
    const models = ts.isCallExpression(node) ? createCall(node, analysis) : nestedCreate(node as ts.PropertyAssignment, targets);
    for (const model of models) {
      const info = analysis.schema.models.get(model);
      creates.push({ model, outside, capped: info !== undefined && countCheckedBefore(node, info) });
    }
  }
  for (const match of sourceFile.text.matchAll(RAW_INSERT)) {
    const model = tables.get(match[1].toLowerCase());
    if (model) creates.push({ model, outside, capped: false });
  }
  byAnalysis.set(analysis, creates);
  return creates;
}

/** `prisma.post.create(…)`, `tx.post.upsert(…)`, `this.db.post.createMany(…)`: the model of the delegate. */
function createCall(call: ts.CallExpression, analysis: AnalysisContext): string[] {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !CREATE_OPERATIONS.has(callee.name.text)) return [];
  const delegate = callee.expression;
  const name = ts.isPropertyAccessExpression(delegate) ? delegate.name.text : ts.isElementAccessExpression(delegate) && ts.isStringLiteral(delegate.argumentExpression) ? delegate.argumentExpression.text : undefined;
  const model = name === undefined ? undefined : analysis.schema.modelByDelegate(name);
  return model ? [model.name] : [];
}

/**
 * The seeds and migrations beside the schema that the program does not hold: files in the schema's folder
 * (`prisma/seed.js`) and below its `migrations`/`seed` folders (`prisma/migrations/…/migration.sql`): each text with the model a `.<delegate>.create(` in it names
 * (one entry per model named, or one entry without a model for the raw inserts).
 */
function schemaSideTexts(analysis: AnalysisContext, scanned: ReadonlySet<string>): [string | undefined, string][] {
  const out: [string | undefined, string][] = [];
  const delegates = [...analysis.schema.models.values()].map((model) => model.delegate);
  const createText = new RegExp(`\\.(${delegates.join("|")})\\s*\\.\\s*(?:create|createMany|createManyAndReturn|upsert)\\s*\\(`, "g");
  for (const file of schemaSideFiles(analysis.schema.files)) {
    if (scanned.has(file)) continue;
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    out.push([undefined, text]);
    if (delegates.length > 0 && !file.endsWith(".sql")) for (const match of text.matchAll(createText)) out.push([analysis.schema.modelByDelegate(match[1])?.name, ""]);
  }
  return out;
}

/**
 * The files beside the schema this module reads from disk (seeds, SQL migrations), outside the project:
 * the `--cache` key hashes them too, so an edited migration or seed re-checks the project.
 */
export function schemaSideFiles(schemaFiles: readonly string[]): string[] {
  const files: string[] = [];
  let budget = MAX_SCHEMA_SIDE_FILES;
  const walk = (folder: string, inside: boolean) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (--budget < 0) return;
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (inside || SCHEMA_SIDE_FOLDER.test(entry.name)) walk(file, true);
        continue;
      }
      if (SCHEMA_SIDE_FILE.test(entry.name)) files.push(file);
    }
  };
  for (const folder of new Set(schemaFiles.map((file) => path.dirname(file)))) walk(folder, false);
  return files;
}

/** `posts: { create: … }`: the models a relation field of that name may point to. */
function nestedCreate(property: ts.PropertyAssignment, targets: ReadonlyMap<string, ReadonlySet<string>>): Iterable<string> {
  const key = staticPropertyName(property.name);
  if (key === undefined || !NESTED_CREATE_KEYS.has(key)) return [];
  const object = property.parent;
  const holder = object?.parent;
  if (!object || !ts.isObjectLiteralExpression(object) || !holder || !ts.isPropertyAssignment(holder) || holder.initializer !== object) return [];
  const relation = staticPropertyName(holder.name);
  return (relation !== undefined && targets.get(relation)) || [];
}

/** Relation field name → the models fields of that name point to, over the whole schema. */
const schemaMaps = new WeakMap<AnalysisContext["schema"], { targets: Map<string, Set<string>>; tables: Map<string, string> }>();

/** The schema's relation targets and table names, worked out once per schema. */
function schemaMapsOf(analysis: AnalysisContext): { targets: Map<string, Set<string>>; tables: Map<string, string> } {
  let maps = schemaMaps.get(analysis.schema);
  if (!maps) schemaMaps.set(analysis.schema, (maps = { targets: relationTargets(analysis), tables: tableNames(analysis) }));
  return maps;
}

function relationTargets(analysis: AnalysisContext): Map<string, Set<string>> {
  const targets = new Map<string, Set<string>>();
  for (const model of analysis.schema.models.values()) {
    for (const field of model.fields.values()) {
      if (!field.relation) continue;
      let set = targets.get(field.name);
      if (!set) targets.set(field.name, (set = new Set()));
      set.add(field.relation.model);
    }
  }
  return targets;
}

/** Table names a raw insert may use for each model: the name as is, snake_case, and their plurals, lower-cased. */
function tableNames(analysis: AnalysisContext): Map<string, string> {
  const names = new Map<string, string>();
  for (const model of analysis.schema.models.values()) {
    const snake = model.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
    for (const name of [model.name, snake]) for (const form of [name, `${name}s`]) names.set(form.toLowerCase(), model.name);
  }
  return names;
}
