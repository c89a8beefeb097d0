import type { TextEdit } from "../src/engine/findings.js";
import { isPrismaClientExpression, memberAccess, RAW_QUERY_METHODS, type MemberAccess } from "../src/engine/query-sites.js";
import { clientModuleOptions, createRule } from "../src/engine/rule.js";
import { resolveIdentifier, skipOuterExpressions, staticKey } from "../src/engine/scope.js";
import { fileIndexOf } from "../src/engine/file-index.js";
import { ts } from "../src/engine/ts.js";
import { returnedExpressions, type AbsValue, type Evaluator } from "../src/engine/values.js";

type Options = [];
type MessageIds = "unsafeRaw" | "unsafePrismaRaw" | "useTaggedTemplate";

/** The unsafe client methods and the tagged form that parameterises the same query. */
const UNSAFE_METHODS: ReadonlyMap<string, string> = new Map([...RAW_QUERY_METHODS].flatMap(([method, safe]) => (safe ? [[method, safe] as const] : [])));

export default createRule<Options, MessageIds>({
  name: "no-unsafe-raw-sql",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow SQL built from non-constant values in $queryRawUnsafe, $executeRawUnsafe and Prisma.raw",
      convention: "queries",
      config: "recommended",
      requiresSchema: false,
      // a caller's value runs as SQL
      security: { cwe: [89], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", severity: "8.8" },
    },
    hasSuggestions: true,
    messages: {
      unsafeRaw:
        "{{method}} runs SQL built from {{interpolated}}: whatever that value holds becomes SQL (SQL injection). Write the query as the tagged template {{safeMethod}}`...`, whose ${} values are sent as parameters, or keep the SQL constant and pass the values as positional parameters ($1, $2, …).",
      unsafePrismaRaw:
        "{{method}} inserts {{interpolated}} into the SQL verbatim, without escaping (SQL injection). Use Prisma.sql`...` so values become parameters, or pick the fragment from a constant allow-list.",
      useTaggedTemplate: "Rewrite as the tagged template {{safeMethod}}`...`, which sends {{interpolated}} as query parameters.",
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const sourceFile = context.sourceFile;
    // A cheap syntactic filter before any walk: both forms spell their name in the file.
    if (!sourceFile.text.includes("RawUnsafe") && !sourceFile.text.includes("raw")) return;
    const constants = new ConstantSql(context.analysis.evaluator);
    const clientOptions = clientModuleOptions(context.analysis);
    for (const call of rawCalls(sourceFile)) {
      const callee = skipOuterExpressions(call.expression);
      const access = memberAccess(callee);
      const sql = call.arguments[0];
      if (!access || !sql || ts.isSpreadElement(sql)) continue;
      const safeMethod = UNSAFE_METHODS.get(access.name);
      if (safeMethod && isPrismaClientExpression(access.object, clientOptions)) {
        const culprits = constants.culprits(sql);
        if (culprits.length === 0) continue;
        // A query helper that runs the SQL its caller hands it whole, with positional values: the SQL is the caller's to build.
        if (call.arguments.length > 1 && culprits.length === 1 && culprits[0] === skipOuterExpressions(sql) && isHelperSql(sql, call, 0)) continue;
        const data = { method: access.name, safeMethod, interpolated: describe(culprits) };
        const fix = taggedTemplateFix(call, access, sql, safeMethod);
        context.report({ node: sql, messageId: "unsafeRaw", data, suggest: fix ? [{ messageId: "useTaggedTemplate", data, fix }] : [] });
      } else if (access.name === "raw" && isPrismaNamespace(access.object)) {
        const culprits = constants.culprits(sql);
        if (culprits.length === 0) continue;
        context.report({ node: sql, messageId: "unsafePrismaRaw", data: { method: compact(callee), interpolated: describe(culprits) } });
      }
    }
  },
});

/** Calls whose method is one of the unsafe forms or `raw`, in source order. */
function rawCalls(sourceFile: ts.SourceFile): ts.CallExpression[] {
  return fileIndexOf(sourceFile).calls.filter((call) => {
    const name = memberAccess(skipOuterExpressions(call.expression))?.name;
    return name !== undefined && (UNSAFE_METHODS.has(name) || name === "raw");
  });
}

/** `Prisma` imported from the client (`import { Prisma } from "@prisma/client"`, renamed or not), or `client.Prisma`. */
function isPrismaNamespace(raw: ts.Expression): boolean {
  const expression = skipOuterExpressions(raw);
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text === "Prisma";
  if (!ts.isIdentifier(expression)) return false;
  const declaration = resolveIdentifier(expression);
  if (declaration && ts.isImportSpecifier(declaration)) return (declaration.propertyName ?? declaration.name).text === "Prisma";
  return !declaration && expression.text === "Prisma";
}

const MAX_DEPTH = 8;

/**
 * Which parts of a SQL expression are not constant. A part is constant when it is a
 * literal on every path the evaluator sees: literals, consts bound to them, template
 * literals and `+` concatenations of constants, conditionals between constants, and a
 * lookup in a constant object of literals (an allow-list).
 */
class ConstantSql {
  constructor(private readonly evaluator: Evaluator) {}

  culprits(expression: ts.Expression): ts.Node[] {
    const found: ts.Node[] = [];
    this.visit(expression, found, new Set(), 0);
    return [...new Set(found)];
  }

  private visit(raw: ts.Expression, found: ts.Node[], seen: Set<ts.Node>, depth: number): void {
    const expression = skipOuterExpressions(raw);
    if (seen.has(expression) || depth > MAX_DEPTH) {
      found.push(expression);
      return;
    }
    seen.add(expression);
    if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression)) return;
    if (ts.isTemplateExpression(expression)) {
      expression.templateSpans.forEach((span, index) => {
        const before = index === 0 ? expression.head.text : expression.templateSpans[index - 1].literal.text;
        if (before.endsWith('"') && span.literal.text.startsWith('"') && isEscapedIdentifier(span.expression)) return;
        this.visit(span.expression, found, seen, depth + 1);
      });
      return;
    }
    if (ts.isCallExpression(expression) && this.isJoinOfSafeMap(expression, seen, depth)) return;
    if (isConfiguration(expression, 0)) return;
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      this.visit(expression.left, found, seen, depth + 1);
      this.visit(expression.right, found, seen, depth + 1);
      return;
    }
    if (ts.isConditionalExpression(expression)) {
      this.visit(expression.whenTrue, found, seen, depth + 1);
      this.visit(expression.whenFalse, found, seen, depth + 1);
      return;
    }
    if (ts.isElementAccessExpression(expression) && staticKey(expression.argumentExpression) === undefined) {
      if (!isConstantTable(this.evaluator.evaluate(expression.expression))) found.push(expression);
      return;
    }
    this.value(this.evaluator.evaluate(expression), expression, found, seen, depth);
  }

  /**
   * `parts.map(quoteIdentifier).join(".")`: the elements of a list each made safe by a function
   * whose every return is constant SQL or an escaped identifier, joined by a constant.
   */
  private isJoinOfSafeMap(call: ts.CallExpression, seen: Set<ts.Node>, depth: number): boolean {
    const join = memberAccess(skipOuterExpressions(call.expression));
    if (join?.name !== "join" || (call.arguments[0] && !ts.isStringLiteralLike(skipOuterExpressions(call.arguments[0])))) return false;
    const mapped = skipOuterExpressions(join.object);
    if (!ts.isCallExpression(mapped) || memberAccess(skipOuterExpressions(mapped.expression))?.name !== "map" || !mapped.arguments[0]) return false;
    const callback = this.evaluator.evaluate(mapped.arguments[0]);
    if (callback.kind !== "function") return false;
    const returned = returnedExpressions(callback.node);
    return returned.length > 0 && returned.every((expression) => {
      if (!expression) return false;
      const found: ts.Node[] = [];
      this.visit(expression, found, new Set(seen), depth + 1);
      return found.length === 0;
    });
  }

  private value(value: AbsValue, at: ts.Expression, found: ts.Node[], seen: Set<ts.Node>, depth: number): void {
    switch (value.kind) {
      case "literal":
        return;
      case "oneOf":
        for (const option of value.options) this.value(option, at, found, seen, depth);
        return;
      case "unknown": {
        // The evaluator stops at string building (`const sql = \`...${x}\``): look inside it here.
        const node = value.node;
        if (node && !value.path && node !== at && isStringBuilding(node)) this.visit(node, found, seen, depth + 1);
        else if (node && !value.path && ts.isExpression(node) && isConfiguration(node, 0)) return;
        else found.push(at);
        return;
      }
      default:
        found.push(at);
    }
  }
}

/**
 * `identifier.replaceAll('"', '""')` (or `.replace(/"/g, '""')`) between double quotes: a
 * PostgreSQL identifier escaped the way the server reads it, which no value can break out of.
 */
function isEscapedIdentifier(raw: ts.Expression): boolean {
  const expression = skipOuterExpressions(raw);
  if (!ts.isCallExpression(expression)) return false;
  const name = memberAccess(skipOuterExpressions(expression.expression))?.name;
  const [pattern, replacement] = expression.arguments.map((argument) => skipOuterExpressions(argument));
  if (!pattern || !replacement || !ts.isStringLiteralLike(replacement) || replacement.text !== '""') return false;
  if (name === "replaceAll" && ts.isStringLiteralLike(pattern)) return pattern.text === '"';
  return (name === "replace" || name === "replaceAll") && ts.isRegularExpressionLiteral(pattern) && /^\/"\/g[a-z]*$/.test(pattern.text);
}

const MAX_CONFIGURATION_DEPTH = 4;

/**
 * A value of the deployment's configuration, not of a request: read from `process.env` and
 * turned by globals (`new URL(process.env.DATABASE_URL).searchParams.get("schema")`), or a
 * const (or a function's return, `getSchema()`) made only of such values and literals.
 */
function isConfiguration(raw: ts.Expression, depth: number): boolean {
  if (depth > MAX_CONFIGURATION_DEPTH) return false;
  const expression = skipOuterExpressions(raw);
  if (ts.isStringLiteralLike(expression) || ts.isNumericLiteral(expression)) return true;
  if (ts.isPropertyAccessExpression(expression)) {
    const object = skipOuterExpressions(expression.expression);
    if (ts.isIdentifier(object) && object.text === "process" && !resolveIdentifier(object)) return expression.name.text === "env";
    return isConfiguration(object, depth);
  }
  if (ts.isElementAccessExpression(expression)) return isConfiguration(expression.expression, depth) && isConfiguration(expression.argumentExpression, depth);
  if (ts.isBinaryExpression(expression) && (expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expression.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return isConfiguration(expression.left, depth) && isConfiguration(expression.right, depth);
  }
  if (ts.isCallExpression(expression) || ts.isNewExpression(expression)) {
    const args = expression.arguments ?? [];
    if (!args.every((argument) => !ts.isSpreadElement(argument) && isConfiguration(argument, depth))) return false;
    const callee = skipOuterExpressions(expression.expression);
    if (ts.isIdentifier(callee)) {
      const declaration = resolveIdentifier(callee);
      // A global (`URL`, `String`) turns configuration into configuration; a function of the project, if all it returns is.
      if (!declaration) return true;
      if (!ts.isFunctionDeclaration(declaration) || !declaration.body || args.length > 0) return false;
      const returned = returnedExpressions(declaration);
      return returned.length > 0 && returned.every((value) => value !== undefined && isConfiguration(value, depth + 1));
    }
    return isConfiguration(callee, depth);
  }
  if (ts.isIdentifier(expression)) {
    const declaration = resolveIdentifier(expression);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    if (!(declaration.parent.flags & ts.NodeFlags.Const)) return false;
    return isConfiguration(declaration.initializer, depth + 1);
  }
  return false;
}

/**
 * SQL a helper was handed: a parameter of a function around the call, or a const made from one by
 * a string method with literal, pattern or callback arguments (`sql.replaceAll(/\{\{(\w+)}}/g, toPlaceholder)`).
 */
function isHelperSql(node: ts.Node, call: ts.CallExpression, depth: number): boolean {
  if (depth > MAX_DEPTH || !ts.isExpression(node)) return false;
  const expression = skipOuterExpressions(node);
  if (ts.isIdentifier(expression)) {
    const declaration = resolveIdentifier(expression);
    if (!declaration) return false;
    if (ts.isParameter(declaration)) return declaration.parent.pos <= call.pos && call.end <= declaration.parent.end;
    const constant = ts.isVariableDeclaration(declaration) && declaration.initializer && declaration.parent.flags & ts.NodeFlags.Const;
    return !!constant && isHelperSql(declaration.initializer!, call, depth + 1);
  }
  if (!ts.isCallExpression(expression)) return false;
  const callee = memberAccess(skipOuterExpressions(expression.expression));
  const plainArgument = (argument: ts.Expression) => {
    const inner = skipOuterExpressions(argument);
    return ts.isStringLiteralLike(inner) || ts.isRegularExpressionLiteral(inner) || ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
  };
  return !!callee && expression.arguments.every(plainArgument) && isHelperSql(callee.object, call, depth + 1);
}

function isStringBuilding(node: ts.Node): node is ts.Expression {
  return ts.isTemplateExpression(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) || ts.isElementAccessExpression(node);
}

/** `{ asc: "ASC", desc: "DESC" }`: an object of literals whatever the key, the allow-list idiom. */
function isConstantTable(value: AbsValue): boolean {
  if (value.kind === "oneOf") return value.options.every(isConstantTable);
  if (value.kind !== "object" || value.opaque || value.props.size === 0) return false;
  return [...value.props.values()].every((property) => property.value.kind === "literal" && typeof property.value.value === "string");
}

/** The culprits as written, for the message: `term`, `req.query.sort`. */
function describe(culprits: ts.Node[]): string {
  const texts = [...new Set(culprits.map((node) => compact(node)))];
  const shown = texts.slice(0, 3).map((text) => (text.length > 60 ? `${text.slice(0, 57)}...` : text));
  return texts.length > 3 ? `${shown.join(", ")} and ${texts.length - 3} more` : shown.join(", ");
}

function compact(node: ts.Node): string {
  return node.getText().replace(/\s+/g, " ");
}

type TemplatePiece = { text: string } | { expression: string };

/**
 * `$queryRawUnsafe(\`... '${x}'\`)` → `$queryRaw\`... ${x}\``: a value inside single quotes
 * becomes the parameter itself (`'%${x}%'` → `${\`%${x}%\`}`). Offered only for a lone
 * template argument (positional parameters would shift) outside double-quoted identifiers,
 * which a parameter cannot replace.
 */
function taggedTemplateFix(call: ts.CallExpression, access: MemberAccess, sql: ts.Expression, safeMethod: string): TextEdit[] | undefined {
  const template = skipOuterExpressions(sql);
  if (call.arguments.length !== 1 || !access.dotted || call.questionDotToken || !ts.isTemplateExpression(template)) return undefined;
  const source = call.getSourceFile().text;
  const pieces: TemplatePiece[] = [{ text: source.slice(template.head.getStart() + 1, template.head.end - 2) }];
  for (const span of template.templateSpans) {
    pieces.push({ expression: span.expression.getText() });
    const closing = ts.isTemplateTail(span.literal) ? 1 : 2;
    pieces.push({ text: source.slice(span.literal.getStart() + 1, span.literal.end - closing) });
  }
  const body = parameterised(pieces);
  if (body === undefined) return undefined;
  const typeArguments = call.typeArguments ? `<${call.typeArguments.map((type) => type.getText()).join(", ")}>` : "";
  return [{ range: [access.nameNode.getStart(), call.end], text: `${safeMethod}${typeArguments}\`${body}\`` }];
}

/** The template body for the tagged form, or undefined when a value sits where a parameter cannot go. */
function parameterised(pieces: TemplatePiece[]): string | undefined {
  let out = "";
  let state: "none" | "single" | "double" = "none";
  let quoted: TemplatePiece[] = [];
  const closeQuote = () => {
    const values = quoted.filter((piece) => "expression" in piece);
    if (values.length === 0) out += `'${quoted.map((piece) => ("text" in piece ? piece.text : "")).join("")}'`;
    else if (quoted.length === 1) out += `\${${(quoted[0] as { expression: string }).expression}}`;
    else out += `\${\`${quoted.map((piece) => ("text" in piece ? piece.text.replace(/''/g, "'") : `\${${piece.expression}}`)).join("")}\`}`;
    quoted = [];
  };
  for (const piece of pieces) {
    if ("expression" in piece) {
      if (state === "double") return undefined;
      if (state === "single") quoted.push(piece);
      else out += `\${${piece.expression}}`;
      continue;
    }
    const text = piece.text;
    for (let index = 0; index < text.length; index++) {
      const char = text[index]!;
      if (state === "single") {
        if (char === "'" && text[index + 1] === "'") {
          appendText(quoted, "''");
          index++;
        } else if (char === "'") {
          closeQuote();
          state = "none";
        } else {
          appendText(quoted, char);
        }
        continue;
      }
      if (state === "none" && char === "'") {
        state = "single";
        continue;
      }
      if (char === '"') state = state === "double" ? "none" : "double";
      out += char;
    }
  }
  return state === "none" ? out : undefined;
}

function appendText(pieces: TemplatePiece[], text: string): void {
  const last = pieces[pieces.length - 1];
  if (last && "text" in last) last.text += text;
  else pieces.push({ text });
}
