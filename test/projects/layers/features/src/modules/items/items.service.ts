import { findItem } from "./items.repository.js";

export const getItem = (id: string) => findItem(id);
