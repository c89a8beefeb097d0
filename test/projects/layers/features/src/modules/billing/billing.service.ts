// The billing feature has no repository: its service owns its queries.
import { prisma } from "../../db/client.js";

export const invoiceTotal = () => prisma.invoice.aggregate({ _sum: { total: true } });
