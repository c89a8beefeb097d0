import type { TSESLint } from "@typescript-eslint/utils";
import type { TextEdit } from "../engine/findings.js";
import type { ReportDescriptor } from "../engine/rule.js";
import { ts } from "../engine/ts.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A rule's report on a file in ESLint's terms, detached from the tree it was found in: positions and edits only. */
export interface EslintReport {
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  messageId: string;
  data?: Record<string, string | number>;
  fix?: TextEdit[];
  suggest?: { messageId: string; data?: Record<string, string | number>; fix: TextEdit[] }[];
}

/** What ESLint needs of a report on `sourceFile`: 1-based lines, 0-based columns, as ESLint counts them. */
export function eslintReport(sourceFile: ts.SourceFile, descriptor: ReportDescriptor<string>): EslintReport {
  const start = ts.getLineAndCharacterOfPosition(sourceFile, descriptor.node.getStart(sourceFile));
  const end = ts.getLineAndCharacterOfPosition(sourceFile, descriptor.node.end);
  return {
    loc: { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } },
    messageId: descriptor.messageId,
    ...(descriptor.data ? { data: descriptor.data } : {}),
    ...(descriptor.fix?.length ? { fix: descriptor.fix } : {}),
    ...(descriptor.suggest?.length ? { suggest: descriptor.suggest } : {}),
  };
}

export function deliver(context: Context, report: EslintReport): void {
  const { fix, suggest } = report;
  context.report({
    loc: report.loc,
    messageId: report.messageId,
    data: report.data,
    fix: fix ? (fixer) => fix.map((edit) => fixer.replaceTextRange(edit.range, edit.text)) : null,
    suggest: (suggest ?? []).map((suggestion) => ({
      messageId: suggestion.messageId,
      data: suggestion.data,
      fix: (fixer) => suggestion.fix.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
    })),
  });
}
