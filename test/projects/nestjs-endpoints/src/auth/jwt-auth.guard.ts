import { ExecutionContext, Injectable } from "@nestjs/common";
import { Reflector } from "@nestjs/core";
import { AuthGuard } from "@nestjs/passport";
import { IS_INTERNAL_KEY } from "./internal.decorator";
import { IS_PUBLIC_KEY } from "./public.decorator";

@Injectable()
export class JwtAuthGuard extends AuthGuard("jwt") {
  constructor(private reflector: Reflector) {
    super();
  }

  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      return true;
    }
    const isInternal = this.reflector.getAllAndOverride<boolean>(IS_INTERNAL_KEY, [context.getHandler(), context.getClass()]);
    if (isInternal) {
      return true;
    }
    return super.canActivate(context);
  }
}
