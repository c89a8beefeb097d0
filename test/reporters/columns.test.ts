import { describe, expect, it } from "vitest";
import { alignColumns, visibleWidth } from "../../src/reporters/columns.js";

describe("alignColumns", () => {
  it("pads each column to its widest cell and trims line ends", () => {
    expect(
      alignColumns(
        [
          ["1", "ab", "x"],
          ["100", "a", ""],
        ],
        ["right"],
      ),
    ).toEqual(["  1  ab  x", "100  a"]);
  });

  it("measures cells without their ANSI codes", () => {
    expect(visibleWidth("\u001b[31merror\u001b[39m")).toBe(5);
    expect(alignColumns([["\u001b[31mab\u001b[39m", "x"], ["abc", "y"]])).toEqual(["\u001b[31mab\u001b[39m   x", "abc  y"]);
  });

  it("gives no lines for no rows", () => {
    expect(alignColumns([])).toEqual([]);
  });
});
