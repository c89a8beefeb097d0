// A utility in no layer that queries: imported by two routes, reported once, at the first.
import { prisma } from "../db/client.js";

export const auditCount = () => prisma.metric.count();
