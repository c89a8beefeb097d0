import { guardedRouteParams, hasIdentitySource, paramsCheckedBy, readsGuardedParam } from "../src/analysis/param-guards.js";
import { isNonRequestCode } from "../src/analysis/request-paths.js";
import { adminOnlyAt, isAdminMiddleware, isProcedureAdminGate } from "../src/analysis/admin-paths.js";
import { trpcInputFieldsChecked, trpcProcedureMiddleware } from "../src/frameworks/trpc/index.js";
import { frameworkParamsTiedToCaller, frameworkServiceCredential } from "../src/frameworks/index.js";
import { anonymousReach } from "../src/analysis/anonymous-endpoints.js";
import { CallGraph } from "../src/analysis/call-graph.js";
import type { MemoEntry } from "../src/engine/dependencies.js";
import { isDeleteOperation, isReadOperation, isUpdateOperation, type QuerySite } from "../src/engine/query-sites.js";
import { createRule, makeRuleContext, querySiteOf, querySitesOf, querySitesWithin, type AnalysisContext, type ReportDescriptor, type RuleContext } from "../src/engine/rule.js";
import { findCallers } from "../src/engine/callers.js";
import { forEachDescendant, isNestedScopeKind, kindSet } from "../src/engine/file-index.js";
import { isIgnored } from "../src/engine/analysis.js";
import { alwaysExits, calleeName, enclosingFunction, resolveIdentifier, skipOuterExpressions } from "../src/engine/scope.js";
import { callTaking, someNodeBefore } from "../src/engine/function-scan.js";
import { endpointOfRegistration, middlewareChains, routeRegistrations } from "../src/analysis/route-chain.js";
import { mayDeclareRoutes } from "../src/analysis/endpoints.js";
import { functionLabel } from "../src/analysis/call-graph.js";
import { isEqualityOperator, ts } from "../src/engine/ts.js";
import { oneOf, propertyOf, type AbsValue } from "../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../src/engine/where.js";
import { isGuardedResult, normaliseSourceText, originOf, ownerSpecFor, ownershipCheckedAfter, resultVariable, sourcePatterns, type OriginPatterns, type OwnerSpec } from "./utils/owner.js";

type Options = [{ publicModels: string[]; ownerFields: string[]; requestSources: string[] }];
type MessageIds = "unscoped" | "scopeFromRequest" | "createWithoutOwner" | "ownerFromRequest" | "ownerTaken";
type Context = RuleContext<Options, MessageIds>;

const CREATE = new Set(["create", "createMany", "createManyAndReturn"]);
/** Calls that check the caller may act on a key: `assertWorkspaceMember`, `canAccessTask`, `checkPermission`, `requireOwner`. */
const GUARD_CALL = /^(?:can[A-Z_]|is[A-Z]\w*(?:Member|Owner|Admin|Allowed|Authori[sz]ed))|assert|ensure|check|verify|authori[sz]|require[A-Z]|access|member|permission|guard|owner|allowed/i;

export default createRule<Options, MessageIds>({
  name: "require-owner-scope",
  meta: {
    type: "problem",
    docs: {
      description: "Require every query on an owned model to be scoped to the authenticated caller",
      convention: "owner-scope",
      config: "recommended",
      requiresSchema: true,
      // a signed-in caller reads, changes or deletes other owners' rows
      security: { cwe: [639], cvss: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N", severity: "8.1" },
    },
    messages: {
      unscoped:
        "{{endpoint}}{{source}} selects {{model}} rows ({{query}}) without the caller's {{field}}: any caller can reach other owners' rows (IDOR). Add {{field}} from the authenticated identity to the where, or check the owner right after the fetch.",
      scopeFromRequest:
        "{{endpoint}}{{source}} is the {{field}} of the {{model}} rows ({{query}}): the owner comes from the request, not from the authenticated identity, so the caller chooses whose rows it reaches.",
      createWithoutOwner: "{{operation}} on owned model {{model}} does not set {{field}}: the row is created without an owner.",
      ownerFromRequest:
        "{{endpoint}}{{source}} sets the {{field}} of the {{model}} row ({{query}}) instead of the authenticated identity: the caller chooses the owner.",
      ownerTaken:
        "{{endpoint}}{{source}} is taken here as the owner of {{count}} queries ({{queries}}): the owner comes from the request, not from the authenticated identity, so the caller chooses whose rows they reach. Take the {{field}} from the identity here.",
    },
    schema: [
      {
        type: "object",
        description: "Options for require-owner-scope.",
        properties: {
          publicModels: {
            type: "array",
            items: { type: "string" },
            description: "Models readable by everyone even though they have an owner field (a public profile, a published catalogue).",
          },
          ownerFields: {
            type: "array",
            items: { type: "string" },
            description: "Owner field names tried in order; replaces the config's ownership.field for this rule when not empty.",
          },
          requestSources: {
            type: "array",
            items: { type: "string" },
            description: "Expressions that carry request input, never an identity (a trailing .* matches any property below).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ publicModels: [], ownerFields: [], requestSources: ["req.params", "req.query", "req.body", "req.headers", "req.cookies"] }],
  },
  check(context) {
    const [{ publicModels, ownerFields, requestSources }] = context.options;
    const patterns = sourcePatterns(context.analysis.config.ownership.identitySources, requestSources);
    const checker = new OwnerScopeChecker(context, patterns, ownerFields);
    // No identity anywhere in the program (an app without authentication): no query can be scoped to a caller.
    const identified = hasIdentitySource(context.analysis, context.sourceFile);
    for (const site of context.querySites()) {
      // No caller picks the rows a job or a script reads.
      if (publicModels.includes(site.model.name) || isNonRequestCode(context.analysis, site.call)) continue;
      const owner = checker.ownerOf(site);
      if (owner && !identified) context.markUnknown(site);
      else if (owner) checker.check(site, owner);
    }
    if (identified) checker.reportTakenOwners();
  },
});

class OwnerScopeChecker {
  constructor(
    private readonly context: Context,
    private readonly patterns: OriginPatterns,
    private readonly ownerFields: readonly string[],
    /** false for a check made for the place a request value is taken: it reports each query itself */
    private readonly grouping = true,
  ) {}

  private readonly evaluate = (expression: ts.Expression) => this.context.analysis.evaluator.evaluate(expression);

  ownerOf(site: QuerySite): OwnerSpec | undefined {
    return ownerSpecFor(site.model, this.context.analysis.schema, this.context.analysis, this.ownerFields);
  }

  check(site: QuerySite, owner: OwnerSpec): void {
    const args = this.context.analysis.evaluator.evaluate(site.args);
    const data = { operation: site.operation, model: site.model.name, field: [...owner.relations, owner.field].join(".") };
    if (CREATE.has(site.operation)) {
      this.checkCreated(site, owner, propertyOf(args, "data"), data);
      return;
    }
    if (site.operation === "upsert") this.checkCreated(site, owner, propertyOf(args, "create"), data);
    // `where: key` with `key` a `{ token }` on some paths and an `{ id }` on others: the token paths are authentication,
    // the others are judged on their own.
    const paths = onEveryPathValues(propertyOf(args, "where"));
    const judged = paths.filter((path) => !this.isAuthentication(path, site));
    if (judged.length === 0) return;
    const where = judged.length === paths.length ? propertyOf(args, "where") : oneOf(judged);
    const values: AbsValue[] = [];
    const verdict = ownerConstraint(where, owner, values);
    if (verdict === "unknown") {
      this.context.markUnknown(site);
      return;
    }
    // `OR: [{ ownerId: userId }, { members: { some: { userId } } }]`, `workspace: { members: { some: { userId } } }`:
    // every path of the where ties the rows to the caller, through any field or relation filter.
    const reads = !isUpdateOperation(site.operation) && !isDeleteOperation(site.operation);
    if (reads && this.publicRead(site, where)) return;
    // A count on an endpoint only anonymous callers use (a badge, a public counter) is the number it publishes.
    if (AGGREGATES.has(site.operation) && this.anonymousOnly(site.call)) return;
    // `assertWorkspaceAccess(userId, workspaceId)`, `isProjectMember(projectId, userId)`: the read is the authorization check itself.
    if (reads && insideAuthorization(site.call)) return;
    if (this.tiedToCaller(where, reads, 0)) return;
    // `const member = await findMember(userId, workspaceId); if (!member) throw new ForbiddenError()`: what the read
    // found only decides whether the request goes on, and nothing of it reaches the caller.
    if (reads && (this.decidesOnly(site.call, 0) || this.callersOnlyDecide(site.call))) return;
    // `const todayCost = await prisma.log.aggregate(…)` in a function that hands nothing back (a notification sent to
    // the workspace, a cache filled), here or in every caller: the rows never reach whoever made the request.
    if (reads && !this.writesBeside(site.call) && this.confined(site.call, 0)) return;
    // `member.findUnique({ where: { userId_workspaceId: { userId: me, workspaceId } } })`: the membership check itself.
    if (reads && this.isMembershipLookup(site, where)) return;
    if (verdict === "no") {
      // Rows no caller chooses (a job's sweep, a key from a row already read) are no IDOR; a key of unknown origin is unknown.
      const selector = this.callerSelector(where);
      if (selector.origin === "unknown") this.context.markUnknown(site);
      if (selector.origin !== "request") return;
      // `count({ where: { tierId } })`, `(await findMany(…)).length`: only how many rows match reaches the caller, selected
      // by a key that is not the owner (an artist's follower count), never the rows.
      if (reads && (AGGREGATES.has(site.operation) || onlyCounted(site.call)) && !namesOwner(where, owner) && this.selectsByParent(site, where)) return;
      // `ticketFile.findMany({ where: { ticketId } })` with `Ticket` shared: the rows are the children of a parent nobody
      // owns, selected through it; their owner field names who uploaded or attends, and access goes with the parent.
      if (!namesOwner(where, owner) && this.selectedThroughSharedParent(site, where)) return;
      // Rows the project hands to anonymous callers by a key (an article by its slug): reading them by a key is no IDOR.
      if (reads && !namesOwner(where, owner) && this.publishedModels().has(site.model.name)) return;
      // `favoritedBy: { connect: { id: me } }`: the write changes only the caller's own link to the row.
      if (isUpdateOperation(site.operation) && site.operation !== "upsert" && this.onlyLinksCaller(site, propertyOf(args, "data"))) return;
      if (ownershipCheckedAfter(site.call, owner) || this.checkedBeforeWrite(site) || (reads && this.rereadAfterScopedRead(site, selector.source ?? ""))) return;
      if (this.keyGuardedOnPath(site.call, selector.source ?? "", owner, site, 0) || this.otherKeyTied(where, selector.source, owner, site)) return;
      if (this.ownerDroppedOnlyForOwner(site, owner, selector.source ?? "")) return;
      this.context.report({ node: site.operationNode, messageId: "unscoped", data: { ...data, ...this.placeOf(site), source: oneLine(selector.source) } });
      return;
    }
    const { origin, source } = originOf(oneOf(values), this.patterns, this.evaluate);
    if (origin !== "request") return;
    // A membership check before the query ties a tenant key from the request to the caller.
    if (this.keyGuardedOnPath(site.call, source ?? "", owner, site, 0) || this.otherKeyTied(where, source, owner, site)) return;
    // A share link: only anonymous endpoints read the row, by its owner and its own id (a public survey by its
    // workspace and id). There is no caller's identity to scope by; the id the link carries is the capability.
    if (reads && this.selectsByOwnId(where, site) && this.anonymousOnly(site.call)) {
      this.context.markUnknown(site);
      return;
    }
    this.reportFromRequest(site, values, { node: site.operationNode, messageId: "scopeFromRequest", data: { ...data, ...this.placeOf(site), source: oneLine(source) } });
  }

  /**
   * A request value used as the owner: reported at the query, unless the same read of the request (`const { orgId } =
   * req.body`) is the owner of two queries or more in the program; then it is reported once, where it is taken.
   */
  private reportFromRequest(site: QuerySite, values: readonly AbsValue[], descriptor: ReportDescriptor<MessageIds>): void {
    const taken = this.grouping ? this.requestRead(values) : undefined;
    if (taken && this.reportedTogether(taken).length >= 2) return;
    this.context.report(descriptor);
  }

  /** The node where a request value among the owner values is read: `req.body.orgId`, `req.params` of `const { id } = req.params`. */
  private requestRead(values: readonly AbsValue[]): ts.Node | undefined {
    for (const option of values.flatMap(onEveryPathValues)) {
      if (option.kind === "unknown" && option.node && originOf(option, this.patterns, this.evaluate).origin === "request") return option.node;
    }
    return undefined;
  }

  /** The request read among a site's owner values (of its where, or of the row it creates), if any. */
  private takenBy(site: QuerySite): ts.Node | undefined {
    const owner = this.ownerOf(site);
    if (!owner || !site.args || isNonRequestCode(this.context.analysis, site.call)) return undefined;
    const args = this.evaluate(site.args);
    const values: AbsValue[] = [];
    if (CREATE.has(site.operation) || site.operation === "upsert") {
      const data = propertyOf(args, CREATE.has(site.operation) ? "data" : "create");
      for (const row of onEveryPathValues(data).flatMap((value) => (value.kind === "array" ? value.elements : [value]))) ownerSetOnCreate(row, owner, values);
    }
    if (!CREATE.has(site.operation)) ownerConstraint(propertyOf(args, "where"), owner, values);
    return this.requestRead(values);
  }

  /** The query sites the function around `node` reaches (itself and its callees, a few calls deep). */
  private sitesReachedFrom(node: ts.Node): QuerySite[] {
    const fn = enclosingFunction(node) as (ts.FunctionLikeDeclaration & { body: ts.ConciseBody }) | undefined;
    // Only from a route's handler: a request value is taken there, and that is where its fix belongs.
    if (!fn?.body || routeRegistrations(fn, this.context.analysis).length === 0) return [];
    const graph = new CallGraph(this.context.analysis);
    return [...graph.reach([fn]).keys()].flatMap((reached) => graph.sitesIn(reached));
  }

  /**
   * The query sites whose owner value is the request read at `taken`: the sites the function reading it reaches
   * (`where: { orgId }` and `data: { orgId }` in the services a route calls with `const { orgId } = req.body`).
   */
  private ownedBy(taken: ts.Node): readonly QuerySite[] {
    const analysis = this.context.analysis;
    let store = ownedByStores.get(analysis);
    if (!store) ownedByStores.set(analysis, (store = new WeakMap()));
    return analysis.project.dependencies.memo(store, taken, () => this.sitesReachedFrom(taken).filter((site) => this.takenBy(site) === taken));
  }

  /**
   * A request value taken in this file as the owner of two queries or more: one finding where it is taken, naming the
   * queries that a check of their own would report (none when each is tied to the caller on its way).
   */
  reportTakenOwners(): void {
    const sourceFile = this.context.sourceFile;
    const [{ requestSources }] = this.context.options;
    // Only a file that reads the request can take a value from it.
    const words = requestSources.map((source) => source.replace(/\.\*$/, "").split(".").pop() ?? source);
    // A file declaring endpoints may read the request through its framework (`@Param("id") id` in a NestJS controller).
    if (!words.some((word) => sourceFile.text.includes(word)) && !mayDeclareRoutes(sourceFile.text)) return;
    const taken = new Set<ts.Node>();
    for (const statement of sourceFile.statements) {
      forEachDescendant(statement, (node) => {
        // A route's handler, at any depth (`fastify.delete(…, async (request) => …)` inside a plugin function): where a request value is taken.
        const fn = node as ts.FunctionLikeDeclaration;
        if (!fn.body || routeRegistrations(fn, this.context.analysis).length === 0) return;
        for (const site of this.sitesReachedFrom(fn.body)) {
          const read = this.takenBy(site);
          if (read && read.getSourceFile() === sourceFile) taken.add(read);
        }
      }, FUNCTIONS);
    }
    for (const read of taken) {
      const together = this.reportedTogether(read);
      if (together.length < 2) continue;
      const first = together[0].data ?? {};
      const queries = [...new Set(together.map((descriptor) => `${descriptor.data?.query} of ${descriptor.data?.model}`))];
      this.context.report({
        node: read,
        messageId: "ownerTaken",
        data: { endpoint: first.endpoint ?? "", source: first.source ?? "", field: first.field ?? "", count: queries.length, queries: queries.join(", ") },
      });
    }
  }

  /**
   * The findings that the queries owned by one request read would each get (a check of their own, not grouped): none
   * for a query tied to the caller on its way. Two or more are reported once, where the value is taken.
   */
  private reportedTogether(taken: ts.Node): readonly ReportDescriptor<MessageIds>[] {
    const sites = this.ownedBy(taken);
    if (sites.length < 2) return [];
    const analysis = this.context.analysis;
    let store = togetherStores.get(analysis);
    if (!store) togetherStores.set(analysis, (store = new WeakMap()));
    return analysis.project.dependencies.memo(store, taken, () => {
      const found: ReportDescriptor<MessageIds>[] = [];
      const [{ publicModels }] = this.context.options;
      for (const site of sites) {
        const owner = this.ownerOf(site);
        if (!owner || publicModels.includes(site.model.name)) continue;
        const context = makeRuleContext<Options, MessageIds>(site.call.getSourceFile(), analysis, this.context.options, (descriptor) => found.push(descriptor));
        new OwnerScopeChecker(context, this.patterns, this.ownerFields, false).check(site, owner);
      }
      return found.filter((descriptor) => descriptor.messageId === "scopeFromRequest" || descriptor.messageId === "ownerFromRequest");
    });
  }

  /**
   * Where the finding is, for its message: the endpoint that reaches the query when one is known (`GET /notes/:id: `,
   * empty otherwise) and the query in its function (`findUnique in noteRepo.byId`).
   */
  private placeOf(site: QuerySite): { endpoint: string; query: string } {
    const endpoints = [...new Set(this.endpointsReaching(site.call, 0))].sort();
    const endpoint = endpoints.length === 0 ? "" : endpoints.length === 1 ? `${endpoints[0]}: ` : `${endpoints[0]} (and ${endpoints.length - 1} more): `;
    const fn = enclosingFunction(site.call) as ts.FunctionLikeDeclaration | undefined;
    const label = fn ? functionLabel(fn) : "(inline)";
    return { endpoint, query: label === "(inline)" ? site.operation : `${site.operation} in ${label}` };
  }

  /** The endpoints registering the function around `position`, or (a few levels up) its callers'. */
  private endpointsReaching(position: ts.Node, depth: number): string[] {
    const fn = enclosingFunction(position);
    if (!fn) return [];
    const registrations = routeRegistrations(fn, this.context.analysis);
    if (registrations.length > 0) return registrations.map((registration) => endpointOfRegistration(registration, this.context.analysis));
    const around = callTaking(fn);
    if (around) return this.endpointsReaching(around, depth);
    if (depth >= 3) return [];
    return findCallers(this.context.analysis.project, fn).flatMap((call) => this.endpointsReaching(call, depth + 1));
  }

  /**
   * Another key the where requires (not under `OR`/`NOT`) is tied to the caller on the way: a request key such as
   * `artistId` behind a middleware that checks it is the caller's (`{ labelUserId, artistId }`), or a key read from
   * the row an authorization returned (`project.workspaceId` after `project = await assertProjectAdminAccess(userId, id)`).
   */
  private otherKeyTied(where: AbsValue, reported: string | undefined, owner: OwnerSpec, site: QuerySite): boolean {
    const keys = new Set<string>();
    const walk = (value: AbsValue, depth: number): void => {
      if (depth > 6) return;
      for (const option of onEveryPathValues(value)) {
        if (option.kind === "array") option.elements.forEach((element) => walk(element, depth + 1));
        else if (option.kind === "object") {
          for (const [key, property] of option.props) if (key !== "OR" && !NOT_SCOPING.has(key)) walk(property.value, depth + 1);
        } else if (option.kind === "unknown") {
          if (returnedByAuthorization(option)) authorized = true;
          const { origin, source } = originOf(option, this.patterns, this.evaluate);
          if (origin === "request" && source && source !== reported) keys.add(source);
        }
      }
    };
    let authorized = false;
    walk(where, 0);
    return authorized || [...keys].some((key) => this.keyGuardedOnPath(site.call, key, owner, site, 0));
  }

  /**
   * Whether every path of a where constrains some field (or a relation filter's field) with the caller's
   * identity, or (a read) only public rows (`isPublic: true`): `{ id, OR: [{ ownerId: me }, { members: { some: { userId: me } } }] }`.
   * A `NOT`, `none` or `notIn` ties nothing.
   */
  private tiedToCaller(where: AbsValue, reads: boolean, depth: number): boolean {
    if (depth > 6) return false;
    const options = onEveryPathValues(where);
    return options.length > 0 && options.every((option) => {
      if (option.kind !== "object") return false;
      for (const [key, property] of option.props) {
        if (NOT_SCOPING.has(key) || key === "notIn") continue;
        const value = property.value;
        if (key === "OR") {
          const members = onEveryPathValues(value);
          if (members.every((member) => member.kind === "array" && member.elements.length > 0 && member.elements.every((element) => this.tiedToCaller(element, reads, depth + 1)))) return true;
          continue;
        }
        if (key === "AND") {
          if (onEveryPathValues(value).every((member) => (member.kind === "array" ? member.elements.some((element) => this.tiedToCaller(element, reads, depth + 1)) : this.tiedToCaller(member, reads, depth + 1)))) return true;
          continue;
        }
        if (this.isCallerValue(value) || (reads && this.isPublicCondition(key, value))) return true;
        if (onEveryPathValues(value).every((inner) => inner.kind === "object") && this.tiedToCaller(value, reads, depth + 1)) return true;
      }
      return false;
    });
  }

  /** The caller's identity on every path (`req.user.id`, `equals: userId` from the identity), never a constant. */
  private isCallerValue(value: AbsValue): boolean {
    // A path where the identity is absent (`verifyUser` returning null before the handler stops) selects nothing.
    const options = onEveryPathValues(value)
      .map((option) => (option.kind === "object" && option.props.has("equals") ? option.props.get("equals")!.value : option))
      .filter((option) => !(option.kind === "literal" && (option.value === undefined || option.value === null)))
      // `getGroupedActivities(userId)` that nothing calls hands on its own parameter: a path no request takes.
      .filter((option) => !this.uncalledParameter(option));
    if (options.length === 0 || options.some((option) => option.kind !== "unknown")) return false;
    return originOf(oneOf(options), this.patterns, this.evaluate).origin === "identity";
  }

  /** A parameter of a function no code calls (tests aside), as the evaluator leaves it when it finds no caller. */
  private uncalledParameter(value: AbsValue): boolean {
    if (value.kind !== "unknown" || !value.node || value.path?.length) return false;
    const node = ts.isIdentifier(value.node) ? resolveIdentifier(value.node) : value.node;
    if (!node || !ts.isParameter(node) || !ts.isIdentifier(node.name)) return false;
    const analysis = this.context.analysis;
    return findCallers(analysis.project, node.parent).every((call) => isIgnored(analysis, call.getSourceFile().fileName));
  }

  /**
   * The caller's identity on the paths that are not constants (a test calling the function with `123` adds a
   * constant path), and on one path at least: no path lets the caller choose the value.
   */
  private isCallerOrConstant(value: AbsValue): boolean {
    const options = onEveryPathValues(value).filter((option) => option.kind !== "literal");
    return options.length > 0 && this.isCallerValue(oneOf(options));
  }

  /** `ownership.publicReads`: every read of the model is public, or the where requires the values that mark public rows. */
  private publicRead(site: QuerySite, where: AbsValue): boolean {
    const setting = this.context.analysis.config.ownership.publicReads[site.model.name];
    if (setting === undefined) return false;
    if (setting === true) return true;
    const entries = Object.entries(setting);
    return entries.length > 0 && entries.every(([field, expected]) =>
      whereConstrains(where, field, (value) => (onEveryPathValues(value).every((option) => option.kind === "literal" && option.value === expected) ? "yes" : "no")) === "yes",
    );
  }

  /** `isPublic: true`, `published: true`: a flag that only public rows have. */
  private isPublicCondition(key: string, value: AbsValue): boolean {
    return PUBLIC_FLAG.test(key) && onEveryPathValues(value).every((option) => option.kind === "literal" && option.value === true);
  }

  /**
   * Where the values that select the rows come from: `request` when any is the caller's input (`req.params.id`,
   * through helpers and callers), `unknown` when some cannot be told, `none` when every one is a constant or
   * comes from the code (an earlier row, the identity, a job's own data).
   */
  private callerSelector(where: AbsValue): { origin: "request" | "unknown" | "none"; source?: string } {
    let unknown = false;
    for (const leaf of whereLeaves(where)) {
      if (leaf.kind !== "unknown") continue;
      const { origin, source } = originOf(leaf, this.patterns, this.evaluate);
      if (origin === "request") return { origin, source };
      if (origin === "unknown") unknown = true;
    }
    return { origin: unknown ? "unknown" : "none" };
  }

  /**
   * A check on the way that ties the caller's key to the caller, in the query's function or, when it has
   * callers, in every one of them (up to a few levels): an authorization call given the same key
   * (`await assertMember(userId, workspaceId)`, `if (!(await canAccess(user, id))) return`), or an earlier
   * read of the same model whose owner is checked before this query runs.
   */
  private keyGuardedOnPath(position: ts.Node, key: string, owner: OwnerSpec, site: QuerySite, depth: number): boolean {
    if (depth === 0 && key !== "" && readsGuardedParam(key, guardedRouteParams(this.context.analysis, position.getSourceFile()))) return true;
    if (key !== "" && (this.guardCallBefore(position, key) || this.equalityGuardBefore(position, key) || signatureVerifiedBefore(position, key))) return true;
    if (key !== "" && this.authoritiesBefore(position, key)) return true;
    if (key !== "" && this.scopedThrowingWriteBefore(position, key, site)) return true;
    if (this.ownerCheckedReadBefore(position, owner, site, key) || adminOnlyAt(position, (expression) => this.readsRequest(expression))) return true;
    if (key !== "" && this.membershipReadBefore(position, key)) return true;
    // `const ws = await prisma.workspace.findUnique({ where: { id: workspaceId } }); if (ws?.plan === "FREE") throw …;
    // await assertWorkspaceMember(workspaceId, me)`: a read whose result nothing sends before the check of its key.
    if (key !== "" && !isUpdateOperation(site.operation) && !isDeleteOperation(site.operation) && this.guardCallAfter(position, key)) return true;
    // A caller of the query's function checks the owner of the row it got back: `const row = await repo.byId(id); if (row.ownerId !== me) …`.
    if (depth > 0 && ts.isCallExpression(position) && ownershipCheckedAfter(position, owner)) return true;
    const fn = enclosingFunction(position);
    if (!fn) return false;
    // The route's own checks count at any depth: a handler's call three functions above a query inside a transaction callback.
    if (this.routeChainTies(fn, key)) return true;
    if (depth >= 3) return false;
    // `prisma.$transaction(async (tx) => …)`, `items.map((id) => …)`: a callback runs where the call that takes it runs.
    const around = callTaking(fn);
    if (around && middlewareChains(fn).length === 0) return this.keyGuardedOnPath(around, key, owner, site, depth + 1);
    const callers = findCallers(this.context.analysis.project, fn);
    // A caller that passes no value from the key (`deleteUser(user.id)` beside the admin route's `deleteUser(Number(req.params.id))`) brings none of it.
    return callers.length > 0 && callers.some((call) => this.callCarries(call, key)) && callers.every((call) => !this.callCarries(call, key) || this.keyGuardedOnPath(call, key, owner, site, depth + 1));
  }

  /** Whether some argument of the call holds a value from the request key, at any depth of an object or array. */
  private callCarries(call: ts.CallExpression, key: string): boolean {
    if (key === "") return true;
    // The key itself, or the request object it is read from (`req.query` for `req.query.page`). A value the engine cannot
    // trace is not where the traced key came from.
    return call.arguments.some((argument) =>
      this.argumentLeaves(argument).some((leaf) => {
        if (leaf.kind !== "unknown") return false;
        const { source } = originOf(leaf, this.patterns, this.evaluate);
        return source !== undefined && (source === key || key.startsWith(`${source}.`) || key.startsWith(`${source}[`));
      }),
    );
  }

  /**
   * The values an argument hands on: its leaves, and those of what an object literal spreads (`{ ...dto, guildId }` hands on
   * every field of the request body `dto` stands for, which the evaluated object keeps only as an opaque part).
   */
  private argumentLeaves(argument: ts.Expression): AbsValue[] {
    const leaves = whereLeaves(this.evaluate(argument));
    const inner = skipOuterExpressions(argument);
    if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) if (ts.isSpreadAssignment(property)) leaves.push(...this.argumentLeaves(property.expression));
    }
    return leaves;
  }

  /**
   * The function is registered behind middleware that ties the rows to the caller, wherever it is registered:
   * an admin gate (`requireAdmin`, `ownership.adminMiddleware`, `userHasPermission("admin")`, `auth(Role.ADMIN)`),
   * or a middleware that checks the route parameter the key reads against the caller
   * (`profileBelongsToLoggedInUser` reading `req.params.artistId` and `req.user`, stopping otherwise).
   */
  private routeChainTies(fn: ts.SignatureDeclaration, key: string): boolean {
    // A tRPC resolver: its procedure's middleware is an admin gate, or checks the input field the key reads against the caller.
    const procedure = trpcProcedureMiddleware(fn, this.context.analysis.project);
    if (procedure) {
      const readsRequest = (expression: ts.Expression) => this.readsRequest(expression);
      return procedure.some((middleware) => isProcedureAdminGate(middleware, this.context.analysis, readsRequest) || (key !== "" && trpcInputFieldsChecked(middleware.node).some((field) => readsInputField(key, field))));
    }
    const chains = middlewareChains(fn, this.context.analysis);
    if (chains.length === 0) return false;
    // A check that authenticates a trusted service (a bot's API key compared with a configured secret) acts for every owner, as an admin does.
    return chains.every((chain) =>
      chain.some((middleware) => isAdminMiddleware(middleware, this.context.analysis) || frameworkServiceCredential(middleware, this.context.analysis) || (key !== "" && this.checksParamOf(middleware, key))),
    );
  }

  private checksParamOf(middleware: ts.Expression, key: string): boolean {
    // A check its framework reads (a NestJS guard comparing `request.params.guildId` with the caller).
    const tied = frameworkParamsTiedToCaller(middleware, this.context.analysis);
    if (tied) return readsGuardedParam(key, new Set(tied));
    const value = this.evaluate(middleware);
    const functions = onEveryPathValues(value).filter((option) => option.kind === "function");
    return functions.some((fn) => readsGuardedParam(key, new Set(paramsCheckedBy(fn.node, this.context.analysis))));
  }

  private readsRequest(expression: ts.Expression): boolean {
    return onEveryPathValues(this.evaluate(expression)).some((value) => originOf(value, this.patterns, this.evaluate).origin === "request");
  }

  /** A call named like an authorization check, before `position` in its function, given a value from the same request key. */
  private guardCallBefore(position: ts.Node, key: string): boolean {
    return someNodeBefore(position, CALLS, (node) => {
      const call = node as ts.CallExpression;
      return GUARD_CALL.test(calleeName(call)) && call.arguments.some((argument) => this.argumentCarries(argument, key));
    });
  }

  /**
   * `where: { trackId, ...(!isCreator ? { userId: me } : {}) }` with `isCreator = await doesTrackBelongToUser(trackId, user)`:
   * the owner is left out only on the path where an ownership check given the same key said the caller owns the rows.
   */
  private ownerDroppedOnlyForOwner(site: QuerySite, owner: OwnerSpec, key: string): boolean {
    if (key === "" || !site.args) return false;
    const args = skipOuterExpressions(site.args);
    const whereProperty = ts.isObjectLiteralExpression(args) ? args.properties.find((property) => ts.isPropertyAssignment(property) && property.name.getText() === "where") : undefined;
    const where = whereProperty && ts.isPropertyAssignment(whereProperty) ? skipOuterExpressions(whereProperty.initializer) : undefined;
    if (!where || !ts.isObjectLiteralExpression(where)) return false;
    const fn = enclosingFunction(site.call) as ts.FunctionLikeDeclaration | undefined;
    const namesOwner = (branch: ts.Expression) => {
      const inner = skipOuterExpressions(branch);
      return ts.isObjectLiteralExpression(inner) && inner.properties.some((property) => property.name?.getText() === owner.field);
    };
    const isEmpty = (branch: ts.Expression) => {
      const inner = skipOuterExpressions(branch);
      return ts.isObjectLiteralExpression(inner) && inner.properties.length === 0;
    };
    let conditional = false;
    const spreadsOk = where.properties.every((property) => {
      if (!ts.isSpreadAssignment(property)) return true;
      const spread = skipOuterExpressions(property.expression);
      if (!ts.isConditionalExpression(spread)) return true;
      conditional = true;
      const condition = skipOuterExpressions(spread.condition);
      const negated = ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken;
      const flag = negated ? skipOuterExpressions((condition as ts.PrefixUnaryExpression).operand) : condition;
      // the branch without the owner is the one taken when the flag is true
      const [whenTrue, whenFalse] = negated ? [spread.whenFalse, spread.whenTrue] : [spread.whenTrue, spread.whenFalse];
      return ts.isIdentifier(flag) && isEmpty(whenTrue) && namesOwner(whenFalse) && !!fn?.body && this.setByOwnershipCheck(fn.body, flag.text, key);
    });
    return conditional && spreadsOk;
  }

  /** `flag = await doesTrackBelongToUser(trackId, user)` (or `const flag = …`): set only from an ownership check given the key. */
  private setByOwnershipCheck(body: ts.Node, name: string, key: string): boolean {
    const values: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) values.push(node.initializer);
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === name) values.push(node.right);
      ts.forEachChild(node, visit);
    };
    visit(body);
    // `let isCreator = false;` before the check sets it: a false start drops nothing.
    return values.length > 0 && values.every((value) => {
      const call = skipOuterExpressions(value);
      if (call.kind === ts.SyntaxKind.FalseKeyword) return true;
      return ts.isCallExpression(call) && OWNERSHIP_TEST.test(calleeName(call)) && call.arguments.some((argument) => this.argumentCarries(argument, key));
    });
  }

  /**
   * A read followed, in its block, by an authorization call given the same key before anything is returned or sent:
   * `await assertWorkspaceMember(workspaceId, me)`, or a call whose function starts with one
   * (`await BillingService.createPortalSession({ workspaceId, ownerId })` running `assertOwner(workspaceId, ownerId)`
   * before any `return`). What the read found cannot reach the caller unless the check passes.
   */
  private guardCallAfter(position: ts.Node, key: string): boolean {
    let statement: ts.Node = position;
    while (statement.parent && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) {
      if (ts.isFunctionLike(statement.parent)) return false;
      statement = statement.parent;
    }
    const block = statement.parent;
    if (!block || !ts.isBlock(block)) return false;
    for (const next of block.statements.slice(block.statements.indexOf(statement as ts.Statement) + 1)) {
      const call = statementCall(next);
      if (call && this.isGuardCallOf(call, key)) return true;
      if (sendsOrReturns(next)) return false;
    }
    return false;
  }

  /**
   * `assertOwner(workspaceId, me)` given the key (named like an authorization, not merely `ensure…`), or (one level
   * down) a function that runs one before any `return`.
   */
  private isGuardCallOf(call: ts.CallExpression, key: string): boolean {
    if (!call.arguments.some((argument) => this.argumentCarries(argument, key))) return false;
    if (AUTHORIZATION_NAME.test(calleeName(call))) return true;
    const callee = this.evaluate(call.expression);
    if (callee.kind !== "function" || !callee.node.body || !ts.isBlock(callee.node.body)) return false;
    const fn = callee.node;
    // The check's argument is the parameter (or a property of it) that this call fills with the key.
    const fromKey = (argument: ts.Expression): boolean => {
      const place = parameterPlace(argument, fn);
      const given = place && call.arguments[place.index];
      if (!place || !given) return false;
      const value = place.property === undefined ? this.evaluate(given) : propertyOf(this.evaluate(given), place.property);
      return whereLeaves(value).some((leaf) => originOf(leaf, this.patterns, this.evaluate).source === key);
    };
    for (const statement of (fn.body as ts.Block).statements) {
      const inner = statementCall(statement);
      if (inner && AUTHORIZATION_NAME.test(calleeName(inner)) && inner.arguments.some(fromKey)) return true;
      if (sendsOrReturns(statement)) return false;
    }
    return false;
  }

  /**
   * `if (req.params.userId !== req.user.id) return res.sendStatus(403)` (or `===` around the work) before
   * `position`: the request key compared with the caller's (non-constant) identity.
   */
  private equalityGuardBefore(position: ts.Node, key: string): boolean {
    return someNodeBefore(position, COMPARISONS, (node) => {
      const comparison = node as ts.BinaryExpression;
      if (!isEqualityOperator(comparison.operatorToken.kind)) return false;
      const sides = [comparison.left, comparison.right].map((side) => {
        const value = this.evaluate(side);
        return { ...originOf(value, this.patterns, this.evaluate), constant: isConstant(value) };
      });
      return sides.some((side) => side.origin === "request" && side.source === key) && sides.some((side) => side.origin === "identity" && !side.constant);
    });
  }

  /**
   * `const isLabel = me.id === labelUserId; const isArtist = me.id === artist.userId; if (!isLabel && !isArtist) throw …`
   * before `position`: the request stops unless the caller is one of several identities, each compared with the
   * caller's own (an OR of authorities), and one of them is tied to the key (the request key itself, or a field of a
   * row read by it).
   */
  private authoritiesBefore(position: ts.Node, key: string): boolean {
    return someNodeBefore(position, IFS, (node) => {
      const statement = node as ts.IfStatement;
      if (!alwaysExits(statement.thenStatement)) return false;
      const conjuncts: ts.Expression[] = [];
      const split = (expression: ts.Expression): void => {
        const inner = skipOuterExpressions(expression);
        if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
          split(inner.left);
          split(inner.right);
        } else conjuncts.push(inner);
      };
      split(statement.expression);
      const others = conjuncts.map((conjunct) => this.refusedAuthority(conjunct));
      return others.every((other) => other !== undefined) && others.some((other) => this.tiedToKey(other!, key));
    });
  }

  /** `!isOwner` (with `isOwner = me.id === row.userId`) or `me.id !== row.userId`: the value the caller's identity must equal. */
  private refusedAuthority(conjunct: ts.Expression): ts.Expression | undefined {
    let comparison: ts.Expression | undefined;
    if (ts.isPrefixUnaryExpression(conjunct) && conjunct.operator === ts.SyntaxKind.ExclamationToken) {
      const flag = skipOuterExpressions(conjunct.operand);
      const declaration = ts.isIdentifier(flag) ? resolveIdentifier(flag) : undefined;
      if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !(declaration.parent.flags & ts.NodeFlags.Const)) return undefined;
      comparison = skipOuterExpressions(declaration.initializer);
      if (!ts.isBinaryExpression(comparison) || ![ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken].includes(comparison.operatorToken.kind)) return undefined;
    } else if (ts.isBinaryExpression(conjunct) && [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(conjunct.operatorToken.kind)) {
      comparison = conjunct;
    }
    if (!comparison || !ts.isBinaryExpression(comparison)) return undefined;
    const identity = (side: ts.Expression) => {
      const value = this.evaluate(side);
      return !isConstant(value) && originOf(value, this.patterns, this.evaluate).origin === "identity";
    };
    if (identity(comparison.left) && !isConstant(this.evaluate(comparison.right))) return comparison.right;
    if (identity(comparison.right) && !isConstant(this.evaluate(comparison.left))) return comparison.left;
    return undefined;
  }

  /** The request key itself, or a member of a row read by it (`artist.userId` after `artist = await …findFirst({ where: { id: artistId } })`). */
  private tiedToKey(expression: ts.Expression, key: string): boolean {
    if (originOf(this.evaluate(expression), this.patterns, this.evaluate).source === key) return true;
    let base = skipOuterExpressions(expression);
    while (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) base = skipOuterExpressions(base.expression);
    const declaration = ts.isIdentifier(base) ? resolveIdentifier(base) : undefined;
    const init = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? skipOuterExpressions(declaration.initializer) : undefined;
    const call = init && ts.isAwaitExpression(init) ? skipOuterExpressions(init.expression) : init;
    return !!call && ts.isCallExpression(call) && call.arguments.some((argument) => whereLeaves(this.evaluate(argument)).some((leaf) => leaf.kind === "unknown" && originOf(leaf, this.patterns, this.evaluate).source === key));
  }

  private argumentCarries(argument: ts.Expression, key: string): boolean {
    const values = onEveryPathValues(this.evaluate(argument)).flatMap((value) => (value.kind === "object" ? [...value.props.values()].map((p) => p.value) : [value]));
    return values.some((value) => originOf(value, this.patterns, this.evaluate).source === key);
  }

  /**
   * `const member = await prisma.workspaceMember.findFirst({ where: { workspaceId, userId: req.user.id } })`, then
   * `if (!member) return res.sendStatus(403)`, before `position`: a read by the same key scoped to the caller that
   * stops the request when the caller has no row. A query that throws when nothing matches (`findUniqueOrThrow`,
   * `update`, `delete` of one row: `await prisma.profile.update({ where: { id: profileId, userId: me }, … })`) stops it
   * by itself.
   */
  private membershipReadBefore(position: ts.Node, key: string): boolean {
    return someNodeBefore(position, CALLS, (node) => {
      const call = node as ts.CallExpression;
      const read = querySiteOf(call, this.context.analysis);
      if (!read?.args || CREATE.has(read.operation)) return false;
      // `findUniqueOrThrow`, `update`, `delete` throw when no row matches: the request stops there.
      const throwsWhenAbsent = THROWS_WHEN_ABSENT.has(read.operation) && stopsOnThrow(call);
      if (!throwsWhenAbsent) {
        const variable = resultVariable(call);
        if (!variable || !isGuardedResult(variable) || isUpdateOperation(read.operation) || isDeleteOperation(read.operation)) return false;
      }
      const where = propertyOf(this.evaluate(read.args), "where");
      return this.tiedToCaller(where, false, 0) && whereLeaves(where).some((leaf) => originOf(leaf, this.patterns, this.evaluate).source === key);
    });
  }

  /**
   * `const row = await prisma.x.findUnique({ where: { id } })` or `await XService.byId(id)`, then
   * `if (row.ownerId !== userId) throw …`, before this query: a read of the same model or by the same key
   * whose owner is checked.
   */
  private ownerCheckedReadBefore(position: ts.Node, owner: OwnerSpec, site: QuerySite, key: string): boolean {
    const sameModel = new Set(querySitesOf(position.getSourceFile(), this.context.analysis).filter((candidate) => candidate.model === site.model).map((candidate) => candidate.call));
    return someNodeBefore(position, CALLS, (node) => {
      const call = node as ts.CallExpression;
      if (call === site.call || !resultVariable(call)) return false;
      if (sameModel.has(call)) return ownershipCheckedAfter(call, owner);
      if (key === "" || !call.arguments.some((argument) => this.argumentCarries(argument, key))) return false;
      // A read by the same key of another model (the parent: `ticket = await findById(ticketId)` before the ticket's
      // comments) whose owner is checked, by this model's owner field or any configured one (`ticket.workspaceId`).
      return ownershipCheckedAfter(call, owner) || this.parentOwnerFields().some((field) => ownershipCheckedAfter(call, { relations: [], field }));
    });
  }

  /**
   * `await prisma.db.update({ where: { id, workspaceId: mine } })` before the query: `update` and `delete` throw when no
   * row matches, so a write of the same model scoped to the caller by the same key stops a caller who does not own it.
   */
  private scopedThrowingWriteBefore(position: ts.Node, key: string, site: QuerySite): boolean {
    return someNodeBefore(position, CALLS, (node) => {
      const candidate = querySiteOf(node as ts.CallExpression, this.context.analysis);
      if (!candidate || candidate.call === site.call || candidate.model !== site.model || (candidate.operation !== "update" && candidate.operation !== "delete")) return false;
      return this.isScoped(candidate) && candidate.call.arguments.some((argument) => this.argumentCarries(argument, key));
    });
  }

  /** The where selects the row by its own id (`id: surveyId`) with a value from the request. */
  private selectsByOwnId(where: AbsValue, site: QuerySite): boolean {
    const ids = site.model.idFields;
    if (ids.length !== 1) return false;
    return onEveryPathValues(where).every((option) => {
      const id = option.kind === "object" ? option.props.get(ids[0]) : undefined;
      return !!id && originOf(id.value, this.patterns, this.evaluate).origin === "request";
    });
  }

  /** The owner fields of the configuration (or of this rule's `ownerFields`). */
  private parentOwnerFields(): readonly string[] {
    return this.ownerFields.length > 0 ? this.ownerFields : this.context.analysis.config.ownership.fields;
  }

  /** Is this read scoped to the caller (used for check-then-act)? */
  private isScoped(site: QuerySite): boolean {
    const owner = this.ownerOf(site);
    if (!owner) return false;
    const values: AbsValue[] = [];
    const where = propertyOf(this.context.analysis.evaluator.evaluate(site.args), "where");
    if (ownerConstraint(where, owner, values) !== "yes") return false;
    const { origin, source } = originOf(oneOf(values), this.patterns, this.evaluate);
    if (origin !== "request") return true;
    // The owner key from the request, tied to the caller by the middleware of the route (a tRPC workspace procedure).
    const fn = enclosingFunction(site.call);
    return !!fn && !!source && this.routeChainTies(fn, source);
  }

  private checkCreated(site: QuerySite, owner: OwnerSpec, data: AbsValue, messageData: Record<string, string>): void {
    // `service.create({ name: "Test League" })` in a spec: the object a test passes to the function is no request's row.
    const rows = onEveryPathValues(data)
      .flatMap((value) => (value.kind === "array" ? value.elements : [value]))
      .filter((row) => !this.writtenByTest(row));
    const values: AbsValue[] = [];
    let verdict: Verdict = "yes";
    for (const row of rows) {
      const answer = ownerSetOnCreate(row, owner, values);
      if (answer === "no") verdict = "no";
      else if (answer === "unknown" && verdict === "yes") verdict = "unknown";
    }
    if (rows.length === 0 || verdict === "unknown") {
      this.context.markUnknown(site);
      return;
    }
    if (verdict === "no") {
      // An optional owner field (`guildId String?` on a log): the schema lets rows have no owner (a system row, a
      // shared one), so a create without it may be meant.
      const field = owner.relations.length === 0 ? site.model.fields.get(owner.field) : undefined;
      if (field && !field.isRequired) {
        this.context.markUnknown(site);
        return;
      }
      this.context.report({ node: site.operationNode, messageId: "createWithoutOwner", data: messageData });
      return;
    }
    const { origin, source } = originOf(oneOf(values), this.patterns, this.evaluate);
    if (origin !== "request") return;
    // A check on the way that ties the tenant key from the request to the caller (a membership middleware, a guard call).
    if (this.keyGuardedOnPath(site.call, source ?? "", owner, site, 0)) return;
    // Only anonymous endpoints write it (a tracking pixel, a form posted to a workspace): there is no caller's identity
    // to set, and whether the target may be written by anyone is the endpoint's design, which the tool cannot judge.
    if (this.anonymousOnly(site.call)) {
      this.context.markUnknown(site);
      return;
    }
    this.reportFromRequest(site, values, { node: site.operationNode, messageId: "ownerFromRequest", data: { ...messageData, ...this.placeOf(site), source: oneLine(source) } });
  }

  /**
   * Every request value of the where is the foreign key of a required relation to a parent model that is not owned
   * (global, or `ownership.models: { Ticket: false }`), and no other key the caller chooses selects the rows: they
   * are selected as the children of a shared parent (the files of a ticket, the attendees of a meeting).
   */
  private selectedThroughSharedParent(site: QuerySite, where: AbsValue): boolean {
    const { schema, config } = this.context.analysis;
    const parentKeys = [...site.model.fields.values()]
      .filter((field) => field.kind === "object" && field.isRequired && !field.isList && field.relation?.fromFields.length === 1)
      .filter((field) => {
        const parent = schema.models.get(field.type);
        return !!parent && !config.ownership.ownerModels.includes(parent.name) && !this.ownerOf({ ...site, model: parent });
      })
      .map((field) => field.relation!.fromFields[0]);
    if (parentKeys.length === 0 || !onEveryPathValues(where).every((option) => option.kind === "object" && !option.opaque)) return false;
    let throughParent = false;
    for (const option of onEveryPathValues(where)) {
      for (const [key, property] of (option as Extract<AbsValue, { kind: "object" }>).props) {
        const fromRequest = whereLeaves(property.value).some((leaf) => leaf.kind === "unknown" && originOf(leaf, this.patterns, this.evaluate).origin === "request");
        if (!fromRequest) continue;
        if (!parentKeys.includes(key)) return false;
        throughParent = true;
      }
    }
    return throughParent;
  }

  /**
   * Every request value of the where selects through a relation: a relation filter (`tier: { profileId }`) or the
   * foreign key of one (`articleId`). The rows are counted as the children of a parent, not matched on an attribute
   * (`name: req.query.name`, an oracle on every owner's rows).
   */
  private selectsByParent(site: QuerySite, where: AbsValue): boolean {
    const foreignKeys = new Set([...site.model.fields.values()].flatMap((field) => field.relation?.fromFields ?? []));
    const options = onEveryPathValues(where);
    let found = false;
    for (const option of options) {
      if (option.kind !== "object" || option.opaque) return false;
      for (const [key, property] of option.props) {
        const fromRequest = whereLeaves(property.value).some((leaf) => leaf.kind === "unknown" && originOf(leaf, this.patterns, this.evaluate).origin === "request");
        if (!fromRequest) continue;
        if (!foreignKeys.has(key) && site.model.fields.get(key)?.kind !== "object") return false;
        found = true;
      }
    }
    return found;
  }

  /** A row whose properties are written in a test file (a spec's object handed down to the function). */
  private writtenByTest(row: AbsValue): boolean {
    const analysis = this.context.analysis;
    if (row.kind !== "object" || isIgnored(analysis, this.context.sourceFile.fileName)) return false;
    return [...row.props.values()].some((property) => isIgnored(analysis, property.keyNode.getSourceFile().fileName));
  }

  /**
   * Whether the code at `position` runs for anonymous endpoints only: the innermost function around it that an
   * endpoint reaches is reached by anonymous ones and by none that requires credentials.
   */
  private anonymousOnly(position: ts.Node): boolean {
    const reach = anonymousReach(this.context.analysis, this.context.sourceFile);
    for (let fn = enclosingFunction(position); fn; fn = enclosingFunction(fn)) {
      if (reach.anonymous.has(fn)) return !reach.authenticated().has(fn);
    }
    return false;
  }

  /**
   * Owned models the project publishes: an anonymous endpoint reads their rows selected by a key the caller
   * chooses, the owner not named in the where (`GET /articles/:slug` behind `auth.optional`, `GET /s/:code`).
   * Found once per project.
   */
  private publishedModels(): ReadonlySet<string> {
    const analysis = this.context.analysis;
    const compute = () => {
      const published = new Set<string>();
      const graph = new CallGraph(analysis);
      for (const fn of anonymousReach(analysis, this.context.sourceFile).anonymous) {
        for (const site of graph.sitesIn(fn as ts.FunctionLikeDeclaration & { body: ts.ConciseBody })) {
          if (published.has(site.model.name) || !isReadOperation(site.operation) || AGGREGATES.has(site.operation)) continue;
          const owner = this.ownerOf(site);
          if (!owner) continue;
          const where = propertyOf(this.context.analysis.evaluator.evaluate(site.args), "where");
          if (!namesOwner(where, owner) && this.callerSelector(where).origin === "request") published.add(site.model.name);
        }
      }
      return published;
    };
    if (!analysis.project.isTsconfigFile(this.context.sourceFile.fileName)) return compute();
    let store = publishedStores.get(analysis);
    if (!store) publishedStores.set(analysis, (store = new Map()));
    return analysis.project.dependencies.memo(store, analysis.config.rootDir, compute);
  }

  /**
   * A write whose data only connects or disconnects the caller's own identity on relations to an identity model
   * (`favoritedBy: { connect: { id: me } }`): it changes the caller's link to the row, nothing of the row's owner.
   */
  private onlyLinksCaller(site: QuerySite, data: AbsValue): boolean {
    const identityModels = this.context.analysis.config.ownership.ownerModels;
    const linksCaller = (target: AbsValue): boolean =>
      target.kind === "object" && !target.opaque && target.props.size === 1 && target.props.has("id") && this.isCallerOrConstant(target.props.get("id")!.value);
    const shapes = onEveryPathValues(data);
    return shapes.length > 0 && shapes.every((shape) => {
      if (shape.kind !== "object" || shape.opaque || shape.props.size === 0) return false;
      return [...shape.props].every(([key, property]) => {
        const field = site.model.fields.get(key);
        // A list of links to the identity model (`favoritedBy User[]`), never the owner relation: connecting the caller
        // there would hand them the row.
        if (!field || field.kind !== "object" || !field.isList || !identityModels.includes(field.type)) return false;
        return onEveryPathValues(property.value).every((operation) => {
          if (operation.kind !== "object" || operation.opaque || operation.props.size === 0) return false;
          return [...operation.props].every(([verb, targets]) => {
            if (verb !== "connect" && verb !== "disconnect") return false;
            return onEveryPathValues(targets.value).every((value) => (value.kind === "array" ? value.elements.length > 0 && value.elements.every(linksCaller) : linksCaller(value)));
          });
        });
      });
    });
  }

  /**
   * Whether a read's result is used only to refuse the request: every use of the variable it lands in is in the
   * condition of an `if` whose branch refuses (a throw, an error status, `{ allowed: false }`), or the function
   * returns it and every caller (a few levels up, tests aside) uses it so.
   */
  private decidesOnly(call: ts.CallExpression, depth: number): boolean {
    if (returnedDirectly(call)) {
      const fn = enclosingFunction(call);
      if (!fn || depth >= 2) return false;
      const analysis = this.context.analysis;
      const callers = findCallers(analysis.project, fn).filter((caller) => !isIgnored(analysis, caller.getSourceFile().fileName));
      return callers.length > 0 && callers.every((caller) => this.decidesOnly(caller, depth + 1));
    }
    const uses = usesOfResult(call);
    if (!uses) return false;
    return uses.length > 0 && uses.every(inRefusingCondition);
  }

  /**
   * The function around the read hands its result back, and every caller of it (tests aside) uses what it gets only
   * to decide: in the condition of an `if`, or in the refusal that `if` answers with (`const limits = await
   * getPlanLimits(workspaceId); if (count >= limits.maxProjects) return { allowed: false, reason: … }`).
   */
  private callersOnlyDecide(call: ts.CallExpression): boolean {
    const fn = enclosingFunction(call);
    if (!fn || answersRequest(fn)) return false;
    const analysis = this.context.analysis;
    const callers = findCallers(analysis.project, fn).filter((caller) => !isIgnored(analysis, caller.getSourceFile().fileName));
    return callers.length > 0 && callers.every((caller) => {
      const uses = usesOfResult(caller);
      return uses !== undefined && uses.length > 0 && uses.every(onlyDecides);
    });
  }

  /** A write in the read's own function: the read is that write's lookup, and is judged with it. */
  private writesBeside(call: ts.CallExpression): boolean {
    const fn = enclosingFunction(call) as ts.FunctionLikeDeclaration | undefined;
    return !!fn?.body && querySitesWithin(fn.body, this.context.analysis).some((other) => !isReadOperation(other.operation));
  }

  /**
   * Whether what a read found stays in the code: the function around it returns nothing and answers no request
   * (no response, no socket, not a route's handler), or it returns it to callers (tests aside) that all do so, a few
   * levels up.
   */
  private confined(position: ts.Node, depth: number): boolean {
    const fn = enclosingFunction(position) as ts.FunctionLikeDeclaration | undefined;
    if (!fn?.body || callTaking(fn) || answersRequest(fn)) return false;
    // `if (!row) throw new Error("forbidden")`: what it found stops the request, which is its own answer.
    if (ts.isCallExpression(position) && (usesOfResult(position) ?? []).some(stopsRequest)) return false;
    if (returnsNothing(fn)) return true;
    if (depth >= 3) return false;
    const analysis = this.context.analysis;
    const callers = findCallers(analysis.project, fn).filter((caller) => !isIgnored(analysis, caller.getSourceFile().fileName));
    return callers.length > 0 && callers.every((caller) => this.confined(caller, depth + 1));
  }

  /**
   * A read of one membership: the model has two owner fields or more (a user and a workspace), the where pins every
   * one of them (directly or in a compound key), and one of them is the caller's identity on some path. It answers
   * whether a user belongs to a tenant (the caller, or someone the caller names to a tenant it was checked for), and
   * it is the tie other queries rest on.
   */
  private isMembershipLookup(site: QuerySite, where: AbsValue): boolean {
    const configured = this.ownerFields.length > 0 ? this.ownerFields : this.context.analysis.config.ownership.fields;
    const fields = configured.filter((field) => site.model.fields.get(field)?.kind === "scalar");
    if (fields.length < 2) return false;
    let caller = false;
    for (const field of fields) {
      const values: AbsValue[] = [];
      const collect = (value: AbsValue): Verdict => {
        if (value.kind === "literal" && value.value === undefined) return "no";
        values.push(value);
        return "yes";
      };
      if (whereConstrains(where, field, collect) !== "yes" && nestedOwnerConstraint(where, field, collect) !== "yes") return false;
      const identity = values.flatMap(onEveryPathValues).some((option) => option.kind === "unknown" && originOf(option, this.patterns, this.evaluate).origin === "identity");
      if (identity) caller = true;
    }
    return caller;
  }

  /** A lookup by a unique secret (a token hash) is authentication, not access to someone else's row. */
  private isAuthentication(where: AbsValue, site: QuerySite): boolean {
    const configured = this.context.analysis.config.ownership.secretFields;
    // Judged by the field too: a `@unique` String named like a secret (`pushToken`, `keyHash`, `apiSecret`), or the
    // unique `code` of a token model (`PasswordResetToken.code`).
    const secretLike = site.model.uniqueFields
      .filter((fields) => fields.length === 1)
      .map(([field]) => field)
      .filter((field) => site.model.fields.get(field)?.type === "String" && (SECRET_FIELD.test(field) || (field === "code" && SECRET_MODEL.test(site.model.name))));
    return [...configured, ...secretLike].some((field) => whereConstrains(where, field, (value) => (value.kind === "literal" && value.value === undefined ? "no" : "yes")) === "yes");
  }

  /**
   * Check-then-act: an update or delete by id after a scoped read that stops when the row
   * is absent — in the same function, or in every caller of the function.
   */
  private checkedBeforeWrite(site: QuerySite): boolean {
    if (!isUpdateOperation(site.operation) && !isDeleteOperation(site.operation)) return false;
    if (this.guardedBefore(site.call, site)) return true;
    const fn = enclosingFunction(site.call);
    if (!fn) return false;
    const callers = findCallers(this.context.analysis.project, fn);
    return callers.length > 0 && callers.every((call) => this.guardedBefore(call, site));
  }

  /**
   * A read by the same request key after a read of the same model scoped to the caller, whose missing result stops
   * the request (`const event = await findFirst({ where: { id, spaceId: mine } }); if (!event) throw …; … findUnique({ where: { id } })`):
   * it reads the row the caller was shown to own.
   */
  private rereadAfterScopedRead(site: QuerySite, key: string): boolean {
    return key !== "" && this.guardedBefore(site.call, site, key);
  }

  private guardedBefore(position: ts.Node, site: QuerySite, sameKey?: string): boolean {
    const fn = enclosingFunction(position);
    const body = fn && (fn as ts.FunctionLikeDeclaration).body;
    if (!body || !ts.isBlock(body)) return false;
    for (const statement of body.statements) {
      if (statement.end > position.pos) break;
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && skipOuterExpressions(declaration.initializer);
        if (!init || !ts.isCallExpression(init) || resultVariable(init) !== declaration) continue;
        if (isGuardedResult(declaration) && this.readsScoped(init, site) && (sameKey === undefined || init.arguments.some((argument) => this.argumentCarries(argument, sameKey)))) return true;
      }
    }
    return false;
  }

  /** The call is a scoped query of the same model, or calls a function that makes one. */
  private readsScoped(call: ts.CallExpression, site: QuerySite): boolean {
    const sameModel = (candidate: QuerySite) => candidate.model === site.model && this.isScoped(candidate);
    const direct = querySiteOf(call, this.context.analysis);
    if (direct) return sameModel(direct);
    const callee = this.context.analysis.evaluator.evaluate(call.expression);
    if (callee.kind !== "function" || !callee.node.body) return false;
    const body = callee.node.body;
    return querySitesWithin(body, this.context.analysis).some(sameModel);
  }
}

/** The values a where compares with (every path, every operator, every combinator); a key a `NOT` excludes selects nothing. */
function whereLeaves(where: AbsValue): AbsValue[] {
  const leaves: AbsValue[] = [];
  const walk = (value: AbsValue, depth: number): void => {
    if (depth > 12) return;
    if (value.kind === "oneOf") value.options.forEach((option) => walk(option, depth + 1));
    else if (value.kind === "array") value.elements.forEach((element) => walk(element, depth + 1));
    else if (value.kind === "object") {
      for (const [key, property] of value.props) if (key !== "NOT" && key !== "not" && key !== "notIn") walk(property.value, depth + 1);
      if (value.opaque) leaves.push({ kind: "unknown" });
    } else leaves.push(value);
  };
  walk(where, 0);
  return leaves;
}

const CALLS = kindSet(ts.SyntaxKind.CallExpression);
const IFS = kindSet(ts.SyntaxKind.IfStatement);

/** A request value as the message names it: on one line (`z.object({ … }).parse(req.params).workspaceId` may span several). */
function oneLine(source: string | undefined): string {
  return (source ?? "").replace(/\s*\n\s*(?=[.?])/g, "").replace(/\s*\n\s*/g, " ");
}
const IDENTIFIERS = kindSet(ts.SyntaxKind.Identifier);
/** Checks of a request's signature: `verifyWebhookSignature(req)`, `validateHmac(req)`, `checkSignature(request)`. */
const SIGNATURE_CHECK = /(?:verif|valid|check|assert)\w*(?:Signature|Signed|Hmac|Webhook)|(?:Signature|Hmac|Webhook)\w*(?:verif|valid|check)/i;

/**
 * A signed request (a webhook): before `position`, a check of the signature of the request the key is read from
 * (`if (!verifyWebhookSignature(req)) return res.end()`) stops it otherwise. Its body comes from the signer (an
 * identity provider, a payment processor), not from whoever sends the request.
 */
function signatureVerifiedBefore(position: ts.Node, key: string): boolean {
  return someNodeBefore(position, CALLS, (node) => {
    const call = node as ts.CallExpression;
    if (!SIGNATURE_CHECK.test(calleeName(call))) return false;
    const givenRequest = call.arguments.some((argument) => {
      const text = normaliseSourceText(skipOuterExpressions(argument).getText());
      return key.startsWith(`${text}.`) || key.startsWith(`${text}[`) || key === text;
    });
    if (!givenRequest) return false;
    // `if (!verify(req)) return …` / `throw …`, or an assertion awaited as a statement of its own.
    let test: ts.Node = call;
    while (ts.isPrefixUnaryExpression(test.parent) || ts.isAwaitExpression(test.parent) || ts.isParenthesizedExpression(test.parent)) test = test.parent;
    if (ts.isIfStatement(test.parent) && test.parent.expression === test) return alwaysExits(test.parent.thenStatement);
    return ts.isExpressionStatement(test.parent);
  });
}

/** `return prisma.x.findUnique(…)`, `return await …`: the function hands the result to its caller as it is. */
function returnedDirectly(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  return ts.isReturnStatement(node.parent) || (ts.isArrowFunction(node.parent) && node.parent.body === node);
}

/** The uses of the variable a call's result lands in, in its function; undefined when it lands in none. */
function usesOfResult(call: ts.CallExpression): ts.Identifier[] | undefined {
  const variable = resultVariable(call);
  const scope = variable && enclosingFunction(variable);
  if (!variable || !scope) return undefined;
  const uses: ts.Identifier[] = [];
  forEachDescendant(
    scope,
    (node) => {
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) return;
      if (node !== variable.name && resolveIdentifier(node as ts.Identifier) === variable) uses.push(node as ts.Identifier);
    },
    IDENTIFIERS,
  );
  return uses;
}

/** A use in the condition of an `if` whose branch always leaves (a throw, a return). */
function stopsRequest(use: ts.Node): boolean {
  return inConditionOf(use, alwaysExits);
}

/** A use inside the condition of an `if` (in its own function, in the statement it belongs to) whose then-branch `then` accepts. */
function inConditionOf(use: ts.Node, then: (branch: ts.Statement) => boolean): boolean {
  for (let node: ts.Node = use; node.parent && !ts.isFunctionLike(node.parent); node = node.parent) {
    if (ts.isStatement(node)) return false;
    if (ts.isIfStatement(node.parent) && node.parent.expression === node) return then(node.parent.thenStatement);
  }
  return false;
}

/** `followers.length` and nothing else: only the number of rows found is used. */
function onlyCounted(call: ts.CallExpression): boolean {
  const uses = usesOfResult(call);
  return uses !== undefined && uses.length > 0 && uses.every((use) => ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use && use.parent.name.text === "length");
}

/**
 * A use that only decides: in the condition of an `if` whose branch refuses or answers a constant
 * (`if (limits.max === -1) return { allowed: true }`), or in the refusal itself (its reason).
 */
function onlyDecides(use: ts.Node): boolean {
  for (let node: ts.Node = use; node.parent && !ts.isFunctionLike(node.parent); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.expression === node) return refuses(parent.thenStatement) || answersConstant(parent.thenStatement);
    if (ts.isIfStatement(parent) && parent.thenStatement === node) return refuses(parent.thenStatement);
  }
  return false;
}

/** `return { allowed: true };`, `return;`, `return true;`: a branch that answers with a constant, nothing of a row. */
function answersConstant(statement: ts.Statement): boolean {
  const statements = ts.isBlock(statement) ? statement.statements : [statement];
  const constant = (expression: ts.Expression): boolean => {
    const inner = skipOuterExpressions(expression);
    if (ts.isObjectLiteralExpression(inner)) return inner.properties.every((property) => ts.isPropertyAssignment(property) && constant(property.initializer));
    return ts.isLiteralExpression(inner) || [ts.SyntaxKind.TrueKeyword, ts.SyntaxKind.FalseKeyword, ts.SyntaxKind.NullKeyword].includes(inner.kind);
  };
  return statements.length === 1 && ts.isReturnStatement(statements[0]) && (!statements[0].expression || constant(statements[0].expression));
}

/** A function that may hand something to the one who made the request: a route's handler, or one given a response, a socket or a context. */
function answersRequest(fn: ts.SignatureDeclaration): boolean {
  if (middlewareChains(fn).length > 0 || routeRegistrations(fn).length > 0) return true;
  if (fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && RESPONDER.test(parameter.name.text))) return true;
  const body = (fn as ts.FunctionLikeDeclaration).body;
  return !!body && RESPONDER_CALL.test(body.getText());
}

/** A function whose own body returns no value (bare `return;` at most). */
function returnsNothing(fn: ts.FunctionLikeDeclaration): boolean {
  if (!fn.body || !ts.isBlock(fn.body)) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || NESTED_SCOPES[node.kind] === 1) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  fn.body.statements.forEach(visit);
  return !found;
}

const RESPONDER = /^(?:res|reply|response|socket|ws|io|ctx|context|connection|client)$/;
const RESPONDER_CALL = /\b(?:res|reply|response|socket|ws|io)\s*\.\s*\w+\s*\(/;

/** A use inside the condition of an `if` (in its own function) whose then-branch refuses the request. */
function inRefusingCondition(use: ts.Node): boolean {
  return inConditionOf(use, refuses);
}

/**
 * A branch that turns the request away for a reason other than who the caller is: it throws, or returns nothing, an
 * error status (`res.status(404).end()`), `next(error)`, or a denial (`{ allowed: false, reason }`); never a 401/403,
 * a `Forbidden`/`Unauthorized` error or words of access and permission. Such a refusal is an authorization, and an
 * authorization made with rows the caller chose (`throw new Error("forbidden")` after a read by `req.body.deviceId`)
 * authorizes nothing: that read is still judged.
 */
function refuses(statement: ts.Statement): boolean {
  if (AUTHORIZATION_REFUSAL.test(statement.getText())) return false;
  const statements = ts.isBlock(statement) ? statement.statements : [statement];
  return statements.some((inner) => {
    if (ts.isThrowStatement(inner)) return true;
    if (!ts.isReturnStatement(inner)) return false;
    if (!inner.expression) return true;
    const value = skipOuterExpressions(inner.expression);
    if (ts.isObjectLiteralExpression(value)) return value.properties.some((property) => ts.isPropertyAssignment(property) && property.initializer.kind === ts.SyntaxKind.FalseKeyword);
    return ERROR_ANSWER.test(value.getText());
  });
}

const AUTHORIZATION_REFUSAL = /forbid|unauthori[sz]|unauthenticated|\b40[13]\b|access|permission|denied|not (?:a )?member/i;
/** An answer with an error status, or an error handed to `next`. */
const ERROR_ANSWER = /\b(?:status|sendStatus|code)\s*\(\s*(?:4\d\d|5\d\d)\b|^next\s*\(\s*\S/;
/** Calls that answer whether the caller owns a row: `doesTrackBelongToUser`, `isOwner`, `canEditItem`, `hasAccess`. */
const OWNERSHIP_TEST = /belongs?To|^is\w*Owner|owns|^can(?:Edit|Manage|Access)|^has\w*Access/i;
/** Prisma operations that throw when no row matches their where. */
const THROWS_WHEN_ABSENT = new Set(["findUniqueOrThrow", "findFirstOrThrow", "update", "delete"]);
/** Unique fields whose value is a secret: a lookup by one is authentication. */
const SECRET_FIELD = /(?:token|secret|hash|apikey)$/i;
const SECRET_MODEL = /token|reset|verification|invit|magic/i;
const COMPARISONS = kindSet(ts.SyntaxKind.BinaryExpression);
const NESTED_SCOPES = kindSet(isNestedScopeKind);


/**
 * Which parameter of `fn` an expression reads, and which property of it: `input` → 0, `input.workspaceId` or
 * `workspaceId` after `const { workspaceId } = input` (or from `{ workspaceId }: Input`) → 0 and `workspaceId`.
 */
function parameterPlace(expression: ts.Expression, fn: ts.SignatureDeclaration, depth = 0): { index: number; property?: string } | undefined {
  if (depth > 2) return undefined;
  const inner = skipOuterExpressions(expression);
  if (ts.isPropertyAccessExpression(inner)) {
    const base = parameterPlace(inner.expression, fn, depth + 1);
    return base && base.property === undefined ? { index: base.index, property: inner.name.text } : undefined;
  }
  if (!ts.isIdentifier(inner)) return undefined;
  const name = inner.text;
  const bound = (pattern: ts.BindingName): string | undefined => {
    if (!ts.isObjectBindingPattern(pattern)) return undefined;
    const element = pattern.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && !candidate.dotDotDotToken);
    return element && (element.propertyName ? element.propertyName.getText() : name);
  };
  for (const [index, parameter] of fn.parameters.entries()) {
    if (ts.isIdentifier(parameter.name) && parameter.name.text === name) return { index };
    const property = bound(parameter.name);
    if (property !== undefined) return { index, property };
  }
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (!body || !ts.isBlock(body)) return undefined;
  for (const statement of body.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const property = bound(declaration.name);
      if (property === undefined || !declaration.initializer) continue;
      const base = parameterPlace(declaration.initializer, fn, depth + 1);
      return base && base.property === undefined ? { index: base.index, property } : undefined;
    }
  }
  return undefined;
}

/**
 * A call whose exception stops the request: awaited as a statement of its own (`await q;`, `const row = await q;`), not
 * handed to a call (`recoverFromNotFound(q)`, `q.catch(…)`) nor inside a `try` that may swallow it.
 */
function stopsOnThrow(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isAwaitExpression(node.parent) || ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const holder = ts.isVariableDeclaration(node.parent) ? node.parent.parent.parent : node.parent;
  if (!ts.isExpressionStatement(holder) && !ts.isVariableStatement(holder)) return false;
  for (let current: ts.Node = holder; current.parent && !ts.isFunctionLike(current.parent); current = current.parent) {
    if (ts.isTryStatement(current.parent) && current.parent.tryBlock === current) return false;
  }
  return true;
}

/** The call a statement is: `await check(x);`, `const row = await check(x);`. */
function statementCall(statement: ts.Statement): ts.CallExpression | undefined {
  let expression: ts.Expression | undefined;
  if (ts.isExpressionStatement(statement)) expression = statement.expression;
  else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) expression = statement.declarationList.declarations[0].initializer;
  const inner = expression && skipOuterExpressions(expression);
  return inner && ts.isCallExpression(inner) ? inner : undefined;
}

/** A statement that may hand something to the caller: a `return`, or a call on the response (`res.json(…)`, `res.send(…)`). */
function sendsOrReturns(statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || NESTED_SCOPES[node.kind] === 1) return;
    if (ts.isReturnStatement(node) || (ts.isCallExpression(node) && /^(?:res|reply|response)\b/.test(node.expression.getText()))) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/** A value the evaluator followed into an authorization function (`assertProjectAdminAccess`): the row it returns is authorized. */
function returnedByAuthorization(value: AbsValue): boolean {
  if (value.kind !== "unknown" || !value.node || !value.path?.length) return false;
  const fn = enclosingFunction(value.node);
  const name = !fn
    ? undefined
    : ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)
      ? fn.name?.getText()
      : ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent)
        ? fn.parent.name.getText()
        : undefined;
  return name !== undefined && AUTHORIZATION_NAME.test(name);
}

/** A read in a function named like an authorization check (`assertProjectAccess`, `isWorkspaceMember`, `getPermission`): it is the check. */
function insideAuthorization(call: ts.Node): boolean {
  const fn = enclosingFunction(call) as ts.FunctionLikeDeclaration | undefined;
  if (!fn) return false;
  const label = functionLabel(fn).replace(/^.*\./, "");
  return AUTHORIZATION_NAME.test(label) || AUTHORIZATION_LOOKUP.test(label);
}

/** Lookups whose answer is an authorization: `isWorkspaceMember`, `hasProjectAccess`, `getPermission`, `isAuthorizedForDocument`. */
const AUTHORIZATION_LOOKUP = /^(?:is|has|get)\w*(?:Member|Membership|Owner|Access|Permission|Permissions)$|^(?:is|has)(?:Authori[sz]ed|Allowed|Permitted)(?:For|To)?(?:[A-Z]\w*)?$/;

/** Functions that return a row only when the caller may act on it: `assertProjectAccess`, `ensureWorkspaceMember`, `requireOwnedNote`. */
const AUTHORIZATION_NAME = /^(?:assert|ensure|require|authori[sz]e|guard|check)\w*(?:Access|Member|Membership|Owner|Ownership|Owned|Admin|Permission|Allowed)\w*$/;



/** A literal on every path: `"admin"`, `null` (which `originOf` counts as no request input, like the identity). */
function isConstant(value: AbsValue): boolean {
  return onEveryPathValues(value).every((option) => option.kind === "literal");
}

function onEveryPathValues(value: AbsValue): AbsValue[] {
  return value.kind === "oneOf" ? value.options : [value];
}

/** Does the where constrain the owner — the field itself, the owner relation's id, or the field through a relation path? */
function ownerConstraint(where: AbsValue, owner: OwnerSpec, values: AbsValue[]): Verdict {
  const collect = (value: AbsValue): Verdict => {
    if (value.kind === "literal" && value.value === undefined) return "no";
    values.push(value);
    return "yes";
  };
  const throughRelations = (value: AbsValue, relations: readonly string[]): Verdict => {
    if (relations.length === 0) return whereConstrains(value, owner.field, collect);
    return whereConstrains(value, relations[0], (relation) =>
      onEveryPath(relation, (filter) => throughRelations(filter.kind === "object" && filter.props.has("is") ? filter.props.get("is")!.value : filter, relations.slice(1))),
    );
  };
  const direct = throughRelations(where, owner.relations);
  if (direct === "yes") return direct;
  // `teamId_userId: { teamId, userId }`, `members: { some: { userId } }`, `post: { is: { userId } }`: the owner inside a compound key or a relation filter.
  const nested = nestedOwnerConstraint(where, owner.field, collect);
  if (nested === "yes") return nested;
  if (!owner.ownerRelation || owner.relations.length > 0) return direct;
  const viaRelation = whereConstrains(where, owner.ownerRelation, (relation) =>
    onEveryPath(relation, (filter) => whereConstrains(filter.kind === "object" && filter.props.has("is") ? filter.props.get("is")!.value : filter, "id", collect)),
  );
  if (viaRelation === "yes") return "yes";
  return direct === "unknown" || viaRelation === "unknown" ? "unknown" : "no";
}

const NOT_SCOPING = new Set(["NOT", "none", "not", "notIn", "isNot"]);
/** Reads that return a number, not rows. */
const AGGREGATES = new Set(["count", "aggregate", "groupBy"]);
const publishedStores = new WeakMap<AnalysisContext, Map<string, MemoEntry<ReadonlySet<string>>>>();
const togetherStores = new WeakMap<AnalysisContext, WeakMap<ts.Node, MemoEntry<readonly ReportDescriptor<MessageIds>[]>>>();
const ownedByStores = new WeakMap<AnalysisContext, WeakMap<ts.Node, MemoEntry<readonly QuerySite[]>>>();
const FUNCTIONS = kindSet(ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration);

/** Whether a where names the owner anywhere (the field, the owner relation, the first relation of an owner path), in any combinator. */
function namesOwner(where: AbsValue, owner: OwnerSpec): boolean {
  const keys = new Set([owner.field, owner.ownerRelation, owner.relations[0]].filter((key): key is string => !!key));
  const walk = (value: AbsValue, depth: number): boolean => {
    if (depth > 8) return false;
    if (value.kind === "oneOf") return value.options.some((option) => walk(option, depth + 1));
    if (value.kind === "array") return value.elements.some((element) => walk(element, depth + 1));
    if (value.kind !== "object") return false;
    if (value.opaque) return true;
    for (const [key, property] of value.props) {
      if (keys.has(key)) return true;
      if ((key === "AND" || key === "OR" || key === "NOT") && walk(property.value, depth + 1)) return true;
    }
    return false;
  };
  return walk(where, 0);
}
/** Boolean fields that mark rows anyone may read when true. */
const PUBLIC_FLAG = /^(?:is_?)?(?:public|published)$/i;

/** The owner field one level or more inside the where (compound unique keys, relation filters), on every path. */
function nestedOwnerConstraint(where: AbsValue, field: string, collect: (value: AbsValue) => Verdict, depth = 0): Verdict {
  if (depth > 4) return "no";
  return onEveryPath(where, (value) => {
    if (value.kind !== "object") return "no";
    for (const [key, property] of value.props) {
      if (NOT_SCOPING.has(key)) continue;
      if (depth > 0 && key === field && collect(property.value) === "yes") return "yes";
      const inner = key === "OR"
        ? everyElement(property.value, (member) => nestedOwnerConstraint(member, field, collect, depth) === "yes" || whereConstrains(member, field, collect) === "yes")
        : nestedOwnerConstraint(property.value, field, collect, depth + 1) === "yes";
      if (inner) return "yes";
    }
    return "no";
  });
}

function everyElement(value: AbsValue, test: (member: AbsValue) => boolean): boolean {
  const options = value.kind === "oneOf" ? value.options : [value];
  return options.every((option) => (option.kind === "array" ? option.elements.length > 0 && option.elements.every(test) : option.kind === "object" && test(option)));
}

/** A created row names its owner: the field, or `connect` on the owner relation (or on the first relation of an owner path). */
function ownerSetOnCreate(row: AbsValue, owner: OwnerSpec, values: AbsValue[]): Verdict {
  return onEveryPath(row, (shape) => {
    if (shape.kind !== "object") return "unknown";
    const key = owner.relations[0] ?? owner.field;
    const field = shape.props.get(key);
    if (field && !(field.value.kind === "literal" && field.value.value === undefined)) {
      if (owner.relations.length === 0) values.push(field.value);
      return "yes";
    }
    const relation = owner.ownerRelation && shape.props.get(owner.ownerRelation);
    if (relation) {
      const id = propertyOf(propertyOf(relation.value, "connect"), "id");
      if (!(id.kind === "literal" && id.value === undefined)) {
        values.push(id);
        return "yes";
      }
    }
    return shape.opaque ? "unknown" : "no";
  });
}

/** `req.body.workspaceId`, `req.query.workspaceId.x`: a key read from a tRPC input's field. */
function readsInputField(key: string, field: string): boolean {
  return ["req.body", "req.query"].some((part) => key === `${part}.${field}` || key.startsWith(`${part}.${field}.`));
}
