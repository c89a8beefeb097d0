/**
 * `const track = await prisma.track.create(…)` then `prisma.trackAudio.upsert({ where: { trackId: track.id } … })`:
 * a query keyed by a row this function just created (or by a row it re-read by that new row's id). The new row and
 * every row that points to it were made on this path, after it: none of them can have been deleted before.
 */
import { callsStartingIn } from "../../src/engine/file-index.js";
import { isReadOperation, type QuerySite } from "../../src/engine/query-sites.js";
import { querySiteOf, type AnalysisContext } from "../../src/engine/rule.js";
import { keyNames, owningFunction, resultVariable, whereExpression, type KeyName } from "../utils/soft-delete-rows.js";
import type { ts } from "../../src/engine/ts.js";

export function isKeyedByCreatedRow(site: QuerySite, analysis: AnalysisContext): boolean {
  const keys = keyNames(whereExpression(site));
  const fn = owningFunction(site.call);
  if (keys.length === 0 || !fn?.body) return false;
  const fresh = new Set<ts.Node>();
  const isFresh = (key: KeyName) => fresh.has(key.declaration) && key.path !== "";
  for (const call of callsStartingIn(site.call.getSourceFile(), fn.body.pos, site.call.pos)) {
    if (call.end > site.call.pos) continue;
    const earlier = querySiteOf(call, analysis);
    const result = earlier && resultVariable(earlier.call);
    if (!earlier || !result) continue;
    // the new row, or the same row read back by its key
    const earlierKeys = keyNames(whereExpression(earlier));
    if (earlier.operation === "create" || (isReadOperation(earlier.operation) && earlierKeys.length > 0 && earlierKeys.every(isFresh))) fresh.add(result);
  }
  return keys.every(isFresh);
}
