// A file of mixed cases that the ESLint front-end and the CLI must report identically.
import { PrismaClient } from "@prisma/client";
import { liveRows, notDeleted, withPortions } from "./helpers.js";

const prisma = new PrismaClient();

export async function listItems(deviceId: string) {
  const unfiltered = await prisma.item.findMany({ where: { deviceId } });
  const filtered = await prisma.item.findMany({ where: { deviceId, ...liveRows } });
  const helper = await prisma.item.findMany({ where: { AND: [notDeleted(), { deviceId }] } });
  return [unfiltered, filtered, helper];
}

export async function products() {
  await prisma.product.findMany({ where: { deletedAt: null }, include: withPortions }).then((rows) => rows.map((row) => row.portions.length));
  await prisma.product.findMany({ where: { deletedAt: null }, include: { portions: true } });
  await prisma.product.delete({ where: { id: "p" } });
  await prisma.tag.deleteMany({});
}

class AccountRepository {
  constructor(private readonly db: PrismaClient) {}
  byEmail(email: string) {
    return this.db.account.findUnique({ where: { email } });
  }
}
export const accounts = new AccountRepository(prisma);
