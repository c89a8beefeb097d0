import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { eslintIn, removeTemporaryProjects, temporaryProject, writeFile } from "../eslint/helpers.js";

afterAll(removeTemporaryProjects);

/** One file: a hard delete silenced by its comment, and a comment that silences nothing. */
function project(): string {
  const dir = temporaryProject();
  writeFile(dir, "backend-conventions.config.json", '{ "softDelete": { "field": ["deletedAt", "isDeleted"] } }');
  writeFile(
    dir,
    "src/purge.ts",
    [
      'import { PrismaClient } from "@prisma/client";',
      "const prisma = new PrismaClient();",
      "export async function purge(id: string) {",
      "  // eslint-disable-next-line backend-conventions/no-hard-delete -- the nightly purge of expired rows",
      "  await prisma.product.delete({ where: { id } });",
      "  // eslint-disable-next-line backend-conventions/require-owner-scope",
      '  return prisma.tag.count({ where: { name: "x" } });',
      "}",
      "",
    ].join("\n"),
  );
  return dir;
}

async function run(dir: string, ...args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(["check", "src/purge.ts", ...args], { cwd: dir, color: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { status, stdout: stdout.replaceAll(dir + path.sep, ""), stderr };
}

const UNUSED = "Unused eslint-disable directive (no problems were reported from 'backend-conventions/require-owner-scope')";

describe("check and eslint-disable comments", () => {
  it("honours the comments; unused ones are warnings by default, as in ESLint 9+ (exit 0), and off when asked", async () => {
    const result = await run(project());
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`6:3  warning  ${UNUSED}`);
    expect(result.stdout).toContain("1 problem (0 errors, 1 warning)");
    expect(result.stdout).not.toContain("no-hard-delete  ");
    expect(await run(project(), "--report-unused-disable-directives-severity", "off")).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("--report-unused-disable-directives reports them as errors, as ESLint does (exit 1)", async () => {
    const result = await run(project(), "--report-unused-disable-directives", "-f", "json");
    expect(result.status).toBe(1);
    const [file] = JSON.parse(result.stdout) as { messages: { ruleId: null; severity: number; message: string; line: number; column: number; fix: unknown }[] }[];
    expect(file.messages).toEqual([{ ruleId: null, severity: 2, message: `${UNUSED}.`, line: 6, column: 3, fix: { range: [278, 345], text: " " } }]);
  });

  it("--report-unused-disable-directives-severity warn reports them as warnings (exit 0)", async () => {
    const result = await run(project(), "--report-unused-disable-directives-severity", "warn");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`6:3  warning  ${UNUSED}`);
    expect(result.stdout).toContain("1 problem (0 errors, 1 warning)");
  });

  it("takes ESLint's severities, and rejects the two flags together or an unknown level (exit 2)", async () => {
    expect((await run(project(), "--report-unused-disable-directives-severity", "2")).status).toBe(1);
    expect((await run(project(), "--report-unused-disable-directives-severity", "off")).stdout).toBe("");
    expect(await run(project(), "--report-unused-disable-directives", "--report-unused-disable-directives-severity", "warn")).toEqual({
      status: 2,
      stdout: "",
      stderr: "Usage error: --report-unused-disable-directives and --report-unused-disable-directives-severity cannot be used together\n",
    });
    expect(await run(project(), "--report-unused-disable-directives-severity", "loud")).toEqual({
      status: 2,
      stdout: "",
      stderr: 'Usage error: --report-unused-disable-directives-severity expects off, warn, error, 0, 1 or 2, got "loud"\n',
    });
  });

  it("lists the silenced finding as ESLint's JSON does (suppressedMessages, kind directive, the justification); SARIF marks it inSource", async () => {
    const dir = project();
    const result = await run(dir, "-f", "json", "--report-unused-disable-directives-severity", "off");
    expect(result.status).toBe(0);
    const [file] = JSON.parse(result.stdout) as { suppressedMessages: { ruleId: string; line: number; suppressions: unknown[] }[] }[];
    const cli = file.suppressedMessages.map(({ ruleId, line, suppressions }) => ({ ruleId, line, suppressions }));
    expect(cli).toEqual([{ ruleId: "no-hard-delete", line: 5, suppressions: [{ kind: "directive", justification: "the nightly purge of expired rows" }] }]);
    const [linted] = await eslintIn(dir).lintFiles([path.join(dir, "src/purge.ts")]);
    expect(linted.suppressedMessages.map(({ ruleId, line, suppressions }) => ({ ruleId: ruleId?.replace("backend-conventions/", ""), line, suppressions }))).toEqual(cli);
    const sarif = JSON.parse((await run(dir, "-f", "sarif", "--report-unused-disable-directives-severity", "off")).stdout) as { runs: { results: { ruleId: string; suppressions?: unknown }[] }[] };
    expect(sarif.runs[0].results.map(({ ruleId, suppressions }) => ({ ruleId, suppressions }))).toEqual([
      { ruleId: "no-hard-delete", suppressions: [{ kind: "inSource", justification: "the nightly purge of expired rows" }] },
    ]);
  });

  it("gives the same with --cache, cold and warm", async () => {
    const dir = project();
    for (let round = 0; round < 2; round++) {
      const result = await run(dir, "--cache", "--report-unused-disable-directives-severity", "warn");
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`6:3  warning  ${UNUSED}`);
      const json = JSON.parse((await run(dir, "--cache", "-f", "json")).stdout) as { suppressedMessages: { ruleId: string }[] }[];
      expect(json[0].suppressedMessages.map((message) => message.ruleId)).toEqual(["no-hard-delete"]);
    }
  });
});
