import { prisma } from "../../db/client.js";

export const findOrders = () => prisma.invoice.findMany({ take: 20 });
