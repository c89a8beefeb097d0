import type { FastifyInstance } from "fastify";
import { prisma } from "../db.js";
import { adminGate } from "../plugins/admin.js";

export default async function adminRoutes(fastify: FastifyInstance) {
  fastify.addHook("preHandler", adminGate);
  fastify.get("/notes", async (request: { query: { take: string } }) => prisma.note.findMany({ take: Number(request.query.take) }));
}
