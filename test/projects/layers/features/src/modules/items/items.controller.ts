// A feature with every layer: controller → service → repository.
import { getItem } from "./items.service.js";

export const show = (id: string) => getItem(id);
