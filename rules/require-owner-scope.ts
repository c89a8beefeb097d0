import { isDeleteOperation, isUpdateOperation, type QuerySite } from "../src/engine/query-sites.js";
import { createRule, type RuleContext } from "../src/engine/rule.js";
import { findCallers } from "../src/engine/callers.js";
import { enclosingFunction, skipOuterExpressions } from "../src/engine/scope.js";
import { findQuerySites } from "../src/engine/query-sites.js";
import { ts } from "../src/engine/ts.js";
import { oneOf, propertyOf, type AbsValue } from "../src/engine/values.js";
import { onEveryPath, whereConstrains, type Verdict } from "../src/engine/where.js";
import { isGuardedResult, originOf, ownerSpecFor, ownershipCheckedAfter, resultVariable, sourcePatterns, type OriginPatterns, type OwnerSpec } from "./utils/owner.js";

type Options = [{ publicModels: string[]; ownerFields: string[]; requestSources: string[] }];
type MessageIds = "unscoped" | "scopeFromRequest" | "createWithoutOwner" | "ownerFromRequest";
type Context = RuleContext<Options, MessageIds>;

const CREATE = new Set(["create", "createMany", "createManyAndReturn"]);

export default createRule<Options, MessageIds>({
  name: "require-owner-scope",
  meta: {
    type: "problem",
    docs: {
      description: "Require every query on an owned model to be scoped to the authenticated caller",
      convention: "owner-scope",
      config: "recommended",
      requiresSchema: true,
    },
    messages: {
      unscoped:
        "{{operation}} on owned model {{model}} is not scoped to the caller: its where never constrains {{field}}, so any caller can reach other owners' rows (IDOR). Add {{field}} from the authenticated identity, or check the owner right after the fetch.",
      scopeFromRequest:
        "{{operation}} on owned model {{model}} takes {{field}} from the request ({{source}}), not from the authenticated identity: the caller chooses whose rows it reaches.",
      createWithoutOwner: "{{operation}} on owned model {{model}} does not set {{field}}: the row is created without an owner.",
      ownerFromRequest:
        "{{operation}} on owned model {{model}} sets {{field}} from the request ({{source}}) instead of the authenticated identity: the caller chooses the owner.",
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
    for (const site of context.querySites()) {
      if (publicModels.includes(site.model.name)) continue;
      const owner = checker.ownerOf(site);
      if (owner) checker.check(site, owner);
    }
  },
});

class OwnerScopeChecker {
  constructor(
    private readonly context: Context,
    private readonly patterns: OriginPatterns,
    private readonly ownerFields: readonly string[],
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
    const where = propertyOf(args, "where");
    if (this.isAuthentication(where)) return;
    const values: AbsValue[] = [];
    const verdict = ownerConstraint(where, owner, values);
    if (verdict === "unknown") {
      this.context.markUnknown(site);
      return;
    }
    if (verdict === "no") {
      if (ownershipCheckedAfter(site.call, owner) || this.checkedBeforeWrite(site)) return;
      this.context.report({ node: site.operationNode, messageId: "unscoped", data });
      return;
    }
    const { origin, source } = originOf(oneOf(values), this.patterns, this.evaluate);
    if (origin === "request") this.context.report({ node: site.operationNode, messageId: "scopeFromRequest", data: { ...data, source: source ?? "" } });
  }

  /** Is this read scoped to the caller (used for check-then-act)? */
  private isScoped(site: QuerySite): boolean {
    const owner = this.ownerOf(site);
    if (!owner) return false;
    const values: AbsValue[] = [];
    const where = propertyOf(this.context.analysis.evaluator.evaluate(site.args), "where");
    return ownerConstraint(where, owner, values) === "yes" && originOf(oneOf(values), this.patterns, this.evaluate).origin !== "request";
  }

  private checkCreated(site: QuerySite, owner: OwnerSpec, data: AbsValue, messageData: Record<string, string>): void {
    const rows = onEveryPathValues(data).flatMap((value) => (value.kind === "array" ? value.elements : [value]));
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
      this.context.report({ node: site.operationNode, messageId: "createWithoutOwner", data: messageData });
      return;
    }
    const { origin, source } = originOf(oneOf(values), this.patterns, this.evaluate);
    if (origin === "request") this.context.report({ node: site.operationNode, messageId: "ownerFromRequest", data: { ...messageData, source: source ?? "" } });
  }

  /** A lookup by a unique secret (a token hash) is authentication, not access to someone else's row. */
  private isAuthentication(where: AbsValue): boolean {
    const secrets = this.context.analysis.config.ownership.secretFields;
    return secrets.some((field) => whereConstrains(where, field, (value) => (value.kind === "literal" && value.value === undefined ? "no" : "yes")) === "yes");
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

  private guardedBefore(position: ts.Node, site: QuerySite): boolean {
    const fn = enclosingFunction(position);
    const body = fn && (fn as ts.FunctionLikeDeclaration).body;
    if (!body || !ts.isBlock(body)) return false;
    for (const statement of body.statements) {
      if (statement.end > position.pos) break;
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && skipOuterExpressions(declaration.initializer);
        if (!init || !ts.isCallExpression(init) || resultVariable(init) !== declaration) continue;
        if (isGuardedResult(declaration) && this.readsScoped(init, site)) return true;
      }
    }
    return false;
  }

  /** The call is a scoped query of the same model, or calls a function that makes one. */
  private readsScoped(call: ts.CallExpression, site: QuerySite): boolean {
    const sameModel = (candidate: QuerySite) => candidate.model === site.model && this.isScoped(candidate);
    const direct = findQuerySites(call.getSourceFile(), this.context.analysis.schema).find((candidate) => candidate.call === call);
    if (direct) return sameModel(direct);
    const callee = this.context.analysis.evaluator.evaluate(call.expression);
    if (callee.kind !== "function" || !callee.node.body) return false;
    const body = callee.node.body;
    return findQuerySites(body.getSourceFile(), this.context.analysis.schema).some(
      (candidate) => candidate.call.pos >= body.pos && candidate.call.end <= body.end && sameModel(candidate),
    );
  }
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
  if (direct === "yes" || !owner.ownerRelation || owner.relations.length > 0) return direct;
  const viaRelation = whereConstrains(where, owner.ownerRelation, (relation) =>
    onEveryPath(relation, (filter) => whereConstrains(filter.kind === "object" && filter.props.has("is") ? filter.props.get("is")!.value : filter, "id", collect)),
  );
  if (viaRelation === "yes") return "yes";
  return direct === "unknown" || viaRelation === "unknown" ? "unknown" : "no";
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
