// The soft delete of Item and a read that leaves deleted items out: Item is soft-deletable.
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function softDeleteItem(id: string) {
  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });
}

export function liveItems() {
  return prisma.item.findMany({ where: { deletedAt: null }, take: 10 });
}
