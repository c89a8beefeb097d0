import { prisma } from "../db/client.js";

export interface ItemRow {
  id: string;
  name: string;
}

export function findItem(id: string) {
  return prisma.item.findFirst({ where: { id, deletedAt: null } });
}

/** The repository holds half of the program's queries of Item (the session middleware reads it too): Item's place. */
export function countItems() {
  return prisma.item.count({ where: { deletedAt: null } });
}
