import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from "@nestjs/common";

/** Webhook callers sign with a shared key: no user, but no anonymous caller either. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    if (request.headers["x-api-key"] !== process.env.API_KEY) throw new UnauthorizedException("invalid api key");
    return true;
  }
}
