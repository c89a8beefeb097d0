import { prisma } from "../../db/client.js";

export const createTask = (name: string) => prisma.item.create({ data: { name } });
