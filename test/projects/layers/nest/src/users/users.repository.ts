import { Injectable } from "../nest.js";
import { PrismaService } from "../prisma/prisma.service.js";

@Injectable()
export class UsersRepository {
  constructor(private readonly prisma: PrismaService) {}

  find(id: string) {
    return this.prisma.item.findFirst({ where: { id, deletedAt: null } });
  }
}
