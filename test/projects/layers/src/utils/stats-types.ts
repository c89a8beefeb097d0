// Only the type of the side door: no runtime path to Prisma.
import type { metricStats } from "./stats.js";

export type Stats = Awaited<ReturnType<typeof metricStats>>;
