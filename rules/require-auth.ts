import { CallGraph } from "../src/analysis/call-graph.js";
import { authenticates } from "../src/analysis/auth-middleware.js";
import { discoverProjectRoutes, listedAuthMiddleware, mayDeclareRoutes, publicRoutePattern, type DiscoveredRoute } from "../src/analysis/endpoints.js";
import { isIgnored } from "../src/engine/analysis.js";
import type { MemoEntry } from "../src/engine/dependencies.js";
import type { ProjectModel } from "../src/engine/project.js";
import { createRule, type AnalysisContext } from "../src/engine/rule.js";
import { skipOuterExpressions } from "../src/engine/scope.js";
import { ts } from "../src/engine/ts.js";

type Options = [{ publicRoutes: string[]; authMiddleware: string[] }];
type MessageIds = "missingAuth";

export default createRule<Options, MessageIds>({
  name: "require-auth",
  meta: {
    type: "problem",
    docs: {
      description: "Require an authentication middleware in the chain of every endpoint that is not listed as public",
      convention: "auth",
      config: "strict",
      requiresSchema: false,
      // anyone calls an endpoint meant for signed-in callers
      security: { cwe: [306], cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", severity: "7.5" },
    },
    messages: {
      missingAuth: "{{method}} {{path}} has no authentication middleware in its chain (middleware: {{middleware}}); add one or list it in publicRoutes",
    },
    schema: [
      {
        type: "object",
        description: "Options for require-auth.",
        properties: {
          publicRoutes: {
            type: "array",
            items: { type: "string" },
            description: 'Endpoints meant to be public, as "METHOD /path" globs: "GET /health", "POST /devices", "* /public/**" (a path without a method means any method).',
          },
          authMiddleware: {
            type: "array",
            items: { type: "string" },
            description: "Names (or globs of names) of middleware that authenticate, added to the built-in ones (authenticate, requireAuth, passport.authenticate, …).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ publicRoutes: [], authMiddleware: [] }],
  },
  check(context) {
    const [{ publicRoutes, authMiddleware }] = context.options;
    const routes = routesRegisteredIn(context.sourceFile, context.analysis);
    if (routes.length === 0) return;
    const listed = listedAuthMiddleware(authMiddleware);
    const publicPattern = publicRoutePattern(publicRoutes);
    for (const route of routes) {
      const middleware = route.middleware.map((entry) => entry.name);
      if (route.declaredPublic !== undefined || publicPattern(route.method, route.path) !== undefined || route.middleware.some((entry) => authenticates(entry, context.analysis, listed))) continue;
      context.report({
        node: reportNode(route.node),
        messageId: "missingAuth",
        data: { method: route.method, path: route.path, middleware: middleware.length > 0 ? middleware.join(", ") : "none" },
      });
    }
  },
});

/** The project's endpoints by the file registering them, memoised with the files their discovery read: an edit to a service keeps them, an edit to a router does not. */
const inventories = new WeakMap<ProjectModel, Map<string, MemoEntry<Map<ts.SourceFile, DiscoveredRoute[]>>>>();

/** The endpoints whose registration is written in `sourceFile`, in source order. */
function routesRegisteredIn(sourceFile: ts.SourceFile, analysis: AnalysisContext): DiscoveredRoute[] {
  // A cheap filter first: no registration-shaped call, no endpoint registered here.
  if (!mayDeclareRoutes(sourceFile.text)) return [];
  const { project } = analysis;
  const discover = (...extra: string[]) => {
    const fileNames = [...project.programFiles.filter((fileName) => !isIgnored(analysis, fileName)), ...extra];
    return routesByFile(discoverProjectRoutes(fileNames, analysis, new CallGraph(analysis)));
  };
  // A file outside the tsconfig: the project plus this file, not memoised.
  if (!project.isTsconfigFile(sourceFile.fileName)) return discover(sourceFile.fileName).get(sourceFile) ?? [];
  let store = inventories.get(project);
  if (!store) inventories.set(project, (store = new Map()));
  return project.dependencies.memo(store, analysis.config.rootDir, () => discover()).get(sourceFile) ?? [];
}

function routesByFile(routes: readonly DiscoveredRoute[]): Map<ts.SourceFile, DiscoveredRoute[]> {
  const byFile = new Map<ts.SourceFile, DiscoveredRoute[]>();
  for (const route of routes) {
    const file = route.node.getSourceFile();
    let list = byFile.get(file);
    if (!list) byFile.set(file, (list = []));
    list.push(route);
  }
  for (const list of byFile.values()) list.sort((a, b) => a.node.getStart() - b.node.getStart());
  return byFile;
}

/** `router.get(…)` is reported on `get`; a `route("/x").get` chain already names its method. */
function reportNode(node: ts.Node): ts.Node {
  if (!ts.isCallExpression(node)) return node;
  const callee = skipOuterExpressions(node.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name : node;
}
