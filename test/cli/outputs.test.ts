/** Which output goes where: `--format` and `--output-file` in command-line order (src/cli/outputs.ts). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { planOutputs, writeOutputFile } from "../../src/cli/outputs.js";
import type { GivenOption } from "../../src/cli/commands/types.js";

const FORMATS = ["stylish", "json", "sarif", "github"];
const cwd = "/project";

/** `["-f", "json", "-o", "a.json"]` → the options as the parser records them. */
function given(...args: string[]): GivenOption[] {
  const options: GivenOption[] = [];
  for (let index = 0; index < args.length; index += 2) {
    options.push({ name: args[index] === "-f" ? "format" : "output-file", value: args[index + 1] });
  }
  return options;
}

const plan = (...args: string[]) => planOutputs(given(...args), FORMATS, cwd);

describe("planOutputs", () => {
  it("nothing given: stylish to stdout", () => {
    expect(plan()).toStrictEqual([{ format: "stylish" }]);
  });

  it("one format: to stdout", () => {
    expect(plan("-f", "json")).toStrictEqual([{ format: "json" }]);
  });

  it("an --output-file alone: the default format to that file", () => {
    expect(plan("-o", "findings.txt")).toStrictEqual([{ format: "stylish", file: "findings.txt" }]);
  });

  it("an --output-file after its --format", () => {
    expect(plan("-f", "json", "-o", "a.json")).toStrictEqual([{ format: "json", file: "a.json" }]);
  });

  it("an --output-file before the first --format belongs to it (ESLint's -o a.json -f json)", () => {
    expect(plan("-o", "a.json", "-f", "json")).toStrictEqual([{ format: "json", file: "a.json" }]);
  });

  it("the CI recipe: github to stdout, sarif to a file", () => {
    expect(plan("-f", "github", "-f", "sarif", "-o", "out.sarif")).toStrictEqual([
      { format: "github" },
      { format: "sarif", file: "out.sarif" },
    ]);
  });

  it("each --output-file to the --format just before it; the one without a file goes to stdout", () => {
    expect(plan("-f", "sarif", "-o", "out.sarif", "-f", "stylish", "-f", "json", "-o", "out.json")).toStrictEqual([
      { format: "sarif", file: "out.sarif" },
      { format: "stylish" },
      { format: "json", file: "out.json" },
    ]);
  });

  it("the same format twice, to two files", () => {
    expect(plan("-f", "json", "-o", "a.json", "-f", "json", "-o", "b.json")).toStrictEqual([
      { format: "json", file: "a.json" },
      { format: "json", file: "b.json" },
    ]);
  });

  it("two formats left for stdout: a usage error naming them", () => {
    expect(() => plan("-f", "json", "-f", "sarif")).toThrow(
      "--format json and --format sarif would both write to stdout: give an --output-file after all but one --format",
    );
    expect(() => plan("-f", "json", "-f", "sarif", "-f", "github", "-o", "x")).toThrow("--format json and --format sarif would both write");
  });

  it("two --output-file for one --format: a usage error", () => {
    expect(() => plan("-f", "json", "-o", "a.json", "-o", "b.json")).toThrow(
      'two --output-file for one --format json ("a.json" and "b.json"): each --output-file names the file of the --format before it',
    );
    expect(() => plan("-o", "a.json", "-f", "json", "-o", "b.json")).toThrow('two --output-file for one --format json ("a.json" and "b.json")');
    expect(() => plan("-o", "a.txt", "-o", "b.txt")).toThrow('two --output-file for one --format stylish ("a.txt" and "b.txt")');
  });

  it("two formats to one file (also spelt differently): a usage error", () => {
    expect(() => plan("-f", "json", "-o", "out", "-f", "sarif", "-o", "./out")).toThrow(
      '--format json and --format sarif would both be written to "./out"',
    );
  });

  it("an unknown format anywhere: a usage error listing the formats", () => {
    expect(() => plan("-f", "github", "-f", "xml", "-o", "x.xml")).toThrow(
      'unknown format "xml" (expected one of: stylish, json, sarif, github)',
    );
  });

  it("an empty --output-file: a usage error", () => {
    expect(() => plan("-f", "json", "-o", "")).toThrow("--output-file expects a file name");
  });
});

describe("writeOutputFile", () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-outputs-")));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("creates the folder, and ends a text with a newline", () => {
    expect(writeOutputFile(dir, "reports/deep/out.json", "[]")).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, "reports/deep/out.json"), "utf8")).toBe("[]\n");
  });

  it("an empty text is an empty file, replacing the previous run's", () => {
    fs.writeFileSync(path.join(dir, "annotations.txt"), "::error old\n");
    expect(writeOutputFile(dir, "annotations.txt", "")).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, "annotations.txt"), "utf8")).toBe("");
  });

  it("a folder in the way: why, in words", () => {
    fs.mkdirSync(path.join(dir, "a-folder"));
    expect(writeOutputFile(dir, "a-folder", "x")).toBe("it is a directory");
  });

  it("a file where a folder should be: why, in words", () => {
    fs.writeFileSync(path.join(dir, "a-file"), "");
    expect(writeOutputFile(dir, "a-file/out.json", "x")).toBe("a file is in the way of a folder");
    expect(writeOutputFile(dir, "a-file/sub/out.json", "x")).toBe("a parent is not a directory");
  });
});
