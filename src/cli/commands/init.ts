import fs from "node:fs";
import path from "node:path";
import { ConfigError, UsageError } from "../../errors.js";
import { schemaOption } from "../check.js";
import { EXIT } from "../exit-codes.js";
import { existingConfig, moduleFormatOf, WRITABLE_NAMES } from "../init/existing-config.js";
import { inspectProject, type ProjectInspection } from "../init/inspect.js";
import { renderConfig } from "../init/render.js";
import type { Command } from "./types.js";
import { writeFailure } from "../../file-errors.js";

const DEFAULT_NAME = "backend-conventions.config.mjs";

export const initCommand: Command = {
  name: "init",
  summary: "Inspect the project and write a commented config to review",
  options: {
    "config-file": {
      type: "string",
      valueName: "name",
      description: `Write this file instead of ${DEFAULT_NAME} (a .js, .mjs or .cjs name the config search finds)`,
    },
    schema: {
      type: "string",
      valueName: "path",
      description: "The Prisma schema file or folder (default: where Prisma looks, then the workspace packages of a monorepo)",
    },
  },
  helpAfter: "Exit codes: 0 the config was written, 2 a config exists already, or a usage or\nschema error.",
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UsageError(`init takes no paths, got "${positionals[0]}" (see --help)`);
    const name = (values["config-file"] as string | undefined) ?? DEFAULT_NAME;
    if (!WRITABLE_NAMES.includes(name)) {
      throw new UsageError(`--config-file must be one of ${WRITABLE_NAMES.join(", ")} (a JS file, for the comments), got "${name}"`);
    }
    const existing = existingConfig(io.cwd);
    if (existing) throw alreadyConfigured(existing);

    const schemaArg = values.schema as string | undefined;
    const inspection = await inspectProject(io.cwd, { schemaPath: schemaArg === undefined ? undefined : schemaOption(io.cwd, schemaArg) });
    const text = renderConfig(inspection, moduleFormatOf(io.cwd, name));
    try {
      fs.writeFileSync(path.join(io.cwd, name), text, { flag: "wx" }); // wx: never overwrite, even in a race
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw alreadyConfigured(name);
      throw new UsageError(`cannot write ${name} in ${io.cwd}: ${writeFailure(error)}`);
    }
    if (inspection.missingSchema) {
      io.stderr(`Warning: ${inspection.missingSchema}; set prismaSchema in ${name} before running check\n`);
    }
    io.stdout(summary(name, inspection));
    return EXIT.clean;
  },
};

function alreadyConfigured(name: string): ConfigError {
  const what = name === "package.json" ? `package.json has a "backend-conventions" key` : `${name} already exists`;
  return new ConfigError(`${what}; init never overwrites a config (edit it, or remove it and run init again)`);
}

/** What was written, one line per section, and the next step. */
function summary(name: string, { schema, layers }: ProjectInspection): string {
  const lines = [`Wrote ${name}:`];
  if (schema) {
    const found = schema.inspection;
    lines.push(`  prismaSchema   ${schema.path} (${found.modelCount} models, Prisma ${schema.prismaMajor})`);
    const soft = schema.softDelete.written.map((use) => `${use.field} (${use.models.length})`);
    const unwritten = found.softDeleteFields.length > 0 ? "none written by the code (the schema's flags are listed for review)" : "none found";
    lines.push(`  softDelete     ${soft.length > 0 ? soft.join(", ") : unwritten}`);
    const owners = found.ownerFields.map((use) => `${use.field} → ${use.ownerModel} (${use.models.length})`);
    lines.push(`  ownership      ${owners.length > 0 ? owners.join(", ") : "none found (defaults)"}`);
    const tenant = found.identityModels.find((model) => model.role === "tenant");
    if (tenant) lines.push(`                 tenant ${tenant.name}, reached through ${tenant.reachedThrough!.join(", ")}`);
    const throughParent = Object.keys(found.ownedThroughParent);
    if (throughParent.length > 0) lines.push(`                 through a parent, commented out for review: ${throughParent.join(", ")}`);
    const review = [...Object.keys(found.nullableOwners), ...Object.keys(found.actorOnlyOwners)];
    if (review.length > 0) lines.push(`                 not owned, for review (nullable or actor keys only): ${review.join(", ")}`);
  } else {
    lines.push("  prismaSchema   not found: a commented placeholder");
  }
  const definitions = Object.keys(layers.definitions);
  lines.push(`  layers         ${layers.preset}${definitions.length > 0 ? ` + definitions for ${definitions.join(", ")}` : ""}`);
  lines.push("", `Review the comments in ${name}, then run: npx backend-conventions check`, "");
  return lines.join("\n");
}
