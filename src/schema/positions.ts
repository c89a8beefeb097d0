/**
 * Where things are in the schema text: Prisma's DMMF says what the models, fields and indexes
 * are, never where. Schema rules read positions here, from a line scan of each `.prisma` file:
 * `model X {`, its field lines and their `@attributes`, its `@@attributes`. Lines and columns are
 * 1-based; `endColumn` is exclusive, as in a finding.
 */
import fs from "node:fs";

export interface SchemaSpan {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** `@unique`, `@default(now())`, `@db.VarChar(100)`: the name without `@`, the text between the parentheses. */
export interface AttributePosition extends SchemaSpan {
  name: string;
  args?: string;
}

export interface FieldPosition {
  name: SchemaSpan;
  /** the type as written, `DateTime?` */
  type: SchemaSpan;
  attributes: AttributePosition[];
}

/** `@@index([a, b])`: the name without `@@`, and the field names of its first list. */
export interface BlockAttributePosition extends AttributePosition {
  fields: string[];
}

export interface ModelPosition {
  name: SchemaSpan;
  fields: Map<string, FieldPosition>;
  blockAttributes: BlockAttributePosition[];
}

const MODEL = /^(\s*model\s+)(\w+)\s*\{/;
const FIELD = /^(\s*)(\w+)(\s+)([\w.]+(?:\[\])?\??)/;
const ATTRIBUTE = /@@?[\w.]+/g;

/** Every model of the schema files, by name. */
export function schemaPositions(files: readonly string[]): Map<string, ModelPosition> {
  const models = new Map<string, ModelPosition>();
  for (const file of files) {
    for (const [name, model] of modelPositions(file, fs.readFileSync(file, "utf8"))) models.set(name, model);
  }
  return models;
}

export function modelPositions(file: string, text: string): Map<string, ModelPosition> {
  const models = new Map<string, ModelPosition>();
  let current: ModelPosition | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const code = withoutComment(raw);
    if (!current) {
      const model = MODEL.exec(code);
      if (model) {
        current = { name: span(file, line, model[1].length, model[2].length), fields: new Map(), blockAttributes: [] };
        models.set(model[2], current);
      }
      return;
    }
    if (code.trim().startsWith("}")) {
      current = undefined;
      return;
    }
    if (code.trim().startsWith("@@")) {
      current.blockAttributes.push(...attributesOf(file, line, code, 0).map((attribute) => ({ ...attribute, fields: listedFields(attribute.args ?? "") })));
      return;
    }
    const field = FIELD.exec(code);
    if (!field) return;
    const [, indent, name, gap, type] = field;
    const typeStart = indent.length + name.length + gap.length;
    current.fields.set(name, {
      name: span(file, line, indent.length, name.length),
      type: span(file, line, typeStart, type.length),
      attributes: attributesOf(file, line, code, typeStart + type.length),
    });
  });
  return models;
}

/** The attributes of a line from `from` on, each with its balanced argument list. */
function attributesOf(file: string, line: number, code: string, from: number): AttributePosition[] {
  const attributes: AttributePosition[] = [];
  ATTRIBUTE.lastIndex = from;
  for (let match = ATTRIBUTE.exec(code); match; match = ATTRIBUTE.exec(code)) {
    const start = match.index;
    let end = start + match[0].length;
    let args: string | undefined;
    if (code[end] === "(") {
      const close = closingParen(code, end);
      args = code.slice(end + 1, close);
      end = close + 1;
    }
    attributes.push({ ...span(file, line, start, end - start), name: match[0].replace(/^@@?/, ""), ...(args !== undefined ? { args } : {}) });
    ATTRIBUTE.lastIndex = end;
  }
  return attributes;
}

function closingParen(code: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < code.length; i++) {
    const char = code[i];
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return i;
  }
  return code.length;
}

/** `[deviceId, createdAt(sort: Desc)], name: "x"` → `["deviceId", "createdAt"]`. */
function listedFields(args: string): string[] {
  const list = /\[([^\]]*)\]/.exec(args);
  if (!list) return [];
  return list[1]
    .split(",")
    .map((item) => /^\s*(\w+)/.exec(item)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** The line without its `//` comment (a `//` inside a string is kept). */
function withoutComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === "\\") i++;
      else if (char === '"') quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === "/" && line[i + 1] === "/") return line.slice(0, i);
  }
  return line;
}

function span(file: string, line: number, start: number, length: number): SchemaSpan {
  return { file, line, column: start + 1, endLine: line, endColumn: start + length + 1 };
}
