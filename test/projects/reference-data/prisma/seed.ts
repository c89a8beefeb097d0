import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

async function main() {
  await prisma.setting.upsert({ where: { id: "theme" }, update: {}, create: { id: "theme", value: "light" } });
  await prisma.label.create({ data: { id: "inbox", name: "Inbox" } });
  await prisma.member.create({ data: { id: "m1", userId: "u1" } });
}

main();
