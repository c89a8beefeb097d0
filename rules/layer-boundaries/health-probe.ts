import type { PrismaAccess } from "../../src/analysis/layers.js";
import { forEachDescendant } from "../../src/engine/file-index.js";
import { calleeName, skipOuterExpressions, staticPropertyName } from "../../src/engine/scope.js";
import { ts } from "../../src/engine/ts.js";

/**
 * A health check: the endpoint a load balancer or an orchestrator calls to learn whether the API
 * can reach its database. It has to touch the client itself, and no business query lives in it, so
 * a route that does is not a layer leak:
 *
 * - a query in a health handler whose result is thrown away (`await prisma.config.findMany(); return "OK"`,
 *   `await prisma.$queryRaw\`SELECT 1\``);
 * - the client handed to a health indicator (`this.prismaHealth.pingCheck("database", this.prisma)`,
 *   `@nestjs/terminus`), and used for nothing else in the file.
 *
 * A handler is a health check when its name or its route's last path segment says so (`health`,
 * `healthz`, `ready`, `live`, `ping`…), or it sits in a `@Controller("health")` class.
 */

const HEALTH_NAME = /^(health|healthz|healthcheck|health-check|health_check|ready|readyz|readiness|live|livez|liveness|ping|status)$/i;
/** Health indicator methods that take the client: `@nestjs/terminus`'s `PrismaHealthIndicator.pingCheck`. */
const PROBE_METHODS: ReadonlySet<string> = new Set(["pingCheck"]);

/** Whether a use of the client is a health probe: a query whose result a health handler throws away. */
export function isHealthProbe(access: PrismaAccess): boolean {
  let call: ts.Node = access.node;
  while (call.parent && !ts.isCallExpression(call) && !ts.isTaggedTemplateExpression(call) && !ts.isStatement(call)) call = call.parent;
  if (!ts.isCallExpression(call) && !ts.isTaggedTemplateExpression(call)) return false;
  let used: ts.Node = call;
  while (used.parent && (ts.isAwaitExpression(used.parent) || ts.isParenthesizedExpression(used.parent))) used = used.parent;
  if (!ts.isExpressionStatement(used.parent)) return false;
  for (let node: ts.Node | undefined = used.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node)) return isHealthHandler(node);
  }
  return false;
}

/** Whether an import (its module specifier) brings the client only to hand it to a health indicator. */
export function importedOnlyToProbe(specifier: ts.StringLiteralLike): boolean {
  const declaration = specifier.parent;
  if (!ts.isImportDeclaration(declaration) || !declaration.importClause) return false;
  const { name, namedBindings } = declaration.importClause;
  const names = [...(name ? [name.text] : []), ...(namedBindings && ts.isNamedImports(namedBindings) ? namedBindings.elements.map((element) => element.name.text) : [])];
  return names.some((imported) => onlyProbesWith(specifier.getSourceFile(), imported));
}

/**
 * Whether every use of the client an import brings (a constructor parameter typed with it, `this.prisma`)
 * hands it to a health indicator, in a file with at least one such use.
 */
function onlyProbesWith(sourceFile: ts.SourceFile, importedName: string): boolean {
  const members = new Set<string>();
  forEachDescendant(sourceFile, (node) => {
    if (ts.isParameter(node) && node.type && ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === importedName && ts.isIdentifier(node.name)) {
      members.add(node.name.text);
    }
  });
  if (members.size === 0) return false;
  let probes = 0;
  let other = false;
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isPropertyAccessExpression(node) || node.expression.kind !== ts.SyntaxKind.ThisKeyword || !members.has(node.name.text)) return;
    const parent = skipOuterParent(node);
    if (ts.isCallExpression(parent) && parent.arguments.some((argument) => skipOuterExpressions(argument) === node) && PROBE_METHODS.has(calleeName(parent))) probes++;
    else other = true;
  });
  return probes > 0 && !other;
}

function skipOuterParent(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) parent = parent.parent;
  return parent;
}

/** A function named like a health check, routed to a health path, or a method of a `@Controller("health")` class. */
function isHealthHandler(fn: ts.SignatureDeclaration): boolean {
  const name = fn.name && staticPropertyName(fn.name);
  if (name !== undefined && HEALTH_NAME.test(name)) return true;
  if (ts.isMethodDeclaration(fn)) {
    if (decoratorPaths(fn).some(isHealthPath)) return true;
    return ts.isClassDeclaration(fn.parent) && decoratorPaths(fn.parent).some(isHealthPath);
  }
  // `app.get("/health", async (req, res) => …)`
  const registration = skipOuterParent(fn);
  if (ts.isCallExpression(registration)) {
    const path = registration.arguments[0];
    return path !== undefined && ts.isStringLiteralLike(path) && isHealthPath(path.text);
  }
  return false;
}

function isHealthPath(path: string): boolean {
  const last = path.split("/").filter(Boolean).at(-1);
  return last !== undefined && HEALTH_NAME.test(last);
}

/** The string arguments of a node's decorators: `@Get("health")`, `@Controller("/health")`. */
function decoratorPaths(node: ts.HasDecorators): string[] {
  return (ts.getDecorators(node) ?? []).flatMap((decorator) => {
    const expression = skipOuterExpressions(decorator.expression);
    if (!ts.isCallExpression(expression)) return [];
    return expression.arguments.filter(ts.isStringLiteralLike).map((argument) => argument.text);
  });
}
