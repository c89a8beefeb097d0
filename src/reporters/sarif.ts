/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run whose driver lists every rule
 * (with help text and a link to its docs page), results with locations relative to `%SRCROOT%`,
 * stable partial fingerprints, and the analyzer's traces as code flows. Parse errors are results of
 * a synthetic `parse-error` rule, so that they show where the file is and fail the check like any error;
 * problems of `eslint-disable` comments (ESLint's rule-less messages) those of a `disable-directive` rule.
 * Security rules carry GitHub's `security-severity` and CWE tags; findings in the baseline are results
 * with an `external` suppression, so code scanning shows them as suppressed instead of losing them.
 */
import { pathToFileURL } from "node:url";
import type { CheckResult, Finding, SuppressedFinding, TraceStep } from "../engine/findings.js";
import { fileFingerprints, relativePath } from "../engine/fingerprint.js";
import type { RuleDefinition } from "../engine/rule.js";
import { packageInfo } from "../package-info.js";
import { allRules } from "../rule-registry.js";
import { compareStrings, isError } from "./counts.js";
import type { Reporter, ReporterOptions } from "./index.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://github.com/backend-conventions/backend-conventions";
/** The key of our fingerprint in `result.partialFingerprints` (SARIF §3.27.17: versioned name). */
export const FINGERPRINT_KEY = "backendConventions/v1";
export const SRCROOT = "%SRCROOT%";
/** The rule id that files that do not parse are reported under. */
export const PARSE_ERROR_RULE_ID = "parse-error";
/** The rule id of problems of `eslint-disable` comments: one that silences nothing (`--report-unused-disable-directives`), or names no rule. */
export const DIRECTIVE_RULE_ID = "disable-directive";

export type SarifLevel = "error" | "warning" | "note" | "none";

export interface SarifMessage {
  text: string;
  markdown?: string;
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: typeof SRCROOT };
    region: SarifRegion;
  };
  message?: { text: string };
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel; enabled?: false };
  /** `security-severity` (GitHub code scanning: a CVSS-like score as a string) on security rules only */
  properties: { tags: string[]; "security-severity"?: string };
}

export interface SarifThreadFlowLocation {
  location: SarifLocation;
}

export interface SarifCodeFlow {
  threadFlows: { locations: SarifThreadFlowLocation[] }[];
}

/** SARIF §3.35: `external` is a suppression kept outside the source (our baseline file). */
export interface SarifSuppression {
  kind: "inSource" | "external";
  justification?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  codeFlows?: SarifCodeFlow[];
  suppressions?: SarifSuppression[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [
    {
      tool: {
        driver: {
          name: string;
          version: string;
          semanticVersion: string;
          informationUri: string;
          rules: SarifReportingDescriptor[];
        };
      };
      originalUriBaseIds: Record<typeof SRCROOT, { uri: string }>;
      columnKind: "utf16CodeUnits";
      results: SarifResult[];
    },
  ];
}

/** `require-soft-delete-filter` → `RequireSoftDeleteFilter`: the friendly name SARIF asks for. */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");
}

function withPeriod(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * GitHub's tag of a weakness: `external/cwe/cwe-639`, the number padded to three digits as CodeQL writes it
 * (`external/cwe/cwe-089`), so results of both tools group under one CWE.
 */
export function cweTag(cwe: number): string {
  return `external/cwe/cwe-${String(cwe).padStart(3, "0")}`;
}

/** A rule's tags: its convention and type; a security rule adds `security` and its CWEs, as GitHub code scanning reads them. */
function ruleProperties(rule: RuleDefinition): SarifReportingDescriptor["properties"] {
  const { convention, security } = rule.meta.docs;
  const tags = [convention, rule.meta.type];
  if (!security) return { tags };
  return { tags: [...tags, "security", ...security.cwe.map(cweTag)], "security-severity": security.severity };
}

export function ruleDescriptor(rule: RuleDefinition): SarifReportingDescriptor {
  const { description, url, config } = rule.meta.docs;
  const sentence = withPeriod(description);
  return {
    id: rule.name,
    name: pascalCase(rule.name),
    shortDescription: { text: description },
    fullDescription: { text: sentence },
    help: {
      text: `${sentence} Documentation: ${url}`,
      markdown: `${sentence}\n\n[${rule.name} documentation](${url})`,
    },
    helpUri: url,
    // a rule outside `recommended` only runs when the config turns it on
    defaultConfiguration: config === "recommended" ? { level: "error" } : { level: "error", enabled: false },
    properties: ruleProperties(rule),
  };
}

const parseErrorDescriptor: SarifReportingDescriptor = {
  id: PARSE_ERROR_RULE_ID,
  name: pascalCase(PARSE_ERROR_RULE_ID),
  shortDescription: { text: "A file that does not parse cannot be checked" },
  fullDescription: { text: "A file that does not parse cannot be checked: fix the syntax error, or ignore the file in the config." },
  help: {
    text: "A file that does not parse cannot be checked: fix the syntax error, or ignore the file with `ignore` in the backend-conventions config.",
    markdown:
      "A file that does not parse cannot be checked: fix the syntax error, or ignore the file with `ignore` in the backend-conventions config.",
  },
  defaultConfiguration: { level: "error" },
  properties: { tags: ["parse-error"] },
};

const directiveDescriptor: SarifReportingDescriptor = {
  id: DIRECTIVE_RULE_ID,
  name: pascalCase(DIRECTIVE_RULE_ID),
  shortDescription: { text: "An eslint-disable comment that silences nothing, or names no rule" },
  fullDescription: {
    text: "An eslint-disable comment for this tool's rules that silences no finding (reported with --report-unused-disable-directives), or that names a rule the tool does not have.",
  },
  help: {
    text: "Remove the comment, or correct the rule name it gives (backend-conventions/<rule id>).",
    markdown: "Remove the comment, or correct the rule name it gives (`backend-conventions/<rule id>`).",
  },
  defaultConfiguration: { level: "warning" },
  properties: { tags: ["disable-directive"] },
};

/** The synthetic rule of a finding without a rule id: a file that does not parse, or a problem of a directive comment. */
function ruleIdOf(finding: Finding): string {
  return finding.ruleId ?? (finding.fatal ? PARSE_ERROR_RULE_ID : DIRECTIVE_RULE_ID);
}

/** A rule id that no known rule has (a result built by hand, a rule from elsewhere): the least GitHub needs. */
function unknownDescriptor(id: string, docsUrl: string | undefined): SarifReportingDescriptor {
  const help = docsUrl === undefined ? `Rule ${id}.` : `Rule ${id}. Documentation: ${docsUrl}`;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: `Rule ${id}` },
    fullDescription: { text: `Rule ${id}.` },
    help: { text: help, markdown: docsUrl === undefined ? `Rule ${id}.` : `Rule ${id}.\n\n[${id} documentation](${docsUrl})` },
    ...(docsUrl === undefined ? {} : { helpUri: docsUrl }),
    defaultConfiguration: { level: "warning" },
    properties: { tags: [] },
  };
}

function region(line: number, column: number, endLine?: number, endColumn?: number): SarifRegion {
  // without an end, an empty region (an insertion point) at the start: SARIF §3.30.2
  return endLine !== undefined && endColumn !== undefined
    ? { startLine: line, startColumn: column, endLine, endColumn }
    : { startLine: line, startColumn: column, endLine: line, endColumn: column };
}

/** A relative URI reference: each path segment percent-encoded (a space is `%20`), as SARIF's validator requires. */
function artifactUri(root: string, filePath: string): string {
  return relativePath(root, filePath).split("/").map(encodeURIComponent).join("/");
}

function location(uri: string, reg: SarifRegion, message?: string): SarifLocation {
  return {
    physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT }, region: reg },
    ...(message === undefined ? {} : { message: { text: message } }),
  };
}

function codeFlow(trace: readonly TraceStep[], root: string): SarifCodeFlow {
  return {
    threadFlows: [
      {
        locations: trace.map((step) => ({
          location: location(artifactUri(root, step.filePath), region(step.line, step.column), step.label),
        })),
      },
    ],
  };
}

interface PendingResult {
  uri: string;
  finding: Finding | SuppressedFinding;
  fingerprint: string;
}

function isSuppressed(finding: Finding | SuppressedFinding): finding is SuppressedFinding {
  return "suppressions" in finding && finding.suppressions.length > 0;
}

/** A baselined finding is suppressed outside the source (its entry in the baseline file); an `eslint-disable` comment, in the source. */
function sarifSuppressions(finding: SuppressedFinding): SarifSuppression[] {
  return finding.suppressions.map((suppression) => ({
    kind: suppression.kind === "directive" ? "inSource" : "external",
    ...(suppression.justification ? { justification: suppression.justification } : {}),
  }));
}

function compareResults(a: SarifResult, b: SarifResult): number {
  const ra = a.locations[0].physicalLocation;
  const rb = b.locations[0].physicalLocation;
  return (
    compareStrings(ra.artifactLocation.uri, rb.artifactLocation.uri) ||
    ra.region.startLine - rb.region.startLine ||
    ra.region.startColumn - rb.region.startColumn ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message.text, b.message.text)
  );
}

/** The SARIF log as an object; `rules` are the rules the driver lists (every rule of the registry in the CLI). */
export function toSarifLog(result: CheckResult, options: ReporterOptions, rules: readonly RuleDefinition[]): SarifLog {
  const root = options.root ?? options.cwd;
  const pending: PendingResult[] = [];
  for (const file of result.files) {
    const uri = artifactUri(root, file.filePath);
    for (const [finding, fingerprint] of fileFingerprints(file, root)) pending.push({ uri, finding, fingerprint });
  }

  const descriptors = [...rules].sort((a, b) => compareStrings(a.name, b.name)).map(ruleDescriptor);
  const known = new Set(descriptors.map((descriptor) => descriptor.id));
  const unknownIds = [...new Set(pending.map(({ finding }) => finding.ruleId).filter((id): id is string => id !== null && !known.has(id)))];
  descriptors.push(...unknownIds.sort(compareStrings).map((id) => unknownDescriptor(id, options.ruleDocs?.[id])));
  const synthetic = new Set(pending.flatMap(({ finding }) => (finding.ruleId === null ? [ruleIdOf(finding)] : [])));
  if (synthetic.has(PARSE_ERROR_RULE_ID)) descriptors.push(parseErrorDescriptor);
  if (synthetic.has(DIRECTIVE_RULE_ID)) descriptors.push(directiveDescriptor);
  const ruleIndex = new Map(descriptors.map((descriptor, index) => [descriptor.id, index]));

  const results = pending.map(({ uri, finding, fingerprint }): SarifResult => {
    const ruleId = ruleIdOf(finding);
    return {
      ruleId,
      ruleIndex: ruleIndex.get(ruleId)!,
      level: isError(finding) ? "error" : "warning",
      message: { text: finding.message },
      locations: [location(uri, region(finding.line, finding.column, finding.endLine, finding.endColumn))],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
      ...(finding.trace && finding.trace.length > 0 ? { codeFlows: [codeFlow(finding.trace, root)] } : {}),
      ...(isSuppressed(finding) ? { suppressions: sarifSuppressions(finding) } : {}),
    };
  });

  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: packageInfo.name,
            version: packageInfo.version,
            semanticVersion: packageInfo.version,
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        // a directory URI ends with a slash (SARIF §3.14.14)
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(root).href.replace(/\/?$/, "/")}` } },
        columnKind: "utf16CodeUnits",
        results: results.sort(compareResults),
      },
    ],
  };
}

/** SARIF 2.1.0, pretty-printed; every rule of the registry in `tool.driver.rules`. */
export const sarif: Reporter = (result, options) => `${JSON.stringify(toSarifLog(result, options, allRules), null, 2)}\n`;
