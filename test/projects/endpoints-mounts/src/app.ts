// Nested mounts: app → /api → /v1 → /notes, /tags.
import express from "express";
import { requestId } from "./middleware/auth.js";
import { apiRouter } from "./routes/api.js";
import healthRoutes from "./routes/health.js";

export const app = express();
app.use(requestId);
app.get("/ping", (_req, res) => {
  res.send("pong");
});
app.use("/api", apiRouter);
app.use("/health", healthRoutes);
// A function without `next` answers every method under its path.
app.use("/legacy", (_req, res) => {
  res.status(410).end();
});
