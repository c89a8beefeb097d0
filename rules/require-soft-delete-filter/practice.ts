/**
 * How the whole project treats its soft-deletable models, read from every query of the project (the tsconfig's
 * files that are not ignored), once per analysis:
 *
 * - A **scheduled deletion**: no query ever keeps a model's live rows only (`deletedAt: null`), and some query
 *   selects its rows by the flag's age (`deletedAt: { lt: cutoff }`). The date marks a row a job will remove
 *   later; until then the row is in use (an account in its grace period), so reads need no live filter.
 * - **Deleted together**: every soft delete of one model (a write that sets its flag, or a delete a central
 *   soft delete turns into one) runs, on every path, with a soft delete of another model, in the same function
 *   or in a function it calls (`deleteTrack` soft-deletes the track and then its audio; `deleteProfile` its
 *   posts and albums). A row of the first model is then deleted only when its companion row is, so a filter on
 *   the companion's flag already leaves it out.
 */
import { isIgnored } from "../../src/engine/analysis.js";
import type { MemoEntry } from "../../src/engine/dependencies.js";
import { isDeleteOperation, isReadOperation, isUpdateOperation, type QuerySite } from "../../src/engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../../src/engine/rule.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue } from "../../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../../src/engine/where.js";
import { CallGraph, hasBody, type GraphFunction } from "../../src/analysis/call-graph.js";
import type { ProjectSoftDelete } from "../../src/analysis/soft-delete.js";
import type { SoftDeleteInfo } from "../../src/schema/index.js";
import { owningFunction, writesDeletionState } from "../utils/soft-delete-rows.js";

export interface SoftDeletePractice {
  /** Whether the model's flag schedules a later removal rather than hiding the row now. */
  scheduled(model: string): boolean;
  /** Whether every soft delete of `model` comes with a soft delete of `companion` (and there is at least one). */
  deletedWith(model: string, companion: string): boolean;
}

interface Facts {
  /** model → whether some query keeps its live rows only (or cannot be told) */
  filteredLive: Set<string>;
  /** models some query selects by the flag's age */
  selectedByAge: Set<string>;
  /** model → the query sites that soft-delete it */
  softDeletes: Map<string, QuerySite[]>;
  /** to follow a soft delete into the functions it calls */
  graph: CallGraph;
  /** `model\0companion` → the answer of `deletedWith` */
  together: Map<string, boolean>;
}

const stores = new WeakMap<AnalysisContext, MemoEntry<Facts>>();
const AGE_COMPARISONS = ["lt", "lte", "gt", "gte"];
/** how many calls deep a companion's soft delete is looked for */
const MAX_DEPTH = 3;

export function softDeletePractice(analysis: AnalysisContext, softDelete: ProjectSoftDelete): SoftDeletePractice {
  const facts = analysis.project.dependencies.memo(stores, analysis, () => collect(analysis, softDelete));
  const { together } = facts;
  return {
    scheduled: (model) => facts.selectedByAge.has(model) && !facts.filteredLive.has(model),
    deletedWith(model, companion) {
      const key = `${model}\0${companion}`;
      let answer = together.get(key);
      if (answer === undefined) together.set(key, (answer = isDeletedWith(facts, model, companion)));
      return answer;
    },
  };
}

function collect(analysis: AnalysisContext, softDelete: ProjectSoftDelete): Facts {
  const facts: Facts = { filteredLive: new Set(), selectedByAge: new Set(), softDeletes: new Map(), graph: new CallGraph(analysis), together: new Map() };
  const { project } = analysis;
  for (const fileName of project.tsconfigFiles) {
    if (isIgnored(analysis, fileName)) continue;
    const sourceFile = project.getSourceFile(fileName);
    if (!sourceFile) continue;
    for (const site of querySitesOf(sourceFile, analysis)) {
      const model = softDelete.of(site.model);
      if (!model) continue;
      const name = site.model.name;
      const central = softDelete.central(site);
      if (isDeleteOperation(site.operation)) {
        if (central?.softDeletes) add(facts.softDeletes, name, site);
        continue;
      }
      const args = analysis.evaluator.evaluate(site.args);
      if (isUpdateOperation(site.operation) && writesDeletionState(site, args, model.flags) === "soft-delete") add(facts.softDeletes, name, site);
      if (!isReadOperation(site.operation) && !isUpdateOperation(site.operation)) continue;
      if (central?.filters) facts.filteredLive.add(name);
      const where = propertyOf(args, "where");
      for (const flag of model.flags) {
        if (whereConstrains(where, flag.field, (value) => keepsLive(value, flag)) !== "no") facts.filteredLive.add(name);
        if (flag.live === null && whereConstrains(where, flag.field, byAge) === "yes") facts.selectedByAge.add(name);
      }
    }
  }
  return facts;
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

/** `{ lt: cutoff }`: rows chosen by when they were marked. */
function byAge(value: AbsValue): Verdict {
  return onEveryPath(value, (option) => (option.kind === "object" && AGE_COMPARISONS.some((key) => option.props.has(key)) ? "yes" : "no"));
}

function isDeletedWith(facts: Facts, model: string, companion: string): boolean {
  if (model === companion) return false;
  const sites = facts.softDeletes.get(model) ?? [];
  return sites.length > 0 && sites.every((site) => companionDeleted(facts, site, companion));
}

/** Whether the function of a soft delete also soft-deletes `companion` on every path that reaches the soft delete. */
function companionDeleted(facts: Facts, site: QuerySite, companion: string): boolean {
  const fn = owningFunction(site.call);
  if (!fn || !hasBody(fn)) return false;
  const guards = conditionsOf(site.call, fn);
  const visited = new Set<GraphFunction>();
  const search = (within: GraphFunction, allowed: ReadonlySet<ts.Node>, depth: number): boolean => {
    if (visited.has(within)) return false;
    visited.add(within);
    const file = within.getSourceFile();
    const companions = (facts.softDeletes.get(companion) ?? []).filter(
      (other) => other.call.getSourceFile() === file && other.call.pos >= within.body.pos && other.call.end <= within.body.end,
    );
    if (companions.some((other) => subset(conditionsOf(other.call, within), allowed))) return true;
    if (depth >= MAX_DEPTH) return false;
    return facts.graph.callees(within).some(({ callee, via }) => subset(conditionsOf(via, within), allowed) && search(callee, new Set(), depth + 1));
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
