// A module named for its queries: the repositories layer of this feature.
import { prisma } from "../../db/client.js";

export const reportRows = () => prisma.metric.findMany({ where: { name: "report" }, take: 50 });
