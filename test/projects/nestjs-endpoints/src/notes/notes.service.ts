import { Injectable } from "@nestjs/common";
import { PrismaService } from "../prisma.service";

@Injectable()
export class NotesService {
  constructor(private prisma: PrismaService) {}

  list(userId: string) {
    return this.prisma.note.findMany({ where: { userId, deletedAt: null }, take: 50 });
  }

  byId(id: string, userId: string) {
    return this.prisma.note.findFirst({ where: { id, userId, deletedAt: null } });
  }

  create(userId: string, body: string) {
    return this.prisma.note.create({ data: { id: body.slice(0, 8), userId, body } });
  }

  remove(id: string) {
    return this.prisma.note.update({ where: { id }, data: { deletedAt: new Date() } });
  }

  purge(id: string) {
    return this.prisma.note.update({ where: { id }, data: { deletedAt: new Date() } });
  }
}
