import { Module } from "@nestjs/common";
import { APP_GUARD, RouterModule } from "@nestjs/core";
import { AdminModule } from "./admin/admin.module";
import { JwtAuthGuard } from "./auth/jwt-auth.guard";
import { HealthController } from "./health/health.controller";
import { ItemsController } from "./items/items.controller";
import { NotesController } from "./notes/notes.controller";
import { WebhooksController } from "./webhooks/webhooks.controller";

@Module({
  imports: [AdminModule, RouterModule.register([{ path: "admin", module: AdminModule }])],
  controllers: [HealthController, ItemsController, NotesController, WebhooksController],
  providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }],
})
export class AppModule {}
