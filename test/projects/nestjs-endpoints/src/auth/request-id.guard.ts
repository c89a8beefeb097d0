import { CanActivate, ExecutionContext, Injectable } from "@nestjs/common";
import { randomUUID } from "node:crypto";

/** Tags each request: lets everyone through. */
@Injectable()
export class RequestIdGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    request.id = randomUUID();
    return true;
  }
}
