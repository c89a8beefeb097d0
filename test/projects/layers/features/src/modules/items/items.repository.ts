// The project's place for queries of Item.
import { prisma } from "../../db/client.js";

export const findItem = (id: string) => prisma.item.findFirst({ where: { id, deletedAt: null } });
