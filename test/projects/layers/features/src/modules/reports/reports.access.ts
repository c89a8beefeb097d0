// A helper of the reports feature beside its controller, in no layer: it checks access with a query.
import { prisma } from "../../db/client.js";

export const canSeeReport = async (name: string) => (await prisma.metric.count({ where: { name } })) > 0;
