import type { CallGraph } from "../analysis/call-graph.js";
import type { AnalysisContext } from "../engine/rule.js";
import type { ts } from "../engine/ts.js";
import type { FrameworkAdapter } from "./adapter.js";
import type { DiscoveredRoute } from "./route.js";

/** Trpc: (to be built) */
export const trpcFramework: FrameworkAdapter = {
  id: "trpc",
  mayDeclareRoutes: () => false,
  routes: (_files: readonly ts.SourceFile[], _analysis: AnalysisContext, _graph: CallGraph): DiscoveredRoute[] => [],
  projectRoutes: (_fileNames: readonly string[], _analysis: AnalysisContext, _graph: CallGraph): DiscoveredRoute[] => [],
};
