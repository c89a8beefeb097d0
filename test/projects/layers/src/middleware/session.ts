// Authentication middleware: it reads the caller's session before the handler runs.
import type { NextFunction, Request, Response } from "express";
import { prisma } from "../db/client.js";

export async function requireSession(req: Request, res: Response, next: NextFunction) {
  const item = await prisma.item.findFirst({ where: { id: String(req.headers["x-session"]), deletedAt: null } });
  if (!item) {
    res.status(401).end();
    return;
  }
  next();
}

export function currentSession(id: string) {
  return prisma.item.findFirst({ where: { id, deletedAt: null } });
}
