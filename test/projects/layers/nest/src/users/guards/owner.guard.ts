// A guard the controller names in @UseGuards: it reads the row to check access.
import { Injectable } from "../../nest.js";
import { PrismaService } from "../../prisma/prisma.service.js";

@Injectable()
export class OwnerGuard {
  constructor(private readonly prisma: PrismaService) {}

  async canActivate(id: string) {
    return (await this.prisma.item.findFirst({ where: { id, deletedAt: null } })) !== null;
  }
}
