import path from "node:path";
import type { CheckedFile } from "../cli/check.js";
import type { Finding } from "../engine/findings.js";
import { ownerSpecFor } from "../engine/ownership.js";
import { isReadOperation, isUpdateOperation, type QuerySite } from "../engine/query-sites.js";
import { querySitesOf, type AnalysisContext } from "../engine/rule.js";
import type { EnabledRule } from "../engine/run-rules.js";
import { ts } from "../engine/ts.js";
import type { QuerySiteSummary, SiteVerdict } from "./report-model.js";
import { projectSoftDelete } from "./soft-delete.js";

/**
 * Each query site's verdict for the two conventions the report shows per site. The rules
 * decide; this module only reads what they said: a finding at the site's operation is a
 * violation, a site the rule marked unknown is unknown, a site the rule looked at and let
 * pass is ok, and a site the rule has no business with is not applicable.
 */

export const OWNER_SCOPE_RULE = "require-owner-scope";
export const SOFT_DELETE_RULE = "require-soft-delete-filter";

interface OwnerScopeOptions {
  publicModels?: string[];
  ownerFields?: string[];
}
interface SoftDeleteOptions {
  ignoreModels?: string[];
}

export class SiteVerdicts {
  private readonly files = new Map<string, CheckedFile>();
  private readonly atOperation = new Map<string, Set<string>>();
  private readonly summaries = new Map<ts.Node, QuerySiteSummary>();
  private readonly ownerOptions: OwnerScopeOptions | undefined;
  private readonly softDeleteOptions: SoftDeleteOptions | undefined;

  constructor(
    private readonly analysis: AnalysisContext,
    enabled: readonly EnabledRule[],
    files: readonly CheckedFile[],
  ) {
    this.ownerOptions = optionsOf<OwnerScopeOptions>(enabled, OWNER_SCOPE_RULE);
    this.softDeleteOptions = optionsOf<SoftDeleteOptions>(enabled, SOFT_DELETE_RULE);
    for (const file of files) {
      this.files.set(path.resolve(file.filePath), file);
      for (const finding of file.run.findings) {
        if (finding.ruleId !== OWNER_SCOPE_RULE && finding.ruleId !== SOFT_DELETE_RULE) continue;
        this.atOperation.set(findingKey(file.filePath, finding), (this.atOperation.get(findingKey(file.filePath, finding)) ?? new Set()).add(finding.ruleId));
      }
    }
  }

  /** Every query site of the checked files with its verdicts, by file and then source order. */
  all(): QuerySiteSummary[] {
    const sites: QuerySiteSummary[] = [];
    const files = [...this.files.values()].sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
    for (const file of files) {
      for (const site of querySitesOf(file.sourceFile, this.analysis)) sites.push(this.summary(site));
    }
    return sites;
  }

  /** The site's summary; one object per site, shared by `sites` and every endpoint that reaches it. */
  summary(site: QuerySite): QuerySiteSummary {
    let summary = this.summaries.get(site.call);
    if (!summary) {
      const sourceFile = site.call.getSourceFile();
      const { line, character } = ts.getLineAndCharacterOfPosition(sourceFile, site.operationNode.getStart(sourceFile));
      summary = {
        filePath: path.resolve(sourceFile.fileName),
        line: line + 1,
        column: character + 1,
        model: site.model.name,
        operation: site.operation,
        label: siteLabel(site),
        ownerScope: this.ownerScope(site, line + 1, character + 1),
        softDelete: this.softDelete(site, line + 1, character + 1),
      };
      this.summaries.set(site.call, summary);
    }
    return summary;
  }

  private ownerScope(site: QuerySite, line: number, column: number): SiteVerdict {
    const filePath = path.resolve(site.call.getSourceFile().fileName);
    const options = this.ownerOptions ?? {};
    if (options.publicModels?.includes(site.model.name)) return "not-applicable";
    if (!ownerSpecFor(site.model, this.analysis.schema, this.analysis, options.ownerFields ?? [])) return "not-applicable";
    return this.verdict(OWNER_SCOPE_RULE, this.ownerOptions !== undefined, site, filePath, line, column);
  }

  private softDelete(site: QuerySite, line: number, column: number): SiteVerdict {
    const filePath = path.resolve(site.call.getSourceFile().fileName);
    if (!projectSoftDelete(this.analysis, site.call.getSourceFile()).of(site.model) || this.softDeleteOptions?.ignoreModels?.includes(site.model.name)) return "not-applicable";
    if (!isReadOperation(site.operation) && !isUpdateOperation(site.operation)) return "not-applicable";
    return this.verdict(SOFT_DELETE_RULE, this.softDeleteOptions !== undefined, site, filePath, line, column);
  }

  private verdict(ruleId: string, enabled: boolean, site: QuerySite, filePath: string, line: number, column: number): SiteVerdict {
    const file = this.files.get(filePath);
    // A disabled rule, or a file the run did not check, says nothing about the site.
    if (!enabled || !file) return "unknown";
    if (this.atOperation.get(`${filePath}:${line}:${column}`)?.has(ruleId)) return "violation";
    if (file.run.unknownByRule.get(ruleId)?.has(site.call)) return "unknown";
    return "ok";
  }
}

function optionsOf<T>(enabled: readonly EnabledRule[], ruleId: string): T | undefined {
  const rule = enabled.find((entry) => entry.rule.name === ruleId);
  return rule ? ((rule.options[0] ?? {}) as T) : undefined;
}

function findingKey(filePath: string, finding: Finding): string {
  return `${path.resolve(filePath)}:${finding.line}:${finding.column}`;
}

/** `prisma.item.findUnique`, `this.prisma.item.findMany`, as written (whitespace of a broken chain removed). */
export function siteLabel(site: QuerySite): string {
  return site.call.expression.getText().replace(/\s+/g, "");
}

export function isUnknownSite(site: QuerySiteSummary): boolean {
  return site.ownerScope === "unknown" || site.softDelete === "unknown";
}
