// The NestJS fixture's schema, migration SQL and checked-in generated client agree.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { describeSchemaAgreement } from "../fixture-api/schema-agreement.js";
import { type NestApi, startNestApi } from "./harness.js";

let api: NestApi;
beforeAll(async () => {
  api = await startNestApi();
});
afterAll(async () => {
  await api?.close();
});

describeSchemaAgreement(fileURLToPath(new URL("../../fixtures/nestjs-api/", import.meta.url)), () => api.pglite);
