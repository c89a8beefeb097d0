// Two layers: the service queries Prisma itself.
import { prisma } from "../db/client.js";

export interface ItemView {
  id: string;
}

export function getItem(id: string) {
  return prisma.item.findFirst({ where: { id, deletedAt: null } });
}
