import { isIgnored } from "../engine/analysis.js";
import type { MemoEntry } from "../engine/dependencies.js";
import { forEachDescendant, kindSet } from "../engine/file-index.js";
import { querySitesOf, type AnalysisContext } from "../engine/rule.js";
import { skipOuterExpressions, staticPropertyName } from "../engine/scope.js";
import { ts } from "../engine/ts.js";
import { runsOnlyForAdmins } from "./admin-paths.js";

/** Who creates a model's rows: code only administrators run, and any other code. */
interface Creators {
  byAdmin: ReadonlySet<string>;
  byRequest: ReadonlySet<string>;
}

const stores = new WeakMap<AnalysisContext, Map<string, MemoEntry<Creators>>>();
const CREATES = new Set(["create", "createMany", "createManyAndReturn", "upsert"]);
const NESTED_CREATES = new Set(["create", "createMany", "connectOrCreate", "upsert"]);
const PROPERTY_ASSIGNMENTS = kindSet(ts.SyntaxKind.PropertyAssignment);
const RAW_INSERT = /insert\s+into\s+[`"']?(\w+)/gi;

/**
 * A catalogue: a model whose rows the site's administrators create, and no other code of the project
 * (seeds, scripts and tests aside): roles, webhooks, licences, settings kept by an admin screen. Its
 * rows do not grow with users, requests or time, so listing it whole, or looping over it, is bounded by
 * what the operators put there. A create by an ordinary request or by a job (whose rows grow with time),
 * written as a nested write (`author: { create: {...} }`) or with data the engine cannot see, or a raw
 * `INSERT INTO`, makes it no catalogue. A model only seeds create is no evidence either way.
 */
export function isCatalogueModel(analysis: AnalysisContext, model: string, at: ts.Node): boolean {
  const project = projectCreators(analysis);
  // The file being linted may not be one the project lists (an editor's buffer): its own creates count too.
  const own = fileCreators(analysis, at.getSourceFile());
  return (project.byAdmin.has(model) || own.byAdmin.has(model)) && !project.byRequest.has(model) && !own.byRequest.has(model);
}

function projectCreators(analysis: AnalysisContext): Creators {
  const { project } = analysis;
  let store = stores.get(analysis);
  if (!store) stores.set(analysis, (store = new Map()));
  return project.dependencies.memo(store, "creators", () => {
    const byAdmin = new Set<string>();
    const byRequest = new Set<string>();
    for (const fileName of project.programFiles) {
      const sourceFile = project.getSourceFile(fileName);
      // Seeds, scripts and tests (files the config ignores) neither prove nor disprove: a seed may load a whole gazetteer.
      if (!sourceFile || isIgnored(analysis, fileName)) continue;
      const found = fileCreators(analysis, sourceFile);
      for (const model of found.byAdmin) byAdmin.add(model);
      for (const model of found.byRequest) byRequest.add(model);
    }
    return { byAdmin, byRequest };
  });
}

const fileStores = new WeakMap<ts.SourceFile, WeakMap<AnalysisContext, Creators>>();

/** The models one file creates, by whom. */
function fileCreators(analysis: AnalysisContext, sourceFile: ts.SourceFile): Creators {
  let byAnalysis = fileStores.get(sourceFile);
  if (!byAnalysis) fileStores.set(sourceFile, (byAnalysis = new WeakMap()));
  let found = byAnalysis.get(analysis);
  if (found) return found;
  const byAdmin = new Set<string>();
  const byRequest = new Set<string>();
  const relationTargets = relationTargetsOf(analysis);
  for (const site of querySitesOf(sourceFile, analysis)) {
    const writes = CREATES.has(site.operation) || site.operation.startsWith("update");
    if (!writes) continue;
    const models = new Set<string>();
    if (CREATES.has(site.operation)) models.add(site.model.name);
    const args = site.args && skipOuterExpressions(site.args);
    if (args && ts.isObjectLiteralExpression(args)) {
      for (const model of nestedCreates(args, relationTargets)) models.add(model);
    } else {
      // Data the engine cannot see may create rows of any related model.
      for (const field of site.model.fields.values()) if (field.relation) models.add(field.relation.model);
    }
    // A job's rows grow with time (logs, syncs, revisions): only a route its middleware declares admin-only keeps a catalogue
    // (a check inside a handler may be a tenant's admin, or guard one branch only).
    const adminOnly = models.size > 0 && runsOnlyForAdmins(analysis, site.call, { declaredOnly: true });
    for (const model of models) (adminOnly ? byAdmin : byRequest).add(model);
  }
  if (/insert\s+into/i.test(sourceFile.text)) {
    const tables = new Map([...analysis.schema.models.keys()].map((name) => [name.toLowerCase(), name]));
    for (const match of sourceFile.text.matchAll(RAW_INSERT)) {
      const model = tables.get(match[1].toLowerCase());
      if (model) byRequest.add(model);
    }
  }
  byAnalysis.set(analysis, (found = { byAdmin, byRequest }));
  return found;
}

const relationStores = new WeakMap<AnalysisContext["schema"], ReadonlyMap<string, ReadonlySet<string>>>();

/** `author: { create: ... }` creates a row of the relation's model: every relation field name, with the models it may point to. */
function relationTargetsOf(analysis: AnalysisContext): ReadonlyMap<string, ReadonlySet<string>> {
  let targets = relationStores.get(analysis.schema);
  if (!targets) {
    const found = new Map<string, Set<string>>();
    for (const info of analysis.schema.models.values()) {
      for (const field of info.fields.values()) {
        if (!field.relation) continue;
        const models = found.get(field.name) ?? new Set<string>();
        models.add(field.relation.model);
        found.set(field.name, models);
      }
    }
    relationStores.set(analysis.schema, (targets = found));
  }
  return targets;
}

/** Models a write's argument creates through relations: `tags: { create: [...] }`, `author: { connectOrCreate: ... }`. */
function nestedCreates(args: ts.ObjectLiteralExpression, relationTargets: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const models: string[] = [];
  forEachDescendant(
    args,
    (node) => {
      const property = node as ts.PropertyAssignment;
      const name = staticPropertyName(property.name);
      const targets = name ? relationTargets.get(name) : undefined;
      if (!targets) return;
      const value = skipOuterExpressions(property.initializer);
      // `include: { tags: true }` reads; anything but an object literal may hold a create.
      if (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword) return;
      const opaque = !ts.isObjectLiteralExpression(value);
      const creates =
        opaque ||
        value.properties.some((member) => {
          if (ts.isSpreadAssignment(member)) return true;
          const key = member.name && staticPropertyName(member.name);
          return !key || NESTED_CREATES.has(key);
        });
      if (creates) models.push(...targets);
    },
    PROPERTY_ASSIGNMENTS,
  );
  return models;
}
