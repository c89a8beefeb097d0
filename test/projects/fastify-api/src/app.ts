import Fastify from "fastify";
import authPlugin from "./plugins/auth.js";
import adminRoutes from "./routes/admin.js";
import { noteRoutes } from "./routes/notes.js";
import { reportRoutes } from "./routes/reports.js";

const app = Fastify();
app.register(authPlugin);

app.get("/health", async () => ({ ok: true }));
app.get("/status", async () => ({ up: true }));

app.register(
  async (api) => {
    api.addHook("onRequest", api.authenticate);
    api.register(noteRoutes, { prefix: "/notes" });
    api.register(adminRoutes, { prefix: "/admin" });
    api.register(reportRoutes, { prefix: "/reports" });
  },
  { prefix: "/api" },
);

app.listen({ port: 3000 });
