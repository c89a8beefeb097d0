import { prisma } from "../db/client.js";

export class NoteRepository {
  list(userId: string) {
    return prisma.note.findMany({ where: { userId, deletedAt: null } });
  }

  create(userId: string, body: string) {
    return prisma.note.create({ data: { id: crypto.randomUUID(), userId, body } });
  }

  find(userId: string, id: string) {
    return prisma.note.findFirst({ where: { id, userId } });
  }

  softDelete(userId: string, id: string) {
    return prisma.note.updateMany({ where: { id, userId, deletedAt: null }, data: { deletedAt: new Date() } });
  }

  touch(id: string) {
    return this.write(id);
  }

  private write(id: string) {
    return prisma.note.update({ where: { id, deletedAt: null }, data: { body: "archived" } });
  }
}
