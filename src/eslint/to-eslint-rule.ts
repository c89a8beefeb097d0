import path from "node:path";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { loadConfig } from "../config/index.js";
import { isIgnored, loadAnalysis } from "../engine/analysis.js";
import { parseSourceFile } from "../engine/project.js";
import { makeRuleContext, mergeOptions, type RuleDefinition } from "../engine/rule.js";
import { ts } from "../engine/ts.js";
import { ruleOptionSchemas } from "../rule-registry.js";

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

function typescriptAst(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, program: TSESTree.Program): ts.SourceFile | undefined {
  const services = context.sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } } | undefined;
  const node = services?.esTreeNodeToTSNodeMap?.get(program) as ts.Node | undefined;
  return node && ts.isSourceFile(node) ? node : undefined;
}

function locationOf(sourceFile: ts.SourceFile, node: ts.Node) {
  const start = ts.getLineAndCharacterOfPosition(sourceFile, node.getStart(sourceFile));
  const end = ts.getLineAndCharacterOfPosition(sourceFile, node.end);
  return { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } };
}
