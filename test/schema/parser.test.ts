import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import wasm from "@prisma/prisma-schema-wasm";
import { describe, expect, it } from "vitest";
import { parseDatamodel, type SchemaSource } from "../../src/schema/parser.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("parseDatamodel", () => {
  // It reads the schema with `get_datamodel`, which skips the query schema that `get_dmmf` builds: the models must be the same.
  it("gives the datamodel of Prisma's full DMMF, on the reference API's schema", () => {
    const file = path.join(repoRoot, "fixtures/reference-api/prisma/schema.prisma");
    const sources: SchemaSource[] = [[file, fs.readFileSync(file, "utf8")]];
    const full = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: sources }))) as { datamodel: unknown };
    const { datamodel } = parseDatamodel(sources);
    expect(datamodel.models.length).toBeGreaterThan(3);
    expect(datamodel).toEqual(full.datamodel);
  });
});
