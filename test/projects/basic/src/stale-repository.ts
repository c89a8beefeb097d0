// Imported by the no-stale-read-after-write tests: a repository class and a repository
// function whose reads and writes the rule follows from the calling code.
import type { PrismaClient } from "@prisma/client";
import { prisma } from "./db.js";

export class ItemRepository {
  constructor(private readonly db: PrismaClient = prisma) {}

  findOwned(deviceId: string, id: string) {
    return this.db.item.findFirst({ where: { id, deviceId, deletedAt: null } });
  }

  rename(deviceId: string, id: string, name: string) {
    return this.db.item.update({ where: { id, deviceId }, data: { name } });
  }

  async archiveAll(deviceId: string): Promise<number> {
    const { count } = await this.db.item.updateMany({ where: { deviceId, deletedAt: null }, data: { status: "archived" } });
    return count;
  }
}

export function insertItem(deviceId: string, data: { id: string; name: string }) {
  return prisma.item.create({ data: { ...data, deviceId } });
}

/** A module-level instance, imported by the services that use it. */
export const itemRepository = new ItemRepository();

/** A repository written as an object of functions. */
export const itemStore = {
  findOwned(deviceId: string, id: string) {
    return prisma.item.findFirst({ where: { id, deviceId, deletedAt: null } });
  },
  async archive(id: string) {
    return prisma.item.update({ where: { id }, data: { status: "archived" } });
  },
};
