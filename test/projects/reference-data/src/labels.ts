import { prisma } from "./db.js";

export function addLabel(name: string) {
  return prisma.label.create({ data: { id: name, name } });
}
