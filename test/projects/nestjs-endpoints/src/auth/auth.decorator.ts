import { applyDecorators, UseGuards } from "@nestjs/common";
import { Roles } from "./roles.decorator";
import { RolesGuard } from "./roles.guard";

/** One decorator for the roles guard and the roles it checks. */
export function Auth(...roles: string[]) {
  return applyDecorators(UseGuards(RolesGuard), Roles(...roles));
}
