import { describe, expect, it } from "vitest";
import { Evaluator, type AbsValue } from "../../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../../src/engine/where.js";
import { parse, probeArgument } from "./helpers.js";

/** The abstract value of the argument of `probe(...)`. */
function valueOf(code: string): AbsValue {
  return new Evaluator(undefined).evaluate(probeArgument(parse(code)));
}

/** The soft-delete test a rule would pass: `null` is yes, an unknown value is unknown, anything else no. */
function isNull(value: AbsValue): Verdict {
  if (value.kind === "literal") return value.value === null ? "yes" : "no";
  return value.kind === "unknown" ? "unknown" : "no";
}

function deletedAtIsNull(code: string): Verdict {
  return whereConstrains(valueOf(code), "deletedAt", isNull);
}

describe("whereConstrains", () => {
  it("a direct field that is accepted: yes", () => {
    expect(deletedAtIsNull('probe({ id: "i1", deletedAt: null });')).toBe("yes");
  });

  it("a direct field that is not accepted: no", () => {
    expect(deletedAtIsNull('probe({ id: "i1", deletedAt: { not: null } });')).toBe("no");
  });

  it("a direct field whose value is unknown: unknown", () => {
    expect(deletedAtIsNull("probe({ deletedAt: req.query.deletedAt });")).toBe("unknown");
  });

  it("no such field: no", () => {
    expect(deletedAtIsNull('probe({ id: "i1" });')).toBe("no");
  });

  it("an absent where (undefined): no", () => {
    expect(whereConstrains({ kind: "literal", value: undefined }, "deletedAt", isNull)).toBe("no");
  });

  it("a null where: no", () => {
    expect(deletedAtIsNull("probe(null);")).toBe("no");
  });

  it("a where that is some other literal: unknown", () => {
    expect(deletedAtIsNull('probe("id");')).toBe("unknown");
  });

  it("an unknown where: unknown", () => {
    expect(deletedAtIsNull("probe(req.body.where);")).toBe("unknown");
  });

  it("an opaque object without the field: unknown", () => {
    expect(deletedAtIsNull('probe({ id: "i1", ...req.query });')).toBe("unknown");
  });

  it("an opaque object with the field: yes", () => {
    expect(deletedAtIsNull("probe({ ...req.query, deletedAt: null });")).toBe("yes");
  });

  it("AND as an array with one member that constrains: yes", () => {
    expect(deletedAtIsNull('probe({ AND: [{ id: "i1" }, { deletedAt: null }] });')).toBe("yes");
  });

  it("AND as an array with no member that constrains: no", () => {
    expect(deletedAtIsNull('probe({ AND: [{ id: "i1" }, { name: "n" }] });')).toBe("no");
  });

  it("AND as a single object that constrains: yes", () => {
    expect(deletedAtIsNull('probe({ id: "i1", AND: { deletedAt: null } });')).toBe("yes");
  });

  it("AND as a single object that does not constrain: no", () => {
    expect(deletedAtIsNull('probe({ AND: { id: "i1" } });')).toBe("no");
  });

  it("AND with an opaque spread and no member that constrains: unknown", () => {
    expect(deletedAtIsNull('probe({ AND: [{ id: "i1" }, ...extra] });')).toBe("unknown");
  });

  it("AND nested in AND: yes", () => {
    expect(deletedAtIsNull("probe({ AND: [{ AND: [{ deletedAt: null }] }] });")).toBe("yes");
  });

  it("OR where every branch constrains: yes", () => {
    expect(deletedAtIsNull('probe({ OR: [{ id: "a", deletedAt: null }, { name: "b", deletedAt: null }] });')).toBe("yes");
  });

  it("OR where one branch is missing the field: no", () => {
    expect(deletedAtIsNull('probe({ OR: [{ id: "a", deletedAt: null }, { name: "b" }] });')).toBe("no");
  });

  it("OR as a single object that constrains: yes", () => {
    expect(deletedAtIsNull("probe({ OR: { deletedAt: null } });")).toBe("yes");
  });

  it("an empty OR: no", () => {
    expect(deletedAtIsNull("probe({ OR: [] });")).toBe("no");
  });

  it("OR with an unknown branch and no missing one: unknown", () => {
    expect(deletedAtIsNull("probe({ OR: [{ deletedAt: null }, other] });")).toBe("unknown");
  });

  it("NOT of the field does not constrain it to live rows: no", () => {
    expect(deletedAtIsNull("probe({ NOT: { deletedAt: null } });")).toBe("no");
  });

  it("the field directly, rejected, but an AND member constrains: yes", () => {
    expect(deletedAtIsNull("probe({ deletedAt: undefined, AND: [{ deletedAt: null }] });")).toBe("yes");
  });

  it("AND with an unknown member, and OR where every branch constrains: yes", () => {
    expect(deletedAtIsNull("probe({ AND: [other], OR: [{ deletedAt: null }, { id: 1, deletedAt: null }] });")).toBe("yes");
  });

  it("a direct field that is unknown, and an AND member that constrains: yes", () => {
    expect(deletedAtIsNull("probe({ deletedAt: req.query.deletedAt, AND: [{ deletedAt: null }] });")).toBe("yes");
  });

  it("oneOf where every path constrains: yes", () => {
    expect(deletedAtIsNull('probe(all ? { deletedAt: null } : { id: "i1", deletedAt: null });')).toBe("yes");
  });

  it("oneOf where one path does not constrain: no", () => {
    expect(deletedAtIsNull('probe(all ? { id: "i1" } : { deletedAt: null });')).toBe("no");
  });

  it("oneOf where one path is unknown and none says no: unknown", () => {
    expect(deletedAtIsNull("probe(all ? { deletedAt: null } : req.body.where);")).toBe("unknown");
  });

  it("a field that is oneOf(null | undefined) after a conditional assignment: no", () => {
    const code = ["const where: Record<string, unknown> = {};", "if (live) where.deletedAt = null;", "probe(where);"].join("\n");
    expect(whereConstrains(valueOf(code), "deletedAt", (value) => onEveryPath(value, isNull))).toBe("no");
  });

  it("a spread of `cond && { deletedAt: null }`: no", () => {
    expect(deletedAtIsNull('probe({ id: "i1", ...(live && { deletedAt: null }) });')).toBe("no");
  });
});

describe("onEveryPath", () => {
  const yes = { kind: "literal", value: null } as const;
  const no = { kind: "literal", value: 1 } as const;
  const unknown = { kind: "unknown" } as const;

  it("a value that is not oneOf is tested directly", () => {
    expect(onEveryPath(yes, isNull)).toBe("yes");
    expect(onEveryPath(no, isNull)).toBe("no");
  });

  it("every option yes: yes", () => {
    expect(onEveryPath({ kind: "oneOf", options: [yes, yes] }, isNull)).toBe("yes");
  });

  it("an option no wins over an option unknown: no", () => {
    expect(onEveryPath({ kind: "oneOf", options: [unknown, no, yes] }, isNull)).toBe("no");
  });

  it("an option unknown and none no: unknown", () => {
    expect(onEveryPath({ kind: "oneOf", options: [yes, unknown] }, isNull)).toBe("unknown");
  });

  it("nested oneOf options are walked", () => {
    expect(onEveryPath({ kind: "oneOf", options: [yes, { kind: "oneOf", options: [yes, no] }] }, isNull)).toBe("no");
  });
});
