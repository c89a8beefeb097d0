import type { QuerySiteSummary, ReportData } from "../../src/analysis/report-model.js";
import type { TraceStep } from "../../src/engine/findings.js";

/** Hand-made analyzer output for the report tests: two route files, a service, a repository. */

export const ROOT = "/proj";
export const ROUTES_FILE = "/proj/src/routes/items.routes.ts";
export const SERVICE_FILE = "/proj/src/services/item.service.ts";
export const REPOSITORY_FILE = "/proj/src/repositories/item.repository.ts";
/** a path with `&`, which HTML must escape */
export const RD_FILE = "/proj/src/routes/R&D.routes.ts";

export const REPOSITORY_SOURCE = `import { prisma } from "../db/client.js";

export class ItemRepository {
  findById(id: string) {
    return prisma.item.findUnique({ where: { id } });
  }

  list(deviceId: string) {
    return prisma.item.findMany({ where: { deviceId, deletedAt: null } });
  }
}
`;

export const RD_SOURCE = `import { Router } from "express";
import { ItemRepository } from "../repositories/item.repository.js";

export const rd = Router();
rd.get("/r&d", (req, res) => res.json(new ItemRepository()));
`;

const findUnique: QuerySiteSummary = {
  filePath: REPOSITORY_FILE,
  line: 5,
  column: 24,
  model: "Item",
  operation: "findUnique",
  label: "prisma.item.findUnique",
  ownerScope: "violation",
  softDelete: "violation",
};

const findMany: QuerySiteSummary = {
  filePath: REPOSITORY_FILE,
  line: 9,
  column: 24,
  model: "Item",
  operation: "findMany",
  label: "prisma.item.findMany",
  ownerScope: "ok",
  softDelete: "ok",
};

const tagCount: QuerySiteSummary = {
  filePath: SERVICE_FILE,
  line: 7,
  column: 23,
  model: "Tag",
  operation: "count",
  label: "prisma.tag.count",
  ownerScope: "unknown",
  softDelete: "not-applicable",
};

export const GET_TRACE: TraceStep[] = [
  { label: "GET /items/:id", filePath: ROUTES_FILE, line: 8, column: 1 },
  { label: "ItemService.get", filePath: SERVICE_FILE, line: 4, column: 3 },
  { label: "ItemRepository.findById", filePath: REPOSITORY_FILE, line: 4, column: 3 },
  { label: "prisma.item.findUnique", filePath: REPOSITORY_FILE, line: 5, column: 24 },
];

export function reportData(): ReportData {
  return {
    rootDir: ROOT,
    files: [
      {
        filePath: REPOSITORY_FILE,
        source: REPOSITORY_SOURCE,
        findings: [
          {
            ruleId: "require-soft-delete-filter",
            severity: 2,
            message: "findUnique on soft-deletable model Item does not filter out deleted rows (add `deletedAt: null`)",
            line: 5,
            column: 24,
            trace: GET_TRACE,
          },
          {
            ruleId: "require-owner-scope",
            severity: 1,
            message: "findUnique on owned model Item is not scoped to the caller's deviceId",
            line: 5,
            column: 24,
            trace: GET_TRACE,
          },
        ],
      },
      {
        filePath: RD_FILE,
        source: RD_SOURCE,
        findings: [
          {
            ruleId: "layer-boundaries",
            severity: 2,
            message: "routes must not import repositories: <script>alert(1)</script> & co",
            line: 2,
            column: 32,
          },
        ],
      },
      { filePath: SERVICE_FILE, source: "export {};\n", findings: [] },
      { filePath: ROUTES_FILE, source: "export {};\n", findings: [] },
    ],
    stats: { filesChecked: 4, querySites: 3, unknownSites: 1 },
    endpoints: [
      {
        framework: "express",
        method: "POST",
        path: "/items",
        filePath: ROUTES_FILE,
        line: 9,
        column: 1,
        middleware: [],
        auth: false,
        handler: "ItemController.create",
        sites: [{ site: tagCount, trace: [] }],
        unknownSites: 1,
        findings: [],
      },
      {
        framework: "express",
        method: "GET",
        path: "/items/:id",
        filePath: ROUTES_FILE,
        line: 8,
        column: 1,
        middleware: ["requireDevice"],
        auth: true,
        handler: "ItemController.get",
        sites: [
          { site: findUnique, trace: GET_TRACE },
          { site: findMany, trace: [] },
        ],
        unknownSites: 0,
        findings: [
          { filePath: REPOSITORY_FILE, line: 5, column: 24, ruleId: "require-owner-scope" },
          { filePath: REPOSITORY_FILE, line: 5, column: 24, ruleId: "require-soft-delete-filter" },
        ],
      },
      {
        framework: "express",
        method: "GET",
        path: "/items",
        filePath: ROUTES_FILE,
        line: 7,
        column: 1,
        middleware: ["requireDevice"],
        auth: true,
        handler: "ItemController.list",
        sites: [{ site: findMany, trace: [] }],
        unknownSites: 0,
        findings: [],
      },
      {
        framework: "express",
        method: "GET",
        path: "/r&d",
        filePath: RD_FILE,
        line: 5,
        column: 1,
        middleware: [],
        auth: false,
        // listed in require-auth's publicRoutes: shown as public, not as lacking auth
        public: { by: "publicRoutes", pattern: "GET /r&d" },
        handler: "(inline)",
        sites: [],
        unknownSites: 0,
        findings: [],
      },
    ],
    layers: ["routes", "services", "repositories", "data"],
    layerGraph: [
      { from: "routes", to: "routes", count: 2, typeOnlyCount: 0, allowed: true, forbiddenCount: 0, findingCount: 0 },
      { from: "routes", to: "services", count: 3, typeOnlyCount: 1, allowed: true, forbiddenCount: 0, findingCount: 0 },
      { from: "routes", to: "repositories", count: 1, typeOnlyCount: 0, allowed: false, forbiddenCount: 1, findingCount: 0 },
      { from: "services", to: "repositories", count: 2, typeOnlyCount: 0, allowed: true, forbiddenCount: 0, findingCount: 0 },
      { from: "repositories", to: "data", count: 2, typeOnlyCount: 0, allowed: true, forbiddenCount: 0, findingCount: 0 },
      { from: "data", to: "services", count: 1, typeOnlyCount: 1, allowed: false, forbiddenCount: 0, findingCount: 0 },
      { from: null, to: "routes", count: 2, typeOnlyCount: 0, allowed: true, forbiddenCount: 0, findingCount: 0 },
    ],
    sites: [findMany, tagCount, findUnique],
  };
}

export const RULE_DOCS: Record<string, string> = {
  "layer-boundaries": "https://example.test/docs/rules/layer-boundaries.md",
  "require-owner-scope": "https://example.test/docs/rules/require-owner-scope.md",
  "require-soft-delete-filter": "https://example.test/docs/rules/require-soft-delete-filter.md",
};
