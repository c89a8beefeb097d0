// The project's authentication: the token's user is read with the soft-delete filter, and a request
// whose user is not found (deleted) is turned away.
import passport from "passport";
import { prisma } from "./db.js";

export async function verifyUser(payload: { email: string }, done: (error: unknown, user?: unknown) => void) {
  const found = await prisma.user.findFirst({ where: { email: payload.email, deletedAt: null } });
  if (!found) return done(null, false);
  return done(null, found);
}

export const authenticate = passport.authenticate("jwt", { session: false });
