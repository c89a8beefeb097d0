// The soft deletes of the project: setting these flags is what makes Item, Product, Portion, Account and Poll
// soft-deletable (a model is, once the code sets its flag); Draft, whose deletedAt nothing sets, is not.
// The live lists at the end are the project's practice of hiding deleted rows: a flag no read ever filters
// on hides nothing (a suspension, a status), and its unfiltered reads are left alone.
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

export async function softDeleteItem(id: string) {
  await prisma.item.update({ where: { id }, data: { deletedAt: new Date() } });
}

export async function softDeleteProduct(id: string) {
  const deletedAt = new Date();
  await prisma.product.update({ where: { id }, data: { deletedAt, portions: { updateMany: { where: {}, data: { deletedAt } } } } });
}

export async function closeAccount(id: string) {
  await prisma.account.update({ where: { id }, data: { isDeleted: true } });
}

export async function deletePoll(id: string) {
  await prisma.poll.update({ where: { id }, data: { isDeleted: true, deletedAt: new Date() } });
}

export function liveLists() {
  return Promise.all([
    prisma.item.findMany({ where: { deletedAt: null }, take: 10 }),
    prisma.product.findMany({ where: { deletedAt: null }, take: 10 }),
    prisma.portion.findMany({ where: { deletedAt: null }, take: 10 }),
    prisma.account.findMany({ where: { isDeleted: false }, take: 10 }),
    prisma.poll.findMany({ where: { isDeleted: false }, take: 10 }),
  ]);
}
