// The soft deletes of the project: setting these flags is what makes Item, Product, Portion and Account
// soft-deletable (a model is, once the code sets its flag; Session's deletedAt-less schema and Tag stay global).
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
