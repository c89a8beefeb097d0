import { z } from "zod";
import { createTRPCRouter, ownerProcedure, protectedProcedure } from "../trpc.js";
import { prisma } from "../db.js";

export const noteRouter = createTRPCRouter({
  // Any signed-in caller reads any note by its id.
  byId: protectedProcedure.input(z.object({ id: z.string() })).query(({ input }) =>
    // expect: require-owner-scope
    prisma.note.findFirst({ where: { id: input.id, deletedAt: null } }),
  ),
  mine: protectedProcedure.input(z.object({ id: z.string() })).query(({ ctx, input }) =>
    prisma.note.findFirst({ where: { id: input.id, userId: ctx.session.user.id, deletedAt: null } }),
  ),
  list: protectedProcedure.query(({ ctx }) =>
    // expect: require-soft-delete-filter
    ctx.prisma.note.findMany({ where: { userId: ctx.session.user.id }, take: 50 }),
  ),
  listAlive: protectedProcedure.query((opts) =>
    opts.ctx.prisma.note.findMany({ where: { userId: opts.ctx.session.user.id, deletedAt: null }, take: 50 }),
  ),
  rename: protectedProcedure.input(z.object({ id: z.string(), title: z.string() })).mutation(async ({ ctx, input }) => {
    await prisma.note.updateMany({ where: { id: input.id, userId: ctx.session.user.id, deletedAt: null }, data: { title: input.title } });
  }),
  remove: protectedProcedure.input(z.object({ id: z.string() })).mutation(async ({ ctx, input }) => {
    await prisma.note.updateMany({ where: { id: input.id, userId: ctx.session.user.id }, data: { deletedAt: new Date() } });
  }),
  byOwner: ownerProcedure.query(({ input }) => prisma.note.findMany({ where: { userId: input.ownerId, deletedAt: null }, take: 50 })),
  byOwnerUnchecked: protectedProcedure.input(z.object({ ownerId: z.string() })).query(({ input }) =>
    // expect: require-owner-scope
    prisma.note.findMany({ where: { userId: input.ownerId, deletedAt: null }, take: 50 }),
  ),
  // A parser that only casts: the caller's object reaches the query as it was sent.
  retitle: protectedProcedure
    .input((raw: unknown) => raw as { title: string })
    // expect: no-unvalidated-input
    .mutation(async ({ ctx, input }) => {
      await prisma.note.updateMany({ where: { userId: ctx.session.user.id, deletedAt: null }, data: input });
    }),
});
