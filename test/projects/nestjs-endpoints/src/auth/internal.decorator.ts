import { SetMetadata } from "@nestjs/common";

/** Routes the internal scheduler calls: the JWT guard steps aside for another check (which nobody wrote on one route). */
export const IS_INTERNAL_KEY = "isInternal";
export const Internal = () => SetMetadata(IS_INTERNAL_KEY, true);
