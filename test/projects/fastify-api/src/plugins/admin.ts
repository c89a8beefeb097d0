import type { FastifyReply, FastifyRequest } from "fastify";

export async function adminGate(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user.isAdmin) return reply.code(403).send({ message: "Forbidden" });
}
