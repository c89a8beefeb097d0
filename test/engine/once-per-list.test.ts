import { describe, expect, it } from "vitest";
import { oncePerList } from "../../src/engine/once-per-list.js";

describe("oncePerList", () => {
  it("derives once per list, and again for another list with the same contents", () => {
    const seen: string[][] = [];
    const joined = oncePerList((list) => (seen.push([...list]), list.join("+")));
    const options = ["a", "b"];
    expect(joined(options)).toBe("a+b");
    expect(joined(options)).toBe("a+b");
    expect(joined(["a", "b"])).toBe("a+b");
    expect(joined([])).toBe("");
    expect(seen).toEqual([["a", "b"], ["a", "b"], []]);
  });
});
