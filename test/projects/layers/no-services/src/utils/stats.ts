// A helper in no layer that queries.
import { prisma } from "../db/client.js";

export const metricStats = (name: string) => prisma.metric.aggregate({ where: { name }, _avg: { value: true } });
