// The package as a user gets it: `npm pack`, installed into a fresh folder holding a copy of the
// reference API, then `npx backend-conventions check` and `npx eslint .` with the README's one-line
// config. Prints one JSON line: what each found and what differs. Exit 0 when they agree (the
// findings of the rules the ESLint config turns on, schema findings aside), 1 when not.
//
//   node scripts/package-smoke.mjs        (after `npm run build`)
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bc-package-")));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

try {
  const packed = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: repoRoot, encoding: "utf8" }))[0];
  const tarball = path.join(work, packed.filename);
  const packedFiles = packed.files.map((file) => file.path);

  const project = path.join(work, "project");
  fs.cpSync(path.join(repoRoot, "fixtures/reference-api"), project, { recursive: true });
  fs.writeFileSync(path.join(project, "package.json"), `${JSON.stringify({ name: "smoke", private: true, type: "module" }, null, 2)}\n`);
  const devDependencies = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")).devDependencies;
  execFileSync(
    npm,
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", tarball, `eslint@${devDependencies.eslint}`, `typescript@${devDependencies.typescript}`],
    { cwd: project, stdio: ["ignore", "ignore", "inherit"] },
  );
  // The README's config, word for word.
  fs.writeFileSync(path.join(project, "eslint.config.js"), 'import conventions from "backend-conventions";\n\nexport default [conventions.configs.recommended];\n');

  const check = spawnSync(npx, ["--no-install", "backend-conventions", "check", "--format", "json"], { cwd: project, encoding: "utf8" });
  const eslint = spawnSync(npx, ["--no-install", "eslint", ".", "--format", "json"], { cwd: project, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const places = (stdout) =>
    JSON.parse(stdout).flatMap((result) =>
      result.messages.map((message) => `${path.relative(project, result.filePath)}:${message.line}:${message.column} ${(message.ruleId ?? "fatal").replace(/^backend-conventions\//, "")}`),
    );
  // configs.recommended runs what the tool's config turns on (require-auth, a strict rule, included), as the CLI does
  const fromCli = places(check.stdout).filter((place) => !place.includes(".prisma:")).sort();
  // the fixture's own disable comments name rules of configs the README's one line does not load
  const fromEslint = places(eslint.stdout).filter((place) => !place.split(" ")[1].startsWith("@typescript-eslint/")).sort();
  const lintedGenerated = JSON.parse(eslint.stdout).filter((result) => result.filePath.includes(`${path.sep}generated${path.sep}prisma${path.sep}`)).length;
  const report = {
    tarballFiles: packedFiles.length,
    unwantedInTarball: packedFiles.filter((file) => /(^|\/)(test|tests|fixtures|bench|coverage)\/|\.test\.|generated\/prisma/.test(file)),
    checkExit: check.status,
    eslintExit: eslint.status,
    cliFindings: fromCli.length,
    eslintFindings: fromEslint.length,
    lintedGenerated,
    onlyCli: fromCli.filter((place) => !fromEslint.includes(place)),
    onlyEslint: fromEslint.filter((place) => !fromCli.includes(place)),
    stderr: `${check.stderr}${eslint.stderr}`.trim(),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const agree = report.checkExit === 1 && report.eslintExit === 1 && report.cliFindings > 0 && report.onlyCli.length === 0 && report.onlyEslint.length === 0;
  process.exitCode = agree && report.unwantedInTarball.length === 0 && lintedGenerated === 0 ? 0 : 1;
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
