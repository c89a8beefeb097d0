import { createTRPCRouter, mergeRouters } from "../trpc.js";
import { adminRouter } from "./admin.js";
import { noteRouter } from "./note.js";
import { tagRouter } from "./tag.js";

export const appRouter = mergeRouters(
  createTRPCRouter({
    note: noteRouter,
    admin: adminRouter,
  }),
  createTRPCRouter({ tag: tagRouter }),
);

export type AppRouter = typeof appRouter;
