import { prisma } from "../db.js";

export function noteById(id: string) {
  return prisma.note.findFirst({ where: { id, deletedAt: null } });
}

export function ownNote(id: string, userId: string) {
  return prisma.note.findFirst({ where: { id, userId, deletedAt: null } });
}

export function notesOf(userId: string) {
  return prisma.note.findMany({ where: { userId }, take: 50 });
}

export function liveNotesOf(userId: string) {
  return prisma.note.findMany({ where: { userId, deletedAt: null }, take: 50 });
}
