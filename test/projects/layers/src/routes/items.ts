// A route as it should be: services for behaviour, types from anywhere, HTTP here.
import { Router } from "express";
import type { Request } from "express";
import type { ItemRow } from "@app/repositories/item-repository.js";
import { getItem } from "@app/services/item-service.js";
import type { ItemDto } from "../dto/item.js";
import { title } from "../utils/format.js";

export const itemsRouter = Router();

itemsRouter.get("/:id", async (req: Request, res) => {
  const row: ItemRow | null = await getItem(req.params.id);
  if (!row) {
    res.status(404).end();
    return;
  }
  const dto: ItemDto = { id: row.id, name: title(row.name) };
  res.json(dto);
});
