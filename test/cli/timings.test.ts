import { describe, expect, it, vi } from "vitest";
import { Timings } from "../../src/cli/timings.js";

describe("Timings", () => {
  it("adds up each stage and prints them in run order with their share", () => {
    const timings = new Timings();
    timings.add("config", 10);
    timings.add("parse", 30);
    timings.add("config", 10);
    expect(timings.format()).toBe(
      ["Stage  | Time (ms) | Relative", "-------|-----------|---------", "config |      20.0 |    40.0%", "parse  |      30.0 |    60.0%", "total  |      50.0 |   100.0%", ""].join("\n"),
    );
  });

  it("measures the work it runs, and keeps the time of work that throws", () => {
    const clock = vi.spyOn(performance, "now");
    try {
      for (const time of [0, 5, 100, 103]) clock.mockReturnValueOnce(time);
      const timings = new Timings();
      expect(timings.measure("rule", () => 42)).toBe(42);
      expect(() => timings.measure("throws", () => { throw new Error("boom"); })).toThrow("boom");
      expect(timings.entries()).toEqual([["rule", 5], ["throws", 3]]);
    } finally {
      clock.mockRestore();
    }
  });
});
