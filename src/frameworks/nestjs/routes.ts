import type { CallGraph } from "../../analysis/call-graph.js";
import type { AnalysisContext } from "../../engine/rule.js";
import type { ts } from "../../engine/ts.js";
import type { DiscoveredRoute } from "../route.js";

/** `@Controller` classes: a file without the word declares no NestJS endpoint. */
export function mayDeclareNestRoutes(text: string): boolean {
  return text.includes("@Controller");
}

/** The handlers of the program's `@Controller` classes, prefixes joined, guards as their checks. (To be built.) */
export function nestRoutes(_files: readonly ts.SourceFile[], _analysis: AnalysisContext, _graph: CallGraph): DiscoveredRoute[] {
  return [];
}

export function nestProjectRoutes(_fileNames: readonly string[], _analysis: AnalysisContext, _graph: CallGraph): DiscoveredRoute[] {
  return [];
}
