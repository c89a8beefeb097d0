/** Whether stdout takes colour when no --color / --no-color is given (src/cli/color.ts). */
import { describe, expect, it } from "vitest";
import { colorFromEnvironment } from "../../src/cli/color.js";

describe("colorFromEnvironment", () => {
  it("a terminal: colour; a pipe or file: none", () => {
    expect(colorFromEnvironment({}, true)).toBe(true);
    expect(colorFromEnvironment({}, false)).toBe(false);
  });

  it("NO_COLOR set and not empty: no colour, even on a terminal", () => {
    expect(colorFromEnvironment({ NO_COLOR: "1" }, true)).toBe(false);
    expect(colorFromEnvironment({ NO_COLOR: "false" }, true)).toBe(false);
  });

  it("NO_COLOR empty counts as unset (no-color.org)", () => {
    expect(colorFromEnvironment({ NO_COLOR: "" }, true)).toBe(true);
  });

  it("FORCE_COLOR: colour into a pipe, and over NO_COLOR (as Node decides it)", () => {
    expect(colorFromEnvironment({ FORCE_COLOR: "1" }, false)).toBe(true);
    expect(colorFromEnvironment({ FORCE_COLOR: "" }, false)).toBe(true);
    expect(colorFromEnvironment({ FORCE_COLOR: "3" }, false)).toBe(true);
    expect(colorFromEnvironment({ FORCE_COLOR: "true", NO_COLOR: "1" }, false)).toBe(true);
  });

  it("FORCE_COLOR 0 or false: no colour, even on a terminal", () => {
    expect(colorFromEnvironment({ FORCE_COLOR: "0" }, true)).toBe(false);
    expect(colorFromEnvironment({ FORCE_COLOR: "false" }, true)).toBe(false);
    expect(colorFromEnvironment({ FORCE_COLOR: "FALSE" }, true)).toBe(false);
  });

  it("TERM=dumb: no colour on a terminal", () => {
    expect(colorFromEnvironment({ TERM: "dumb" }, true)).toBe(false);
    expect(colorFromEnvironment({ TERM: "xterm-256color" }, true)).toBe(true);
  });
});
