import { Router } from "express";

export const publicRouter = Router();
publicRouter.get("/docs/:page", (_req, res) => {
  res.send("docs");
});
