/**
 * The published JSON Schema of the config (`backend-conventions.schema.json` at the repository root),
 * rendered from the zod schema so that the two cannot disagree.
 * `test/config/json-schema.test.ts` fails when the file is stale; regenerate it with
 * `scripts/generate-config-schema.ts` (npm run generate) or `UPDATE_CONFIG_SCHEMA=1 npx vitest run test/config/json-schema.test.ts`.
 */
import { z } from "zod";
import { configSchema } from "./schema.js";

export const CONFIG_SCHEMA_FILE = "backend-conventions.schema.json";

export function renderConfigJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { target: "draft-2020-12", io: "input" });
  const { $schema, ...rest } = schema;
  const document = {
    $schema,
    title: "backend-conventions config",
    ...rest,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
