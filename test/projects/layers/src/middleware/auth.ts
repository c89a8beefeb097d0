// Middleware is in no layer: it may use services and speak HTTP.
import type { NextFunction, Request, Response } from "express";
import { getItem } from "../services/item-service.js";

export async function loadItem(req: Request, res: Response, next: NextFunction) {
  if (!(await getItem(String(req.params.id)))) {
    res.status(404).end();
    return;
  }
  next();
}
