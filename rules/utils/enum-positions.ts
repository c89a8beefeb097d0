import type { PrismaSchema, SchemaEnumInfo, SchemaField, SchemaModelInfo } from "../../src/schema/index.js";
import type { QuerySite } from "../../src/engine/query-sites.js";
import { resolveIdentifier, skipOuterExpressions } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";
import { propertyOf, type AbsValue, type LiteralValue, type Property } from "../../src/engine/values.js";
import type { ValueResolver } from "./enum-flow.js";

/** A string a query would store in, or compare with, an enum column. */
export interface EnumLiteral {
  literal: LiteralValue & { value: string; node: ts.Node };
  enumInfo: SchemaEnumInfo;
}

const WHERE_OPERATORS = ["equals", "not", "in", "notIn"] as const;
const LOGICAL = ["AND", "OR", "NOT"] as const;
const MAX_DEPTH = 6;

/**
 * Walks a query's arguments along the schema and hands every string that ends up in an
 * enum field to `found`: where filters (`equals`, `not`, `in`, `notIn`, AND/OR/NOT,
 * relation filters), data of creates and updates (nested writes included), upsert's
 * create/update, createMany's list, and the where of included relations.
 */
export function enumLiteralsOfSite(site: QuerySite, schema: PrismaSchema, values: ValueResolver, found: (hit: EnumLiteral) => void): void {
  new Walker(schema, values, found).args(site.model, values.resolve(values.raw(site.args)), site.operation);
}

class Walker {
  constructor(
    private readonly schema: PrismaSchema,
    private readonly values: ValueResolver,
    private readonly found: (hit: EnumLiteral) => void,
  ) {}

  args(model: SchemaModelInfo, args: AbsValue, operation: string): void {
    for (const shape of this.values.objects(args)) {
      for (const key of ["where", "cursor"]) {
        const property = shape.props.get(key);
        if (property) this.where(model, property.value, 0);
      }
      if (operation === "upsert") {
        for (const key of ["create", "update"]) {
          const property = shape.props.get(key);
          if (property) this.data(model, property.value, 0);
        }
      } else {
        const data = shape.props.get("data");
        // createMany takes a list; create and update take one object.
        if (data) for (const row of this.values.elements(data.value)) this.data(model, row, 0);
      }
      this.selection(model, shape.props, 0);
    }
  }

  private selection(model: SchemaModelInfo, props: Map<string, Property>, depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (const key of ["include", "select"]) {
      const selected = props.get(key);
      if (!selected) continue;
      for (const shape of this.values.objects(selected.value)) {
        for (const [name, property] of shape.props) {
          const related = this.related(model.fields.get(name));
          if (!related) continue;
          for (const nested of this.values.objects(property.value)) {
            const where = nested.props.get("where");
            if (where) this.where(related, where.value, depth + 1);
            this.selection(related, nested.props, depth + 1);
          }
        }
      }
    }
  }

  private where(model: SchemaModelInfo, where: AbsValue, depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (const shape of this.values.objects(where)) {
      for (const [key, property] of shape.props) {
        if ((LOGICAL as readonly string[]).includes(key)) {
          for (const member of this.values.elements(property.value)) this.where(model, member, depth + 1);
          continue;
        }
        const field = model.fields.get(key);
        if (!field) continue;
        const enumInfo = this.enumOf(field);
        if (enumInfo) {
          if (!isNarrowed(property)) this.filter(enumInfo, property.value, depth);
          continue;
        }
        const related = this.related(field);
        if (!related) continue;
        for (const filter of this.values.objects(property.value)) {
          const explicit = ["some", "every", "none", "is", "isNot"].filter((name) => filter.props.has(name));
          if (explicit.length === 0) this.where(related, filter, depth + 1);
          for (const name of explicit) this.where(related, filter.props.get(name)!.value, depth + 1);
        }
      }
    }
  }

  /** `"x"`, `{ equals: "x" }`, `{ in: ["x"] }`, `{ not: "x" }`, `{ not: { in: [...] } }`. */
  private filter(enumInfo: SchemaEnumInfo, value: AbsValue, depth: number): void {
    if (depth > MAX_DEPTH) return;
    this.check(enumInfo, value);
    for (const shape of this.values.objects(value)) {
      for (const operator of WHERE_OPERATORS) {
        const property = shape.props.get(operator);
        if (!property) continue;
        if (operator === "in" || operator === "notIn") for (const element of this.values.elements(property.value)) this.check(enumInfo, element);
        else this.filter(enumInfo, property.value, depth + 1);
      }
    }
  }

  private data(model: SchemaModelInfo, data: AbsValue, depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (const shape of this.values.objects(data)) {
      for (const [key, property] of shape.props) {
        const field = model.fields.get(key);
        if (!field) continue;
        const enumInfo = this.enumOf(field);
        if (enumInfo) {
          if (isNarrowed(property)) continue;
          this.check(enumInfo, property.value);
          // an update may write `{ set: "x" }`
          for (const operation of this.values.objects(property.value)) {
            const set = operation.props.get("set");
            if (set) this.check(enumInfo, set.value);
          }
          continue;
        }
        const related = this.related(field);
        if (related) this.nestedWrite(related, property.value, depth + 1);
      }
    }
  }

  /** `{ create, createMany: { data }, connect, connectOrCreate, update, updateMany, upsert, set, disconnect, delete, deleteMany }` of a relation. */
  private nestedWrite(model: SchemaModelInfo, value: AbsValue, depth: number): void {
    for (const shape of this.values.objects(value)) {
      const each = (key: string, visit: (item: AbsValue) => void) => {
        const property = shape.props.get(key);
        if (property) for (const item of this.values.elements(property.value)) visit(item);
      };
      each("create", (item) => this.data(model, item, depth));
      each("createMany", (item) => {
        for (const row of this.values.elements(propertyOf(item, "data"))) this.data(model, row, depth);
      });
      for (const key of ["connect", "set", "disconnect", "delete", "deleteMany"]) each(key, (item) => this.where(model, item, depth));
      each("connectOrCreate", (item) => {
        this.where(model, propertyOf(item, "where"), depth);
        this.data(model, propertyOf(item, "create"), depth);
      });
      for (const key of ["update", "updateMany"]) {
        each(key, (item) => {
          // to-many: `{ where, data }`; to-one: the data itself, or `{ where, data }`
          const hasData = this.values.objects(item).some((option) => option.props.has("data"));
          if (!hasData) return this.data(model, item, depth);
          this.where(model, propertyOf(item, "where"), depth);
          this.data(model, propertyOf(item, "data"), depth);
        });
      }
      each("upsert", (item) => {
        this.where(model, propertyOf(item, "where"), depth);
        this.data(model, propertyOf(item, "create"), depth);
        this.data(model, propertyOf(item, "update"), depth);
      });
    }
  }

  private check(enumInfo: SchemaEnumInfo, value: AbsValue): void {
    for (const literal of this.values.strings(value)) this.found({ literal, enumInfo });
  }

  private enumOf(field: SchemaField): SchemaEnumInfo | undefined {
    return field.kind === "enum" && !field.isList ? this.schema.enums.get(field.type) : undefined;
  }

  private related(field: SchemaField | undefined): SchemaModelInfo | undefined {
    return field?.relation ? this.schema.models.get(field.relation.model) : undefined;
  }
}

/**
 * `source: isMetricSource(input) ? input : "user_input"`, or a query under
 * `if (isMetricSource(input))` / after `if (!isMetricSource(input)) throw ...`: the value
 * written was checked at run time, whatever callers pass.
 */
function isNarrowed(property: Property): boolean {
  const assignment = property.keyNode.parent;
  const written =
    assignment && ts.isPropertyAssignment(assignment) ? skipOuterExpressions(assignment.initializer) : assignment && ts.isShorthandPropertyAssignment(assignment) ? assignment.name : undefined;
  if (!written) return false;
  const root = rootIdentifier(written);
  const declaration = root && resolveIdentifier(root);
  if (!root || !declaration) return false;
  const guards = (condition: ts.Expression) => isGuardOf(condition, declaration);
  for (let node: ts.Node = written; node.parent && !ts.isSourceFile(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && guards(parent.expression)) return true;
    if (ts.isConditionalExpression(parent) && parent.whenTrue === node && guards(parent.condition)) return true;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      // an early exit before the statement: `if (!isX(value)) throw ...;`
      for (const statement of parent.statements) {
        if (statement === node) break;
        if (ts.isIfStatement(statement) && exits(statement.thenStatement) && isNegatedGuard(statement.expression, declaration)) return true;
      }
    }
    if (ts.isFunctionLike(parent)) break;
  }
  return false;
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = skipOuterExpressions(expression);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = skipOuterExpressions(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** A call that takes the value (`isMetricSource(x)`, `SOURCES.includes(x)`) or `x in MetricSource`. */
function isGuardOf(condition: ts.Expression, declaration: ts.Node): boolean {
  const inner = skipOuterExpressions(condition);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return isGuardOf(inner.left, declaration) || isGuardOf(inner.right, declaration);
  }
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.InKeyword) return refersTo(inner.left, declaration);
  return ts.isCallExpression(inner) && inner.arguments.some((argument) => refersTo(argument, declaration));
}

function isNegatedGuard(condition: ts.Expression, declaration: ts.Node): boolean {
  const inner = skipOuterExpressions(condition);
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.BarBarToken) {
    return isNegatedGuard(inner.left, declaration) || isNegatedGuard(inner.right, declaration);
  }
  return ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken && isGuardOf(inner.operand, declaration);
}

function refersTo(expression: ts.Expression, declaration: ts.Node): boolean {
  const root = rootIdentifier(expression);
  return !!root && resolveIdentifier(root) === declaration;
}

function exits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return !!last && (ts.isReturnStatement(last) || ts.isThrowStatement(last));
  }
  return false;
}
