/** The real-world corpus's scorer, on a tiny made-up corpus. */
import { describe, expect, it } from "vitest";
import { score, scoreTable, type CorpusFinding, type Label } from "../../bench/realworld/score.js";

const commits = new Map([
  ["acme/api", "a".repeat(40)],
  ["acme/web", "b".repeat(40)],
]);

function finding(repo: string, file: string, line: number, rule: string): CorpusFinding {
  return { repo, file, line, rule, message: "m" };
}

function label(repo: string, file: string, line: number, rule: string, verdict: Label["verdict"], commit = commits.get(repo)!): Label {
  return { repo, commit, file, line, rule, verdict, reason: "r" };
}

const findings = [
  finding("acme/api", "src/a.ts", 3, "require-owner-scope"),
  finding("acme/api", "src/a.ts", 9, "require-owner-scope"),
  finding("acme/api", "src/b.ts", 4, "require-owner-scope"),
  finding("acme/web", "src/c.ts", 1, "require-owner-scope"),
  finding("acme/api", "src/a.ts", 5, "no-hard-delete"),
  finding("acme/web", "src/d.ts", 7, "no-hard-delete"),
];

const labels = [
  label("acme/api", "src/a.ts", 3, "require-owner-scope", "true"),
  label("acme/api", "src/a.ts", 9, "require-owner-scope", "false"),
  label("acme/api", "src/b.ts", 4, "require-owner-scope", "debatable"),
  // the same place at another commit: ignored, so src/c.ts:1 stays unlabelled
  label("acme/web", "src/c.ts", 1, "require-owner-scope", "false", "c".repeat(40)),
  // a miss the tool now finds: true
  label("acme/api", "src/a.ts", 5, "no-hard-delete", "missed"),
  // a miss it still misses
  label("acme/web", "src/e.ts", 2, "no-hard-delete", "missed"),
  // a labelled finding that is gone
  label("acme/web", "src/f.ts", 8, "no-hard-delete", "false"),
];

describe("score", () => {
  const result = score(findings, labels, commits);

  it("counts each rule's verdicts, precision = true / (true + false), recall = true / (true + missed)", () => {
    expect(result.rules).toStrictEqual([
      { rule: "no-hard-delete", findings: 2, true: 1, false: 0, debatable: 0, unlabelled: 1, missed: 1, precision: 1, recall: 0.5 },
      { rule: "require-owner-scope", findings: 4, true: 1, false: 1, debatable: 1, unlabelled: 1, missed: 0, precision: 0.5, recall: 1 },
    ]);
    expect(result.total).toStrictEqual({ rule: "all", findings: 6, true: 2, false: 1, debatable: 1, unlabelled: 2, missed: 1, precision: 2 / 3, recall: 2 / 3 });
  });

  it("lists the unlabelled findings and the labels whose finding is gone", () => {
    expect(result.unlabelled).toStrictEqual([finding("acme/web", "src/c.ts", 1, "require-owner-scope"), finding("acme/web", "src/d.ts", 7, "no-hard-delete")]);
    expect(result.stale).toStrictEqual([label("acme/web", "src/f.ts", 8, "no-hard-delete", "false")]);
  });

  it("renders the table, a dash where a ratio has no cases", () => {
    expect(scoreTable(score([finding("acme/api", "x.ts", 1, "valid-enum-value")], [], commits))).toBe(
      [
        "| Rule | Findings | True | False | Debatable | Unlabelled | Missed | Precision | Recall |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        "| `valid-enum-value` | 1 | 0 | 0 | 0 | 1 | 0 | – | – |",
        "| **all** | 1 | 0 | 0 | 0 | 1 | 0 | – | – |",
      ].join("\n"),
    );
  });
});
