// A job in no layer: Metric is queried here more than in any repository, so no layer is its place.
import { prisma } from "../db/client.js";

export const recent = () => prisma.metric.findMany({ orderBy: { name: "asc" }, take: 100 });
export const total = () => prisma.metric.count();
