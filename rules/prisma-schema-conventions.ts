import { ownerSpecFor } from "../src/engine/ownership.js";
import { createRule, type SchemaRuleContext } from "../src/engine/rule.js";
import type { SchemaIndex, SchemaModelInfo } from "../src/schema/index.js";
import { schemaPositions, type AttributePosition, type ModelPosition, type SchemaSpan } from "../src/schema/positions.js";

type Options = [{ ignoreModels: string[] }];
type MessageIds = "ownerNotIndexed" | "duplicateIndex" | "softDeleteRequired" | "softDeleteDefault";
type Context = SchemaRuleContext<Options, MessageIds>;

/** An index of the model with where it is written. */
interface LocatedIndex {
  index: SchemaIndex;
  at: AttributePosition;
  /** how it is written: `@unique`, `@@index([a, b])` */
  label: string;
}

const STRENGTH: Record<SchemaIndex["type"], number> = { id: 3, unique: 2, normal: 1, fulltext: 0 };
const BLOCK_ATTRIBUTE: Record<SchemaIndex["type"], string> = { id: "id", unique: "unique", normal: "index", fulltext: "fulltext" };

export default createRule<Options, MessageIds>({
  name: "prisma-schema-conventions",
  meta: {
    type: "problem",
    docs: {
      description: "Require an index led by each owner field, no duplicate indexes, and nullable soft-delete fields without a default in schema.prisma",
      convention: "schema",
      config: "strict",
      requiresSchema: true,
    },
    messages: {
      ownerNotIndexed:
        "Owner field {{field}} of model {{model}} leads no index: every query scoped to the caller scans the whole table. Add `@@index([{{field}}])` (or put {{field}} first in an existing index).",
      duplicateIndex:
        "{{index}} on model {{model}} repeats {{existing}} on the same columns ({{fields}}): the database keeps the same index twice and every write pays for both. Remove {{index}}.",
      softDeleteRequired:
        "Soft-delete field {{field}} of model {{model}} is not nullable: a live row must have {{field}} null. Make it `{{type}}?`.",
      softDeleteDefault:
        "Soft-delete field {{field}} of model {{model}} has a default ({{value}}) that is not its live value ({{live}}): every new row is created deleted. Remove the default{{hint}}.",
    },
    schema: [
      {
        type: "object",
        description: "Options for prisma-schema-conventions.",
        properties: {
          ignoreModels: {
            type: "array",
            items: { type: "string" },
            description: "Models whose indexes and soft-delete field are not checked (a legacy table, a model owned by another service).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreModels: [] }],
  },
  checkSchema(context) {
    const { schema } = context.analysis;
    const positions = schemaPositions(schema.files);
    const ignored = new Set(context.options[0].ignoreModels);
    for (const model of schema.models.values()) {
      const position = positions.get(model.name);
      if (!position || ignored.has(model.name)) continue;
      const indexes = locateIndexes(schema.indexes.filter((index) => index.model === model.name && index.type !== "fulltext"), position);
      checkOwnerIndex(context, model, position, indexes);
      checkDuplicates(context, model, indexes);
      checkSoftDelete(context, model, position);
    }
  },
});

/** (1) The owner column of an owned model leads some index (`@@index`, `@@unique`, `@@id` or `@unique`/`@id` on it). */
function checkOwnerIndex(context: Context, model: SchemaModelInfo, position: ModelPosition, indexes: LocatedIndex[]): void {
  const owner = ownerSpecFor(model, context.analysis.schema, context.analysis, []);
  if (!owner || owner.relations.length > 0) return;
  if (indexes.some(({ index }) => index.fields[0]?.name === owner.field)) return;
  const field = position.fields.get(owner.field);
  if (field) report(context, field.name, "ownerNotIndexed", { model: model.name, field: owner.field });
}

/** (2) Two indexes on the same columns in the same order: the weaker one (a plain index under a unique one), or the later of equals, is reported. */
function checkDuplicates(context: Context, model: SchemaModelInfo, indexes: LocatedIndex[]): void {
  const byColumns = new Map<string, LocatedIndex[]>();
  for (const located of indexes) {
    const key = located.index.fields.map((field) => `${field.name} ${field.sortOrder ?? "asc"} ${field.length ?? ""} ${field.operatorClass ?? ""}`).join(",");
    byColumns.set(key, [...(byColumns.get(key) ?? []), located]);
  }
  for (const group of byColumns.values()) {
    if (group.length < 2) continue;
    const [kept, ...redundant] = [...group].sort((a, b) => STRENGTH[b.index.type] - STRENGTH[a.index.type] || compareSpans(a.at, b.at));
    for (const located of redundant) {
      report(context, located.at, "duplicateIndex", {
        model: model.name,
        index: located.label,
        existing: kept.label,
        fields: located.index.fields.map((field) => field.name).join(", "),
      });
    }
  }
}

/** (3) A soft-delete timestamp is nullable with no default; a soft-delete flag defaults to its live value, if at all. */
function checkSoftDelete(context: Context, model: SchemaModelInfo, position: ModelPosition): void {
  const softDelete = model.softDelete;
  const field = softDelete && model.fields.get(softDelete.field);
  const at = softDelete && position.fields.get(softDelete.field);
  if (!softDelete || !field || !at) return;
  const data = { model: model.name, field: field.name };
  const written = at.attributes.find((attribute) => attribute.name === "default");
  if (softDelete.live === null) {
    if (field.isRequired) report(context, at.type, "softDeleteRequired", { ...data, type: field.type });
    if (field.hasDefault && written) report(context, written, "softDeleteDefault", { ...data, value: `@default(${written.args ?? ""})`, live: "null", hint: "" });
    return;
  }
  if (written && written.args?.trim() !== String(softDelete.live)) {
    report(context, written, "softDeleteDefault", { ...data, value: `@default(${written.args ?? ""})`, live: String(softDelete.live), hint: ` or make it \`@default(${String(softDelete.live)})\`` });
  }
}

/** Pairs each DMMF index with its attribute in the text: `@id`/`@unique` on its field, or the next `@@…` of its kind on the same fields. */
function locateIndexes(indexes: SchemaIndex[], position: ModelPosition): LocatedIndex[] {
  const used = new Set<AttributePosition>();
  const located: LocatedIndex[] = [];
  for (const index of indexes) {
    const names = index.fields.map((field) => field.name);
    if (index.isDefinedOnField) {
      const at = position.fields.get(names[0])?.attributes.find((attribute) => attribute.name === index.type);
      if (at) located.push({ index, at, label: `@${index.type} on ${names[0]}` });
      continue;
    }
    const kind = BLOCK_ATTRIBUTE[index.type];
    const at = position.blockAttributes.find((attribute) => !used.has(attribute) && attribute.name === kind && attribute.fields.join(",") === names.join(","));
    if (!at) continue;
    used.add(at);
    located.push({ index, at, label: `@@${kind}([${names.join(", ")}])` });
  }
  return located;
}

function report(context: Context, at: SchemaSpan, messageId: MessageIds, data: Record<string, string>): void {
  context.report({ file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, messageId, data });
}

function compareSpans(a: SchemaSpan, b: SchemaSpan): number {
  return a.line - b.line || a.column - b.column;
}
