import type { NextFunction, Request, Response } from "express";

export function authenticate(req: Request, _res: Response, next: NextFunction): void {
  if (!req.headers.authorization) throw new Error("unauthorized");
  next();
}

/** Authenticates, under a name the default matcher does not know. */
export function checkSession(req: Request, _res: Response, next: NextFunction): void {
  if (!req.headers.cookie) throw new Error("unauthorized");
  next();
}

export const guards = { session: checkSession };

export function requestId(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader("x-request-id", "1");
  next();
}

export function validate(_req: Request, _res: Response, next: NextFunction): void {
  next();
}

/** Named like authentication, but only tags the response: not authentication. */
export function authAudit(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader("x-audit", "1");
  next();
}
