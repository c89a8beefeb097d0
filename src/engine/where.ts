import type { AbsValue, Property } from "./values.js";

/** A three-valued answer: the engine says "unknown" rather than guess. */
export type Verdict = "yes" | "no" | "unknown";

/** `yes` when every path says yes, `no` when some path says no, else `unknown`. */
export function onEveryPath(value: AbsValue, test: (value: Exclude<AbsValue, { kind: "oneOf" }>) => Verdict): Verdict {
  if (value.kind !== "oneOf") return test(value);
  let verdict: Verdict = "yes";
  for (const option of value.options) {
    const answer = onEveryPath(option, test);
    if (answer === "no") return "no";
    if (answer === "unknown") verdict = "unknown";
  }
  return verdict;
}

/**
 * Whether a Prisma `where` constrains `field` (as judged by `accepts`) on every path:
 * directly, inside every branch of an `OR`, or inside any member of `AND`.
 * An absent where constrains nothing; an opaque one is unknown.
 */
export function whereConstrains(where: AbsValue, field: string, accepts: (value: AbsValue) => Verdict): Verdict {
  return onEveryPath(where, (value) => {
    if (value.kind === "literal") return value.value === undefined || value.value === null ? "no" : "unknown";
    if (value.kind !== "object") return "unknown";
    const direct = value.props.get(field);
    const and = value.props.get("AND");
    const or = value.props.get("OR");
    // Any one of the ways that says yes is enough; otherwise unknown beats no.
    const verdicts: Verdict[] = [
      direct ? accepts(direct.value) : "no",
      and ? anyMember(and, (member) => whereConstrains(member, field, accepts)) : "no",
      or ? everyMember(or, (member) => whereConstrains(member, field, accepts)) : "no",
      value.opaque ? "unknown" : "no",
    ];
    if (verdicts.includes("yes")) return "yes";
    return verdicts.includes("unknown") ? "unknown" : "no";
  });
}

function anyMember(property: Property, test: (value: AbsValue) => Verdict): Verdict {
  return onEveryPath(property.value, (list) => {
    if (list.kind === "object") return test(list);
    if (list.kind !== "array") return "unknown";
    let verdict: Verdict = list.opaque ? "unknown" : "no";
    for (const element of list.elements) {
      const answer = test(element);
      if (answer === "yes") return "yes";
      if (answer === "unknown") verdict = "unknown";
    }
    return verdict;
  });
}

function everyMember(property: Property, test: (value: AbsValue) => Verdict): Verdict {
  return onEveryPath(property.value, (list) => {
    if (list.kind === "object") return test(list);
    if (list.kind !== "array" || list.elements.length === 0) return list.kind === "array" ? "no" : "unknown";
    let verdict: Verdict = list.opaque ? "unknown" : "yes";
    for (const element of list.elements) {
      const answer = test(element);
      if (answer === "no") return "no";
      if (answer === "unknown") verdict = "unknown";
    }
    return verdict;
  });
}
