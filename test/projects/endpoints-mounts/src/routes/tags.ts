// A router made by a factory function and mounted from its call.
import { Router } from "express";
import { prisma } from "../db/client.js";

export function makeTagsRouter() {
  const router = Router();
  router.get("/", async (_req, res) => {
    res.json(await prisma.tag.findMany());
  });
  return router;
}
