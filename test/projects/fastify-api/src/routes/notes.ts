import type { FastifyInstance, FastifyRequest } from "fastify";
import { Type } from "@sinclair/typebox";
import { prisma } from "../db.js";
import { importNote, importRawNote } from "../handlers/notes.js";
import { liveNotesOf, noteById, notesOf, ownNote } from "../services/notes.js";

const renameSchema = { body: { type: "object", properties: { title: { type: "string" } }, required: ["title"] } };

export async function noteRoutes(fastify: FastifyInstance) {
  fastify.get("/:id", async (request) => noteById(request.params.id));
  fastify.get("/mine/:id", async (request) => ownNote(request.params.id, request.user.id));
  fastify.get("/", async (request) => notesOf(request.user.id));
  fastify.get("/live", { handler: liveNotes });
  fastify.post("/", { schema: { body: { type: "object", properties: { title: { type: "string" } } } } }, async (request) =>
    prisma.note.create({ data: { title: request.body.title, userId: request.user.id } }),
  );
  fastify.post("/draft", async (request) => prisma.note.create({ data: { title: request.body.title, userId: request.user.id } }));
  fastify.route({
    method: ["PUT", "PATCH"],
    url: "/:id/title",
    schema: renameSchema,
    handler: async (request) => prisma.note.updateMany({ where: { id: request.params.id, userId: request.user.id, deletedAt: null }, data: { title: request.body.title } }),
  });
  fastify.post("/typed", { schema: { body: Type.Object({ title: Type.String() }) } }, async (request) =>
    prisma.note.create({ data: { title: request.body.title, userId: request.user.id } }),
  );
  fastify.delete("/:id", async (request) =>
    prisma.note.updateMany({ where: { id: request.params.id, userId: request.user.id }, data: { deletedAt: new Date() } }),
  );
  fastify.route({
    method: "PUT",
    url: "/:id/retitle",
    preHandler: [fastify.authenticate],
    handler: async (request) => prisma.note.updateMany({ where: { id: request.params.id, userId: request.user.id, deletedAt: null }, data: { title: request.body.title } }),
  });
  fastify.post("/import", { schema: renameSchema }, importNote);
  fastify.post("/import-raw", importRawNote);
}

async function liveNotes(request: FastifyRequest) {
  return liveNotesOf(request.user.id);
}
