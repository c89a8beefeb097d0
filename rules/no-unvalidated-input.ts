import { runsOnlyForAdmins } from "../src/analysis/admin-paths.js";
import path from "node:path";
import { isIgnored } from "../src/engine/analysis.js";
import { importGraphOf } from "../src/analysis/import-graph.js";
import type { MemoEntry } from "../src/engine/dependencies.js";
import type { ProjectModel } from "../src/engine/project.js";
import type { QuerySite } from "../src/engine/query-sites.js";
import { createRule, querySitesOf, type AnalysisContext, type RuleContext } from "../src/engine/rule.js";
import { ts } from "../src/engine/ts.js";
import { propertyOf } from "../src/engine/values.js";
import { requestInputsIn, type InputLanding, type RequestInputOptions } from "./utils/request-input.js";
import { isNarrowedToPrimitive } from "./utils/request-guards.js";
import { isValidatedByRoute } from "./utils/route-validation.js";
import { mayPassRequestValues } from "../src/frameworks/index.js";
import { absolutePath } from "../src/engine/paths.js";

type Options = [{ requestSources: string[]; validators: string[]; allowParamsInWhere: boolean }];
type MessageIds = "objectInData" | "fieldInData" | "objectInWhere" | "fieldInWhere";
type Context = RuleContext<Options, MessageIds>;

/** A file with a tRPC resolver that may read its input: `.query(({ input }) => …)`. */

/** The parts of a query's argument that carry what is written (`data`, upsert's `create`/`update`) and what is matched (`where`). */
const PARTS: readonly { name: string; written: boolean }[] = [
  { name: "data", written: true },
  { name: "create", written: true },
  { name: "update", written: true },
  { name: "where", written: false },
];

/** One request input reaching one query, found from the query's side. */
interface Flow {
  landing: InputLanding;
  site: QuerySite;
  part: string;
  written: boolean;
}

export default createRule<Options, MessageIds>({
  name: "no-unvalidated-input",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow request input reaching a query's data or where without a schema parse",
      convention: "input",
      config: "recommended",
      requiresSchema: true,
      // a caller sets columns it should not (the owner, deletedAt) or injects a filter operator
      security: { cwe: [915, 20], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:H/A:N", severity: "7.1" },
    },
    messages: {
      objectInData:
        "{{source}} is written as {{target}} of {{operation}} on {{model}} ({{location}}) without a schema parse: the client chooses which columns it sets (mass assignment of an owner, deletedAt, an id). Parse it with a schema and pass the parsed value.",
      fieldInData:
        "{{source}} is written to {{target}} of {{operation}} on {{model}} ({{location}}) without a schema parse: the client chooses its type and shape (an object such as { increment: 1 } is an update operator). Parse the input with a schema.",
      objectInWhere:
        "{{source}} is used as {{target}} of {{operation}} on {{model}} ({{location}}) without a schema parse: the client chooses the filter, its fields and its operators. Parse it with a schema and build the where from the parsed fields.",
      fieldInWhere:
        "{{source}} filters {{target}} of {{operation}} on {{model}} ({{location}}) without a schema parse: a query-string or body value can be an array or an object, so the client can inject a filter operator. Parse it with a schema or coerce it (String(…)).",
    },
    schema: [
      {
        type: "object",
        description: "Options for no-unvalidated-input.",
        properties: {
          requestSources: {
            type: "array",
            items: { type: "string" },
            description: "Expressions that carry request input: the object itself and every property read from it.",
          },
          validators: {
            type: "array",
            items: { type: "string" },
            description: "Method or function names whose call validates its argument (zod's parse and safeParse, yup's validate, superstruct's create…).",
          },
          allowParamsInWhere: {
            type: "boolean",
            description: "Whether a single path parameter (req.params.id) may be a where value or a field of data: Express gives it as a string, which cannot carry a Prisma operator.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        requestSources: ["req.body", "req.query", "req.params"],
        validators: ["parse", "safeParse", "parseAsync", "safeParseAsync", "validate", "validateSync", "assert", "create", "decode"],
        allowParamsInWhere: true,
      },
    ],
  },
  check(context) {
    const [{ requestSources, validators, allowParamsInWhere }] = context.options;
    // A cheap pre-filter: a file that never names the request has no input to report.
    const roots = new Set(requestSources.map((source) => source.split(".")[0]).flatMap((root) => (root === "req" ? ["req", "request"] : [root])));
    const mentions = new RegExp(`(?<![\\w$.])(?:${[...roots].map((root) => root.replace(/[$]/g, "\\$")).join("|")})\\b`);
    // A file no framework hands request values to (a NestJS controller's `@Body()`, a tRPC resolver's `input`) and that names no source reads none.
    if (!mentions.test(context.sourceFile.text) && !mayPassRequestValues(context.sourceFile.text)) return;
    const options: RequestInputOptions = {
      sources: requestSources,
      validators: new Set(validators),
      evaluate: (expression) => context.analysis.evaluator.evaluate(expression),
    };
    const key = JSON.stringify([requestSources, validators, context.analysis.config.rootDir, context.analysis.config.clientModules]);
    const current = absolutePath(context.sourceFile.fileName);
    const candidates = projectCandidates(context, options, key);
    if (!context.analysis.project.isTsconfigFile(current)) {
      candidates.push(...context.querySites().flatMap((site) => siteFlows(site, options, context.analysis).map((flow) => candidateOf(context, flow))));
    }
    const reported = new Map<string, Candidate>();
    for (const candidate of candidates) {
      if (candidate.fileName !== current || (allowParamsInWhere && candidate.paramInWhere)) continue;
      const span = `${candidate.start}:${candidate.end}`;
      const previous = reported.get(span);
      if (!previous || candidate.rank < previous.rank) reported.set(span, candidate);
    }
    // One value, one finding: inputs on one line that reach the same position of the same query
    // (`req.body.workspaceId ?? req.query.workspaceId`) are one problem, reported at the first.
    const byLanding = new Map<string, Candidate>();
    for (const candidate of [...reported.values()].sort((a, b) => a.start - b.start)) {
      const line = ts.getLineAndCharacterOfPosition(context.sourceFile, candidate.start).line;
      const key = `${line}\0${candidate.data.location}\0${candidate.data.target}\0${candidate.data.operation}`;
      const previous = byLanding.get(key);
      if (previous && previous.rank <= candidate.rank) reported.delete(`${candidate.start}:${candidate.end}`);
      else {
        if (previous) reported.delete(`${previous.start}:${previous.end}`);
        byLanding.set(key, candidate);
      }
    }
    for (const candidate of [...reported.values()].sort((a, b) => a.start - b.start)) {
      const node = expressionAt(context.sourceFile, candidate.start, candidate.end);
      // A form behind the admin gate its route declares is the site's administrator's: trusted input.
      if (node && !runsOnlyForAdmins(context.analysis, node, { declaredOnly: true })) context.report({ node, messageId: candidate.messageId, data: candidate.data });
    }
  },
});

/** A flow, ready to report in the file where the input is read: positions, not nodes, so it outlives the AST it was found in. */
interface Candidate {
  fileName: string;
  start: number;
  end: number;
  /** object before field, data before where: the worst thing an input does is what its one finding says */
  rank: number;
  /** a single path parameter as a where value: fine with allowParamsInWhere */
  paramInWhere: boolean;
  messageId: MessageIds;
  data: Record<string, string>;
}

function candidateOf(context: Context, { landing, site, part, written }: Flow): Candidate {
  const { input, asObject, path: keys } = landing;
  const file = site.call.getSourceFile();
  const line = ts.getLineAndCharacterOfPosition(file, site.operationNode.getStart(file)).line + 1;
  const relative = displayPath(context.analysis.config.rootDir, file);
  const inputFile = input.node.getSourceFile();
  return {
    fileName: absolutePath(inputFile.fileName),
    start: input.node.getStart(inputFile),
    end: input.node.end,
    rank: (asObject ? 0 : 2) + (written ? 0 : 1),
    // A path parameter is a string: written to a field or compared in a where, it cannot be an operator object.
    paramInWhere: !asObject && input.field.length > 0 && (input.source.split(".").at(-1) === "params" || isDynamicSegment(inputFile.fileName, input.source, input.field[0])),
    messageId: written ? (asObject ? "objectInData" : "fieldInData") : asObject ? "objectInWhere" : "fieldInWhere",
    data: {
      source: input.text,
      target: [part, ...keys].join("."),
      operation: site.operation,
      model: site.model.name,
      location: `${relative}:${line}`,
    },
  };
}

/**
 * `req.query.id` in a Next.js page route `pages/api/users/[id].ts` (or under a folder `[id]/`):
 * the dynamic segment of the path, always one string. A catch-all `[...slug]` is an array.
 */
function isDynamicSegment(fileName: string, source: string, field: string): boolean {
  if (source.split(".").at(-1) !== "query" || !/(^|[\\/])pages[\\/]/.test(fileName)) return false;
  return fileName.split(/[\\/]/).some((segment) => segment.replace(/\.[cm]?[jt]sx?$/, "") === `[${field}]`);
}

const displayPaths = new WeakMap<ts.SourceFile, { rootDir: string; path: string }>();

/** A file's path from the project root, as messages show it: asked once per query site found. */
function displayPath(rootDir: string, file: ts.SourceFile): string {
  let known = displayPaths.get(file);
  if (known?.rootDir !== rootDir) displayPaths.set(file, (known = { rootDir, path: path.relative(rootDir, file.fileName).split(path.sep).join("/") }));
  return known.path;
}

function siteFlows(site: QuerySite, options: RequestInputOptions, analysis: AnalysisContext): Flow[] {
  if (!site.args) return [];
  const args = options.evaluate(site.args);
  return PARTS.flatMap(({ name, written }) =>
    requestInputsIn(propertyOf(args, name), options)
      .filter((landing) => !(written && isJsonColumn(site, landing)) && !isNarrowedToPrimitive(landing.input) && !isValidatedByRoute(landing.input, analysis.project, analysis))
      .map((landing) => ({ landing, site, part: name, written })),
  );
}

/**
 * A value written into a `Json` column (`data: { payload: req.query }`): the column holds any JSON
 * the client sends by design, and an object there is data, not an update operator or a choice of columns.
 */
function isJsonColumn(site: QuerySite, landing: InputLanding): boolean {
  const column = landing.path[0];
  return column !== undefined && site.model.fields.get(column)?.type === "Json";
}

/** The outermost expression spanning exactly [start, end). */
function expressionAt(sourceFile: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.pos > start || node.end < end) return;
    if (ts.isExpression(node) && node.end === end && node.getStart(sourceFile) === start) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}

/** Per project, per schema, per analysis key (options, root, client modules), per file with query sites: its candidates. */
const stores = new WeakMap<ProjectModel, WeakMap<AnalysisContext["schema"], Map<string, Map<string, MemoEntry<Candidate[]>>>>>();

/**
 * Candidates from the query sites that input read in this file can reach. The input is reported
 * where it is read (the route) while the query usually lives in a repository: a flow from here
 * to a query passes through calls into what this file imports, so the sites are those of the
 * files it imports, directly or not. Each file's candidates are memoised with what their
 * evaluation read (the file, the callers it followed): an edit re-evaluates only the sites
 * whose flows passed through it, and a file depends only on what it imports.
 */
function projectCandidates(context: Context, options: RequestInputOptions, key: string): Candidate[] {
  const { analysis } = context;
  const { project } = analysis;
  let bySchema = stores.get(project);
  if (!bySchema) stores.set(project, (bySchema = new WeakMap()));
  let byKey = bySchema.get(analysis.schema);
  if (!byKey) bySchema.set(analysis.schema, (byKey = new Map()));
  let store = byKey.get(key);
  if (!store) byKey.set(key, (store = new Map()));
  const current = absolutePath(context.sourceFile.fileName);
  const candidates: Candidate[] = [];
  for (const fileName of importClosure(project, context.sourceFile)) {
    if (!project.isTsconfigFile(fileName) || isIgnored(analysis, fileName)) continue;
    const found = project.dependencies.memo(store, fileName, () => {
      const sourceFile = project.getSourceFile(fileName);
      if (!sourceFile || !/\b(data|where|create|update)\b/.test(sourceFile.text)) return [];
      return querySitesOf(sourceFile, analysis).flatMap((site) => siteFlows(site, options, analysis).map((flow) => candidateOf(context, flow)));
    });
    for (const candidate of found) if (candidate.fileName === current) candidates.push(candidate);
  }
  return candidates;
}

/** The file and every project file it imports, directly or through others (type imports included: an injected instance is typed by one). */
function importClosure(project: ProjectModel, sourceFile: ts.SourceFile): string[] {
  const graph = importGraphOf(project);
  const start = absolutePath(sourceFile.fileName);
  const seen = new Set<string>([start]);
  const queue: (string | ts.SourceFile)[] = [sourceFile];
  for (let index = 0; index < queue.length; index++) {
    for (const edge of graph.importsOf(queue[index])) {
      if (edge.to && !seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return [...seen];
}
