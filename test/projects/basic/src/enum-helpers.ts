// Imported by the valid-enum-value tests: enum values and queries that live in another file.
// Nothing on disk calls these functions: the tests' code is their only caller.
import type { ItemStatus } from "@prisma/client";
import { prisma } from "./db.js";

export const ARCHIVE_STATUS = "archive";
export const ACTIVE_STATUS = "active";

export function itemsWithStatus(status: string) {
  return prisma.item.findMany({ where: { status: status as ItemStatus, deletedAt: null } });
}

function isItemStatus(value: string): value is ItemStatus {
  return value === "active" || value === "archived";
}

export function itemsWithCheckedStatus(status: string) {
  if (!isItemStatus(status)) throw new Error(`unknown status ${status}`);
  return prisma.item.findMany({ where: { status, deletedAt: null } });
}

export class ItemStatusRepository {
  countWith(deviceId: string, status: string) {
    return prisma.item.count({ where: { deviceId, status: status as ItemStatus, deletedAt: null } });
  }
}
