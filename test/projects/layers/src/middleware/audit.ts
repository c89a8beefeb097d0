// Middleware that writes: a side door even in a route's chain.
import type { NextFunction, Request, Response } from "express";
import { prisma } from "../db/client.js";

export async function auditRequest(req: Request, _res: Response, next: NextFunction) {
  await prisma.metric.create({ data: { id: String(Date.now()), name: req.path, value: 1 } });
  next();
}
