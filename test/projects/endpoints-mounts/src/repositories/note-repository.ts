import { prisma } from "../db/client.js";

export function findNotes(userId: string) {
  return prisma.note.findMany({ where: { userId, deletedAt: null } });
}

export function findNote(id: string) {
  return prisma.note.findFirst({ where: { id, deletedAt: null } });
}

export function findNotesWhere(where: unknown) {
  return prisma.note.findMany({ where: where as never });
}
