// A utility in no layer that queries Prisma: the side door.
import { prisma } from "../db/client.js";

export function metricStats(name: string) {
  return prisma.metric.aggregate({ where: { name }, _avg: { value: true } });
}
