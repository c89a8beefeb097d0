import { z } from "zod";
import { createTRPCRouter, publicProcedure, refreshedProcedure } from "../trpc.js";
import { prisma } from "../db.js";

async function listTags(limit: number) {
  return prisma.tag.findMany({ take: limit });
}

export const tagRouter = createTRPCRouter({
  list: publicProcedure.input(z.object({ limit: z.number().max(100) })).query(({ input }) => listTags(input.limit)),
  page: publicProcedure.input(z.object({ limit: z.number() })).query(({ input }) =>
    // expect: require-bounded-list
    prisma.tag.findMany({ take: input.limit }),
  ),
  recent: refreshedProcedure.query(() => prisma.tag.findMany({ take: 10 })),
});
