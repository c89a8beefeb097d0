import { prisma } from "../../db/client.js";

export const countMetrics = () => prisma.metric.count();
