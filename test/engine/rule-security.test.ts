/**
 * The security metadata of the rules (`meta.docs.security`): each severity is the CVSS 3.1 base score of the rule's
 * vector, computed here with the specification's formula (FIRST, CVSS v3.1 Specification, section 7.1 and appendix A),
 * so a vector and its score cannot drift apart.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allRules } from "../../src/rule-registry.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** The specification's Roundup: the smallest number, to one decimal, at least the input (free of floating-point noise). */
function roundUp(value: number): number {
  const scaled = Math.round(value * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

function baseScore(vector: string): string {
  const [version, ...parts] = vector.split("/");
  expect(version).toBe("CVSS:3.1");
  const metrics = Object.fromEntries(parts.map((part) => part.split(":") as [string, string]));
  expect(Object.keys(metrics).sort()).toEqual(["A", "AC", "AV", "C", "I", "PR", "S", "UI"]);
  const changed = metrics.S === "C";
  const pr = { N: 0.85, L: changed ? 0.68 : 0.62, H: changed ? 0.5 : 0.27 }[metrics.PR as "N" | "L" | "H"];
  const cia = (metric: string) => WEIGHTS.CIA[metrics[metric] as keyof typeof WEIGHTS.CIA];
  const iss = 1 - (1 - cia("C")) * (1 - cia("I")) * (1 - cia("A"));
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  const exploitability =
    8.22 * WEIGHTS.AV[metrics.AV as keyof typeof WEIGHTS.AV] * WEIGHTS.AC[metrics.AC as keyof typeof WEIGHTS.AC] * pr * WEIGHTS.UI[metrics.UI as keyof typeof WEIGHTS.UI];
  const score = impact <= 0 ? 0 : changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
  return score.toFixed(1);
}

describe("rule security metadata", () => {
  it("the CVSS calculator gives the scores NVD gives", () => {
    expect(baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toBe("9.8");
    expect(baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")).toBe("6.1");
    expect(baseScore("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")).toBe("7.8");
    expect(baseScore("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N")).toBe("0.0");
  });

  it("names the security rules, their weaknesses and scores", () => {
    const security = allRules.filter((rule) => rule.meta.docs.security).map((rule) => [rule.name, rule.meta.docs.security]);
    expect(Object.fromEntries(security)).toEqual({
      "no-unsafe-raw-sql": { cwe: [89], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", severity: "8.8" },
      "no-unvalidated-input": { cwe: [915, 20], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:H/A:N", severity: "7.1" },
      "require-auth": { cwe: [306], cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", severity: "7.5" },
      "require-bounded-list": { cwe: [770], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H", severity: "6.5" },
      "require-owner-scope": { cwe: [639], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", severity: "8.1" },
    });
  });

  it.each(allRules.filter((rule) => rule.meta.docs.security).map((rule) => [rule.name, rule.meta.docs.security!] as const))(
    "%s: the severity is the base score of its vector",
    (_name, security) => {
      expect(baseScore(security.cvss)).toBe(security.severity);
    },
  );
});

describe("rule docs", () => {
  it.each(allRules.map((rule) => [rule.name, rule.meta.docs.security] as const))("%s: its page states its weakness and severity when it is a security rule", (id, security) => {
    const doc = fs.readFileSync(path.join(repoRoot, "docs/rules", `${id}.md`), "utf8");
    const lines = doc.split("\n").filter((line) => line.startsWith("🔐"));
    expect(lines).toEqual(
      security
        ? [`🔐 Security: ${security.cwe.map((cwe) => `CWE-${cwe}`).join(", ")}; SARIF gives its results \`security-severity\` ${security.severity} ([how it is scored](../../README.md#sarif-for-github-code-scanning)).`]
        : [],
    );
  });
});
