import type { CheckResult, TraceStep } from "../engine/findings.js";
import type { FrameworkId } from "../frameworks/adapter.js";
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
  /** the framework that declares it */
  framework: FrameworkId;
  /** upper case: GET, POST, …; ALL for `router.all` / `app.use` handlers; QUERY, MUTATION, SUBSCRIPTION for a tRPC procedure */
  method: string;
  /** the full path, mount prefixes joined: `/items/:id`; a tRPC procedure's dotted path */
  path: string;
  /** where the route is declared (absolute path) */
  filePath: string;
  line: number;
  column: number;
  /** middleware names in order, the handler last excluded */
  middleware: string[];
  /** whether an authentication middleware is in the chain */
  auth: boolean;
  /** why an endpoint without authentication is meant to be public; absent when it is not (or has auth) */
  public?: PublicReason;
  /** `ItemController.list`, `listItems`, or `(inline)` */
  handler: string;
  /** every query site the handler can reach */
  sites: EndpointSite[];
  /** query sites reached whose verdicts are unknown for some rule */
  unknownSites: number;
  /**
   * The findings on the code this endpoint runs: on its registration (require-auth), and in every
   * function its handler reaches (the query sites, the service that calls HTTP, the loop around a query).
   * Sorted by file, line, column, rule.
   */
  findings: FindingRef[];
}

/** A finding named by where it is and which rule made it (several findings may share one). */
export interface FindingRef {
  /** absolute path */
  filePath: string;
  line: number;
  column: number;
  ruleId: string | null;
}

/**
 * Why an endpoint without authentication is public on purpose: the config lists it (require-auth's
 * `publicRoutes` pattern that matches it), or it only reads models whose reads the config makes
 * public (`ownership.publicReads`, require-owner-scope's `publicModels`).
 */
export type PublicReason = { by: "publicRoutes"; pattern: string } | { by: "publicReads"; models: string[] } | { by: "declared"; decorator: string };

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
