/**
 * The real-world corpus's scorer: findings of `check` against our labels. Pure functions, so the
 * unit test can feed it a tiny made-up case.
 *
 * A label names a place (repo, file, line, rule) and a verdict: `true`, `false` or `debatable` for a
 * finding the tool gave, `missed` for one it should have given. A finding with no label of its own
 * is `unlabelled`, and listed, so a change that adds findings shows what must be labelled. A `missed`
 * label that a finding now matches counts as found (true).
 */

export type Verdict = "true" | "false" | "debatable" | "missed";

export interface Label {
  repo: string;
  commit: string;
  /** relative to the repository's root, with `/` */
  file: string;
  line: number;
  rule: string;
  verdict: Verdict;
  reason: string;
}

export interface CorpusFinding {
  repo: string;
  file: string;
  line: number;
  rule: string;
  message: string;
}

export interface RuleScore {
  rule: string;
  findings: number;
  true: number;
  false: number;
  debatable: number;
  unlabelled: number;
  /** `missed` labels no finding matches */
  missed: number;
  /** true / (true + false); undefined without any */
  precision: number | undefined;
  /** true / (true + missed); undefined without any */
  recall: number | undefined;
}

export interface Score {
  rules: RuleScore[];
  total: RuleScore;
  unlabelled: CorpusFinding[];
  /** labels of the current commits whose finding is gone (a `true`, `false` or `debatable` label nothing matches) */
  stale: Label[];
}

export function placeKey({ repo, file, line, rule }: { repo: string; file: string; line: number; rule: string }): string {
  return `${repo}\0${file}\0${line}\0${rule}`;
}

/** `commits`: repo → the commit the corpus checks; labels of other commits are ignored. */
export function score(findings: readonly CorpusFinding[], labels: readonly Label[], commits: ReadonlyMap<string, string>): Score {
  const current = labels.filter((label) => commits.get(label.repo) === label.commit);
  const byPlace = new Map(current.map((label) => [placeKey(label), label]));
  const found = new Set(findings.map(placeKey));
  const rows = new Map<string, RuleScore>();
  const row = (rule: string) => {
    let entry = rows.get(rule);
    if (!entry) {
      entry = { rule, findings: 0, true: 0, false: 0, debatable: 0, unlabelled: 0, missed: 0, precision: undefined, recall: undefined };
      rows.set(rule, entry);
    }
    return entry;
  };

  const unlabelled: CorpusFinding[] = [];
  for (const finding of findings) {
    const entry = row(finding.rule);
    entry.findings += 1;
    const verdict = byPlace.get(placeKey(finding))?.verdict;
    if (verdict === undefined) {
      entry.unlabelled += 1;
      unlabelled.push(finding);
    } else if (verdict === "missed") entry.true += 1;
    else entry[verdict] += 1;
  }
  const stale: Label[] = [];
  for (const label of current) {
    if (found.has(placeKey(label))) continue;
    if (label.verdict === "missed") row(label.rule).missed += 1;
    else stale.push(label);
  }

  const rules = [...rows.values()].sort((a, b) => a.rule.localeCompare(b.rule)).map(withRatios);
  const total = withRatios(
    rules.reduce(
      (sum, entry) => ({
        ...sum,
        findings: sum.findings + entry.findings,
        true: sum.true + entry.true,
        false: sum.false + entry.false,
        debatable: sum.debatable + entry.debatable,
        unlabelled: sum.unlabelled + entry.unlabelled,
        missed: sum.missed + entry.missed,
      }),
      { rule: "all", findings: 0, true: 0, false: 0, debatable: 0, unlabelled: 0, missed: 0, precision: undefined, recall: undefined } as RuleScore,
    ),
  );
  return { rules, total, unlabelled, stale };
}

function withRatios(entry: RuleScore): RuleScore {
  const judged = entry.true + entry.false;
  const wanted = entry.true + entry.missed;
  return { ...entry, precision: judged === 0 ? undefined : entry.true / judged, recall: wanted === 0 ? undefined : entry.true / wanted };
}

export function percent(ratio: number | undefined): string {
  return ratio === undefined ? "–" : `${Math.round(ratio * 100)}%`;
}

/** The per-rule table in Markdown. */
export function scoreTable({ rules, total }: Score): string {
  const lines = ["| Rule | Findings | True | False | Debatable | Unlabelled | Missed | Precision | Recall |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];
  for (const entry of [...rules, total]) {
    const name = entry === total ? "**all**" : `\`${entry.rule}\``;
    lines.push(
      `| ${name} | ${entry.findings} | ${entry.true} | ${entry.false} | ${entry.debatable} | ${entry.unlabelled} | ${entry.missed} | ${percent(entry.precision)} | ${percent(entry.recall)} |`,
    );
  }
  return lines.join("\n");
}
