import type { FastifyInstance } from "fastify";
import { prisma } from "../db.js";

// The lookalike of the admin routes: a gate on the request's value is no admin check.
export async function reportRoutes(fastify: FastifyInstance) {
  fastify.addHook("preHandler", async (request, reply) => {
    if (!request.headers["x-report"]) return reply.code(400).send();
  });
  fastify.get("/notes", async () => prisma.note.findMany());
  fastify.route({ method: "GET", url: "/notes/:id", handler: async (request) => prisma.note.findFirst({ where: { id: request.params.id, deletedAt: null } }) });
}
