// Two steps from the query: report → stats → prisma.
import { title } from "./format.js";
import { metricStats } from "./stats.js";

export async function report(name: string) {
  return { title: title(name), stats: await metricStats(name) };
}
