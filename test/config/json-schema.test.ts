import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_FILE, renderConfigJsonSchema } from "../../src/config/json-schema.js";

const schemaFile = fileURLToPath(new URL(`../../${CONFIG_SCHEMA_FILE}`, import.meta.url));

// To regenerate the file: `npm run generate` (scripts/generate-config-schema.ts), or
// `UPDATE_CONFIG_SCHEMA=1 npx vitest run test/config/json-schema.test.ts`, which writes it here.
if (process.env.UPDATE_CONFIG_SCHEMA === "1") fs.writeFileSync(schemaFile, renderConfigJsonSchema());

type JsonSchema = { properties?: Record<string, JsonSchema>; [key: string]: unknown };

/** Paths of the object properties that have no description, anywhere in the schema. */
function undescribed(schema: unknown, path = "#"): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const missing: string[] = [];
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const [name, property] of Object.entries(value as Record<string, JsonSchema>)) {
        if (typeof property.description !== "string" || property.description === "") missing.push(`${path}/properties/${name}`);
      }
    }
    missing.push(...undescribed(value, `${path}/${key}`));
  }
  return missing;
}

describe("backend-conventions.schema.json", () => {
  it("is up to date with the zod schema", () => {
    const onDisk = fs.existsSync(schemaFile) ? fs.readFileSync(schemaFile, "utf8") : "";
    expect(
      onDisk === renderConfigJsonSchema(),
      `${CONFIG_SCHEMA_FILE} is stale: run \`npm run generate\` (or UPDATE_CONFIG_SCHEMA=1 npx vitest run test/config/json-schema.test.ts)`,
    ).toBe(true);
  });

  it("is draft 2020-12, strict at the top, and describes every property", () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as JsonSchema;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties ?? {})).toStrictEqual([
      "$schema",
      "prismaSchema",
      "clientModules",
      "softDelete",
      "ownership",
      "layers",
      "rules",
      "ignore",
    ]);
    expect(undescribed(schema)).toStrictEqual([]);
  });
});
