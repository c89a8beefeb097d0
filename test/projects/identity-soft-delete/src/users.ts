// Soft-deletes a user (so User's deletedAt is a soft delete the project sets).
import { prisma } from "./db.js";

export async function removeUser(id: string) {
  await prisma.user.update({ where: { id }, data: { deletedAt: new Date() } });
}
