/**
 * How the project practises soft delete, as the soft-delete rules ask it: which models are soft-deletable,
 * by which flags, and which clients do it centrally. Built once per analysis over the project's own parses
 * (the tsconfig's files that are not ignored: tests, seeds and scripts do not count), memoised with the
 * files it read.
 *
 * - A model is soft-deletable when its flag is configured (`softDelete.field`) and the code writes it for
 *   that model (sets it to a date or `true`; a write that does not say which model counts for every model
 *   with the field), or when `softDelete.models` names the model. A `deletedAt` on every model that nothing
 *   sets is a plain column.
 * - Its flags: the first listed field the code writes, then the other listed fields written together with
 *   it (`{ deleted: true, deletedAt: new Date() }`): a filter on either filters.
 * - Central soft delete: see `central-soft-delete.ts`.
 */
import { escapeRegExp } from "../engine/regexp.js";
import type { MemoEntry } from "../engine/dependencies.js";
import { registerSummary, registerTextFacet } from "../engine/dependencies.js";
import { isIgnored } from "../engine/analysis.js";
import { memberAccess, type QuerySite } from "../engine/query-sites.js";
import { clientModuleOptions, type AnalysisContext } from "../engine/rule.js";
import { skipOuterExpressions } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import type { SchemaModelInfo, SoftDeleteInfo } from "../schema/index.js";
import { CENTRAL_CLIENT_TEXT, centralSoftDeletesIn, clientOrigins, type CentralScope, type CentralSoftDelete } from "./central-soft-delete.js";
import { scanSoftDeleteWrites, suitsField, type SoftDeleteWrite } from "./soft-delete-writes.js";

/** A soft-deletable model's flags, the configured (or first written) one first. */
export interface ModelSoftDelete extends SoftDeleteInfo {
  /** every flag a filter may constrain: this one, then the listed flags the code writes together with it */
  flags: readonly SoftDeleteInfo[];
}

export interface ProjectSoftDelete {
  /** The model's soft delete, or undefined when it is not soft-deletable. */
  of(model: SchemaModelInfo | undefined): ModelSoftDelete | undefined;
  /** The central soft delete a query goes through, and whether it filters or softens this operation. */
  central(site: QuerySite): { filters: boolean; softDeletes: boolean } | undefined;
}

interface ProjectFacts {
  writes: readonly SoftDeleteWrite[];
  centrals: ReadonlyMap<ts.Node, CentralSoftDelete>;
  /** false when the project names no files (no tsconfig): then every configured flag counts as written */
  knowsFiles: boolean;
}

/** One entry per analysis (a config, a schema and a project), kept while what it read is unchanged. */
const stores = new WeakMap<AnalysisContext, MemoEntry<ProjectFacts>>();
const CENTRAL_FACET = "central-soft-delete";
registerTextFacet(CENTRAL_FACET, CENTRAL_CLIENT_TEXT);

/** The project's soft delete, as seen from `sourceFile` (whose own writes count even when it is outside the tsconfig). */
export function projectSoftDelete(analysis: AnalysisContext, sourceFile: ts.SourceFile): ProjectSoftDelete {
  const facts = projectFacts(analysis);
  const outside = !analysis.project.isTsconfigFile(sourceFile.fileName) && !isIgnored(analysis, sourceFile.fileName);
  const writes = outside ? [...facts.writes, ...fileWrites(analysis, sourceFile)] : facts.writes;
  const centrals = outside ? new Map([...facts.centrals, ...fileCentrals(analysis, sourceFile)]) : facts.centrals;
  return new SoftDeleteModel(analysis, { writes, centrals, knowsFiles: facts.knowsFiles });
}

function projectFacts(analysis: AnalysisContext): ProjectFacts {
  const { project } = analysis;
  const fields = fieldsOf(analysis);
  return project.dependencies.memo(stores, analysis, () => {
    const writes: SoftDeleteWrite[] = [];
    const centrals = new Map<ts.Node, CentralSoftDelete>();
    const facet = fieldFacet(fields);
    const summary = summaryName(fields);
    for (const fileName of project.programFiles) {
      if (isIgnored(analysis, fileName)) continue;
      const mentionsField = fields.size > 0 && project.textMatches(fileName, facet);
      const mentionsClient = project.textMatches(fileName, CENTRAL_FACET);
      if (!mentionsField && !mentionsClient) continue;
      if (mentionsClient) {
        // Rare, and its origins are nodes of this parse: the result depends on the file itself.
        const sourceFile = project.getSourceFile(fileName);
        if (!sourceFile) continue;
        writes.push(...fileWrites(analysis, sourceFile));
        for (const [origin, central] of fileCentrals(analysis, sourceFile)) centrals.set(origin, central);
        continue;
      }
      // Only what the file writes counts: an edit that writes the same flags keeps the result.
      const sourceFile = project.dependOnSummary(fileName, summary, (parse) => summariseWrites(parse, analysis), analysis);
      if (sourceFile) writes.push(...fileWrites(analysis, sourceFile));
    }
    return { writes, centrals, knowsFiles: project.programFiles.length > 0 };
  });
}

function fieldsOf(analysis: AnalysisContext): ReadonlySet<string> {
  const { fields, models } = analysis.config.softDelete;
  return new Set([...fields, ...Object.values(models).flatMap((setting) => (setting ? [setting.field] : []))]);
}

/** A text facet per list of fields: a file that names none of them writes none of them. */
function fieldFacet(fields: ReadonlySet<string>): string {
  const name = `soft-delete-fields=${[...fields].sort().join(",")}`;
  registerTextFacet(name, new RegExp(`\\b(?:${[...fields].map(escapeRegExp).join("|")})\\b`));
  return name;
}

/** The summary of a file's writes a result depends on, registered per list of fields for `--cache`. */
function summaryName(fields: ReadonlySet<string>): string {
  const name = `soft-delete-writes=${[...fields].sort().join(",")}`;
  registerSummary(name, summariseWrites);
  return name;
}

function summariseWrites(sourceFile: ts.SourceFile, analysis: AnalysisContext): string {
  const entries = fileWrites(analysis, sourceFile).map((write) => `${write.field}=${write.value}@${write.model ?? "*"}+${[...write.together].sort().join(",")}`);
  return [...new Set(entries)].sort().join(";");
}

const writesByParse = new WeakMap<ts.SourceFile, WeakMap<AnalysisContext, SoftDeleteWrite[]>>();

function fileWrites(analysis: AnalysisContext, sourceFile: ts.SourceFile): SoftDeleteWrite[] {
  let byAnalysis = writesByParse.get(sourceFile);
  if (!byAnalysis) writesByParse.set(sourceFile, (byAnalysis = new WeakMap()));
  let writes = byAnalysis.get(analysis);
  if (!writes) byAnalysis.set(analysis, (writes = scanSoftDeleteWrites(sourceFile, analysis.schema, fieldsOf(analysis), clientModuleOptions(analysis))));
  return writes;
}

function fileCentrals(analysis: AnalysisContext, sourceFile: ts.SourceFile): [ts.Node, CentralSoftDelete][] {
  if (!CENTRAL_CLIENT_TEXT.test(sourceFile.text)) return [];
  return centralSoftDeletesIn(sourceFile, analysis, fieldsOf(analysis)).map((central) => [central.origin, central]);
}

class SoftDeleteModel implements ProjectSoftDelete {
  private readonly byModel = new Map<SchemaModelInfo, ModelSoftDelete | undefined>();

  constructor(
    private readonly analysis: AnalysisContext,
    private readonly facts: ProjectFacts,
  ) {}

  of(model: SchemaModelInfo | undefined): ModelSoftDelete | undefined {
    if (!model) return undefined;
    if (!this.byModel.has(model)) this.byModel.set(model, this.decide(model));
    return this.byModel.get(model);
  }

  private decide(model: SchemaModelInfo): ModelSoftDelete | undefined {
    const configured = model.softDelete;
    if (!configured) return undefined;
    const { fields, models } = this.analysis.config.softDelete;
    const explicit = Object.hasOwn(models, model.name);
    // The configured flag when the config names the model or the code writes it; else the next listed flag the code writes.
    const candidates = explicit ? [configured.field] : [configured.field, ...fields.filter((field) => field !== configured.field && model.fields.has(field))];
    const primary = candidates.find((field) => explicit || !this.facts.knowsFiles || this.written(model, field));
    if (primary === undefined) return undefined;
    const info = primary === configured.field ? configured : liveOf(model, primary);
    const together = fields.filter((field) => field !== primary && model.fields.has(field) && this.writtenTogether(model, primary, field));
    return { ...info, flags: [info, ...together.map((field) => liveOf(model, field))] };
  }

  private written(model: SchemaModelInfo, field: string): boolean {
    const type = model.fields.get(field)?.type;
    return this.facts.writes.some((write) => write.field === field && (write.model === undefined || write.model === model.name) && suitsField(write.value, type));
  }

  private writtenTogether(model: SchemaModelInfo, primary: string, other: string): boolean {
    return this.facts.writes.some(
      (write) => (write.model === undefined || write.model === model.name) && ((write.field === primary && write.together.includes(other)) || (write.field === other && write.together.includes(primary))),
    );
  }

  central(site: QuerySite): { filters: boolean; softDeletes: boolean } | undefined {
    if (!site.client || this.facts.centrals.size === 0) return undefined;
    const softDelete = this.of(site.model);
    if (!softDelete) return undefined;
    const flags = new Set(softDelete.flags.map((flag) => flag.field));
    const covers = (scope: CentralScope) =>
      (!scope.models || scope.models.has(site.model.name)) && (!scope.operations || scope.operations.has(site.operation)) && [...scope.fields].some((field) => flags.has(field));
    let filters = false;
    let softDeletes = false;
    let found = false;
    for (const central of this.centralsOf(site.client)) {
      found = true;
      filters ||= central.filters.some(covers);
      softDeletes ||= central.softDeletes.some(covers);
    }
    return found ? { filters, softDeletes } : undefined;
  }

  /** The central soft deletes a client goes through: its own, and those of the clients it was extended from. */
  private centralsOf(client: ts.Expression): CentralSoftDelete[] {
    const found: CentralSoftDelete[] = [];
    const seen = new Set<ts.Node>();
    const worklist = clientOrigins(this.analysis, client);
    while (worklist.length > 0) {
      const origin = worklist.pop()!;
      if (seen.has(origin)) continue;
      seen.add(origin);
      const central = this.facts.centrals.get(origin);
      if (central) found.push(central);
      // `base.$extends(a).$extends(b)`: every extension on the way applies
      const access = ts.isCallExpression(origin) ? memberAccess(skipOuterExpressions(origin.expression)) : undefined;
      if (access?.name === "$extends" && seen.size < 8) worklist.push(...clientOrigins(this.analysis, access.object));
    }
    return found;
  }
}

function liveOf(model: SchemaModelInfo, field: string): SoftDeleteInfo {
  return { field, live: model.fields.get(field)?.type === "Boolean" ? false : null };
}
