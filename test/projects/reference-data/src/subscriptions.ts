import { prisma } from "./db.js";

const MAX_FEEDS = 20;

export async function addFeed(listId: string, id: string) {
  const feeds = await prisma.feed.count({ where: { listId } });
  if (feeds >= MAX_FEEDS) {
    throw new Error(`A list holds at most ${MAX_FEEDS} feeds`);
  }
  return prisma.feed.create({ data: { id, listId } });
}

export async function addDraft(listId: string, id: string, isPro: boolean) {
  if (!isPro) {
    const drafts = await prisma.draft.count({ where: { listId } });
    if (drafts >= 3) throw new Error("Free lists hold at most 3 drafts");
  }
  return prisma.draft.create({ data: { id, listId } });
}
