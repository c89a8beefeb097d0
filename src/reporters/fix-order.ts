import type { Finding } from "../engine/findings.js";
import { compareStrings } from "./counts.js";

/**
 * What to fix first, as the HTML and Markdown reports order their findings: files that could not
 * be parsed (their other findings are missing), then security (rows of another caller, injected
 * SQL, an open endpoint, unchecked input), then data (deleted rows shown, stale reads, a write
 * outside its transaction, an invalid enum value, rows deleted for good), then style and structure.
 * Within a category, the findings on code more endpoints run come first; then the rule's place in
 * its category, then file, line, column.
 *
 * The JSON, stylish, GitHub and SARIF reporters keep file order: tools and diffs read those.
 */

export type FixCategory = "unparsed" | "security" | "data" | "style";

export interface FixCategoryInfo {
  id: FixCategory;
  /** the heading the reports print */
  title: string;
  /** the word in the rules table */
  label: string;
  /** its rules, in the order they are fixed within the category */
  rules: readonly string[];
}

export const FIX_CATEGORIES: readonly FixCategoryInfo[] = [
  { id: "unparsed", title: "Files that could not be parsed", label: "Parsing", rules: [] },
  { id: "security", title: "Security", label: "Security", rules: ["require-owner-scope", "no-unsafe-raw-sql", "require-auth", "no-unvalidated-input"] },
  {
    id: "data",
    title: "Data",
    label: "Data",
    rules: ["require-soft-delete-filter", "no-stale-read-after-write", "require-transaction-client", "valid-enum-value", "no-hard-delete"],
  },
  {
    id: "style",
    title: "Style and structure",
    label: "Style",
    rules: ["layer-boundaries", "no-http-in-services", "require-bounded-list", "no-query-in-loop", "prisma-schema-conventions"],
  },
];

/** What the order of `FIX_CATEGORIES` means, for the reader of a report. */
export const FIX_ORDER_NOTE =
  "Security first (owner scope, raw SQL, authentication, input validation), then data (soft delete, stale reads, transactions, enum values, hard deletes), then style and structure (layers, HTTP in services, bounded lists, queries in loops, schema conventions); within each, the findings that more endpoints run come first.";

const RANKS = new Map<string, { category: number; rule: number }>(
  FIX_CATEGORIES.flatMap((category, categoryIndex) => category.rules.map((rule, ruleIndex) => [rule, { category: categoryIndex, rule: ruleIndex }] as const)),
);
const STYLE = FIX_CATEGORIES.findIndex((category) => category.id === "style");

/** A parse error first; a rule this table does not name (a newer rule, another plugin's) last among style. */
function rankOf(ruleId: string | null): { category: number; rule: number } {
  if (ruleId === null) return { category: 0, rule: 0 };
  return RANKS.get(ruleId) ?? { category: STYLE, rule: Number.MAX_SAFE_INTEGER };
}

export function fixCategoryOf(ruleId: string | null): FixCategoryInfo {
  return FIX_CATEGORIES[rankOf(ruleId).category];
}

/** Rules (parse errors as `null`) in fix order: category, then place in it, then name. */
export function compareRulesByFixOrder(a: string | null, b: string | null): number {
  const x = rankOf(a);
  const y = rankOf(b);
  return x.category - y.category || x.rule - y.rule || compareStrings(a ?? "", b ?? "");
}

export interface FixOrderItem {
  finding: Finding;
  /** relative to the report's root */
  path: string;
  /** how many endpoints run the code the finding is on */
  endpoints: number;
}

/** The one ordering of findings both reports use. */
export function compareByFixOrder(a: FixOrderItem, b: FixOrderItem): number {
  const x = rankOf(a.finding.ruleId);
  const y = rankOf(b.finding.ruleId);
  return (
    x.category - y.category ||
    b.endpoints - a.endpoints ||
    x.rule - y.rule ||
    compareStrings(a.finding.ruleId ?? "", b.finding.ruleId ?? "") ||
    compareStrings(a.path, b.path) ||
    a.finding.line - b.finding.line ||
    a.finding.column - b.finding.column ||
    compareStrings(a.finding.message, b.finding.message)
  );
}
