// A query whose enum value comes from its callers (enum-callers.ts): valid-enum-value reports
// a caller's literal in the caller's file, not here.
import type { ItemStatus } from "@prisma/client";
import { prisma } from "./db.js";

export function itemsOfStatus(status: string) {
  return prisma.item.findMany({ where: { status: status as ItemStatus, deletedAt: null } });
}
