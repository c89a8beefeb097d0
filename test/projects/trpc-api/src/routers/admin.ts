import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc.js";
import { prisma } from "../db.js";

export const adminRouter = createTRPCRouter({
  // Behind the admin gate: any note, by its id.
  noteById: adminProcedure.input(z.object({ id: z.string() })).query(({ input }) => prisma.note.findFirst({ where: { id: input.id, deletedAt: null } })),
});
