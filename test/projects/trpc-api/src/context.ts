import { prisma } from "./db.js";

export interface Session {
  user: { id: string; role: string };
}

declare function readSession(headers: Headers): Promise<Session | null>;

export async function createContext({ req }: { req: Request }) {
  const session = await readSession(req.headers);
  return { session, prisma };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
