import { Controller, Get, Param, UseGuards, Version } from "@nestjs/common";
import { ApiKeyGuard } from "../auth/api-key.guard";
import { PrismaService } from "../prisma.service";

@Controller({ path: "items", version: "1" })
@UseGuards(ApiKeyGuard)
export class ItemsController {
  constructor(private prisma: PrismaService) {}

  @Get()
  list() {
    return this.prisma.item.findMany({ take: 20 });
  }

  @Version("2")
  @Get(":id")
  findOne(@Param("id") id: string) {
    return this.prisma.item.findUnique({ where: { id } });
  }
}
