import type { FastifyRequest } from "fastify";
import { prisma } from "../db.js";

export async function importNote(request: FastifyRequest<{ Body: { title: string } }>) {
  return prisma.note.create({ data: { title: request.body.title, userId: request.user.id } });
}

export async function importRawNote(request: FastifyRequest<{ Body: { title: string } }>) {
  return prisma.note.create({ data: { title: request.body.title, userId: request.user.id } });
}
