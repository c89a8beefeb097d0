import { Router } from "express";
import { authenticate } from "../middleware/auth.js";

export const itemsRouter = Router();
itemsRouter.use(authenticate);
itemsRouter.get("/", (_req, res) => {
  res.json([]);
});
