// This project has no services layer the routes go through: its routes query, by design.
import { prisma } from "../db/client.js";
import { metricStats } from "../utils/stats.js";

export const list = () => prisma.item.findMany({ where: { deletedAt: null }, take: 10 });
export const stats = () => metricStats("steps");
