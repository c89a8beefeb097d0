import { Module } from "@nestjs/common";
import { APP_GUARD } from "@nestjs/core";
import { JwtAuthGuard } from "./auth/jwt-auth.guard";
import { HealthController } from "./health/health.controller";
import { ItemsController } from "./items/items.controller";
import { NotesController } from "./notes/notes.controller";
import { WebhooksController } from "./webhooks/webhooks.controller";

@Module({
  controllers: [HealthController, ItemsController, NotesController, WebhooksController],
  providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
})
export class AppModule {}
