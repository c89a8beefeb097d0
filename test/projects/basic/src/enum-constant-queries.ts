// Uses enum-constants.ts's constant in a query: the finding is in enum-constants.ts, not here.
import type { ItemStatus } from "@prisma/client";
import { BULK_ARCHIVE_STATUS } from "./enum-constants.js";
import { prisma } from "./db.js";

export function archiveDevice(deviceId: string) {
  return prisma.item.updateMany({ where: { deviceId }, data: { status: BULK_ARCHIVE_STATUS as ItemStatus } });
}
