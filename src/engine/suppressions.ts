/**
 * One suppression model for both front-ends: ESLint's `eslint-disable` comments, read the way ESLint 9/10
 * reads them (`SourceCode#getDisableDirectives` and `apply-disable-directives.js`), so a finding silenced in
 * the editor is silenced in CI.
 *
 * - `/* eslint-disable [rules] *\/` … `/* eslint-enable [rules] *\/` (block comments only: ESLint ignores a
 *   `// eslint-disable` line comment), `// eslint-disable-line [rules]`, `// eslint-disable-next-line [rules]`
 *   (line or block comments; a block `eslint-disable-line` may not span lines);
 * - no rule list means every rule; rules are named as in ESLint, `backend-conventions/<id>`, separated by commas;
 *   ` -- ` starts a justification;
 * - a directive naming `backend-conventions/<id>` that is no rule of ours is an error ("Definition for rule … was
 *   not found."), as in ESLint.
 *
 * ESLint applies these itself (the plugin's findings go through ESLint's own directive handling); the CLI runs
 * `applyDirectives` on every file's findings. Unused directives are reported as ESLint reports them, with the
 * same messages, positions and fixes, for what the CLI can know: a directive naming one of our rules that
 * silenced nothing. A directive without a rule list, or naming only other plugins' rules, may silence findings
 * the CLI never sees, so the CLI never calls it unused.
 */
import type { Finding, SuppressedFinding, Suppression, TextEdit } from "./findings.js";
import { ts } from "./ts.js";

export const RULE_PREFIX = "backend-conventions/";

type DirectiveType = "disable" | "enable" | "disable-line" | "disable-next-line";

/** One directive comment, as ESLint's `parentDirective`. */
interface DirectiveComment {
  type: DirectiveType;
  /** the list as written after the label (`backend-conventions/a, no-console`) */
  value: string;
  /** the rule names of the list, quotes removed */
  ruleIds: string[];
  justification: string;
  range: [number, number];
  /** 1-based line and column of the comment's start and end */
  start: { line: number; column: number };
  end: { line: number; column: number };
}

/** One directive per rule of a comment (ESLint's `Directive`); `ruleId` null = every rule. */
interface Directive {
  parent: DirectiveComment;
  type: DirectiveType;
  line: number;
  column: number;
  /** the rule's name as written (`backend-conventions/no-hard-delete`), or null */
  ruleId: string | null;
}

/** A directive as `applyDirectives` walks it: line directives become a disable and an enable. */
interface Entry {
  type: "disable" | "enable";
  line: number;
  column: number;
  ruleId: string | null;
  directive: Directive;
}

/** An unused directive, as ESLint reports it; its severity is the run's choice (`--report-unused-disable-directives`). */
export type UnusedDirective = Pick<Finding, "message" | "line" | "column"> & { fix: TextEdit };

export interface SuppressionOutcome {
  /** the findings no directive silenced, then the directives' own problems (a malformed one, an unknown rule) */
  findings: Finding[];
  /** the findings directives silenced, each with the directives that did (ESLint's `suppressedMessages`) */
  suppressed: SuppressedFinding[];
  unusedDirectives: UnusedDirective[];
}

const LABELS = new Set(["eslint-disable", "eslint-enable", "eslint-disable-line", "eslint-disable-next-line"]);

/**
 * Applies the file's directive comments to its findings (rule ids without the prefix, as the CLI has them).
 * `knownRules` are our rule ids: a directive naming `backend-conventions/<other>` is an error, as in ESLint.
 */
export function applyDirectives(sourceFile: ts.SourceFile, findings: readonly Finding[], knownRules: ReadonlySet<string>): SuppressionOutcome {
  const { comments, problems } = directiveComments(sourceFile);
  if (comments.length === 0 && problems.length === 0) return { findings: [...findings], suppressed: [], unusedDirectives: [] };
  const directives: Directive[] = [];
  for (const comment of comments) {
    for (const ruleId of comment.ruleIds.length > 0 ? comment.ruleIds : [null]) {
      if (ruleId !== null && ruleId.startsWith(RULE_PREFIX) && !knownRules.has(ruleId.slice(RULE_PREFIX.length))) {
        problems.push(directiveProblem(`Definition for rule '${ruleId}' was not found.`, comment));
        continue;
      }
      const at = comment.type === "disable-next-line" ? comment.end : comment.start;
      directives.push({ parent: comment, type: comment.type, line: at.line, column: at.column, ruleId });
    }
  }
  const blockEntries = directives
    .filter((directive) => directive.type === "disable" || directive.type === "enable")
    .map((directive): Entry => ({ type: directive.type as Entry["type"], line: directive.line, column: directive.column, ruleId: directive.ruleId, directive }))
    .sort(compareLocations);
  const lineEntries = directives
    .flatMap((directive): Entry[] => {
      if (directive.type !== "disable-line" && directive.type !== "disable-next-line") return [];
      const line = directive.type === "disable-line" ? directive.line : directive.line + 1;
      return [
        { type: "disable", line, column: 1, ruleId: directive.ruleId, directive },
        { type: "enable", line: line + 1, column: 0, ruleId: directive.ruleId, directive },
      ];
    })
    .sort(compareLocations);

  const silenced = new Map<Finding, Suppression[]>();
  const fromBlocks = walk(blockEntries, findings, silenced);
  const fromLines = walk(lineEntries, findings, silenced);
  const text = sourceFile.text;
  const unusedDirectives = [...unusedOf(fromBlocks, blockEntries, text), ...unusedOf(fromLines, lineEntries, text)].sort(compareLocations);
  return {
    findings: [...findings.filter((finding) => !silenced.has(finding)), ...problems],
    suppressed: [...silenced].map(([finding, suppressions]) => ({ ...finding, suppressions })),
    unusedDirectives,
  };
}

/** ESLint's `applyDirectives`: each finding is silenced by the last disable before it that no enable closed. */
function walk(entries: readonly Entry[], findings: readonly Finding[], silenced: Map<Finding, Suppression[]>): Set<Directive> {
  const used = new Set<Directive>();
  if (entries.length === 0) return used;
  for (const finding of findings) {
    if (finding.ruleId === null) continue; // a parse error is no rule's finding: nothing silences it
    const name = RULE_PREFIX + finding.ruleId;
    let open: Entry[] = [];
    for (const entry of entries) {
      if (compareLocations(entry, finding) > 0) break;
      if (entry.ruleId !== null && entry.ruleId !== name) continue;
      open = entry.type === "disable" ? [...open, entry] : [];
    }
    if (open.length === 0) continue;
    // the first set of directives that silences a finding uses the last of them (a later pass adds no use)
    if (!silenced.has(finding)) used.add(open.at(-1)!.directive);
    // ESLint lists every directive open at the finding as one of its suppressions
    const suppressions = silenced.get(finding) ?? [];
    for (const entry of open) suppressions.push({ kind: "directive", justification: entry.directive.parent.justification });
    silenced.set(finding, suppressions);
  }
  return used;
}

/** Unused disable and enable directives naming one of our rules (a bare one may silence other plugins' findings). */
function unusedOf(used: ReadonlySet<Directive>, entries: readonly Entry[], text: string): UnusedDirective[] {
  const ours = (directive: Directive) => directive.ruleId !== null && directive.ruleId.startsWith(RULE_PREFIX);
  const directives = [...new Set(entries.map((entry) => entry.directive))];
  const unusedDisables = directives.filter((directive) => directive.type !== "enable" && ours(directive) && !used.has(directive));
  const usedEnables = usedEnableDirectives(directives);
  const unusedEnables = directives.filter((directive) => directive.type === "enable" && ours(directive) && !usedEnables.has(directive));
  return [...removals(unusedDisables, text), ...removals(unusedEnables, text)];
}

/** ESLint's `collectUsedEnableDirectives`: an enable is used when an earlier disable of its rule (or of all rules) is still open. */
function usedEnableDirectives(directives: readonly Directive[]): Set<Directive> {
  const ordered = directives.filter((directive) => directive.type === "disable" || directive.type === "enable").sort(compareLocations);
  const enabled = new Map<string | null, Directive>();
  const used = new Set<Directive>();
  for (let index = ordered.length - 1; index >= 0; index--) {
    const directive = ordered[index];
    if (directive.type === "disable") {
      if (enabled.size === 0) continue;
      if (directive.ruleId === null) {
        for (const enable of enabled.values()) used.add(enable);
        enabled.clear();
      } else {
        const enable = enabled.get(directive.ruleId) ?? enabled.get(null);
        if (enable) used.add(enable);
      }
    } else if (directive.ruleId === null) {
      enabled.clear();
      enabled.set(null, directive);
    } else {
      enabled.set(directive.ruleId, directive);
    }
  }
  return used;
}

/** ESLint's messages and fixes: the whole comment when every rule it names is unused, else each unused name from the list. */
function removals(unused: readonly Directive[], text: string): UnusedDirective[] {
  const byComment = new Map<DirectiveComment, Directive[]>();
  for (const directive of unused) byComment.set(directive.parent, [...(byComment.get(directive.parent) ?? []), directive]);
  const results: UnusedDirective[] = [];
  for (const [comment, directives] of byComment) {
    const remaining = new Set(comment.ruleIds);
    for (const directive of directives) remaining.delete(directive.ruleId!);
    const type = directives[0].type;
    const where = { line: comment.start.line, column: comment.start.column };
    if (remaining.size === 0) {
      const names = directives.map((directive) => `'${directive.ruleId}'`);
      const description = names.length <= 2 ? names.join(" or ") : `${names.slice(0, -1).join(", ")}, or ${names.at(-1)}`;
      results.push({ message: unusedMessage(type, description), ...where, fix: { range: comment.range, text: " " } });
      continue;
    }
    const listText = comment.value.trim();
    const listStart = text.indexOf(listText, comment.range[0]);
    for (const directive of directives) {
      const match = new RegExp(String.raw`(?:^|\s*,\s*)(?<quote>['"]?)${escapeRegExp(directive.ruleId!)}\k<quote>(?:\s*,\s*|$)`, "u").exec(listText)!;
      const matchStart = listStart + match.index;
      const first = match[0].indexOf(",");
      const last = match[0].lastIndexOf(",");
      const range: [number, number] = first !== last ? [matchStart + first, matchStart + last] : [matchStart, matchStart + match[0].length];
      results.push({ message: unusedMessage(type, `'${directive.ruleId}'`), ...where, fix: { range, text: "" } });
    }
  }
  return results;
}

function unusedMessage(type: DirectiveType, description: string): string {
  return type === "enable"
    ? `Unused eslint-enable directive (no matching eslint-disable directives were found for ${description}).`
    : `Unused eslint-disable directive (no problems were reported from ${description}).`;
}

function directiveProblem(message: string, comment: DirectiveComment): Finding {
  return { ruleId: null, severity: 2, message, line: comment.start.line, column: comment.start.column, endLine: comment.end.line, endColumn: comment.end.column };
}

/** The file's directive comments, and the problems of malformed ones; a file that never says `eslint-` costs one search. */
function directiveComments(sourceFile: ts.SourceFile): { comments: DirectiveComment[]; problems: Finding[] } {
  const comments: DirectiveComment[] = [];
  const problems: Finding[] = [];
  const text = sourceFile.text;
  const seen = new Set<number>();
  for (let at = text.indexOf("eslint-"); at !== -1; at = text.indexOf("eslint-", at + 1)) {
    const range = commentAt(sourceFile, at);
    if (!range || seen.has(range.pos)) continue;
    seen.add(range.pos);
    const isLine = range.kind === ts.SyntaxKind.SingleLineCommentTrivia;
    const parsed = parseDirective(text.slice(range.pos + 2, isLine ? range.end : range.end - 2));
    if (!parsed || !LABELS.has(parsed.label)) continue;
    if (isLine && !/^eslint-disable-(?:next-)?line$/u.test(parsed.label)) continue; // `// eslint-disable` is no directive in ESLint
    const start = ts.getLineAndCharacterOfPosition(sourceFile, range.pos);
    const end = ts.getLineAndCharacterOfPosition(sourceFile, range.end);
    const comment: DirectiveComment = {
      type: parsed.label.slice("eslint-".length) as DirectiveType,
      value: parsed.value,
      ruleIds: listRules(parsed.value),
      justification: parsed.justification,
      range: [range.pos, range.end],
      start: { line: start.line + 1, column: start.character + 1 },
      end: { line: end.line + 1, column: end.character + 1 },
    };
    if (comment.type === "disable-line" && start.line !== end.line) {
      problems.push(directiveProblem("eslint-disable-line comment should not span multiple lines.", comment));
      continue;
    }
    comments.push(comment);
  }
  comments.sort((a, b) => a.range[0] - b.range[0]);
  return { comments, problems };
}

/** `@eslint/plugin-kit`'s `parseDirective`: the label, the rest, and the justification after ` -- `. */
function parseDirective(value: string): { label: string; value: string; justification: string } | undefined {
  const separator = /\s-{2,}\s/u.exec(value);
  const directivePart = (separator ? value.slice(0, separator.index) : value).trim();
  const justification = separator ? value.slice(separator.index + separator[0].length).trim() : "";
  const match = /^([a-z]+(?:-[a-z]+)*)(?:\s|$)/u.exec(directivePart);
  if (!match) return undefined;
  return { label: match[1], value: directivePart.slice(match[1].length).trim(), justification };
}

/** `@eslint/plugin-kit`'s `parseListConfig`: comma-separated names, each maybe quoted. */
function listRules(value: string): string[] {
  const names: string[] = [];
  for (const part of value.split(",")) {
    const name = part.trim().replace(/^(?<quote>['"]?)(?<ruleId>.*)\k<quote>$/su, "$<ruleId>");
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The comment holding `position`, if any: down the tree to the token whose leading trivia or text holds it.
 * A string, template or JSX text that says `eslint-disable` is no comment.
 */
function commentAt(sourceFile: ts.SourceFile, position: number): ts.CommentRange | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child = node
      .getChildren(sourceFile)
      .find((candidate) => !isJSDocNode(candidate) && candidate.pos <= position && position < candidate.end);
    if (!child) break;
    node = child;
  }
  if (position >= node.getStart(sourceFile)) return undefined;
  // The trivia before a token: comments ending the previous line (TypeScript's "trailing"), then the rest.
  const ranges = [...(ts.getTrailingCommentRanges(sourceFile.text, node.pos) ?? []), ...(ts.getLeadingCommentRanges(sourceFile.text, node.pos) ?? [])];
  return ranges.find((range) => range.pos <= position && position < range.end);
}

function isJSDocNode(node: ts.Node): boolean {
  return node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode;
}

function compareLocations(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}

function escapeRegExp(text: string): string {
  return text.replace(/[|\\{}()[\]^$+*?.]/g, "\\$&").replace(/-/g, "\\x2d");
}

/** ESLint's `reportUnusedDisableDirectives` (config `linterOptions`, CLI `--report-unused-disable-directives[-severity]`). */
export type UnusedDirectivesSeverity = "off" | "warn" | "error";

/** The file's findings with its unused directives at the run's severity, in file order. */
export function withUnusedDirectives(findings: readonly Finding[], unused: readonly UnusedDirective[] | undefined, severity: UnusedDirectivesSeverity = "off"): Finding[] {
  if (severity === "off" || !unused?.length) return [...findings];
  const reported = unused.map((directive): Finding => ({ ruleId: null, severity: severity === "warn" ? 1 : 2, ...directive }));
  return [...findings, ...reported].sort((a, b) => compareLocations(a, b) || (a.ruleId ?? "").localeCompare(b.ruleId ?? ""));
}
