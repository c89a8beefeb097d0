import type { NextFunction, Request, Response } from "express";

export function authenticate(req: Request, _res: Response, next: NextFunction): void {
  if (!req.headers.authorization) throw new Error("unauthorized");
  next();
}

export function requireAdmin(_req: Request, _res: Response, next: NextFunction): void {
  next();
}

export function requestId(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader("x-request-id", "1");
  next();
}
