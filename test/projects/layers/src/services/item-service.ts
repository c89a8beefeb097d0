import { findItem } from "../repositories/item-repository.js";

export const DEFAULT_NAME = "item";

export function getItem(id: string) {
  return findItem(id);
}
