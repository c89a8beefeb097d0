/**
 * What `init` reads of ownership from the Prisma schema's relation graph (not from model names): the
 * identity (the login principal), the tenants (what users join through a membership), the foreign keys
 * to them however they are named (owner fields), actor keys (who changed a row, not whose it is),
 * models owned only through a parent, and what needs review. Pure functions of the schema model.
 */
import type { SchemaModelInfo } from "../../schema/index.js";
import { byUseCount, isScalar, type FieldUse } from "./field-uses.js";

/** A foreign key named the usual way (`userId`, `owner_id`): such names go to `ownership.field`. */
const FK_NAME = /(?:Id|_id)$/;

/** A model named as the login principal: `User`, `Users`, `AppUser`, `Device`. */
const PRINCIPAL_NAME = /^(?:app_?|auth_?)?(?:users?|devices?)$/i;
/** A unique field a login is looked up by: `email`, `username`, `phoneNumber`, `tokenHash`. */
const LOGIN_FIELD = /^(?:e_?mail(?:_?address)?|user_?name|login|handle|phone(?:_?number)?|token_?hash)$/i;
/**
 * Words of a key or relation field that name who did something to a row, not whose row it is:
 * `createdById`, `lastModifiedByUserId`, `deleted_by`, `enteredBy` (any "… by" but "owned by"),
 * `actorId`, `creatorId`, `inviterId`, `assigneeId`, `assignedToId`, `reviewer`.
 */
const ACTOR_WORDS =
  /^(?:last )?(?!owned )[a-z]+ by\b|^(?:actor|creator|assignee|reviewer|approver|inviter|modifier|updater|editor)\b|^assigned to\b/;
/** A membership's role field: `role`, `roles`, `permissions`, `accessLevel`, `isAdmin`. */
const ROLE_FIELD = /^(?:roles?|permissions?|access(?:_?level)?|is_?(?:admin|owner))$/i;

export interface OwnerFieldUse extends FieldUse {
  /** the identity or tenant model the foreign key points to */
  ownerModel: string;
}

/** A foreign key to an identity or tenant model, named by its scalar field. */
export interface KeyToOwner {
  field: string;
  ownerModel: string;
}

export interface OwnerModel {
  name: string;
  /** `identity`: the caller itself (the login principal); `tenant`: what callers belong to */
  role: "identity" | "tenant";
  /** the other models with a foreign key to it */
  referencedBy: string[];
  /** how users reach a tenant: its membership models (`Membership`), or the identity's own key (`User.orgId`) */
  reachedThrough?: string[];
}

export interface OwnershipInspection {
  /** `ownership.ownerModels`: the identities (the login principal first), then the tenants (the most referenced first) */
  identityModels: OwnerModel[];
  /**
   * Owner fields: each model's required foreign key to a tenant (preferred) or an identity, by name;
   * the tenants' first, then most models first. Actor keys are never owner fields.
   */
  ownerFields: OwnerFieldUse[];
  /** `ownership.field`: the owner fields named the usual way (`…Id`, `…_id`) or used by several models */
  ownerFieldList: string[];
  /**
   * `ownership.models` entries the list needs: a model's own owner field where the list finds another
   * field or none (`teamID`, `authorUsername`), or false where the list would find a nullable or actor key.
   */
  ownerOverrides: Record<string, string | false>;
  /**
   * models with no owner field but a required relation to an owned model: model → relation path (also
   * those whose only keys to an owner are nullable or actor keys; their `ownerOverrides` entry is false)
   */
  ownedThroughParent: Record<string, string>;
  /** for review: models whose only keys to an owner model are nullable (`Template.teamId?`); not owned */
  nullableOwners: Record<string, KeyToOwner[]>;
  /** for review: models whose only keys to an owner model are actor keys (`createdById`); not owned */
  actorOnlyOwners: Record<string, KeyToOwner[]>;
  /** actor keys to owner models (`createdById → User`), most models first: never owner fields */
  actorFields: OwnerFieldUse[];
  /** models with no key to an owner model at all, neither owners nor owned */
  globalModels: string[];
  /** for review (`ownership.publicReads`): owned models with a Boolean that marks public rows (`published`, `isPublic`) → that field */
  publicFlags: Record<string, string>;
}

/** Boolean fields named like a mark of rows anyone may read. */
const PUBLIC_FLAG_NAME = /^(?:is_?)?(?:public|published|visible)$|^visibility$/i;


/** A to-one relation holding its foreign key on this side: `team Team @relation(fields: [teamId], …)`. */
interface ForeignKey {
  /** the relation field: `team` */
  relation: string;
  /** the key's scalar fields: `["teamId"]` */
  fields: string[];
  /** the referenced model */
  target: string;
  required: boolean;
  /** named like who did something to the row (`createdById`, `lastModifiedBy`), not whose row it is */
  actor: boolean;
}

/** Foreign keys by model (self-relations left out), and who references whom. */
class RelationGraph {
  readonly keys = new Map<string, ForeignKey[]>();
  readonly referencedBy = new Map<string, Set<string>>();

  constructor(readonly models: readonly SchemaModelInfo[]) {
    for (const model of models) {
      const keys: ForeignKey[] = [];
      for (const field of model.fields.values()) {
        const relation = field.relation;
        if (!relation || field.isList || relation.fromFields.length === 0 || relation.model === model.name) continue;
        const actor = ACTOR_WORDS.test(words(field.name)) || relation.fromFields.some((name) => ACTOR_WORDS.test(words(name)));
        // a required key column makes the relation required, even where the relation field says `User?`
        const required = field.isRequired || relation.fromFields.every((name) => model.fields.get(name)?.isRequired === true);
        keys.push({ relation: field.name, fields: relation.fromFields, target: relation.model, required, actor });
        const set = this.referencedBy.get(relation.model) ?? new Set();
        set.add(model.name);
        this.referencedBy.set(relation.model, set);
      }
      this.keys.set(model.name, keys);
    }
  }

  keysOf(model: string): ForeignKey[] {
    return this.keys.get(model) ?? [];
  }

  referencing(model: string): string[] {
    return [...(this.referencedBy.get(model) ?? [])].sort();
  }
}

/** `lastModifiedByUserId` → `last modified by user id`; `teamID` → `team id`; `created_by` → `created by`. */
function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean)
    .join(" ");
}

/** A single-column key, the kind an owner field can be. */
function ownerKeyField(key: ForeignKey): string | undefined {
  return key.fields.length === 1 ? key.fields[0] : undefined;
}

export function inspectOwnership(models: readonly SchemaModelInfo[]): OwnershipInspection {
  const graph = new RelationGraph(models);
  const identities = findIdentities(graph);
  const tenants = findTenants(graph, identities);
  const identityModels: OwnerModel[] = [
    ...identities.map((name): OwnerModel => ({ name, role: "identity", referencedBy: graph.referencing(name) })),
    ...tenants.map(({ name, reachedThrough }): OwnerModel => ({ name, role: "tenant", referencedBy: graph.referencing(name), reachedThrough })),
  ];
  const tenantNames = new Set(tenants.map((tenant) => tenant.name));
  const owners = new Set(identityModels.map((model) => model.name));
  const owned = models.filter((model) => !owners.has(model.name));

  const ownerOf = chooseOwners(graph, owned, owners, tenantNames);
  const ownerFields = ownerFieldUses(ownerOf, tenantNames);
  let listed = ownerFields.filter((use) => FK_NAME.test(use.field) || use.models.length > 1).map((use) => use.field);
  if (listed.length === 0) listed = ownerFields.map((use) => use.field);
  const listPick = (model: SchemaModelInfo) => listed.find((name) => isScalar(model.fields.get(name)));

  const ownerOverrides: Record<string, string | false> = {};
  const nullableOwners: Record<string, KeyToOwner[]> = {};
  const actorOnlyOwners: Record<string, KeyToOwner[]> = {};
  /** model → its owner field or the relation path to it, for the models that are owned */
  const pathTo = new Map<string, string>();
  const pending: SchemaModelInfo[] = [];
  for (const model of owned) {
    const own = ownerOf.get(model.name);
    const picked = listPick(model);
    if (own !== undefined) {
      if (picked !== own.field) ownerOverrides[model.name] = own.field;
      pathTo.set(model.name, own.field);
      continue;
    }
    const keys = graph.keysOf(model.name).filter((key) => owners.has(key.target) && ownerKeyField(key) !== undefined);
    const keyFields = new Set(keys.flatMap((key) => key.fields));
    if (picked !== undefined && !keyFields.has(picked)) {
      pathTo.set(model.name, picked); // a scalar named like an owner field, without a relation: owned by its name
      continue;
    }
    if (picked !== undefined) ownerOverrides[model.name] = false; // the list would take a nullable or actor key
    pending.push(model);
  }

  // also where the list would take a nullable or actor key: the entry stays false, the path is its suggestion
  const ownedThroughParent = findOwnedThroughParent(graph, pending, pathTo);
  const globalModels: string[] = [];
  for (const model of pending) {
    if (Object.hasOwn(ownedThroughParent, model.name)) continue;
    const keys = graph.keysOf(model.name).filter((key) => owners.has(key.target) && ownerKeyField(key) !== undefined);
    const toOwner = (key: ForeignKey): KeyToOwner => ({ field: ownerKeyField(key)!, ownerModel: key.target });
    const real = keys.filter((key) => !key.actor).sort((a, b) => Number(tenantNames.has(b.target)) - Number(tenantNames.has(a.target)));
    if (real.length > 0) nullableOwners[model.name] = real.map(toOwner);
    else if (keys.length > 0) actorOnlyOwners[model.name] = keys.map(toOwner);
    else globalModels.push(model.name);
  }

  const publicFlags: Record<string, string> = {};
  for (const model of owned) {
    if (!pathTo.has(model.name) && !Object.hasOwn(ownedThroughParent, model.name)) continue;
    const flag = [...model.fields.values()].find((field) => field.kind === "scalar" && field.type === "Boolean" && PUBLIC_FLAG_NAME.test(field.name));
    if (flag) publicFlags[model.name] = flag.name;
  }

  return {
    identityModels,
    ownerFields,
    ownerFieldList: listed,
    ownerOverrides,
    ownedThroughParent,
    nullableOwners,
    actorOnlyOwners,
    actorFields: actorFieldUses(graph, owned, owners),
    globalModels,
    publicFlags,
  };
}

/**
 * How much a model looks like the login principal: its name (`User`, `Device`: 3) and a unique login
 * field (`email`, `username`, `tokenHash`: 2). 0: not a principal, whatever other models do with it.
 */
function principalScore(model: SchemaModelInfo): number {
  const login = [...model.fields.values()].some(
    (field) =>
      field.kind === "scalar" &&
      LOGIN_FIELD.test(field.name) &&
      (field.isUnique || model.uniqueFields.some((fields) => fields.length === 1 && fields[0] === field.name)),
  );
  return (PRINCIPAL_NAME.test(model.name) ? 3 : 0) + (login ? 2 : 0);
}

/**
 * The identities, the login principal first. Candidates: models other models reference that look like a
 * principal. A candidate with a required key to another candidate that looks at least as much like one
 * is owned by it (`Account { email @unique, userId }` → `User`), not an identity. Of the rest, the one
 * that looks most like the principal, then the most referenced, is the identity; another candidate named
 * like a principal with no required key at all (`Device` beside `User`) is one as well.
 */
function findIdentities(graph: RelationGraph): string[] {
  const score = new Map<string, number>();
  for (const model of graph.models) {
    const points = principalScore(model);
    if (points > 0 && graph.referencing(model.name).length > 0) score.set(model.name, points);
  }
  const candidates = [...score.keys()];
  const ownedByAnother = (name: string) =>
    graph.keysOf(name).some((key) => key.required && score.has(key.target) && score.get(key.target)! >= score.get(name)!);
  let kept = candidates.filter((name) => !ownedByAnother(name));
  if (kept.length === 0) kept = candidates; // required keys in a circle: none owns the others
  kept.sort((a, b) => score.get(b)! - score.get(a)! || graph.referencing(b).length - graph.referencing(a).length || a.localeCompare(b));
  const [principal, ...others] = kept;
  if (principal === undefined) return [];
  return [principal, ...others.filter((name) => PRINCIPAL_NAME.test(name) && graph.keysOf(name).every((key) => !key.required))];
}

/**
 * The tenants: models users reach through a membership (a model with required keys to an identity and
 * to it, with a role field or a name that says membership: `Membership`, `WorkspaceMember`,
 * `ProjectUser`, `UserTeam`), or through a required key of the identity itself (`User.orgId`).
 * A candidate no other model references (identities and memberships not counted) owns nothing; one
 * that reaches another through required keys belongs to it (`Project` → `Workspace`, also through a
 * parent), unless that one reaches it back. The rest, the most referenced first: usually one (`Team`),
 * sometimes two (`Project` for a product's teams, `Partner` for its affiliates).
 */
function findTenants(graph: RelationGraph, identities: readonly string[]): { name: string; reachedThrough: string[] }[] {
  const identitySet = new Set(identities);
  const reached = new Map<string, Set<string>>();
  const reach = (tenant: string, through: string) => {
    if (identitySet.has(tenant)) return;
    const set = reached.get(tenant) ?? new Set();
    set.add(through);
    reached.set(tenant, set);
  };
  const memberships = new Set<string>();
  for (const model of graph.models) {
    const required = graph.keysOf(model.name).filter((key) => key.required && !key.actor);
    if (identitySet.has(model.name)) {
      for (const key of required) reach(key.target, `${model.name}.${key.fields.join(", ")}`);
      continue;
    }
    for (const user of required.filter((key) => identitySet.has(key.target))) {
      for (const key of required) {
        if (identitySet.has(key.target) || !isMembership(model, user.target, key.target)) continue;
        reach(key.target, model.name);
        memberships.add(model.name);
      }
    }
  }
  const owning = (name: string) => graph.referencing(name).filter((model) => !identitySet.has(model) && !memberships.has(model)).length;
  const candidates = [...reached.keys()].filter((name) => owning(name) > 0);
  const above = new Map(candidates.map((name) => [name, candidatesAbove(graph, name, new Set(candidates), identitySet)]));
  return candidates
    .filter((name) => ![...above.get(name)!].some((other) => !above.get(other)!.has(name)))
    .sort((a, b) => owning(b) - owning(a) || a.localeCompare(b))
    .map((name) => ({ name, reachedThrough: [...reached.get(name)!].sort() }));
}

/**
 * The candidates `name` reaches through required, non-actor keys (not through an identity): those it
 * belongs to, directly (`Project.workspaceId`) or through a parent (`Page` → `Document` → `Workspace`).
 * A worklist over the models.
 */
function candidatesAbove(graph: RelationGraph, name: string, candidates: ReadonlySet<string>, identities: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const seen = new Set([name]);
  const work = [name];
  while (work.length > 0) {
    for (const key of graph.keysOf(work.pop()!)) {
      if (!key.required || key.actor || seen.has(key.target) || identities.has(key.target)) continue;
      seen.add(key.target);
      if (candidates.has(key.target)) found.add(key.target);
      else work.push(key.target);
    }
  }
  return found;
}

/**
 * A membership of `identity` in `tenant`: named so (`Membership`, `WorkspaceMember`; `ProjectUsers`,
 * `UserTeam`, `UsersOnTeams`: the two models' names), or with a role field (`role`, `permissions`).
 */
function isMembership(model: SchemaModelInfo, identity: string, tenant: string): boolean {
  const name = squash(model.name);
  if (name.includes("member")) return true;
  const [user, team] = [squash(identity), squash(tenant)];
  if (name === user + team || name === team + user) return true;
  return [...model.fields.values()].some((field) => !field.relation && ROLE_FIELD.test(field.name));
}

/** `UsersOnTeams` → `userteam`, `Project_Users` → `projectuser`: words singular, joined, without `on`/`to`/`in`. */
function squash(name: string): string {
  return words(name)
    .split(" ")
    .filter((word) => !["on", "to", "in", "of"].includes(word))
    .map((word) => word.replace(/s$/, ""))
    .join("");
}

/**
 * Each owned model's owner: its required, non-actor, single-column key to a tenant, else to an
 * identity; among several, the name most models use, then the first by name.
 */
function chooseOwners(
  graph: RelationGraph,
  owned: readonly SchemaModelInfo[],
  owners: ReadonlySet<string>,
  tenants: ReadonlySet<string>,
): Map<string, KeyToOwner> {
  const candidatesOf = new Map<string, KeyToOwner[]>();
  const uses = new Map<string, number>();
  for (const model of owned) {
    const keys = graph
      .keysOf(model.name)
      .filter((key) => key.required && !key.actor && owners.has(key.target) && ownerKeyField(key) !== undefined)
      .map((key) => ({ field: ownerKeyField(key)!, ownerModel: key.target }));
    if (keys.length === 0) continue;
    candidatesOf.set(model.name, keys);
    for (const field of new Set(keys.map((key) => key.field))) uses.set(field, (uses.get(field) ?? 0) + 1);
  }
  const ownerOf = new Map<string, KeyToOwner>();
  for (const [model, keys] of candidatesOf) {
    const rank = (key: KeyToOwner) => (tenants.has(key.ownerModel) ? 0 : 1);
    const [best] = [...keys].sort((a, b) => rank(a) - rank(b) || uses.get(b.field)! - uses.get(a.field)! || a.field.localeCompare(b.field));
    ownerOf.set(model, best);
  }
  return ownerOf;
}

/** The owner fields by name: the tenants' first, then most models first, then by name. */
function ownerFieldUses(ownerOf: ReadonlyMap<string, KeyToOwner>, tenants: ReadonlySet<string>): OwnerFieldUse[] {
  const byField = new Map<string, OwnerFieldUse>();
  for (const [model, key] of ownerOf) {
    // the same name pointing to two owner models keeps the first; the comment names that one
    const use = byField.get(key.field) ?? { field: key.field, ownerModel: key.ownerModel, models: [] };
    use.models.push(model);
    byField.set(key.field, use);
  }
  const rank = (use: OwnerFieldUse) => (tenants.has(use.ownerModel) ? 0 : 1);
  return [...byField.values()]
    .map((use) => ({ ...use, models: use.models.sort() }))
    .sort((a, b) => rank(a) - rank(b) || byUseCount(a, b));
}

/** Actor keys to owner models, by name, most models first. */
function actorFieldUses(graph: RelationGraph, owned: readonly SchemaModelInfo[], owners: ReadonlySet<string>): OwnerFieldUse[] {
  const byField = new Map<string, OwnerFieldUse>();
  for (const model of owned) {
    for (const key of graph.keysOf(model.name)) {
      const field = ownerKeyField(key);
      if (!key.actor || field === undefined || !owners.has(key.target)) continue;
      const use = byField.get(field) ?? { field, ownerModel: key.target, models: [] };
      if (!use.models.includes(model.name)) use.models.push(model.name);
      byField.set(field, use);
    }
  }
  return [...byField.values()].map((use) => ({ ...use, models: use.models.sort() })).sort(byUseCount);
}

/**
 * Models reached through required to-one relations from owned ones, nearest owner first:
 * `Portion` → `product.deviceId`. A worklist over the models, one relation level per round.
 */
function findOwnedThroughParent(
  graph: RelationGraph,
  candidates: readonly SchemaModelInfo[],
  pathTo: Map<string, string>,
): Record<string, string> {
  const throughParent: Record<string, string> = {};
  let pending = [...candidates];
  for (let changed = true; changed && pending.length > 0; ) {
    changed = false;
    const found = new Map<string, string>();
    for (const model of pending) {
      const via = graph.keysOf(model.name).find((key) => key.required && pathTo.has(key.target));
      if (via) found.set(model.name, `${via.relation}.${pathTo.get(via.target)}`);
    }
    for (const [model, relationPath] of found) {
      pathTo.set(model, relationPath);
      throughParent[model] = relationPath;
      changed = true;
    }
    pending = pending.filter((model) => !found.has(model.name));
  }
  return throughParent;
}
