import { createRequire } from "node:module";
import path from "node:path";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { loadConfig } from "../config/index.js";
import { isIgnored, loadAnalysis } from "../engine/analysis.js";
import { parseSourceFile } from "../engine/project.js";
import { makeRuleContext, mergeOptions, type RuleDefinition } from "../engine/rule.js";
import { isSupportedTypescript, SUPPORTED_TYPESCRIPT, ts, typescriptChoice } from "../engine/ts.js";
import { ruleOptionSchemas } from "../rule-registry.js";

const require = createRequire(import.meta.url);

type EslintRule = TSESLint.RuleModule<string, readonly unknown[]>;

/**
 * The ESLint front-end: the same `check` the CLI runs, fed with the TypeScript AST that
 * typescript-eslint already built (or a fresh parse for other parsers). Config is found
 * relative to the linted file, as the CLI finds it relative to the working directory.
 * Options: the rule's defaults, then `rules` of the backend-conventions config, then the
 * ESLint config's options; so editor and CLI agree when only the config file is used.
 */
export function toEslintRule(rule: RuleDefinition): EslintRule {
  const { defaultOptions, docs, ...meta } = rule.meta;
  return {
    defaultOptions: [],
    meta: {
      ...meta,
      docs: { description: docs.description, url: docs.url },
    },
    create(context) {
      // A schema rule has no `check`: it reports on schema.prisma through the CLI, never on a TS file.
      const check = rule.check?.bind(rule);
      if (!check) return {};
      return {
        Program(program: TSESTree.Program) {
          const fileName = context.filename;
          const config = loadConfig({ searchFrom: path.dirname(path.resolve(fileName)), cwd: context.cwd, rules: ruleOptionSchemas });
          const setting = config.rules[rule.name];
          if (setting?.severity === "off") return;
          const analysis = loadAnalysis(config, { watchDisk: true });
          if (isIgnored(analysis, fileName)) return;
          // The project's own parse when the text is the one it knows: cross-file facts stay valid across lints.
          const sourceFile = analysis.project.setSourceFile(typescriptAst(context, program) ?? parseSourceFile(fileName, context.sourceCode.text), fileName);
          const options = mergeOptions(defaultOptions, setting?.options, context.options);
          check(
            makeRuleContext(sourceFile, analysis, options, (descriptor) => {
              context.report({
                loc: locationOf(sourceFile, descriptor.node),
                messageId: descriptor.messageId,
                data: descriptor.data,
                fix: descriptor.fix?.length ? (fixer) => descriptor.fix!.map((edit) => fixer.replaceTextRange(edit.range, edit.text)) : null,
                suggest: (descriptor.suggest ?? []).map((suggestion) => ({
                  messageId: suggestion.messageId,
                  data: suggestion.data,
                  fix: (fixer) => suggestion.fix.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
                })),
              });
            }),
          );
        },
      };
    },
  };
}

/**
 * The tree typescript-eslint built, when the engine can walk it: built by the engine's own `ts` (see
 * engine/typescript.cjs, which takes the TypeScript the parser loaded). A tree of another TypeScript
 * has other node-kind numbers, so the file is parsed again instead, and the first such file says why.
 */
function typescriptAst(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, program: TSESTree.Program): ts.SourceFile | undefined {
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

function locationOf(sourceFile: ts.SourceFile, node: ts.Node) {
  const start = ts.getLineAndCharacterOfPosition(sourceFile, node.getStart(sourceFile));
  const end = ts.getLineAndCharacterOfPosition(sourceFile, node.end);
  return { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } };
}
