import path from "node:path";
import picomatch from "picomatch";
import type { JSONSchema4 } from "@typescript-eslint/utils/json-schema";
import type { ResolvedConfig } from "../config/index.js";
import type { PrismaSchema } from "../schema/index.js";
import type { TextEdit } from "./findings.js";
import type { ProjectModel } from "./project.js";
import { findQuerySites, type QuerySite, type QuerySiteOptions } from "./query-sites.js";
import { ts } from "./ts.js";
import { Evaluator } from "./values.js";
import { passedByFramework } from "../frameworks/index.js";

export const DOCS_BASE_URL = "https://github.com/backend-conventions/backend-conventions/blob/main/docs/rules/";

/** Which shipped config turns a rule on. `strict` includes everything in `recommended`. */
export type RuleConfigName = "recommended" | "strict";

export interface RuleMeta<MessageIds extends string, Options extends readonly unknown[]> {
  type: "problem" | "suggestion" | "layout";
  docs: {
    description: string;
    url: string;
    /** the convention from the style guides this rule enforces */
    convention: "soft-delete" | "owner-scope" | "fresh-after-write" | "enum-values" | "layers" | "queries" | "input" | "auth" | "schema";
    config: RuleConfigName;
    /** rules that need the Prisma schema cannot run without one */
    requiresSchema: boolean;
    /** a rule whose findings are weaknesses an attacker can use; SARIF gives them GitHub's security severity and CWE tags */
    security?: RuleSecurity;
  };
  messages: Record<MessageIds, string>;
  schema: JSONSchema4[];
  defaultOptions: Options;
  fixable?: "code";
  hasSuggestions?: boolean;
}

/**
 * How bad a security rule's finding is, as GitHub code scanning ranks it: the weakness (CWE) and the CVSS 3.1
 * base vector of a typical finding, whose base score is the SARIF `security-severity` (test/engine/rule-security.test.ts
 * checks that the score is the vector's).
 */
export interface RuleSecurity {
  /** CWE ids, the most specific first: `[639]` is CWE-639 */
  cwe: readonly number[];
  /** `CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N` */
  cvss: string;
  /** the vector's base score, one decimal, as GitHub reads `security-severity`: `"8.1"` */
  severity: string;
}

/** Everything a rule may know beyond its file: one instance per project, shared by every file. */
export interface AnalysisContext {
  config: ResolvedConfig;
  schema: PrismaSchema;
  project: ProjectModel;
  evaluator: Evaluator;
}

export function createAnalysisContext(config: ResolvedConfig, schema: PrismaSchema, project: ProjectModel): AnalysisContext {
  return { config, schema, project, evaluator: new Evaluator(project, passedByFramework) };
}

export interface ReportDescriptor<MessageIds extends string> {
  node: ts.Node;
  messageId: MessageIds;
  data?: Record<string, string | number>;
  fix?: TextEdit[];
  suggest?: { messageId: MessageIds; data?: Record<string, string | number>; fix: TextEdit[] }[];
}

export interface RuleContext<Options extends readonly unknown[], MessageIds extends string> {
  readonly sourceFile: ts.SourceFile;
  readonly options: Options;
  readonly analysis: AnalysisContext;
  querySites(): QuerySite[];
  report(descriptor: ReportDescriptor<MessageIds>): void;
  /** Records that the engine could not decide about a query site; the CLI counts these rather than dropping them. */
  markUnknown(site: QuerySite): void;
}

/** Where a schema rule reports: a position in a `.prisma` file, 1-based like a finding's. */
export interface SchemaReportDescriptor<MessageIds extends string> {
  /** absolute path of the schema file */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  messageId: MessageIds;
  data?: Record<string, string | number>;
}

/** What a schema rule sees: the project's analysis (its `schema` above all), once per run, no source file. */
export interface SchemaRuleContext<Options extends readonly unknown[], MessageIds extends string> {
  readonly options: Options;
  readonly analysis: AnalysisContext;
  report(descriptor: SchemaReportDescriptor<MessageIds>): void;
}

export interface RuleDefinition<Options extends readonly unknown[] = readonly unknown[], MessageIds extends string = string> {
  name: string;
  meta: RuleMeta<MessageIds, Options>;
  /** The rule's whole detection logic over one TypeScript file; both front-ends call exactly this. */
  check?(context: RuleContext<Options, MessageIds>): void;
  /** A schema rule's detection logic over the Prisma schema: the CLI runs it once per run; ESLint, which lints TS files, never does. */
  checkSchema?(context: SchemaRuleContext<Options, MessageIds>): void;
}

/** One way to declare a rule: the docs URL follows from the id. */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(rule: {
  name: string;
  meta: Omit<RuleMeta<MessageIds, Options>, "docs"> & { docs: Omit<RuleMeta<MessageIds, Options>["docs"], "url"> };
  check?(context: RuleContext<Options, MessageIds>): void;
  checkSchema?(context: SchemaRuleContext<Options, MessageIds>): void;
}): RuleDefinition<Options, MessageIds> {
  return {
    ...rule,
    meta: { ...rule.meta, docs: { ...rule.meta.docs, url: `${DOCS_BASE_URL}${rule.name}.md` } },
  };
}

export function makeRuleContext<Options extends readonly unknown[], MessageIds extends string>(
  sourceFile: ts.SourceFile,
  analysis: AnalysisContext,
  options: Options,
  report: (descriptor: ReportDescriptor<MessageIds>) => void,
  markUnknown: (site: QuerySite) => void = () => {},
): RuleContext<Options, MessageIds> {
  return {
    sourceFile,
    options,
    analysis,
    querySites: () => querySitesOf(sourceFile, analysis),
    report,
    markUnknown,
  };
}

export function querySitesOf(sourceFile: ts.SourceFile, analysis: AnalysisContext): QuerySite[] {
  return findQuerySites(sourceFile, analysis.schema, clientModuleOptions(analysis));
}

const sitesByCall = new WeakMap<readonly QuerySite[], ReadonlyMap<ts.CallExpression, QuerySite>>();

/**
 * The query site a call is, if any: looked up in an index of the file's sites by call, built once
 * per list of sites (a rule asking this of every call in a file would otherwise scan every site).
 */
export function querySiteOf(call: ts.Node, analysis: AnalysisContext): QuerySite | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const sites = querySitesOf(call.getSourceFile(), analysis);
  let byCall = sitesByCall.get(sites);
  if (!byCall) sitesByCall.set(sites, (byCall = new Map(sites.map((site) => [site.call, site]))));
  return byCall.get(call);
}

const sitesByPosition = new WeakMap<readonly QuerySite[], readonly QuerySite[]>();

/** The query sites written inside `node` (a function body, say), in source order: a binary search in the file's sites by position. */
export function querySitesWithin(node: ts.Node, analysis: AnalysisContext): readonly QuerySite[] {
  const sites = querySitesOf(node.getSourceFile(), analysis);
  let sorted = sitesByPosition.get(sites);
  if (!sorted) sitesByPosition.set(sites, (sorted = [...sites].sort((a, b) => a.call.pos - b.call.pos || b.call.end - a.call.end)));
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].call.pos < node.pos) low = middle + 1;
    else high = middle;
  }
  const within: QuerySite[] = [];
  for (let index = low; index < sorted.length && sorted[index].call.pos < node.end; index++) {
    if (sorted[index].call.end <= node.end) within.push(sorted[index]);
  }
  return within;
}

const clientOptions = new WeakMap<AnalysisContext, QuerySiteOptions>();

/** `clientModules` are paths or globs relative to the config: an import counts when it resolves to one of them. */
export function clientModuleOptions(analysis: AnalysisContext): QuerySiteOptions {
  let options = clientOptions.get(analysis);
  if (!options) {
    const { clientModules, rootDir } = analysis.config;
    const matches = picomatch(clientModules.flatMap((module) => [module, module.replace(/\.[cm]?[jt]s$/, ".*")]), { dot: true });
    options = {
      isClientModule: (specifier, fromFile) => {
        if (clientModules.length === 0) return false;
        if (clientModules.includes(specifier)) return true;
        const resolved = analysis.project.resolveModule(specifier, fromFile);
        return !!resolved && matches(path.relative(rootDir, resolved).split(path.sep).join("/"));
      },
    };
    clientOptions.set(analysis, options);
  }
  return options;
}

/**
 * One severity model for both front-ends: a rule the tool's config names has the config's severity; any other
 * rule is on at "error" when the preset includes it (`recommended`: the recommended rules, as the CLI;
 * `strict`: every rule, the ESLint plugin's `configs.strict`), else off.
 */
export function configuredSeverity(config: ResolvedConfig, rule: RuleDefinition, preset: RuleConfigName = "recommended"): "off" | "warn" | "error" {
  return config.rules[rule.name]?.severity ?? (preset === "strict" || rule.meta.docs.config === "recommended" ? "error" : "off");
}

/** Defaults first, then each layer of user options on top; objects merge key by key, anything else replaces. */
export function mergeOptions<Options extends readonly unknown[]>(defaults: Options, ...layers: (readonly unknown[] | undefined)[]): Options {
  const result = [...defaults] as unknown[];
  for (const layer of layers) {
    layer?.forEach((value, index) => {
      result[index] = deepMerge(result[index], value);
    });
  }
  return result as unknown as Options;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
    return merged;
  }
  return override === undefined ? base : override;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function interpolate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => (key in data ? String(data[key]) : match));
}
