// The three descriptions of the database must agree: prisma/schema.prisma, the
// hand-written migration SQL, and the checked-in generated client.
import { afterAll, beforeAll } from "vitest";
import { FIXTURE_ROOT } from "./expectations.js";
import { type Api, startApi } from "./harness.js";
import { describeSchemaAgreement } from "./schema-agreement.js";

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

describeSchemaAgreement(FIXTURE_ROOT, () => api.pglite);
