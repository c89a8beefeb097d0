// The data layer: the one Prisma client.
import { PrismaClient } from "@prisma/client";

export const prisma = new PrismaClient();
export type Db = PrismaClient;
