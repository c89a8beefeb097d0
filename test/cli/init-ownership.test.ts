/**
 * Ownership in `backend-conventions init`: the identity, the tenants, the owner foreign keys and the actor
 * keys, read from the schema's relation graph (not from model names). Small schemas, each with a valid
 * lookalike beside its invalid twin; exact findings and the exact ownership section of the config.
 */
import { describe, expect, it } from "vitest";
import { initCommand } from "../../src/cli/commands/init.js";
import { inspectProject } from "../../src/cli/init/inspect.js";
import { renderConfig } from "../../src/cli/init/render.js";
import type { SchemaInspection } from "../../src/cli/init/schema-inspection.js";
import { DATASOURCE, project } from "../schema/helpers.js";

/** A project with this schema (its Prisma major pinned by package.json). */
function schemaProject(models: string): string {
  return project({
    "package.json": JSON.stringify({ devDependencies: { prisma: "^7.0.0" } }),
    "prisma/schema.prisma": `${DATASOURCE}\n${models}`,
  });
}

const OWNERSHIP_KEYS = [
  "identityModels",
  "ownerFields",
  "ownerFieldList",
  "ownerOverrides",
  "ownedThroughParent",
  "nullableOwners",
  "actorOnlyOwners",
  "actorFields",
  "globalModels",
] as const;

/** The ownership findings of `init` on this schema. */
async function ownershipFound(models: string): Promise<Pick<SchemaInspection, (typeof OWNERSHIP_KEYS)[number]>> {
  const found = (await inspectProject(schemaProject(models))).schema!.inspection;
  return Object.fromEntries(OWNERSHIP_KEYS.map((name) => [name, found[name]])) as Pick<SchemaInspection, (typeof OWNERSHIP_KEYS)[number]>;
}

/** The `ownership` section of the config `init` writes for this schema, from its first line to its last. */
async function ownershipConfig(models: string): Promise<string> {
  const text = renderConfig(await inspectProject(schemaProject(models)), "esm");
  const start = text.indexOf("  ownership: {\n");
  return text.slice(start, text.indexOf("\n  },\n", start) + "\n  },".length);
}

describe("a tenant users join through a membership", () => {
  const schema = `
model User {
  id          String       @id
  email       String       @unique
  memberships Membership[]
  sessions    Session[]
  favorites   Favorite[]
}

/// the tenant: users join it through Membership
model Team {
  id          String       @id
  memberships Membership[]
  projects    Project[]
  documents   Document[]
  invoices    Invoice[]
  labels      Label[]
  webhooks    Webhook[]
  apiKeys     ApiKey[]
}

model Membership {
  id     String @id
  role   String
  userId String
  user   User   @relation(fields: [userId], references: [id])
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])

  @@unique([userId, teamId])
}

model Project {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Document {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Invoice {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Label {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Webhook {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model ApiKey {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Session {
  id     String @id
  userId String
  user   User   @relation(fields: [userId], references: [id])
}

/// users join categories too, but Favorite is no membership (no role, not named so): Category is no tenant
model Category {
  id        String     @id
  favorites Favorite[]
  articles  Article[]
}

model Favorite {
  id         String   @id
  userId     String
  user       User     @relation(fields: [userId], references: [id])
  categoryId String
  category   Category @relation(fields: [categoryId], references: [id])

  @@unique([userId, categoryId])
}

model Article {
  id         String   @id
  categoryId String
  category   Category @relation(fields: [categoryId], references: [id])
}
`;

  it("is the model most owned models point to, whatever its name; a join that is no membership makes no tenant", async () => {
    expect(await ownershipFound(schema)).toStrictEqual({
      identityModels: [
        { name: "User", role: "identity", referencedBy: ["Favorite", "Membership", "Session"] },
        {
          name: "Team",
          role: "tenant",
          referencedBy: ["ApiKey", "Document", "Invoice", "Label", "Membership", "Project", "Webhook"],
          reachedThrough: ["Membership"],
        },
      ],
      ownerFields: [
        { field: "teamId", ownerModel: "Team", models: ["ApiKey", "Document", "Invoice", "Label", "Membership", "Project", "Webhook"] },
        { field: "userId", ownerModel: "User", models: ["Favorite", "Session"] },
      ],
      ownerFieldList: ["teamId", "userId"],
      ownerOverrides: {},
      ownedThroughParent: {},
      nullableOwners: {},
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: ["Category", "Article"],
    });
  });

  it("is an owner model, its key the first owner field", async () => {
    expect(await ownershipConfig(schema)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by Favorite, Membership, Session
    //   Team (a tenant: users join it through Membership): referenced by ApiKey, Document, Invoice, Label, Membership, Project, Webhook
    ownerModels: ["User", "Team"],
    // Owner fields: the foreign keys to them, a tenant's first (a model with both is its tenant's), most used first.
    //   teamId → Team: ApiKey, Document, Invoice, Label, Membership, Project, Webhook
    //   userId → User: Favorite, Session
    field: ["teamId", "userId"],
    // No owner found, so global (any caller may read them): Category, Article.
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });

  it("is named in the summary", async () => {
    const root = schemaProject(schema);
    let stdout = "";
    const io = { cwd: root, color: false, stdout: (text: string) => void (stdout += text), stderr: () => undefined };
    expect(await initCommand.run({}, [], io)).toBe(0);
    const lines = stdout.split("\n");
    const start = lines.findIndex((line) => line.startsWith("  ownership"));
    expect(lines.slice(start, lines.findIndex((line) => line.startsWith("  layers")))).toStrictEqual([
      "  ownership      teamId → Team (7), userId → User (2)",
      "                 tenant Team, reached through Membership",
    ]);
  });
});

describe("a tenant named like no identity", () => {
  const schema = `
model User {
  id         String            @id
  username   String            @unique
  workspaces WorkspaceMember[]
  wishlists  Wishlist[]
}

/// named like no identity or tenant: a tenant because users join it through WorkspaceMember
model Workspace {
  id      String            @id
  members WorkspaceMember[]
  boards  Board[]
  forms   Form[]
}

model WorkspaceMember {
  userId      String
  user        User      @relation(fields: [userId], references: [id])
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])

  @@id([userId, workspaceId])
}

model Board {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
  cards       Card[]
}

model Card {
  id      String @id
  boardId String
  board   Board  @relation(fields: [boardId], references: [id])
}

model Form {
  id          String    @id
  workspaceId String
  workspace   Workspace @relation(fields: [workspaceId], references: [id])
}

/// users keep products on wishlists, a join that is no membership: Product is no tenant
model Product {
  id        String     @id
  wishlists Wishlist[]
  images    ProductImage[]
}

model Wishlist {
  userId    String
  user      User    @relation(fields: [userId], references: [id])
  productId String
  product   Product @relation(fields: [productId], references: [id])

  @@id([userId, productId])
}

model ProductImage {
  id        String  @id
  productId String
  product   Product @relation(fields: [productId], references: [id])
}
`;

  it("is found through a membership named after it (WorkspaceMember); a wishlist of products is no membership", async () => {
    expect(await ownershipFound(schema)).toStrictEqual({
      identityModels: [
        { name: "User", role: "identity", referencedBy: ["Wishlist", "WorkspaceMember"] },
        { name: "Workspace", role: "tenant", referencedBy: ["Board", "Form", "WorkspaceMember"], reachedThrough: ["WorkspaceMember"] },
      ],
      ownerFields: [
        { field: "workspaceId", ownerModel: "Workspace", models: ["Board", "Form", "WorkspaceMember"] },
        { field: "userId", ownerModel: "User", models: ["Wishlist"] },
      ],
      ownerFieldList: ["workspaceId", "userId"],
      ownerOverrides: {},
      ownedThroughParent: { Card: "board.workspaceId" },
      nullableOwners: {},
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: ["Product", "ProductImage"],
    });
  });

  it("owns its models, and their children through them", async () => {
    expect(await ownershipConfig(schema)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by Wishlist, WorkspaceMember
    //   Workspace (a tenant: users join it through WorkspaceMember): referenced by Board, Form, WorkspaceMember
    ownerModels: ["User", "Workspace"],
    // Owner fields: the foreign keys to them, a tenant's first (a model with both is its tenant's), most used first.
    //   workspaceId → Workspace: Board, Form, WorkspaceMember
    //   userId → User: Wishlist
    field: ["workspaceId", "userId"],
    // Owned only through a parent (no owner field, a required relation to an owned model). Check that each
    // path leads to the right owner, then uncomment:
    // models: {
    //   Card: "board.workspaceId",
    // },
    // No owner found, so global (any caller may read them): Product, ProductImage.
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });
});

describe("a tenant named Project", () => {
  const schema = `
model User {
  id       String         @id
  email    String         @unique
  projects ProjectUsers[]
  rsvps    Rsvp[]
}

/// users join it through ProjectUsers, named after both models
model Project {
  id      String         @id
  users   ProjectUsers[]
  domains Domain[]
  links   Link[]
}

model ProjectUsers {
  id        String  @id
  userId    String
  user      User    @relation(fields: [userId], references: [id])
  projectId String
  project   Project @relation(fields: [projectId], references: [id])
}

model Domain {
  id        String  @id
  projectId String
  project   Project @relation(fields: [projectId], references: [id])
}

model Link {
  id        String  @id
  projectId String
  project   Project @relation(fields: [projectId], references: [id])
}

/// users answer events through Rsvp, named after neither: Event is no tenant
model Event {
  id       String    @id
  rsvps    Rsvp[]
  sessions Session[]
}

model Rsvp {
  id      String @id
  userId  String
  user    User   @relation(fields: [userId], references: [id])
  eventId String
  event   Event  @relation(fields: [eventId], references: [id])
}

model Session {
  id      String @id
  eventId String
  event   Event  @relation(fields: [eventId], references: [id])
}
`;

  it("is found through a membership named after both models (ProjectUsers); a join named after neither is no membership", async () => {
    expect(await ownershipFound(schema)).toStrictEqual({
      identityModels: [
        { name: "User", role: "identity", referencedBy: ["ProjectUsers", "Rsvp"] },
        { name: "Project", role: "tenant", referencedBy: ["Domain", "Link", "ProjectUsers"], reachedThrough: ["ProjectUsers"] },
      ],
      ownerFields: [
        { field: "projectId", ownerModel: "Project", models: ["Domain", "Link", "ProjectUsers"] },
        { field: "userId", ownerModel: "User", models: ["Rsvp"] },
      ],
      ownerFieldList: ["projectId", "userId"],
      ownerOverrides: {},
      ownedThroughParent: {},
      nullableOwners: {},
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: ["Event", "Session"],
    });
    expect(await ownershipConfig(schema)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by ProjectUsers, Rsvp
    //   Project (a tenant: users join it through ProjectUsers): referenced by Domain, Link, ProjectUsers
    ownerModels: ["User", "Project"],
    // Owner fields: the foreign keys to them, a tenant's first (a model with both is its tenant's), most used first.
    //   projectId → Project: Domain, Link, ProjectUsers
    //   userId → User: Rsvp
    field: ["projectId", "userId"],
    // No owner found, so global (any caller may read them): Event, Session.
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });
});

describe("owner keys named their own way", () => {
  const schema = `
model User {
  id       String    @id
  uid      String    @unique
  username String    @unique
  teams    Member[]
  profile  Profile?
  comments Comment[]
}

model Team {
  id       String    @id
  members  Member[]
  projects Project[]
  tasks    Task[]
}

model Member {
  id     String @id
  userId String
  user   User   @relation(fields: [userId], references: [id])
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Project {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

/// teamID: a key to the tenant, named its own way
model Task {
  id     String @id
  teamID String
  team   Team   @relation(fields: [teamID], references: [id])
}

/// userUid references User.uid (unique, not the id)
model Profile {
  id      String @id
  userUid String @unique
  user    User   @relation(fields: [userUid], references: [uid])
}

/// authorUsername references User.username
model Comment {
  id             String @id
  authorUsername String
  author         User   @relation(fields: [authorUsername], references: [username])
}

/// the same name without a relation: a quoted name, not an owner
model Quote {
  id             String @id
  authorUsername String
}
`;

  it("are owner fields whatever their name and whichever unique field they reference; the same name without a relation is not", async () => {
    expect(await ownershipFound(schema)).toStrictEqual({
      identityModels: [
        { name: "User", role: "identity", referencedBy: ["Comment", "Member", "Profile"] },
        { name: "Team", role: "tenant", referencedBy: ["Member", "Project", "Task"], reachedThrough: ["Member"] },
      ],
      ownerFields: [
        { field: "teamId", ownerModel: "Team", models: ["Member", "Project"] },
        { field: "teamID", ownerModel: "Team", models: ["Task"] },
        { field: "authorUsername", ownerModel: "User", models: ["Comment"] },
        { field: "userUid", ownerModel: "User", models: ["Profile"] },
      ],
      ownerFieldList: ["teamId"],
      ownerOverrides: { Task: "teamID", Profile: "userUid", Comment: "authorUsername" },
      ownedThroughParent: {},
      nullableOwners: {},
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: ["Quote"],
    });
  });

  it("are set per model, so the field list keeps the usual names", async () => {
    expect(await ownershipConfig(schema)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by Comment, Member, Profile
    //   Team (a tenant: users join it through Member): referenced by Member, Project, Task
    ownerModels: ["User", "Team"],
    // Owner fields: the foreign keys to them, a tenant's first (a model with both is its tenant's), most used first.
    //   teamId → Team: Member, Project
    //   teamID → Team: Task (a name of its own: set in models)
    //   authorUsername → User: Comment (a name of its own: set in models)
    //   userUid → User: Profile (a name of its own: set in models)
    field: "teamId",
    models: {
      // Owned by a foreign key the field list does not find first (a name of its own, or the list finds another):
      Task: "teamID",
      Profile: "userUid",
      Comment: "authorUsername",
    },
    // No owner found, so global (any caller may read them): Quote.
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });
});

describe("actor keys", () => {
  const schema = `
model User {
  id        String     @id
  email     String     @unique
  owned     Document[] @relation("owner")
  created   Document[] @relation("creator")
  modified  Document[] @relation("modifier")
  auditLogs AuditLog[]
  notes     Note[]
  comments  Comment[]
}

/// an owner beside two actor keys: owned by ownerId
model Document {
  id                   String    @id
  ownerId              String
  owner                User      @relation("owner", fields: [ownerId], references: [id])
  createdById          String
  createdBy            User      @relation("creator", fields: [createdById], references: [id])
  lastModifiedByUserId String?
  lastModifiedBy       User?     @relation("modifier", fields: [lastModifiedByUserId], references: [id])
  comments             Comment[]
}

/// only an actor key: listed for review, not owned
model AuditLog {
  id          String @id
  createdById String
  createdBy   User   @relation(fields: [createdById], references: [id])
}

/// its lookalike with an author: owned
model Note {
  id       String @id
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
}

/// an actor key and a required parent: owned through the parent
model Comment {
  id          String   @id
  documentId  String
  document    Document @relation(fields: [documentId], references: [id])
  createdById String
  createdBy   User     @relation(fields: [createdById], references: [id])
}
`;

  it("are never owners: the real owner beside them is; alone they are for review; an author is an owner", async () => {
    expect(await ownershipFound(schema)).toStrictEqual({
      identityModels: [{ name: "User", role: "identity", referencedBy: ["AuditLog", "Comment", "Document", "Note"] }],
      ownerFields: [
        { field: "authorId", ownerModel: "User", models: ["Note"] },
        { field: "ownerId", ownerModel: "User", models: ["Document"] },
      ],
      ownerFieldList: ["authorId", "ownerId"],
      ownerOverrides: {},
      ownedThroughParent: { Comment: "document.ownerId" },
      nullableOwners: {},
      actorOnlyOwners: { AuditLog: [{ field: "createdById", ownerModel: "User" }] },
      actorFields: [
        { field: "createdById", ownerModel: "User", models: ["AuditLog", "Comment", "Document"] },
        { field: "lastModifiedByUserId", ownerModel: "User", models: ["Document"] },
      ],
      globalModels: [],
    });
  });

  it("are named in a comment, and a model with only them is a commented-out suggestion", async () => {
    expect(await ownershipConfig(schema)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by AuditLog, Comment, Document, Note
    ownerModels: ["User"],
    // Owner fields: the foreign keys to them, most used first.
    //   authorId → User: Note
    //   ownerId → User: Document
    field: ["authorId", "ownerId"],
    // Actor keys (who created or changed a row, not whose row it is) are never owner fields:
    //   createdById → User: AuditLog, Comment, Document
    //   lastModifiedByUserId → User: Document
    models: {
      // For review: only actor keys to an owner (who created or changed a row, not whose it is), so not owned
      // here; if the rows belong to that caller, set the field:
      // AuditLog: "createdById", // → User
      // Owned only through a parent (no owner field, a required relation to an owned model). Check that each
      // path leads to the right owner, then uncomment:
      // Comment: "document.ownerId",
    },
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });
});

describe("an Account", () => {
  const owned = `
model User {
  id       String    @id
  email    String    @unique
  accounts Account[]
}

/// looks like a login (a unique email) but belongs to a user: owned, not an identity
model Account {
  id           String        @id
  email        String        @unique
  userId       String
  user         User          @relation(fields: [userId], references: [id])
  transactions Transaction[]
}

model Transaction {
  id        String  @id
  accountId String
  account   Account @relation(fields: [accountId], references: [id])
}
`;
  const login = `
/// the login itself: a unique email and no key to anything
model Account {
  id           String        @id
  email        String        @unique
  transactions Transaction[]
}

model Transaction {
  id        String  @id
  accountId String
  account   Account @relation(fields: [accountId], references: [id])
}
`;

  it("with a required key to the user is owned by it, not an identity, however much it looks like a login", async () => {
    expect(await ownershipFound(owned)).toStrictEqual({
      identityModels: [{ name: "User", role: "identity", referencedBy: ["Account"] }],
      ownerFields: [{ field: "userId", ownerModel: "User", models: ["Account"] }],
      ownerFieldList: ["userId"],
      ownerOverrides: {},
      ownedThroughParent: { Transaction: "account.userId" },
      nullableOwners: {},
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: [],
    });
    expect(await ownershipConfig(owned)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by Account
    ownerModels: ["User"],
    // Owner fields: the foreign keys to them, most used first.
    //   userId → User: Account
    field: "userId",
    // Owned only through a parent (no owner field, a required relation to an owned model). Check that each
    // path leads to the right owner, then uncomment:
    // models: {
    //   Transaction: "account.userId",
    // },
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });

  it("that is the login itself (a unique email, no key to anything) is the identity", async () => {
    expect(await ownershipFound(login)).toStrictEqual({
      identityModels: [{ name: "Account", role: "identity", referencedBy: ["Transaction"] }],
      ownerFields: [{ field: "accountId", ownerModel: "Account", models: ["Transaction"] }],
      ownerFieldList: ["accountId"],
      ownerOverrides: {},
      ownedThroughParent: {},
      nullableOwners: {},
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: [],
    });
    expect(await ownershipConfig(login)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   Account: referenced by Transaction
    ownerModels: ["Account"],
    // Owner fields: the foreign keys to them, most used first.
    //   accountId → Account: Transaction
    field: "accountId",
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });
});

describe("a nullable owner key", () => {
  const schema = `
model User {
  id          String       @id
  email       String       @unique
  memberships Membership[]
}

model Team {
  id          String       @id
  memberships Membership[]
  projects    Project[]
  templates   Template[]
}

model Membership {
  id     String @id
  role   String
  userId String
  user   User   @relation(fields: [userId], references: [id])
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

model Project {
  id     String @id
  teamId String
  team   Team   @relation(fields: [teamId], references: [id])
}

/// built-in templates have no team, a team's own have one: for review, not owned
model Template {
  id     String  @id
  teamId String?
  team   Team?   @relation(fields: [teamId], references: [id])
}
`;

  it("does not make its model owned: the model is for review; the same key required does", async () => {
    expect(await ownershipFound(schema)).toStrictEqual({
      identityModels: [
        { name: "User", role: "identity", referencedBy: ["Membership"] },
        { name: "Team", role: "tenant", referencedBy: ["Membership", "Project", "Template"], reachedThrough: ["Membership"] },
      ],
      ownerFields: [{ field: "teamId", ownerModel: "Team", models: ["Membership", "Project"] }],
      ownerFieldList: ["teamId"],
      ownerOverrides: { Template: false },
      ownedThroughParent: {},
      nullableOwners: { Template: [{ field: "teamId", ownerModel: "Team" }] },
      actorOnlyOwners: {},
      actorFields: [],
      globalModels: [],
    });
  });

  it("is set to false with a comment, since the field list would take it", async () => {
    expect(await ownershipConfig(schema)).toBe(`  ownership: {
    // Identity models (User, Device, Tenant… that other models point to): every query on a model they own
    // must be scoped to the authenticated caller.
    //   User: referenced by Membership
    //   Team (a tenant: users join it through Membership): referenced by Membership, Project, Template
    ownerModels: ["User", "Team"],
    // Owner fields: the foreign keys to them, a tenant's first (a model with both is its tenant's), most used first.
    //   teamId → Team: Membership, Project
    field: "teamId",
    models: {
      // For review: only nullable keys to an owner (rows without one may be shared, like built-in templates, or
      // each row has one of them), so not owned here; to scope the rows to their owner, set the field:
      Template: false, // teamId → Team
    },
    // Where the identity comes from: the defaults (req.user, req.user.*, req.auth, req.auth.*, res.locals.*); no other assignment found.
    // identitySources: ["req.user", "req.user.*", "req.auth", "req.auth.*", "res.locals.*"],
  },`);
  });
});

describe("a Boolean that marks public rows", () => {
  const schema = `
model User {
  id       String    @id
  email    String    @unique
  posts    Post[]
  drafts   Draft[]
}

/// owned, with a published flag: suggested for ownership.publicReads
model Post {
  id        String  @id
  userId    String
  user      User    @relation(fields: [userId], references: [id])
  published Boolean @default(false)
}

/// the lookalike: a Boolean named otherwise is no public mark
model Draft {
  id       String  @id
  userId   String
  user     User    @relation(fields: [userId], references: [id])
  archived Boolean @default(false)
}
`;

  it("finds the owned model's public flag, and no other", async () => {
    const found = (await inspectProject(schemaProject(schema))).schema!.inspection;
    expect(found.publicFlags).toStrictEqual({ Post: "published" });
  });

  it("suggests ownership.publicReads, commented out", async () => {
    const config = await ownershipConfig(schema);
    expect(config).toContain(
      [
        "    // For review: owned models with a Boolean that looks like it marks rows anyone may read. A read whose where",
        "    // requires it is public (writes stay owner-scoped); if so, uncomment:",
        "    // publicReads: {",
        "    //   Post: { published: true },",
        "    // },",
      ].join("\n"),
    );
  });
});
