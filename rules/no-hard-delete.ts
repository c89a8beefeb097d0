import type { SchemaModelInfo, SoftDeleteInfo } from "../src/schema/index.js";
import { projectSoftDelete, type ModelSoftDelete, type ProjectSoftDelete } from "../src/analysis/soft-delete.js";
import type { TextEdit } from "../src/engine/findings.js";
import { isDeleteOperation, isReadOperation, isUpdateOperation, type QuerySite } from "../src/engine/query-sites.js";
import { createRule, querySitesWithin, type RuleContext } from "../src/engine/rule.js";
import { alwaysExits, skipOuterExpressions, staticPropertyName } from "../src/engine/scope.js";
import { ts } from "../src/engine/ts.js";
import { propertyOf } from "../src/engine/values.js";
import { constrainsAnyFlag, insertFirst, liveLiteral } from "./utils/soft-delete.js";
import { softDeletePractice } from "./utils/soft-delete-practice.js";
import { onSameRows, owningFunction, selectsDeletedRows, writesDeletionState } from "./utils/soft-delete-rows.js";

type Options = [{ allowModels: string[] }];
type MessageIds = "hardDelete" | "useSoftDelete";
type Context = RuleContext<Options, MessageIds>;

export default createRule<Options, MessageIds>({
  name: "no-hard-delete",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow hard deletes of soft-deletable models",
      convention: "soft-delete",
      config: "recommended",
      requiresSchema: true,
    },
    hasSuggestions: true,
    messages: {
      hardDelete:
        "{{operation}} removes rows of soft-deletable model {{model}} for good: set {{field}} with {{replacement}} instead.",
      useSoftDelete: "Replace with {{replacement}} setting {{field}}.",
    },
    schema: [
      {
        type: "object",
        description: "Options for no-hard-delete.",
        properties: {
          allowModels: {
            type: "array",
            items: { type: "string" },
            description: "Models that may be hard-deleted even though they have a soft-delete field (e.g. a purge job's target).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowModels: [] }],
  },
  check(context) {
    const allowed = new Set(context.options[0].allowModels);
    const project = projectSoftDelete(context.analysis, context.sourceFile);
    const practice = softDeletePractice(context.analysis, project, context.sourceFile);
    for (const site of context.querySites()) {
      if (!isDeleteOperation(site.operation) || allowed.has(site.model.name)) continue;
      // A flag no read filters on (a suspension, a date that schedules this very removal): deleting the row bypasses nothing.
      if (!practice.filteredLive(site.model.name)) continue;
      const softDelete = project.of(site.model);
      if (!softDelete || project.central(site)?.softDeletes || isDeliberate(site, softDelete, project, context)) continue;
      const replacement = site.operation === "delete" ? "update" : "updateMany";
      const data = { operation: site.operation, model: site.model.name, field: softDelete.field, replacement };
      const fix = softDeleteFix(site, softDelete, replacement, context);
      context.report({
        node: site.operationNode,
        messageId: "hardDelete",
        data,
        suggest: fix ? [{ messageId: "useSoftDelete", data, fix }] : [],
      });
    }
  },
});

/**
 * A function whose name says it deletes for good: `hardDeleteUser`, `deletePermanently`, `forceDelete`. A
 * bare `purge` or `remove` says less: it is often the soft delete's own name.
 */
const HARD_DELETE_NAME = /hard_?delete|force_?delete|permanent|delete_?forever|destroy_?forever/i;

/**
 * A hard delete that is not the soft delete forgotten: a purge of rows already soft-deleted (its `where`, or
 * the read whose rows it deletes, keeps deleted rows only), the other branch of a choice between soft and hard
 * delete in the same function (`if (cloudMode) { …update deletedAt… } else { …delete… }`), or a function
 * whose name says it deletes for good.
 */
function isDeliberate(site: QuerySite, softDelete: ModelSoftDelete, project: ProjectSoftDelete, context: Context): boolean {
  const { evaluator } = context.analysis;
  if (selectsDeletedRows(propertyOf(evaluator.evaluate(site.args), "where"), softDelete.flags)) return true;
  const fn = owningFunction(site.call);
  if (!fn) return false;
  if (HARD_DELETE_NAME.test(functionName(fn))) return true;
  const others = querySitesWithin(fn, context.analysis).filter((other) => other !== site);
  return others.some((other) => {
    // the rows come from a read of deleted rows only: `findMany({ where: { deletedAt: { lt: cutoff } } })`
    if (other.model === site.model && isReadOperation(other.operation) && onSameRows(other, site, fn)) {
      if (selectsDeletedRows(propertyOf(evaluator.evaluate(other.args), "where"), softDelete.flags)) return true;
    }
    // the other branch of a choice between soft and hard delete
    const flags = isUpdateOperation(other.operation) ? project.of(other.model)?.flags : undefined;
    return !!flags && writesDeletionState(other, evaluator.evaluate(other.args), flags) === "soft-delete" && exclusive(other.call, site.call);
  });
}

/** The name of a function, or of the variable or property it is assigned to. */
function functionName(fn: ts.FunctionLikeDeclaration): string {
  if (fn.name) return staticPropertyName(fn.name) ?? "";
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) return staticPropertyName(parent.name) ?? "";
  return "";
}

/**
 * Whether two calls never both run: the two branches of an `if` or a ternary, or one in an `if` branch that
 * returns (or throws) and the other after that `if`.
 */
function exclusive(a: ts.Node, b: ts.Node): boolean {
  return branchesApart(a, b) || branchesApart(b, a);
}

function branchesApart(inner: ts.Node, other: ts.Node): boolean {
  let common: ts.Node | undefined = inner.parent;
  for (let child: ts.Node = inner; common && !contains(common, other); child = common, common = common.parent) {
    // `inner` in an `if` branch that always leaves the function, `other` after that `if`
    if (ts.isIfStatement(common) && common.thenStatement === child && alwaysExits(common.thenStatement) && other.pos >= common.end) return true;
  }
  if (!common) return false;
  // the nearest node holding both: the two branches of an `if` or a ternary
  if (ts.isIfStatement(common) && common.elseStatement) return contains(common.thenStatement, inner) ? contains(common.elseStatement, other) : contains(common.elseStatement, inner) && contains(common.thenStatement, other);
  if (ts.isConditionalExpression(common)) return contains(common.whenTrue, inner) ? contains(common.whenFalse, other) : contains(common.whenFalse, inner) && contains(common.whenTrue, other);
  return false;
}

function contains(container: ts.Node, node: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

/**
 * Rewrites `delete({ where })` to `update({ data: { deletedAt: new Date() }, where: { …, deletedAt: null } })`, when
 * the deleted value is known. The update keeps to live rows, as every write of a soft-deletable model should: a row
 * already deleted keeps its deletion time, and `update` fails on it the way `delete` failed on a missing row.
 * Prisma 4's `update` takes a unique `where` only (no `deletedAt` beside the `id`): there `delete` becomes an update of
 * the unique row alone.
 */
function softDeleteFix(site: QuerySite, softDelete: ModelSoftDelete, replacement: string, context: Context): TextEdit[] | undefined {
  const value = deletedValue(site.model, softDelete);
  const args = site.args ? skipOuterExpressions(site.args) : undefined;
  if (!value || (args && !ts.isObjectLiteralExpression(args))) return undefined;
  const name = site.operationNode;
  const nameEdit: TextEdit = ts.isIdentifier(name)
    ? { range: [name.getStart(), name.end], text: replacement }
    : { range: [name.getStart(), name.end], text: JSON.stringify(replacement) };
  const data = `data: { ${softDelete.field}: ${value} }`;
  const live = `${softDelete.field}: ${liveLiteral(softDelete)}`;
  // `deleteMany()`: every row
  if (!args) return [nameEdit, { range: [site.call.arguments.pos, site.call.arguments.end], text: `{ ${data}, where: { ${live} } }` }];
  const where = propertyOf(context.analysis.evaluator.evaluate(site.args), "where");
  const uniqueWhereOnly = site.operation === "delete" && context.analysis.schema.prismaMajor < 5;
  if (uniqueWhereOnly || constrainsAnyFlag(where, softDelete.flags) === "yes") return [nameEdit, ...insertFirst(args, data)];
  const whereProperty = args.properties.find((property) => property.name && staticPropertyName(property.name) === "where");
  if (!whereProperty) return [nameEdit, ...insertFirst(args, `${data}, where: { ${live} }`)];
  const whereEdits = liveWhere(whereProperty, live);
  if (!whereEdits) return undefined;
  // `data` goes first; an edit of the first property that starts there carries it, so no two edits start at one place
  const [insertion] = insertFirst(args, data);
  const atStart = whereEdits.findIndex((edit) => edit.range[0] === insertion.range[0]);
  if (atStart === -1) return [nameEdit, insertion, ...whereEdits];
  return [nameEdit, ...whereEdits.map((edit, index) => (index === atStart ? { range: edit.range, text: `${insertion.text}${edit.text}` } : edit))];
}

/** Adds `field: live` to a `where` property: last in its object literal, or after any other expression spread into a new one. */
function liveWhere(property: ts.ObjectLiteralElementLike, live: string): TextEdit[] | undefined {
  if (ts.isShorthandPropertyAssignment(property)) return [{ range: [property.getStart(), property.end], text: `where: { ...${property.name.text}, ${live} }` }];
  if (!ts.isPropertyAssignment(property)) return undefined;
  const value = skipOuterExpressions(property.initializer);
  if (ts.isObjectLiteralExpression(value)) {
    // last, so that no spread in it can undo the filter
    const last = value.properties.at(-1);
    return last ? [{ range: [last.end, last.end], text: `, ${live}` }] : [{ range: [value.getStart(), value.end], text: `{ ${live} }` }];
  }
  return [{ range: [property.initializer.getStart(), property.initializer.end], text: `{ ...${property.initializer.getText()}, ${live} }` }];
}

function deletedValue(model: SchemaModelInfo, softDelete: SoftDeleteInfo): string | undefined {
  const field = model.fields.get(softDelete.field);
  if (typeof softDelete.live === "boolean") return String(!softDelete.live);
  return field?.type === "DateTime" ? "new Date()" : undefined;
}
