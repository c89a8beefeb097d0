import { prisma } from "../db/client.js";

export interface ItemRow {
  id: string;
  name: string;
}

export function findItem(id: string) {
  return prisma.item.findFirst({ where: { id, deletedAt: null } });
}
