import type { CheckResult, TraceStep } from "../engine/findings.js";
import type { LayerDependency } from "./layers.js";

/**
 * What the reviewer's report shows, computed once by the analyzer and handed to the
 * reporters (which stay pure functions of it).
 */

/** A rule's verdict on one query site: the rule decides, the analyzer only aggregates. */
export type SiteVerdict = "ok" | "violation" | "unknown" | "not-applicable";

export interface QuerySiteSummary {
  /** absolute path */
  filePath: string;
  line: number;
  column: number;
  model: string;
  operation: string;
  /** `prisma.item.findUnique`, as written */
  label: string;
  ownerScope: SiteVerdict;
  softDelete: SiteVerdict;
}

export interface EndpointSite {
  site: QuerySiteSummary;
  /** from the endpoint's handler down to the query, the query last */
  trace: TraceStep[];
}

export interface Endpoint {
  /** upper case: GET, POST, …; ALL for `router.all` / `app.use` handlers */
  method: string;
  /** the full path, mount prefixes joined: `/items/:id` */
  path: string;
  /** where the route is declared (absolute path) */
  filePath: string;
  line: number;
  column: number;
  /** middleware names in order, the handler last excluded */
  middleware: string[];
  /** whether an authentication middleware is in the chain */
  auth: boolean;
  /** `ItemController.list`, `listItems`, or `(inline)` */
  handler: string;
  /** every query site the handler can reach */
  sites: EndpointSite[];
  /** query sites reached whose verdicts are unknown for some rule */
  unknownSites: number;
}

export interface ReportData extends CheckResult {
  /** absolute directory the report's paths are relative to */
  rootDir: string;
  endpoints: Endpoint[];
  layerGraph: LayerDependency[];
  /** layer names in config order */
  layers: string[];
  /** every query site of the project with its verdicts, including ones no endpoint reaches */
  sites: QuerySiteSummary[];
}
