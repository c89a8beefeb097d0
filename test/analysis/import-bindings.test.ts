import { describe, expect, it } from "vitest";
import { importsPrismaClient, isErasedImport, usedOnlyInRouteChain } from "../../src/analysis/import-bindings.js";
import { parseSourceFile } from "../../src/engine/project.js";
import { ts } from "../../src/engine/ts.js";

/** The module specifiers of a snippet's imports, in order. */
function specifiers(code: string): ts.StringLiteralLike[] {
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require" && ts.isStringLiteral(node.arguments[0])) found.push(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(parseSourceFile("/p/src/a.ts", code));
  return found;
}

describe("importsPrismaClient", () => {
  it("is true for the client class read as a value, false for enums, the Prisma namespace and types", () => {
    const [client, types, enums, namespace] = specifiers(
      [
        `import { PrismaClient } from "@prisma/client";`,
        `import { PrismaClient as Db, Prisma } from "@prisma/client";`,
        `import { Role } from "@prisma/client";`,
        `import * as P from "@prisma/client";`,
        `export const db = new PrismaClient();`,
        `export const where: Prisma.ItemWhereInput = {};`,
        `export const admin = Role.ADMIN;`,
        `export const known = P.Prisma.PrismaClientKnownRequestError;`,
        `export type Client = Db;`,
      ].join("\n"),
    );
    expect(importsPrismaClient(client)).toBe(true);
    expect(importsPrismaClient(types)).toBe(false);
    expect(importsPrismaClient(enums)).toBe(false);
    expect(importsPrismaClient(namespace)).toBe(false);
  });

  it("counts a namespace read for the client, a require naming it, and a re-export of everything", () => {
    const [namespace, required, reexport] = specifiers(
      [`import * as P from "@prisma/client";`, `const { PrismaClient } = require("@prisma/client");`, `export * from "@prisma/client";`, `export const db = new P.PrismaClient();`].join("\n"),
    );
    expect(importsPrismaClient(namespace)).toBe(true);
    expect(importsPrismaClient(required)).toBe(true);
    expect(importsPrismaClient(reexport)).toBe(true);
  });
});

describe("usedOnlyInRouteChain", () => {
  it("is true for middleware before a handler, in use(), in @UseGuards and in a route hook", () => {
    const [auth, guard, hook, used] = specifiers(
      [
        `import { authenticate } from "./auth.js";`,
        `import { OwnerGuard } from "./owner.guard.js";`,
        `import { verify } from "./verify.js";`,
        `import { requireUser } from "./user.js";`,
        `router.get("/", authenticate, (req, res) => res.end());`,
        `router.post("/", [authenticate], handler);`,
        `class C { @UseGuards(OwnerGuard) show() {} }`,
        `app.get("/", { preHandler: [verify] }, handler);`,
        `router.use(requireUser());`,
      ].join("\n"),
    );
    expect([auth, guard, hook, used].map(usedOnlyInRouteChain)).toEqual([true, true, true, true]);
  });

  it("is false for a function called in a handler, or passed as the route's handler", () => {
    const [called, handler] = specifiers(
      [`import { currentUser } from "./user.js";`, `import { listItems } from "./items.js";`, `router.get("/", async (req, res) => res.json(await currentUser(req)));`, `router.get("/items", listItems);`].join("\n"),
    );
    expect(usedOnlyInRouteChain(called)).toBe(false);
    expect(usedOnlyInRouteChain(handler)).toBe(false);
  });
});

describe("isErasedImport", () => {
  it("is true when every name is read only in types, false when one is read as a value or the import runs the module", () => {
    const source = parseSourceFile(
      "/p/src/a.ts",
      [`import { A, B } from "./x.js";`, `import { C } from "./x.js";`, `import "./setup.js";`, `export const f = (a: A): B | undefined => undefined;`, `export const c = C;`].join("\n"),
    );
    const imports = source.statements.filter(ts.isImportDeclaration);
    expect(imports.map(isErasedImport)).toEqual([true, false, false]);
  });
});
