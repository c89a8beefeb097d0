// Routers in their own files, mounted with and without authentication.
import express from "express";
import { authenticate, requestId } from "./middleware/auth.js";
import { adminRouter } from "./routes/admin.js";
import { healthRouter } from "./routes/health.js";
import { itemsRouter } from "./routes/items.js";
import { publicRouter } from "./routes/public.js";

export const app = express();
app.use(express.json());
app.use(requestId);
app.use("/health", healthRouter);
app.use("/items", itemsRouter);
app.use("/admin", authenticate, adminRouter);
app.use("/public", publicRouter);
