/**
 * `--timings`: where a run's time goes, stage by stage (config, schema, parse, index, each
 * rule, report), in the spirit of ESLint's TIMING table. A rule's time includes the cross-file
 * facts it was the first to need, so the table says which rule made the run pay for them.
 */
export class Timings {
  private readonly stages = new Map<string, number>();

  /** Runs `work` and adds its duration to `stage`. */
  measure<T>(stage: string, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  async measureAsync<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - start);
    }
  }

  add(stage: string, milliseconds: number): void {
    this.stages.set(stage, (this.stages.get(stage) ?? 0) + milliseconds);
  }

  entries(): [stage: string, milliseconds: number][] {
    return [...this.stages];
  }

  /** A table in run order: stage, milliseconds, share of the total. */
  format(): string {
    const entries = this.entries();
    const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
    const rows = [...entries.map(([stage, ms]): [string, string, string] => [stage, ms.toFixed(1), `${total > 0 ? ((ms / total) * 100).toFixed(1) : "0.0"}%`]), ["total", total.toFixed(1), "100.0%"] as [string, string, string]];
    const header: [string, string, string] = ["Stage", "Time (ms)", "Relative"];
    const widths = [0, 1, 2].map((column) => Math.max(header[column].length, ...rows.map((row) => row[column].length)));
    const line = (row: [string, string, string]) => `${row[0].padEnd(widths[0])} | ${row[1].padStart(widths[1])} | ${row[2].padStart(widths[2])}`;
    return [line(header), `${"-".repeat(widths[0])}-|-${"-".repeat(widths[1])}-|-${"-".repeat(widths[2])}`, ...rows.map(line)].join("\n") + "\n";
  }
}
