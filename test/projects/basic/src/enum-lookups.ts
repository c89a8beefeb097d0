// Imported by the valid-enum-value tests: a repository whose rows are compared with enum values
// in the calling file (`item.status === "archived"`).
import { prisma } from "./db.js";

export class ItemLookup {
  findById(id: string) {
    return prisma.item.findUnique({ where: { id } });
  }

  async listForDevice(deviceId: string) {
    const items = await prisma.item.findMany({ where: { deviceId, deletedAt: null } });
    return items;
  }
}
