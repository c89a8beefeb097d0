import { initTRPC, TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Context } from "./context.js";

const t = initTRPC.context<Context>().create();

export const createTRPCRouter = t.router;
export const mergeRouters = t.mergeRouters;
export const middleware = t.middleware;

const timing = t.middleware(async ({ next }) => {
  const started = Date.now();
  const result = await next();
  console.log(Date.now() - started);
  return result;
});

export const publicProcedure = t.procedure.use(timing);

// Rejects a caller without a session, and narrows ctx.session to one with a user.
const isAuthed = middleware(({ ctx, next }) => {
  if (!ctx.session?.user) {
    throw new TRPCError({ code: "UNAUTHORIZED" });
  }
  return next({ ctx: { session: ctx.session } });
});

export const protectedProcedure = publicProcedure.use(isAuthed);

// Checks only callers who are signed in: an anonymous caller goes through.
export const refreshedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  if (!ctx.session) {
    return next();
  }
  if (ctx.session.user.role === "banned") {
    throw new TRPCError({ code: "UNAUTHORIZED" });
  }
  return next();
});

export const adminProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  if (ctx.session.user.role !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN" });
  }
  return next();
});

// Ties input.ownerId to the caller: a caller asking for another owner's notes is refused.
export const ownerProcedure = protectedProcedure.input(z.object({ ownerId: z.string() })).use(async ({ ctx, input, next }) => {
  if (input.ownerId !== ctx.session.user.id) {
    throw new TRPCError({ code: "FORBIDDEN" });
  }
  return next();
});
