import { Controller, Get } from "@nestjs/common";
import { Auth } from "../auth/auth.decorator";
import { PrismaService } from "../prisma.service";

@Controller("reports")
export class AdminController {
  constructor(private prisma: PrismaService) {}

  @Get()
  @Auth("admin")
  everyNote() {
    return this.prisma.note.findMany({ where: { deletedAt: null } });
  }
}
