import { getItem } from "./item-service.js";

export function audit(id: string) {
  return getItem(id);
}
