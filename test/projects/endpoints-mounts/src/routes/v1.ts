// Router-level middleware runs for what is registered after it, in order.
import express, { Router } from "express";
import { authenticate, requireAdmin } from "../middleware/auth.js";
import { notesRouter } from "./notes.js";
import { makeTagsRouter } from "./tags.js";

export const v1Router = express.Router();

v1Router.get("/status", (_req, res) => {
  res.json({ ok: true });
});

v1Router.use(authenticate);

v1Router.use("/notes", notesRouter);
v1Router.use("/tags", makeTagsRouter());
v1Router.use("/admin", requireAdmin);

v1Router.get("/admin/stats", (_req, res) => {
  res.json({});
});

v1Router.get("/me", (req, res) => {
  res.json(req.user);
});

/** Never mounted: its routes are listed under their own paths. */
export const orphanRouter = Router();
orphanRouter.get("/orphan", (_req, res) => {
  res.end();
});
