/**
 * How the whole project treats its soft-deletable models, read from every query of the project (the tsconfig's
 * files that are not ignored), once per analysis:
 *
 * - **Filtered live**: some query keeps the model's live rows only (`deletedAt: null`, or a central soft delete
 *   that adds it). A flag no query ever filters on hides nothing from reads: the code checks it after the fetch
 *   (a suspension, a status) or the date schedules a removal a job does later (`deletedAt: { lt: cutoff }`, an
 *   account in its grace period is in use), so a read without the filter is the project's own practice, not a slip.
 *   Only a project that filters some model's deleted rows out, or tests a flag in code (`if (row.deletedAt)`),
 *   tells the two apart: one that does neither is checked as usual.
 * - **Deleted together**: every soft delete of one model (a write that sets its flag, or a delete a central
 *   soft delete turns into one) runs, on every path, with a delete of another model's rows (soft, for good, or in
 *   a nested `updateMany` of the same write), in the same function
 *   or in a function it calls (`deleteTrack` soft-deletes the track and then its audio; `deleteProfile` its
 *   posts and albums). A row of the first model is then deleted only when its companion row is, so a filter on
 *   the companion's flag already leaves it out.
 */
import { isIgnored } from "../../src/engine/analysis.js";
import { registerSummary, summaryDigest, type MemoEntry } from "../../src/engine/dependencies.js";
import { forEachDescendant, kindSet } from "../../src/engine/file-index.js";
import { isDeleteOperation, isReadOperation, isUpdateOperation, type QuerySite } from "../../src/engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../../src/engine/rule.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../../src/engine/where.js";
import { CallGraph, hasBody, type GraphFunction } from "../../src/analysis/call-graph.js";
import { projectSoftDelete, type ProjectSoftDelete } from "../../src/analysis/soft-delete.js";
import { setValue } from "../../src/analysis/soft-delete-writes.js";
import type { SoftDeleteInfo } from "../../src/schema/index.js";
import { owningFunction, writesDeletionState } from "./soft-delete-rows.js";

export interface SoftDeletePractice {
  /**
   * Whether some query of the project keeps the model's live rows only; always true when the project names no
   * files, or filters no model at all and never tests a flag in code either (then nothing tells a deliberate
   * practice from a forgotten filter).
   */
  filteredLive(model: string): boolean;
  /** Whether every soft delete of `model` comes with a delete of `companion` rows (and there is at least one). */
  deletedWith(model: string, companion: string): boolean;
  /**
   * Whether the project soft-deletes one `model` row on its own (`delete`/`update` by its key, at least once) and no
   * such delete ever deletes `companion` rows, on any path: the companion rows are meant to outlive it. Deletes of
   * many rows (`deleteMany({ where: { profileId } })`) take them with a parent of their own and are not asked.
   */
  neverDeletedWith(model: string, companion: string): boolean;
}

interface Facts {
  /** models some query keeps the live rows of (or may: a value that cannot be told counts) */
  filteredLive: Set<string>;
  /** false when the project names no files (no tsconfig): nothing can be said of the whole project */
  knowsFiles: boolean;
  /** whether the code reads a flag off a row (`row.deletedAt`), outside the queries themselves */
  flagTested: boolean;
  /** model → the query sites that soft-delete it */
  softDeletes: Map<string, QuerySite[]>;
  /** model → the query sites that delete it for good (a hard delete no central soft delete softens) */
  hardDeletes: Map<string, QuerySite[]>;
  /** a soft delete → the related models its nested writes soft-delete with it (`portions: { updateMany: { data: { deletedAt } } }`) */
  nested: Map<QuerySite, Set<string>>;
  /** to follow a soft delete into the functions it calls */
  graph: CallGraph;
  /** `model\0companion` → the answer of `deletedWith`, memoised with what finding it read (the functions it followed) */
  together: Map<string, MemoEntry<boolean>>;
  /** `model\0companion` → the answer of `neverDeletedWith`, memoised the same way */
  apart: Map<string, MemoEntry<boolean>>;
}

const stores = new WeakMap<AnalysisContext, MemoEntry<Facts>>();
/** how many calls deep a companion's soft delete is looked for */
const MAX_DEPTH = 3;

/** The project's practice, as seen from `sourceFile` (whose own queries count even when it is outside the tsconfig). */
export function softDeletePractice(analysis: AnalysisContext, softDelete: ProjectSoftDelete, sourceFile: ts.SourceFile): SoftDeletePractice {
  const { project } = analysis;
  let facts = project.dependencies.memo(stores, analysis, () => {
    const found = emptyFacts(analysis);
    for (const fileName of project.programFiles) {
      if (isIgnored(analysis, fileName)) continue;
      // Only what the file contributes counts (the models it filters, whether it tests a flag, its deletes with the
      // text of their functions): an edit elsewhere in it keeps the facts, and `--cache` re-checks nothing for it.
      const parse = project.dependOnSummary(fileName, PRACTICE_SUMMARY, (current) => project.dependencies.untracked(() => summarisePractice(current, analysis)), analysis);
      if (parse) project.dependencies.untracked(() => collect(analysis, softDelete, parse, found));
    }
    return found;
  });
  if (!project.isTsconfigFile(sourceFile.fileName) && !isIgnored(analysis, sourceFile.fileName)) {
    const own = { ...facts, filteredLive: new Set(facts.filteredLive), together: new Map<string, MemoEntry<boolean>>(), apart: new Map<string, MemoEntry<boolean>>() };
    own.softDeletes = new Map([...facts.softDeletes].map(([model, sites]) => [model, [...sites]]));
    own.nested = new Map(facts.nested);
    own.hardDeletes = new Map([...facts.hardDeletes].map(([model, sites]) => [model, [...sites]]));
    collect(analysis, softDelete, sourceFile, own);
    facts = own;
  }
  const { together, apart } = facts;
  return {
    // Only a project that leaves deleted rows out somewhere tells a flag it never filters from one it forgot.
    filteredLive: (model) => !facts.knowsFiles || (facts.filteredLive.size === 0 && !facts.flagTested) || facts.filteredLive.has(model),
    deletedWith(model, companion) {
      // A reused answer counts as read by the file that asks, with the functions it followed.
      return project.dependencies.memo(together, `${model}\0${companion}`, () => isDeletedWith(facts, model, companion));
    },
    neverDeletedWith(model, companion) {
      return project.dependencies.memo(apart, `${model}\0${companion}`, () => isNeverDeletedWith(facts, model, companion));
    },
  };
}

const PRACTICE_SUMMARY = "soft-delete-practice";
registerSummary(PRACTICE_SUMMARY, summarisePractice);

/** What one file contributes to the practice, as text: the same text, the same contribution. */
function summarisePractice(sourceFile: ts.SourceFile, analysis: AnalysisContext): string {
  const facts = emptyFacts(analysis);
  collect(analysis, projectSoftDelete(analysis, sourceFile), sourceFile, facts);
  const deletes = (kind: string, byModel: Map<string, QuerySite[]>) =>
    [...byModel].flatMap(([model, sites]) =>
      sites.map((site) => `${kind}:${model}:${[...(facts.nested.get(site) ?? [])].sort().join(",")}:${summaryDigest(owningFunction(site.call)?.getText() ?? site.call.getText())}`),
    );
  return [
    `filtered:${[...facts.filteredLive].sort().join(",")}`,
    `tested:${facts.flagTested}`,
    ...deletes("soft", facts.softDeletes),
    ...deletes("hard", facts.hardDeletes),
  ].join("\n");
}

function emptyFacts(analysis: AnalysisContext): Facts {
  return {
    knowsFiles: analysis.project.programFiles.length > 0,
    flagTested: false,
    filteredLive: new Set(),
    softDeletes: new Map(),
    hardDeletes: new Map(),
    nested: new Map(),
    graph: new CallGraph(analysis),
    together: new Map(),
    apart: new Map(),
  };
}

function collect(analysis: AnalysisContext, softDelete: ProjectSoftDelete, sourceFile: ts.SourceFile, facts: Facts): void {
  if (!facts.flagTested) facts.flagTested = testsFlag(sourceFile, flagNames(analysis));
  for (const site of querySitesOf(sourceFile, analysis)) {
    const model = softDelete.of(site.model);
    const name = site.model.name;
    const central = model && softDelete.central(site);
    if (isDeleteOperation(site.operation)) {
      add(central?.softDeletes ? facts.softDeletes : facts.hardDeletes, name, site);
      continue;
    }
    if (!model) continue;
    const args = analysis.evaluator.evaluate(site.args);
    if (isUpdateOperation(site.operation) && writesDeletionState(site, args, model.flags) === "soft-delete") {
      add(facts.softDeletes, name, site);
      const nested = nestedSoftDeletes(analysis, softDelete, site, propertyOf(args, site.operation === "upsert" ? "update" : "data"));
      if (nested.size > 0) facts.nested.set(site, nested);
    }
    if (!isReadOperation(site.operation) && !isUpdateOperation(site.operation)) continue;
    if (central?.filters) facts.filteredLive.add(name);
    const where = propertyOf(args, "where");
    for (const flag of model.flags) {
      if (whereConstrains(where, flag.field, (value) => keepsLive(value, flag)) !== "no") facts.filteredLive.add(name);
    }
  }
}

/** The related models a write's nested `update`/`updateMany` soft-deletes along with the row. */
function nestedSoftDeletes(analysis: AnalysisContext, softDelete: ProjectSoftDelete, site: QuerySite, data: AbsValue): Set<string> {
  const found = new Set<string>();
  for (const [key, field] of site.model.fields) {
    const related = field.relation && analysis.schema.models.get(field.relation.model);
    const flags = related && softDelete.of(related)?.flags;
    if (!related || !flags) continue;
    const nested = propertyOf(data, key);
    for (const operation of ["update", "updateMany"]) {
      const inner = propertyOf(propertyOf(nested, operation), "data");
      if (flags.some((flag) => setsFlag(propertyOf(inner, flag.field), flag))) found.add(related.name);
    }
  }
  return found;
}

function setsFlag(value: AbsValue, flag: SoftDeleteInfo): boolean {
  if (value.kind === "literal") return value.value !== undefined && value.value !== null && value.value !== flag.live;
  return value.kind === "unknown" && !!value.node && ts.isExpression(value.node) && setValue(value.node) !== undefined;
}

function flagNames(analysis: AnalysisContext): ReadonlySet<string> {
  const { fields, models } = analysis.config.softDelete;
  return new Set([...fields, ...Object.values(models).flatMap((setting) => (setting ? [setting.field] : []))]);
}

const ACCESS_KINDS = kindSet(ts.SyntaxKind.PropertyAccessExpression);

/** `row.deletedAt` read (not assigned) somewhere in the file: the code looks at the flag itself. */
function testsFlag(sourceFile: ts.SourceFile, names: ReadonlySet<string>): boolean {
  if (![...names].some((name) => sourceFile.text.includes(`.${name}`))) return false;
  let found = false;
  forEachDescendant(
    sourceFile,
    (node) => {
      const access = node as ts.PropertyAccessExpression;
      if (!names.has(access.name.text)) return;
      const parent = access.parent;
      if (ts.isBinaryExpression(parent) && parent.left === access && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return;
      found = true;
      return "stop";
    },
    ACCESS_KINDS,
  );
  return found;
}

function add(map: Map<string, QuerySite[]>, key: string, site: QuerySite): void {
  const list = map.get(key);
  if (list) list.push(site);
  else map.set(key, [site]);
}

/** `null`, `false`, `{ equals: null }`: a constraint that keeps live rows (unknown values may). */
function keepsLive(value: AbsValue, flag: SoftDeleteInfo): Verdict {
  return onEveryPath(value, (option) => {
    if (option.kind === "literal") return option.value === flag.live ? "yes" : "no";
    if (option.kind !== "object") return "unknown";
    const equals = option.props.get("equals")?.value;
    if (equals) return equals.kind === "literal" ? (equals.value === flag.live ? "yes" : "no") : "unknown";
    return option.opaque ? "unknown" : "no";
  });
}

function isDeletedWith(facts: Facts, model: string, companion: string): boolean {
  if (model === companion) return false;
  const sites = facts.softDeletes.get(model) ?? [];
  return sites.length > 0 && sites.every((site) => companionDeleted(facts, site, companion));
}

function isNeverDeletedWith(facts: Facts, model: string, companion: string): boolean {
  if (model === companion) return false;
  const sites = (facts.softDeletes.get(model) ?? []).filter((site) => site.operation === "delete" || site.operation === "update");
  return sites.length > 0 && !sites.some((site) => companionDeleted(facts, site, companion, false));
}

/**
 * Whether the function of a soft delete also deletes `companion` rows (softly or for good) on every path that
 * reaches the soft delete, or with `everyPath` false on some path (`if (deleteAll) await deleteTracks(id)`).
 */
function companionDeleted(facts: Facts, site: QuerySite, companion: string, everyPath = true): boolean {
  if (facts.nested.get(site)?.has(companion)) return true;
  const fn = owningFunction(site.call);
  if (!fn || !hasBody(fn)) return false;
  const guards = conditionsOf(site.call, fn);
  const visited = new Set<GraphFunction>();
  const search = (within: GraphFunction, allowed: ReadonlySet<ts.Node>, depth: number): boolean => {
    if (visited.has(within)) return false;
    visited.add(within);
    const file = within.getSourceFile();
    const companions = [...(facts.softDeletes.get(companion) ?? []), ...(facts.hardDeletes.get(companion) ?? [])].filter(
      (other) => other.call.getSourceFile() === file && other.call.pos >= within.body.pos && other.call.end <= within.body.end,
    );
    const reached = (node: ts.Node) => !everyPath || subset(conditionsOf(node, within), allowed);
    if (companions.some((other) => reached(other.call))) return true;
    if (depth >= MAX_DEPTH) return false;
    return facts.graph.callees(within).some(({ callee, via }) => reached(via) && search(callee, new Set(), depth + 1));
  };
  return search(fn, guards, 0);
}

function subset(inner: ReadonlySet<ts.Node>, outer: ReadonlySet<ts.Node>): boolean {
  return [...inner].every((node) => outer.has(node));
}

/**
 * The branches a node runs under inside `fn`: the `if`/`else` arms, `?:` arms, right operands of `&&`/`||`/`??`,
 * `case` clauses and `catch` blocks around it. Loops and callbacks (`rows.map((row) => remove(row.id))`) run for
 * every row and are no condition.
 */
function conditionsOf(node: ts.Node, fn: ts.Node): Set<ts.Node> {
  const found = new Set<ts.Node>();
  for (let child = node, parent = node.parent; parent && child !== fn; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) found.add(child);
    else if (ts.isConditionalExpression(parent) && child !== parent.condition) found.add(child);
    else if (ts.isBinaryExpression(parent) && child === parent.right && isShortCircuit(parent.operatorToken.kind)) found.add(child);
    else if (ts.isCaseOrDefaultClause(parent) || ts.isCatchClause(parent)) found.add(parent);
  }
  return found;
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.AmpersandAmpersandToken || kind === ts.SyntaxKind.BarBarToken || kind === ts.SyntaxKind.QuestionQuestionToken;
}
