import { prisma } from "../db/client.js";

export const ping = () => prisma.$queryRaw`SELECT 1`;
