// A service a spec calls with an object of its own (events.spec.ts): require-owner-scope's test rows.
import { prisma } from "./db.js";

export function recordEvent(data: { name: string; userId?: string }) {
  return prisma.event.create({ data: { id: "e", ...data } });
}
