// The services of this project are cached read helpers: the routes make most of the queries.
import { prisma } from "../db/client.js";

const cache = new Map<string, unknown>();
export const cachedItem = async (id: string) => cache.get(id) ?? prisma.item.findFirst({ where: { id, deletedAt: null } });
