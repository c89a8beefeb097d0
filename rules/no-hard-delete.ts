import type { SchemaModelInfo, SoftDeleteInfo } from "../src/schema/index.js";
import type { TextEdit } from "../src/engine/findings.js";
import { isDeleteOperation, type QuerySite } from "../src/engine/query-sites.js";
import { createRule } from "../src/engine/rule.js";
import { skipOuterExpressions } from "../src/engine/scope.js";
import { ts } from "../src/engine/ts.js";
import { insertFirst } from "./utils/soft-delete.js";

type Options = [{ allowModels: string[] }];
type MessageIds = "hardDelete" | "useSoftDelete";

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
    for (const site of context.querySites()) {
      const softDelete = site.model.softDelete;
      if (!isDeleteOperation(site.operation) || !softDelete || allowed.has(site.model.name)) continue;
      const replacement = site.operation === "delete" ? "update" : "updateMany";
      const data = { operation: site.operation, model: site.model.name, field: softDelete.field, replacement };
      const fix = softDeleteFix(site, softDelete, replacement);
      context.report({
        node: site.operationNode,
        messageId: "hardDelete",
        data,
        suggest: fix ? [{ messageId: "useSoftDelete", data, fix }] : [],
      });
    }
  },
});

/** Rewrites `delete({ where })` to `update({ data: { deletedAt: new Date() }, where })`, when the deleted value is known. */
function softDeleteFix(site: QuerySite, softDelete: SoftDeleteInfo, replacement: string): TextEdit[] | undefined {
  const value = deletedValue(site.model, softDelete);
  const args = site.args ? skipOuterExpressions(site.args) : undefined;
  if (!value || !args || !ts.isObjectLiteralExpression(args)) return undefined;
  const name = site.operationNode;
  const nameEdit: TextEdit = ts.isIdentifier(name)
    ? { range: [name.getStart(), name.end], text: replacement }
    : { range: [name.getStart(), name.end], text: JSON.stringify(replacement) };
  return [nameEdit, ...insertFirst(args, `data: { ${softDelete.field}: ${value} }`)];
}

function deletedValue(model: SchemaModelInfo, softDelete: SoftDeleteInfo): string | undefined {
  const field = model.fields.get(softDelete.field);
  if (typeof softDelete.live === "boolean") return String(!softDelete.live);
  return field?.type === "DateTime" ? "new Date()" : undefined;
}
