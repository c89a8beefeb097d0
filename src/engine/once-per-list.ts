/**
 * `compute(list)` once per option list. A rule's options are the same arrays for a whole run (and
 * for an editor session), while the rule runs once per file: what it derives from them (a compiled
 * glob, normalised names) is derived once.
 */
export function oncePerList<T>(compute: (list: readonly string[]) => T): (list: readonly string[]) => T {
  const derived = new WeakMap<readonly string[], T>();
  return (list) => {
    let value = derived.get(list);
    if (value === undefined) derived.set(list, (value = compute(list)));
    return value;
  };
}
