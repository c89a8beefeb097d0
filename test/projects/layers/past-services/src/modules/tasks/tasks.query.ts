import { prisma } from "../../db/client.js";

export const findTasks = () => prisma.item.findMany({ where: { deletedAt: null }, take: 20 });
