/**
 * Measurement helpers shared by the benchmark scripts: run a command as a whole process and time
 * it, read its peak memory, summarise the runs and render markdown.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const PRELOAD = path.join(import.meta.dirname, "rusage-preload.cjs");

export interface MeasureOptions {
  cwd: string;
  runs: number;
  /** Added to this process's environment; a NODE_OPTIONS here is kept alongside the preload. */
  env?: NodeJS.ProcessEnv;
  /** Exit codes that count as success; any other code, or a signal, fails the measurement. Default: 0. */
  okExitCodes?: readonly number[];
  /** Called before every run, e.g. to remove a cache so each run starts cold. */
  beforeRun?: () => void;
  /** Progress: called after every run, since one run of a slow tool on a large corpus can take minutes. */
  onRun?: (run: number, wallSeconds: number) => void;
}

export interface Measurement {
  /** Wall time of each run in seconds, from spawn until the process exits. */
  wall: number[];
  /** Peak resident set size of each run in MB (10^6 bytes), of the spawned process itself. */
  rss: number[];
  /** Output of the first run; later runs' output is read (so they pay the same piping cost) but dropped. */
  stdout: string;
  stderr: string;
  exitCode: number;
}

interface RunResult {
  wallSeconds: number;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs `command args` `runs` times, one after the other, each as a fresh process in `cwd`. */
export async function measureCommand(command: string, args: readonly string[], options: MeasureOptions): Promise<Measurement> {
  const okExitCodes = options.okExitCodes ?? [0];
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rusage-"));
  try {
    const measurement: Measurement = { wall: [], rss: [], stdout: "", stderr: "", exitCode: 0 };
    for (let run = 0; run < options.runs; run++) {
      options.beforeRun?.();
      const rusageFile = path.join(tempDir, `run-${run}`);
      const result = await runOnce(command, args, { cwd: options.cwd, env: childEnv(options.env, rusageFile), keepStdout: run === 0 });
      if (result.exitCode === null || !okExitCodes.includes(result.exitCode)) throw failure(command, args, options.cwd, result);
      measurement.wall.push(result.wallSeconds);
      measurement.rss.push(readPeakRss(rusageFile, command, args));
      options.onRun?.(run, result.wallSeconds);
      if (run === 0) {
        measurement.stdout = result.stdout;
        measurement.stderr = result.stderr;
        measurement.exitCode = result.exitCode;
      }
    }
    return measurement;
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

function childEnv(extra: NodeJS.ProcessEnv | undefined, rusageFile: string): NodeJS.ProcessEnv {
  const nodeOptions = [process.env.NODE_OPTIONS, extra?.NODE_OPTIONS, `--require ${JSON.stringify(PRELOAD)}`]
    .filter((option) => option !== undefined && option !== "")
    .join(" ");
  return { ...process.env, ...extra, NODE_OPTIONS: nodeOptions, BENCH_RUSAGE_FILE: rusageFile };
}

function runOnce(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; keepStdout: boolean },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const start = process.hrtime.bigint();
    let end = start;
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => {
      if (options.keepStdout) stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", reject);
    // The clock stops at exit; 'close' follows once the pipes are drained, which is not the tool's time.
    child.on("exit", () => {
      end = process.hrtime.bigint();
    });
    child.on("close", (exitCode, signal) => {
      resolve({
        wallSeconds: Number(end - start) / 1e9,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        exitCode,
        signal,
      });
    });
  });
}

function readPeakRss(rusageFile: string, command: string, args: readonly string[]): number {
  if (!fs.existsSync(rusageFile)) {
    throw new Error(`no peak RSS from ${describe(command, args)}: is it a Node process that honours NODE_OPTIONS?`);
  }
  const kib = Number(fs.readFileSync(rusageFile, "utf8"));
  return (kib * 1024) / 1e6;
}

function failure(command: string, args: readonly string[], cwd: string, result: RunResult): Error {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with ${result.exitCode}`;
  const tail = (text: string): string => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
  return new Error(
    `${describe(command, args)} ${how} (cwd ${cwd})\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`,
  );
}

function describe(command: string, args: readonly string[]): string {
  return [path.basename(command), ...args].join(" ");
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error("summarize: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export function formatSeconds(seconds: number): string {
  return seconds.toFixed(2);
}

export function formatMb(mb: number): string {
  return mb.toFixed(0);
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(2)}×`;
}

/** A markdown table; columns after the first are right-aligned since they hold numbers. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = headers.map((_, column) => (column === 0 ? "---" : "---:"));
  const line = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;
  return [line(headers), line(align), ...rows.map(line)].join("\n");
}

/** The machine and the state of the code measured: numbers from different machines or commits don't compare. */
export function machineSection(runs: number): string {
  const cpus = os.cpus();
  const facts = [
    `CPU: ${cpus[0]?.model.trim() ?? "unknown"} (${cpus.length} cores)`,
    `Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `OS: ${os.type()} ${os.release()} ${os.arch()}`,
    `Node: ${process.version}`,
    `Commit: ${gitDescription()}`,
    `Date: ${new Date().toISOString()}`,
    `Runs per tool: ${runs}`,
  ];
  return `## Machine\n\n${facts.map((fact) => `- ${fact}`).join("\n")}`;
}

function gitDescription(): string {
  try {
    const git = (...args: string[]): string => execFileSync("git", args, { cwd: import.meta.dirname, encoding: "utf8" }).trim();
    const dirty = git("status", "--porcelain", "--", ":/src", ":/rules") !== "";
    return `${git("rev-parse", "--short", "HEAD")}${dirty ? " with uncommitted changes in src/ or rules/" : ""}`;
  } catch {
    return "unknown";
  }
}

/** The whole results document; each section is markdown starting with its own `##` heading. */
export function renderResults(sections: readonly string[]): string {
  return `# Benchmark results\n\n${sections.map((section) => section.trim()).join("\n\n")}\n`;
}
