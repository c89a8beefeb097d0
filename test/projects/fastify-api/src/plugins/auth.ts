import fp from "fastify-plugin";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

// Wrapped with fastify-plugin: the decorator is the parent's (the root instance's).
export default fp(async (fastify: FastifyInstance) => {
  fastify.decorate("authenticate", async (request: FastifyRequest, reply: FastifyReply) => {
    await request.jwtVerify();
  });
});
