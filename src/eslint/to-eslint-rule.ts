import { createRequire } from "node:module";
import path from "node:path";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { loadConfig, type ResolvedConfig } from "../config/index.js";
import { isIgnored, loadAnalysis } from "../engine/analysis.js";
import { parseSourceFile } from "../engine/project.js";
import { configuredSeverity, makeRuleContext, mergeOptions, type AnalysisContext, type RuleConfigName, type RuleDefinition } from "../engine/rule.js";
import { projectFindings, type RuleRun } from "./project-findings.js";
import { deliver, eslintReport, type EslintReport } from "./reports.js";
import { isSingleRun } from "./single-run.js";
import { isSupportedTypescript, SUPPORTED_TYPESCRIPT, ts, typescriptChoice } from "../engine/ts.js";
import { KnownError } from "../errors.js";
import { ruleOptionSchemas } from "../rule-registry.js";
import { PROBLEM_MESSAGE_ID, recordSeverity } from "./severities.js";

const require = createRequire(import.meta.url);

type EslintRule = TSESLint.RuleModule<string, readonly unknown[]>;
type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export { PROBLEM_MESSAGE_ID };

/** What the plugin's configs put in `settings`: which rules run when the tool's config does not name them. */
export const SETTINGS_KEY = "backend-conventions";

/**
 * The ESLint front-end: the same `check` the CLI runs, fed with the TypeScript AST that
 * typescript-eslint already built (or a fresh parse for other parsers). Config is found
 * relative to the linted file, as the CLI finds it relative to the working directory, and
 * loaded again when it changes (as the schema and the project's files are).
 * Options: the rule's defaults, then `rules` of the backend-conventions config, then the
 * ESLint config's options; so editor and CLI agree when only the config file is used.
 * With the plugin's configs (`settings["backend-conventions"].preset`), the tool's config also
 * decides which rules run and at which severity (see `severities.ts`), as in the CLI.
 */
export function toEslintRule(rule: RuleDefinition): EslintRule {
  const { defaultOptions: _defaultOptions, docs, ...meta } = rule.meta;
  return {
    defaultOptions: [],
    meta: {
      ...meta,
      messages: { ...meta.messages, [PROBLEM_MESSAGE_ID]: "{{problem}}" },
      docs: { description: docs.description, url: docs.url },
    },
    create(context) {
      // A schema rule has no `check`: it reports on schema.prisma through the CLI, never on a TS file.
      const check = rule.check?.bind(rule);
      if (!check) return {};
      announce(context, rule);
      return {
        Program(program: TSESTree.Program) {
          const configured = configFor(context);
          if ("problem" in configured) return reportProblem(context, configured.problem, rule);
          const { config, fileName } = configured;
          const run = ruleRunOn(context, config, rule);
          if (!run) return;
          if (presetOf(context)) recordSeverity(fileName, rule.name, run.severity);
          if (isSingleRun()) {
            let reports;
            try {
              reports = singleRunReports(context, config, run);
            } catch (error) {
              if (!(error instanceof KnownError)) throw error;
              return reportProblem(context, error, rule);
            }
            if (reports) {
              for (const report of reports) deliver(context, report);
              return;
            }
          }
          const setup = setupFor(context, config, program);
          if ("problem" in setup) return reportProblem(context, setup.problem, rule);
          const { analysis, sourceFile } = setup;
          if (!sourceFile) return; // ignored by the config, or in a generated client
          // A package without a Prisma schema: the schema-aware rules have nothing to check there.
          if (rule.meta.docs.requiresSchema && analysis.schema.files.length === 0) return;
          check(makeRuleContext(sourceFile, analysis, run.options, (descriptor) => deliver(context, eslintReport(sourceFile, descriptor))));
        },
      };
    },
  };
}

type RunOnFile = RuleRun & { severity: "warn" | "error" };

/**
 * Whether and how a rule runs on a file: off when the tool's config (or the preset) turns it off.
 * The same for every file of a config, preset and ESLint options: worked out once for them.
 */
function ruleRunOn(context: Context, config: ResolvedConfig, rule: RuleDefinition): RunOnFile | undefined {
  const preset = presetOf(context);
  let byConfig = runs.get(config);
  if (!byConfig) runs.set(config, (byConfig = new Map()));
  const key = `${rule.name}\0${preset ?? ""}\0${context.options.length > 0 ? JSON.stringify(context.options) : ""}`;
  if (byConfig.has(key)) return byConfig.get(key);
  const setting = config.rules[rule.name];
  const severity = preset ? configuredSeverity(config, rule, preset) : (setting?.severity ?? "error");
  const run = severity === "off" ? undefined : { rule, severity, options: mergeOptions(rule.meta.defaultOptions, setting?.options, context.options) };
  byConfig.set(key, run);
  return run;
}

const runs = new WeakMap<ResolvedConfig, Map<string, RunOnFile | undefined>>();

/** The rules ESLint created for each lint of a file: ESLint creates every enabled rule before the first one runs. */
const announced = new WeakMap<object, { context: Context; rule: RuleDefinition }[]>();

function announce(context: Context, rule: RuleDefinition): void {
  let rules = announced.get(context.sourceCode);
  if (!rules) announced.set(context.sourceCode, (rules = []));
  rules.push({ context, rule });
}

/**
 * A single run's reports of the rule on the file, from one analysis of the whole project for every rule this
 * lint runs (see project-findings.ts); undefined when that analysis does not cover the file as ESLint has it.
 */
function singleRunReports(context: Context, config: ResolvedConfig, run: RuleRun): readonly EslintReport[] | undefined {
  const findings = projectFindings(config);
  const rules = announced.get(context.sourceCode);
  if (rules) {
    // The first rule of the lint asks for all of them; the others find them analysed.
    announced.delete(context.sourceCode);
    findings.start(path.dirname(path.resolve(context.filename)), context.cwd, rules.flatMap((entry) => ruleRunOn(entry.context, config, entry.rule) ?? []));
  }
  return findings.reportsFor(context.filename, context.sourceCode.text, run);
}

function reportProblem(context: Context, problem: KnownError, rule: RuleDefinition): void {
  if (claimProblem(problem, context.filename, rule.name)) {
    context.report({ loc: { line: 1, column: 0 }, messageId: PROBLEM_MESSAGE_ID, data: { problem: problemText(problem) } });
  }
}

type Configured = { fileName: string; config: ResolvedConfig } | { fileName: string; problem: KnownError };

/** The tool's config of the file, once per lint of a file: every rule of that lint shares it. */
const configs = new WeakMap<object, Configured>();

function configFor(context: Context): Configured {
  let configured = configs.get(context.sourceCode);
  if (configured) return configured;
  const fileName = context.filename;
  try {
    // A single run sees no edits: the config is not looked at again for every file.
    const config = loadConfig({ searchFrom: path.dirname(path.resolve(fileName)), cwd: context.cwd, rules: ruleOptionSchemas, watch: !isSingleRun() });
    configured = { fileName, config };
  } catch (error) {
    // A broken config is the user's to fix: a lint message, never a crash of the whole ESLint run.
    if (!(error instanceof KnownError)) throw error;
    configured = { fileName, problem: error };
  }
  configs.set(context.sourceCode, configured);
  return configured;
}

type Setup = { analysis: AnalysisContext; sourceFile: ts.SourceFile | undefined } | { problem: KnownError };

/** Analysis and the project's parse of the file, once per lint of a file: every rule of that lint shares them. */
const setups = new WeakMap<object, Setup>();

function setupFor(context: Context, config: ResolvedConfig, program: TSESTree.Program): Setup {
  let setup = setups.get(context.sourceCode);
  if (setup) return setup;
  const fileName = context.filename;
  try {
    const analysis = loadAnalysis(config, { watchDisk: true, schemaOptional: true });
    // The project's own parse when the text is the one it knows: cross-file facts stay valid across lints.
    const sourceFile = isIgnored(analysis, fileName)
      ? undefined
      : analysis.project.setSourceFile(typescriptAst(context, program) ?? parseSourceFile(fileName, context.sourceCode.text), fileName);
    setup = { analysis, sourceFile };
  } catch (error) {
    // A broken schema is the user's to fix: a lint message, never a crash of the whole ESLint run.
    if (!(error instanceof KnownError)) throw error;
    setup = { problem: error };
  }
  setups.set(context.sourceCode, setup);
  return setup;
}

/** Which file and rule show each config or schema problem: the first file it stops, by the first rule that met it there. */
const claims = new Map<string, { fileName: string; rule: string }>();

/** One message per problem: on the first file it affects (again when that file is linted again), silence on the others. */
function claimProblem(problem: KnownError, fileName: string, rule: string): boolean {
  const key = problem.format();
  const claim = claims.get(key);
  if (!claim) {
    claims.set(key, { fileName, rule });
    return true;
  }
  return claim.fileName === fileName && claim.rule === rule;
}

function problemText(problem: KnownError): string {
  return `${problem.format()} (backend-conventions checks no file of this project until it is fixed)`;
}

function presetOf(context: Context): RuleConfigName | undefined {
  const preset = (context.settings[SETTINGS_KEY] as { preset?: unknown } | undefined)?.preset;
  return preset === "recommended" || preset === "strict" ? preset : undefined;
}

/**
 * The tree typescript-eslint built, when the engine can walk it: built by the engine's own `ts` (see
 * engine/typescript.cjs, which takes the TypeScript the parser loaded). A tree of another TypeScript
 * has other node-kind numbers, so the file is parsed again instead, and the first such file says why.
 */
function typescriptAst(context: Context, program: TSESTree.Program): ts.SourceFile | undefined {
  const services = context.sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } } | undefined;
  const node = services?.esTreeNodeToTSNodeMap?.get(program) as ts.Node | undefined;
  if (!node) return undefined;
  if (Object.getPrototypeOf(node) === sourceFilePrototype()) return node as ts.SourceFile;
  warnForeignTree(node);
  return undefined;
}

let engineSourceFilePrototype: object | undefined;

/** What every source file of the engine's TypeScript inherits from: one TypeScript module makes all of them with one constructor. */
function sourceFilePrototype(): object {
  return (engineSourceFilePrototype ??= Object.getPrototypeOf(ts.createSourceFile("probe.ts", "", ts.ScriptTarget.Latest)) as object);
}

let warnedForeignTree = false;

/** One stderr line per process: which TypeScript built ESLint's tree, which one the engine runs on, and what that costs. */
function warnForeignTree(node: object): void {
  if (warnedForeignTree) return;
  warnedForeignTree = true;
  process.stderr.write(`${foreignTreeMessage(treeTypescript(node))}\n`);
}

/** The message of `warnForeignTree`, given what is known of the TypeScript that built the tree. */
export function foreignTreeMessage(tree: { version: string | undefined; file: string | undefined }): string {
  const supported = `>=${SUPPORTED_TYPESCRIPT.from} <${SUPPORTED_TYPESCRIPT.below}`;
  const built = tree.version ? `TypeScript ${tree.version}${tree.file ? ` (${tree.file})` : ""}` : "another TypeScript";
  const engine = `TypeScript ${ts.version} (${typescriptChoice.file})`;
  const [why, fix] =
    tree.version && !isSupportedTypescript(tree.version)
      ? [`which is outside the range backend-conventions supports (${supported}), so its rules run on their own ${engine}`, `Install a typescript ${supported}.`]
      : [`not the ${engine} backend-conventions runs on`, "Have both resolve the same typescript package (one copy in node_modules)."];
  return `backend-conventions: typescript-eslint parsed the files with ${built}, ${why}; the rules parse each file a second time, so the findings are the same but linting is slower. ${fix}`;
}

/** The loaded TypeScript module whose source files share `node`'s prototype: its version and file, when it can be found. */
function treeTypescript(node: object): { version: string | undefined; file: string | undefined } {
  const prototype = Object.getPrototypeOf(node) as object;
  for (const [file, module] of Object.entries(require.cache)) {
    try {
      const candidate = module?.exports as Partial<typeof ts> | undefined;
      if (typeof candidate?.createSourceFile !== "function" || typeof candidate.version !== "string" || candidate === ts) continue;
      if (Object.getPrototypeOf(candidate.createSourceFile("probe.ts", "", 99)) === prototype) return { version: candidate.version, file };
    } catch {
      // not a TypeScript after all
    }
  }
  return { version: typescriptChoice.source === "bundled" ? typescriptChoice.parserVersion : undefined, file: undefined };
}
