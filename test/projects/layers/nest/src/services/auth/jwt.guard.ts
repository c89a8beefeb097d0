// A guard kept under services/: HTTP code by its role, in no layer.
import type { Request } from "express";
import { Injectable } from "../../nest.js";

@Injectable()
export class JwtGuard {
  canActivate(req: Request) {
    return req.headers.authorization !== undefined;
  }
}
