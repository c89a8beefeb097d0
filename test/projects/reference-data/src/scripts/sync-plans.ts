import { prisma } from "../db.js";

export async function syncPlans(names: string[]) {
  await prisma.plan.createMany({ data: names.map((name) => ({ id: name, name })) });
}
