// A service by its name, though it lives under routes/.
import { findItem } from "../../repositories/item-repository.js";
import { toArticle } from "./article.mapper.js";

export async function findArticle(id: string) {
  const row = await findItem(id);
  return row && toArticle(row);
}
