// A unit test's fixture value passed to enum-queries.ts: test files are not checked, and a value
// they pass is reported nowhere (not at the query either).
import { itemsOfStatus } from "./enum-queries.js";

export function fixture() {
  return itemsOfStatus("test-status");
}
