// A feature folder under routes/: the controller, its service and a helper side by side.
import { findArticle } from "./article.service.js";

export const show = (id: string) => findArticle(id);
