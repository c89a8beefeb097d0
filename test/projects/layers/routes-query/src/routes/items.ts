// The routes write and read with the client themselves, by design: more queries here than in the services.
import { prisma } from "../db/client.js";
import { cachedItem } from "../services/item.service.js";

export const show = (id: string) => cachedItem(id);
export const create = (name: string) => prisma.item.create({ data: { name } });
export const rename = (id: string, name: string) => prisma.item.update({ where: { id }, data: { name } });
export const remove = (id: string) => prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });
