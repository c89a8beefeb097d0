import { editDistance } from "../../src/engine/edit-distance.js";

/**
 * The value of an enum a mistaken string most likely meant. In order: the same value in
 * another case, a value sharing a synonym of one of its words (`manual` → `user_input`),
 * a value sharing a word or containing it (`sync` → `device_sync`, `fast` → `fasting`),
 * then the nearest by edit distance, at most max(2, ⌊length/3⌋) edits away.
 */
export function closestEnumValue(value: string, candidates: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const exact = candidates.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;

  const own = words(value);
  for (const synonym of own.flatMap((word) => SYNONYMS[word] ?? [])) {
    const found = candidates.find((candidate) => words(candidate).includes(synonym));
    if (found) return found;
  }

  const sharing = candidates.find((candidate) => words(candidate).some((word) => word.length >= 3 && own.includes(word)));
  if (sharing) return sharing;

  const containing = candidates.filter((candidate) => {
    const other = candidate.toLowerCase();
    const shorter = Math.min(other.length, lower.length);
    return shorter >= 3 && (other.includes(lower) || lower.includes(other));
  });
  if (containing.length > 0) return nearest(lower, containing);

  const limit = Math.max(2, Math.floor(lower.length / 3));
  const close = candidates.filter((candidate) => editDistance(lower, candidate.toLowerCase()) <= limit);
  return close.length > 0 ? nearest(lower, close) : undefined;
}

/**
 * Words that name the same thing in the vocabularies teams mix up. Only words, never
 * whole enum values: a candidate matches when one of its words is listed.
 */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  manual: ["user", "input", "entered", "manual"],
  manually: ["user", "input", "entered", "manual"],
  typed: ["user", "input", "entered"],
  entered: ["user", "input", "manual"],
  auto: ["calculated", "computed", "automatic", "derived"],
  automatic: ["calculated", "computed", "auto", "derived"],
  computed: ["calculated", "derived"],
  inactive: ["archived", "disabled", "inactive"],
  disabled: ["inactive", "archived"],
  enabled: ["active"],
  removed: ["deleted", "archived"],
};

/** `device_sync` → [device, sync]; `userInput` → [user, input]. */
function words(value: string): string[] {
  return value
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function nearest(lower: string, candidates: readonly string[]): string {
  let best = candidates[0];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
