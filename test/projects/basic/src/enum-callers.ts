// Calls enum-queries.ts with a value that is not an ItemStatus.
import { itemsOfStatus } from "./enum-queries.js";

export function archivedItems() {
  return itemsOfStatus("archive");
}
