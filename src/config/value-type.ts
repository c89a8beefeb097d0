/** The type name used in "got …" parts of messages: string, number, boolean, null, array, object, … */
export function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** A value for a message: primitives as JSON (`"fatal"`, `3`), anything else by its type. */
export function describeValue(value: unknown): string {
  if (typeof value === "string" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "number";
  return typeOf(value);
}
