import { Body, Controller, Post, UseGuards } from "@nestjs/common";
import { ApiKeyGuard } from "../auth/api-key.guard";
import { Internal } from "../auth/internal.decorator";
import { Public } from "../auth/public.decorator";

@Controller("webhooks")
export class WebhooksController {
  // Public for the JWT guard, which reads the key; the API key guard does not read it, and still runs.
  @Public()
  @UseGuards(ApiKeyGuard)
  @Post("stripe")
  stripe(@Body() event: unknown) {
    return { received: !!event };
  }

  @Public()
  @Post("open")
  open(@Body() event: unknown) {
    return { received: !!event };
  }

  // The JWT guard steps aside, and no other check runs: not declared public, so require-auth reports it.
  @Internal()
  @Post("sync")
  sync(@Body() event: unknown) {
    return { received: !!event };
  }
}
