import { VersioningType } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { AppModule } from "./app.module";
import { RequestIdGuard } from "./auth/request-id.guard";

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix("api", { exclude: ["health"] });
  app.enableVersioning({ type: VersioningType.URI });
  app.useGlobalGuards(new RequestIdGuard());
  await app.listen(3000);
}
void bootstrap();
