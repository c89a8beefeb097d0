import { readsIncludedRelation } from "./require-soft-delete-filter/admin-selection.js";
import { runsOnlyForAdmins } from "../src/analysis/admin-paths.js";
import type { SchemaModelInfo } from "../src/schema/index.js";
import { projectSoftDelete, type ModelSoftDelete, type ProjectSoftDelete } from "../src/analysis/soft-delete.js";
import { isNonRequestCode } from "../src/analysis/request-paths.js";
import { isReadOperation, isUpdateOperation, type QuerySite } from "../src/engine/query-sites.js";
import { createRule, querySitesWithin, type RuleContext } from "../src/engine/rule.js";
import { skipOuterExpressions } from "../src/engine/scope.js";
import { ts } from "../src/engine/ts.js";
import { propertyOf, type AbsValue, type Property } from "../src/engine/values.js";
import { isCallersOwnRow } from "./require-soft-delete-filter/callers-own-row.js";
import { isCheckedAfterFetch } from "./require-soft-delete-filter/checked-after-fetch.js";
import { isLoadedByRouteGuard } from "./require-soft-delete-filter/route-guard.js";
import { isFilteredBefore } from "./require-soft-delete-filter/filtered-before.js";
import { isKeyedByCreatedRow } from "./require-soft-delete-filter/created-before.js";
import { isHarmlessWrite } from "./require-soft-delete-filter/harmless-write.js";
import { isUniquenessCheck } from "./require-soft-delete-filter/uniqueness-check.js";
import { hasWithDeletedSwitch } from "./require-soft-delete-filter/with-deleted.js";
import { childOutlivesParent, includedRelationUnseen } from "./require-soft-delete-filter/relation-reads.js";
import { rowsLeave } from "./utils/rows-leave.js";
import { addToObjectProperty, constrainsAnyFlag, insertFirst, liveLiteral } from "./utils/soft-delete.js";
import { softDeletePractice, type SoftDeletePractice } from "./utils/soft-delete-practice.js";
import { changesDeletionState, onSameRows, owningFunction, selectsDeletedRows, writesDeletionState } from "./utils/soft-delete-rows.js";

type Options = [{ ignoreModels: string[]; checkNested: boolean }];
type MessageIds = "missingFilter" | "missingNestedFilter" | "missingRelationFilter" | "addFilter" | "addNestedFilter";
type Context = RuleContext<Options, MessageIds>;

const RELATION_LIST_FILTERS = ["some", "every", "none"] as const;

export default createRule<Options, MessageIds>({
  name: "require-soft-delete-filter",
  meta: {
    type: "problem",
    docs: {
      description: "Require every read and update of a soft-deletable model to filter out deleted rows",
      convention: "soft-delete",
      config: "recommended",
      requiresSchema: true,
    },
    hasSuggestions: true,
    messages: {
      missingFilter:
        "{{operation}} on soft-deletable model {{model}} does not filter out deleted rows: its where never constrains {{field}} (add `{{field}}: {{live}}`).",
      missingNestedFilter:
        "Relation {{relation}} reads soft-deletable model {{model}} through {{via}} without filtering out deleted rows (add `where: { {{field}}: {{live}} }`).",
      missingRelationFilter:
        "Relation filter {{relation}}.{{filter}} matches rows of soft-deletable model {{model}} including deleted ones (add `{{field}}: {{live}}` inside it).",
      addFilter: "Add `{{field}}: {{live}}` to the where.",
      addNestedFilter: "Add `where: { {{field}}: {{live}} }` to {{relation}}.",
    },
    schema: [
      {
        type: "object",
        description: "Options for require-soft-delete-filter.",
        properties: {
          ignoreModels: {
            type: "array",
            items: { type: "string" },
            description: "Models whose reads are not checked (their soft-delete field stays a plain column here).",
          },
          checkNested: {
            type: "boolean",
            description: "Also check include/select of to-many relations, _count and relation filters.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreModels: [], checkNested: true }],
  },
  check(context) {
    const [{ ignoreModels, checkNested }] = context.options;
    const ignored = new Set(ignoreModels);
    const softDelete = projectSoftDelete(context.analysis, context.sourceFile);
    const practice = softDeletePractice(context.analysis, softDelete, context.sourceFile);
    // A flag no query of the project filters on (a suspension, a date that schedules a later removal) hides
    // nothing from reads: its rows are read like any other.
    const checked = (model: SchemaModelInfo | undefined) => (model && !ignored.has(model.name) && practice.filteredLive(model.name) ? softDelete.of(model) : undefined);
    // A relation filter in a `where` two queries share is one problem: reported once, where it is written.
    const reported = new Set<ts.Node>();
    for (const site of context.querySites()) {
      if (!isReadOperation(site.operation) && !isUpdateOperation(site.operation)) continue;
      // An administrator may look up and search deleted rows (moderation, support) when only admin code reaches the
      // query, and see the deleted children it includes; those the code itself reads still count (a mailing list).
      const adminOnly = runsOnlyForAdmins(context.analysis, site.call);
      const args = context.analysis.evaluator.evaluate(site.args);
      const where = propertyOf(args, "where");
      const model = checked(site.model);
      // unfiltered like every read of the project: its practice, not a slip; but no verdict either
      if (!model && softDelete.of(site.model) && !practice.filteredLive(site.model.name) && !ignored.has(site.model.name)) context.markUnknown(site);
      if (model && !adminOnly && !softDelete.central(site)?.filters && !writesDeletionState(site, args, model.flags)) {
        const verdict = constrainsAnyFlag(where, model.flags);
        // a write that shows nothing on a deleted row and returns none: the engine cannot tell, so no verdict
        if (verdict === "unknown" || (verdict === "no" && isHarmlessWrite(site, args))) context.markUnknown(site);
        else if (verdict === "no" && !isExempt(context, site, model, softDelete)) {
          const entry = `${model.field}: ${liveLiteral(model)}`;
          const fix = addToObjectProperty(site.args, site.call, "where", entry);
          context.report({
            node: site.operationNode,
            messageId: "missingFilter",
            data: { operation: site.operation, model: site.model.name, field: model.field, live: liveLiteral(model) },
            suggest: fix ? [{ messageId: "addFilter", data: { field: model.field, live: liveLiteral(model) }, fix }] : [],
          });
        }
      }
      if (!checkNested) continue;
      const nested = new NestedChecker(context, site, checked, practice, reported);
      if (!adminOnly) nested.relationFilters(site.model, where);
      if (!adminOnly || readsIncludedRelation(site, args)) nested.selection(site.model, args);
    }
  },
});

/**
 * A query that does not filter, but need not: deleted rows are let in by an explicit "with deleted" switch,
 * rejected right after the fetch, already left out by a read of the same key before it (or by the route's guard
 * middleware), the query serves
 * a write of the same function that changes those rows' deletion state (a soft delete, a restore, a purge), or
 * it selects the caller's own identity row, which the project's authentication already found live.
 */
function isExempt(context: Context, site: QuerySite, model: ModelSoftDelete, softDelete: ProjectSoftDelete): boolean {
  const { analysis } = context;
  const filtered = (other: QuerySite) => {
    const flags = softDelete.of(other.model)?.flags;
    return !!flags && (!!softDelete.central(other)?.filters || constrainsAnyFlag(propertyOf(analysis.evaluator.evaluate(other.args), "where"), flags) === "yes");
  };
  return (
    onlyShiftsNumbers(site, analysis.evaluator.evaluate(site.args)) ||
    (site.operation === "update" && isNonRequestCode(analysis, site.call)) ||
    isUniquenessCheck(site, analysis.evaluator.evaluate(site.args)) ||
    hasWithDeletedSwitch(site, model.flags) ||
    isCheckedAfterFetch(site, model.flags, analysis.project) ||
    servesDeletionWrite(context, site, model) ||
    isFilteredBefore(site, analysis, filtered) ||
    isKeyedByCreatedRow(site, analysis) ||
    isLoadedByRouteGuard(site, analysis.evaluator.evaluate(site.args), analysis, filtered) ||
    isCallersOwnRow(site, analysis.evaluator.evaluate(site.args), analysis, filtered)
  );
}

/*
 * `prisma.image.update({ where: { id: job.data.imageId }, data: { url } })` in a queue worker, a cron job or a
 * script (code no request reaches, see src/analysis/request-paths.ts) records the job's work on one row: on a deleted
 * row the write shows nothing to anyone (every read leaves the row out) and answers no caller who could take it for
 * a live one. A read there, which decides what the job does, and a many-row or upsert write stay checked.
 */

const ARITHMETIC = new Set(["increment", "decrement", "multiply", "divide"]);

/**
 * `updateMany({ where: { parentId, orderIndex: { gte } }, data: { orderIndex: { increment: 1 } } })`: a write whose
 * every change is arithmetic on the value already there (a position shift, a counter, a stock decrement). On a
 * deleted row it shows nothing and makes nothing visible, and it keeps the numbers in step for a restore.
 */
function onlyShiftsNumbers(site: QuerySite, args: AbsValue): boolean {
  if (site.operation !== "update" && site.operation !== "updateMany") return false;
  const data = propertyOf(args, "data");
  if (data.kind !== "object" || data.opaque || data.props.size === 0) return false;
  return [...data.props.values()].every(({ value }) => value.kind === "object" && !value.opaque && value.props.size === 1 && ARITHMETIC.has([...value.props.keys()][0]));
}

/** `findUnique({ where: { id } })` then `update({ where: { id }, data: { deletedAt: new Date() } })` in one function. */
function servesDeletionWrite(context: Context, site: QuerySite, model: ModelSoftDelete): boolean {
  const fn = owningFunction(site.call);
  if (!fn) return false;
  return querySitesWithin(fn, context.analysis).some(
    (other) => other !== site && other.model === site.model && changesDeletionState(other, context.analysis, model.flags) && onSameRows(site, other, fn),
  );
}

/** Walks include/select/_count and relation filters; each problem is reported once even when several paths share it. */
class NestedChecker {
  constructor(
    private readonly context: Context,
    private readonly site: QuerySite,
    private readonly softDeleteOf: (model: SchemaModelInfo | undefined) => ModelSoftDelete | undefined,
    private readonly practice: SoftDeletePractice,
    /** the nodes reported in this file, shared by its queries */
    private readonly reported: Set<ts.Node>,
  ) {}

  /** `trash`: the rows of `model` this where selects are deleted ones only (a trash view), so are their parents. */
  relationFilters(model: SchemaModelInfo, where: AbsValue, depth = 0, trash?: boolean): void {
    if (depth > 6) return;
    const flags = this.softDeleteOf(model)?.flags;
    const inTrash = trash ?? (!!flags && selectsDeletedRows(where, flags));
    for (const shape of objectShapes(where)) {
      for (const [key, property] of shape.props) {
        if (key === "AND" || key === "OR" || key === "NOT") {
          for (const member of members(property.value)) this.relationFilters(model, member, depth + 1, key === "NOT" ? false : inTrash);
          continue;
        }
        const relation = model.fields.get(key)?.relation;
        const related = relation ? this.context.analysis.schema.models.get(relation.model) : undefined;
        if (!relation || !related) continue;
        // A row of `related` is soft-deleted only together with the `model` rows that point to it (or that it
        // points to): those are gone for good, or left out by `model`'s own filter, which is reported if missing.
        // Nor when the `model` rows are children the project lets outlive a deleted `related` parent (relation-reads.ts).
        const softDelete =
          this.practice.deletedWith(related.name, model.name) || childOutlivesParent(this.practice, model, relation, related) ? undefined : this.softDeleteOf(related);
        const filters: [string, Property][] = [];
        for (const filterShape of objectShapes(property.value)) {
          const names = relation.toMany ? RELATION_LIST_FILTERS : (["is", "isNot"] as const);
          const explicit = names.filter((name) => filterShape.props.has(name));
          if (explicit.length > 0) for (const name of explicit) filters.push([name, filterShape.props.get(name)!]);
          else if (!relation.toMany) filters.push(["is", { value: filterShape, keyNode: property.keyNode }]);
        }
        for (const [filter, inner] of filters) {
          if (softDelete && !inTrash && filter !== "isNot" && filter !== "none") {
            const verdict = constrainsAnyFlag(inner.value, softDelete.flags);
            if (verdict === "no") {
              this.report(inner.keyNode, "missingRelationFilter", {
                relation: key,
                filter,
                model: related.name,
                field: softDelete.field,
                live: liveLiteral(softDelete),
              });
            }
          }
          this.relationFilters(related, inner.value, depth + 1);
        }
      }
    }
  }

  selection(model: SchemaModelInfo, args: AbsValue, depth = 0): void {
    if (depth > 6) return;
    for (const key of ["include", "select"]) {
      for (const shape of objectShapes(propertyOf(args, key))) {
        for (const [name, property] of shape.props) {
          if (name === "_count") {
            this.count(model, property);
            continue;
          }
          const relation = model.fields.get(name)?.relation;
          const related = relation ? this.context.analysis.schema.models.get(relation.model) : undefined;
          if (!relation || !related) continue;
          const softDelete = this.softDeleteOf(related);
          if (relation.toMany && softDelete && !this.unseen([name])) this.requireNestedWhere(name, related, property, `${key}`);
          for (const nested of objectShapes(property.value)) {
            this.relationFilters(related, propertyOf(nested, "where"), depth + 1);
            this.selection(related, nested, depth + 1);
          }
        }
      }
    }
  }

  private count(model: SchemaModelInfo, property: Property): void {
    for (const option of objectShapesOrTrue(property.value)) {
      if (option === true) {
        const relations = [...model.fields.values()].filter((field) => field.relation?.toMany && this.softDeleteOf(this.context.analysis.schema.models.get(field.relation.model)));
        for (const field of relations) {
          if (this.unseen(["_count", field.name])) continue;
          const related = this.context.analysis.schema.models.get(field.relation!.model)!;
          const softDelete = this.softDeleteOf(related)!;
          this.report(property.keyNode, "missingNestedFilter", {
            relation: field.name,
            model: related.name,
            via: "_count",
            field: softDelete.field,
            live: liveLiteral(softDelete),
          });
        }
        continue;
      }
      for (const selected of objectShapes(propertyOf(option, "select"))) {
        for (const [name, relationProperty] of selected.props) {
          const relation = model.fields.get(name)?.relation;
          const related = relation ? this.context.analysis.schema.models.get(relation.model) : undefined;
          if (relation?.toMany && related && this.softDeleteOf(related) && !this.unseen(["_count", name])) this.requireNestedWhere(name, related, relationProperty, "_count");
        }
      }
    }
  }

  private leaves: boolean | undefined;

  /** The included relation's rows are neither carried out nor read by the query's function: unknown (relation-reads.ts). */
  private unseen(names: string[]): boolean {
    const unseen = includedRelationUnseen(this.site, new Set(names), this.context.analysis, () => (this.leaves ??= rowsLeave(this.site.call, this.context.analysis)));
    if (unseen) this.context.markUnknown(this.site);
    return unseen;
  }

  private requireNestedWhere(relation: string, related: SchemaModelInfo, property: Property, via: string): void {
    const softDelete = this.softDeleteOf(related)!;
    const value = property.value;
    const verdict = value.kind === "literal" && value.value === true ? "no" : constrainsAnyFlag(propertyOf(value, "where"), softDelete.flags);
    if (verdict !== "no") return;
    const entry = `${softDelete.field}: ${liveLiteral(softDelete)}`;
    const data = { relation, model: related.name, via, field: softDelete.field, live: liveLiteral(softDelete) };
    const fix = this.nestedFix(property, `where: { ${entry} }`);
    this.report(property.keyNode, "missingNestedFilter", data, fix && { messageId: "addNestedFilter", data, fix });
  }

  private nestedFix(property: Property, entry: string) {
    const assignment = property.keyNode.parent;
    if (!assignment || !ts.isPropertyAssignment(assignment) || assignment.getSourceFile() !== this.context.sourceFile) return undefined;
    const initializer = skipOuterExpressions(assignment.initializer);
    if (initializer.kind === ts.SyntaxKind.TrueKeyword) return [{ range: [initializer.getStart(), initializer.end] as [number, number], text: `{ ${entry} }` }];
    if (ts.isObjectLiteralExpression(initializer)) return insertFirst(initializer, entry);
    return undefined;
  }

  private report(
    node: ts.Node,
    messageId: MessageIds,
    data: Record<string, string>,
    suggestion?: { messageId: MessageIds; data: Record<string, string>; fix: { range: [number, number]; text: string }[] },
  ): void {
    // A key written in another file (an imported include constant) is reported at the query.
    const anchor = node.getSourceFile() === this.context.sourceFile ? node : this.site.operationNode;
    if (this.reported.has(anchor)) return;
    this.reported.add(anchor);
    this.context.report({ node: anchor, messageId, data, suggest: suggestion ? [suggestion] : [] });
  }
}

function objectShapes(value: AbsValue): Extract<AbsValue, { kind: "object" }>[] {
  if (value.kind === "object") return [value];
  if (value.kind === "oneOf") return value.options.flatMap(objectShapes);
  return [];
}

function objectShapesOrTrue(value: AbsValue): (Extract<AbsValue, { kind: "object" }> | true)[] {
  if (value.kind === "literal" && value.value === true) return [true];
  if (value.kind === "oneOf") return value.options.flatMap(objectShapesOrTrue);
  return objectShapes(value);
}

function members(value: AbsValue): AbsValue[] {
  if (value.kind === "array") return value.elements;
  if (value.kind === "oneOf") return value.options.flatMap(members);
  return [value];
}
