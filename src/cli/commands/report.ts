import fs from "node:fs";
import path from "node:path";
import { analyzeProject } from "../../analysis/analyze.js";
import { UsageError } from "../../errors.js";
import type { ReportOptions } from "../../reporters/report-parts.js";
import { allRules } from "../../rule-registry.js";
import { EXIT } from "../exit-codes.js";
import type { Command } from "./types.js";
import { writeFailure } from "../../file-errors.js";

/**
 * The reviewer's report. Its formats are not registry reporters: they take the analyzer's
 * `ReportData` (endpoints, query sites, layer graph) rather than a `CheckResult`, so they are
 * loaded here by name. Findings never fail the report: exit 0 once it is written.
 */
const formats = {
  html: async () => (await import("../../reporters/html.js")).html,
  markdown: async () => (await import("../../reporters/markdown.js")).markdown,
};

type ReportFormat = keyof typeof formats;

const FORMAT_NAMES = Object.keys(formats);

export const DEFAULT_HTML_OUTPUT = "backend-conventions-report.html";

export const reportCommand: Command = {
  name: "report",
  arguments: "[paths...]",
  summary: "Write the reviewer's report (endpoints, layer graph, findings)",
  options: {
    config: { type: "string", short: "c", valueName: "file", description: "Use this config file instead of searching for one" },
    schema: {
      type: "string",
      valueName: "path",
      description: "The Prisma schema file or folder (default: the config's prismaSchema, else where Prisma looks)",
    },
    format: { type: "string", short: "f", valueName: "name", default: "html", description: `Report format: ${FORMAT_NAMES.join(", ")}` },
    "output-file": {
      type: "string",
      short: "o",
      valueName: "file",
      description: `Write the report to this file (default: html to ${DEFAULT_HTML_OUTPUT}, markdown to stdout)`,
    },
    // the report's first name for it; check and ESLint call it --output-file
    output: { type: "string", valueName: "file", hidden: true, description: "Same as --output-file" },
  },
  helpAfter: "Exit codes: 0 the report was written (findings never fail it), 2 usage, config or\nschema error.",
  async run(values, paths, io) {
    const format = values.format as string;
    if (!Object.hasOwn(formats, format)) {
      throw new UsageError(`unknown report format "${format}" (expected one of: ${FORMAT_NAMES.join(", ")})`);
    }
    const [output, ...others] = [values["output-file"], values.output].filter((value): value is string => typeof value === "string");
    if (others.some((other) => other !== output)) throw new UsageError("--output-file and --output name two files: give one");
    if (output === "") throw new UsageError("--output-file expects a file name");
    const render = await formats[format as ReportFormat]();
    const data = await analyzeProject({ cwd: io.cwd, paths, configPath: values.config as string | undefined, schemaPath: values.schema as string | undefined });
    for (const warning of data.warnings ?? []) io.stderr(`Warning: ${warning}\n`);
    const options: ReportOptions = { ruleDocs: Object.fromEntries(allRules.map((rule) => [rule.name, rule.meta.docs.url])) };
    const text = render(data, options);

    const target = output ?? (format === "html" ? DEFAULT_HTML_OUTPUT : undefined);
    if (target === undefined) {
      io.stdout(text);
      return EXIT.clean;
    }
    const file = path.resolve(io.cwd, target);
    try {
      fs.writeFileSync(file, text);
    } catch (error) {
      throw new UsageError(`cannot write the report to ${target}: ${writeFailure(error)}`);
    }
    const relative = path.relative(io.cwd, file);
    io.stdout(`Report written to ${relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative}\n`);
    return EXIT.clean;
  },
};
