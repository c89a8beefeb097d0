/**
 * What a NestJS guard establishes about the caller beyond "signed in", for `require-owner-scope`:
 *
 * - **Path parameters tied to the caller.** A guard whose `canActivate` reads `request.params.guildId` (or
 *   `request.params["guildId"]`, `const { guildId } = request.params`) and the caller's identity (`request.user`)
 *   and lets the request through only when the two agree: a comparison of the two (`user.id !== resourceUserId`)
 *   or a check given both (`this.auth.checkGuildAdmin(user, guildId)`, `await this.access.validate(user.id, leagueId)`)
 *   whose answer decides (returned, thrown by, or tested before a throw or `return false`). A route behind it
 *   has that parameter tied to the caller, as an Express middleware checking `req.params.X` against `req.user` does.
 *   A guard that only checks the parameter is there, or looks it up without the caller, ties nothing.
 * - **A machine credential.** A guard (or the passport strategy behind `AuthGuard("name")`) that authenticates by
 *   comparing a value of the request (an API-key header, a bearer token) with a configured secret
 *   (`process.env.*`, `config.get(…)`, a field its constructor derives from them) and gives the request no user
 *   (it writes no identity, or only a constant one: `return { type: "bot" }`). The caller is a service the
 *   deployment trusts with every tenant (a bot, a cron), not an end user: owner scope does not apply.
 */
import { methodNamed } from "../../engine/callers.js";
import { registerTextFacet, type MemoEntry } from "../../engine/dependencies.js";
import { forEachDescendant, kindSet, SKIP_CHILDREN, someDescendant } from "../../engine/file-index.js";
import type { ProjectModel } from "../../engine/project.js";
import type { AnalysisContext } from "../../engine/rule.js";
import { accessedMember, calleeName, skipOuterExpressions, staticPropertyName } from "../../engine/scope.js";
import { isEqualityOperator, ts } from "../../engine/ts.js";
import { nestCommonName } from "./decorators.js";
import { baseOf, guardClass, identityMember } from "./guards.js";

const NEST_PASSPORT = "@nestjs/passport";
const MAX_BASES = 4;
/** Calls that check something of the caller against a value: `checkGuildAdmin`, `validateLeagueAccess`, `isMember`, `user.guildIds.includes`. */
const CHECK_CALL = /^(?:can|has|is)[A-Z]|assert|ensure|check|verif|validat|authori[sz]|require[A-Z]|access|member|permission|owner|allowed|belong|^(?:includes|has|some)$/i;
/** Calls that only record: a log line naming the caller and the parameter checks nothing (`validateTrackerAccess` is a check). */
const RECORDING_CALL = /^(?:log|audit|emit|notify|record|debug|info|warn|trace|track|publish)(?:[A-Z_]|$)|Log(?:[A-Z_]|$)/;
/** A branch that turns the request away: `throw new ForbiddenException()`, `return false`. */
const REFUSES = /\bthrow\b|\breturn\s+false\b/;
/** Secret comparisons: `timingSafeEqual(a, b)`, `safeCompare(a, b)`, `secureCompare`. */
const COMPARE_CALL = /equal|compare|match/i;
const SCANNED = kindSet(ts.SyntaxKind.BinaryExpression, ts.SyntaxKind.CallExpression);
const DECLARATIONS = kindSet(ts.SyntaxKind.VariableDeclaration);

/**
 * The route parameters a guard ties to the caller; undefined when the expression is no guard class the project
 * declares (the framework does not know it).
 */
export function guardParamsTiedToCaller(expression: ts.Expression, analysis: AnalysisContext): string[] | undefined {
  const owner = guardClass(expression, analysis.project);
  if (!owner) return undefined;
  const canActivate = methodNamed(owner, "canActivate");
  if (!canActivate?.body) return [];
  let tied = tiedCache.get(canActivate);
  if (!tied) tiedCache.set(canActivate, (tied = paramsTiedIn(canActivate.body)));
  return tied;
}

/** Per `canActivate` (a node of one parse: an edit makes a new one), the parameters it ties. */
const tiedCache = new WeakMap<ts.Node, string[]>();
/** Per authenticating method, whether it authenticates a machine. */
const machineCache = new WeakMap<ts.Node, boolean>();

function paramsTiedIn(body: ts.Node): string[] {
  const identity = derivedNames(body, isIdentityRead, identityBinding);
  const tied: string[] = [];
  for (const name of paramsRead(body)) {
    const readsName: Seed = (node) => paramRead(node) === name;
    const param = derivedNames(body, readsName, (element, initializer) => isParams(initializer) && boundName(element) === name);
    if (ties(body, (node) => mentions(node, readsName, param), identity)) tied.push(name);
  }
  return tied;
}

/** The names of the route parameters a function body reads: `request.params.guildId`, `const { id } = request.params`. */
function paramsRead(body: ts.Node): Set<string> {
  const names = new Set<string>();
  forEachDescendant(body, (node) => {
    const name = paramRead(node);
    if (name) names.add(name);
    if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && isParams(node.initializer)) {
      for (const element of node.name.elements) {
        const bound = boundName(element);
        if (bound) names.add(bound);
      }
    }
  });
  return names;
}

/** `request.params.guildId`, `req.params["guildId"]`: the parameter's name. */
function paramRead(node: ts.Node): string | undefined {
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  return isParams(node.expression) ? accessedMember(node) : undefined;
}

function isParams(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  return ts.isPropertyAccessExpression(inner) && inner.name.text === "params";
}

function isIdentityRead(node: ts.Node): boolean {
  return identityMember(node);
}

/** `const { user } = request`: a binding of the request's identity. */
function identityBinding(element: ts.BindingElement, initializer: ts.Expression): boolean {
  const name = boundName(element);
  return (name === "user" || name === "auth" || name === "currentUser") && /req|request|ctx|context/i.test(skipOuterExpressions(initializer).getText());
}

function boundName(element: ts.BindingElement): string | undefined {
  const key = element.propertyName ?? element.name;
  return ts.isIdentifier(key) || ts.isStringLiteralLike(key) ? key.text : undefined;
}

type Seed = (node: ts.Node) => boolean;
type BindingSeed = (element: ts.BindingElement, initializer: ts.Expression) => boolean;

/**
 * The local names of a body holding a value derived from what `seed` accepts: `const leagueId = request.params.leagueId
 * || request.params.id`, `const league = await this.leagues.byId(leagueId)`. A few rounds, in any order of declaration.
 */
function derivedNames(body: ts.Node, seed: Seed, bindingSeed: BindingSeed): Set<string> {
  const names = new Set<string>();
  for (let round = 0; round < 4; round++) {
    const before = names.size;
    forEachDescendant(
      body,
      (node) => {
        const declaration = node as ts.VariableDeclaration;
        const initializer = declaration.initializer;
        if (!initializer) return;
        if (ts.isIdentifier(declaration.name)) {
          if (mentions(initializer, seed, names)) names.add(declaration.name.text);
          return;
        }
        if (!ts.isObjectBindingPattern(declaration.name)) return;
        const whole = mentions(initializer, seed, names);
        for (const element of declaration.name.elements) {
          if (ts.isIdentifier(element.name) && (whole || bindingSeed(element, initializer))) names.add(element.name.text);
        }
      },
      DECLARATIONS,
    );
    if (names.size === before) break;
  }
  return names;
}

/** Whether an expression reads what `seed` accepts, or a name derived from it (a name, not a member named alike). */
function mentions(expression: ts.Node, seed: Seed, names: ReadonlySet<string>): boolean {
  const reads = (node: ts.Node) => seed(node) || (ts.isIdentifier(node) && names.has(node.text) && !isMemberName(node));
  return reads(expression) || someDescendant(expression, reads);
}

function isMemberName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === identifier) || (ts.isPropertyAssignment(parent) && parent.name === identifier);
}

/**
 * Whether the body lets the request through only when a value of the parameter and the caller's identity agree:
 * a comparison of the two, or a check call given both, whose answer decides.
 */
function ties(body: ts.Node, readsParam: (node: ts.Node) => boolean, identity: ReadonlySet<string>): boolean {
  const readsIdentity = (node: ts.Node) => mentions(node, isIdentityRead, identity);
  return someDescendant(
    body,
    (node) => {
      if (ts.isBinaryExpression(node)) {
        if (!isEqualityOperator(node.operatorToken.kind)) return false;
        const pairs = (readsParam(node.left) && readsIdentity(node.right)) || (readsIdentity(node.left) && readsParam(node.right));
        return pairs && decides(node, body);
      }
      const call = node as ts.CallExpression;
      const name = calleeName(call);
      if (!CHECK_CALL.test(name) || RECORDING_CALL.test(name)) return false;
      const callee = skipOuterExpressions(call.expression);
      const parts: ts.Node[] = [...(ts.isPropertyAccessExpression(callee) && callee.expression.kind !== ts.SyntaxKind.ThisKeyword ? [callee.expression] : []), ...call.arguments];
      const paramPart = parts.findIndex(readsParam);
      const pairs = paramPart >= 0 && parts.some((part, index) => index !== paramPart && readsIdentity(part));
      return pairs && decides(call, body);
    },
    SCANNED,
  );
}

/**
 * Whether a check's answer decides the request, on every path: returned (`return a && check`), thrown by (a call
 * standing as a statement), tested by an `if` whose branch refuses (`if (!user || user.id !== id) throw …`), or held
 * in a name that is returned or so tested. A check that decides only with another condition
 * (`if (share.isPrivate && share.creatorId !== user.id) throw …`) does not: a request without the condition passes
 * whatever the key.
 */
function decides(check: ts.Node, body: ts.Node): boolean {
  let node: ts.Node = check;
  // connectives climbed, with how many negations were above each: `&&` under an even count joins conditions all of which must hold to pass
  const joins: { and: boolean; negations: number }[] = [];
  let negations = 0;
  for (;;) {
    const parent = node.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
      node = parent;
      continue;
    }
    if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) {
      negations++;
      node = parent;
      continue;
    }
    if (ts.isBinaryExpression(parent) && (parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
      joins.push({ and: parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken, negations });
      node = parent;
      continue;
    }
    // Whether every connective climbed makes the check necessary, for a pass that needs the whole condition true (`mustHold`) or false.
    const enforced = (mustHold: boolean) => joins.every((join) => join.and === ((negations - join.negations) % 2 === 0 ? mustHold : !mustHold));
    if (ts.isReturnStatement(parent)) return enforced(true);
    if (ts.isIfStatement(parent) && parent.expression === node) {
      if (REFUSES.test(parent.thenStatement.getText())) return enforced(false);
      return !!parent.elseStatement && REFUSES.test(parent.elseStatement.getText()) && enforced(true);
    }
    if (ts.isExpressionStatement(parent)) return ts.isCallExpression(check) && joins.length === 0;
    if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return joins.length === 0 && nameDecides(parent.name.text, body);
    return false;
  }
}

function nameDecides(name: string, body: ts.Node): boolean {
  return someDescendant(
    body,
    (node) => {
      const statement = node as ts.IfStatement | ts.ReturnStatement;
      const tested = statement.expression;
      if (!tested || !mentions(tested, () => false, new Set([name]))) return false;
      if (ts.isReturnStatement(statement)) return true;
      return REFUSES.test(statement.thenStatement.getText()) || (statement.elseStatement !== undefined && REFUSES.test(statement.elseStatement.getText()));
    },
    kindSet(ts.SyntaxKind.IfStatement, ts.SyntaxKind.ReturnStatement),
  );
}

/**
 * Whether a guard authenticates a machine, not a user: its `canActivate` (or the `validate` of the passport strategy
 * `AuthGuard("name")` runs) compares a value of the request with a configured secret and gives the request no identity
 * but a constant one.
 */
export function isServiceCredentialGuard(expression: ts.Expression, analysis: AnalysisContext): boolean {
  const { project } = analysis;
  const strategy = passportStrategyName(expression, project);
  if (strategy !== undefined) {
    const owner = passportStrategies(analysis).get(strategy);
    const validate = owner && methodNamed(owner, "validate");
    return !!owner && !!validate?.body && authenticatesMachine(validate, owner, true);
  }
  const owner = guardClass(expression, project);
  const canActivate = owner && methodNamed(owner, "canActivate");
  return !!owner && !!canActivate?.body && authenticatesMachine(canActivate, owner, false);
}

/** `AuthGuard("bot-api-key")` given in place, or a class that is, or extends (through the project's classes), one: the strategy's name. */
function passportStrategyName(expression: ts.Expression, project: ProjectModel | undefined): string | undefined {
  let current: ts.Expression | undefined = skipOuterExpressions(expression);
  for (let depth = 0; current && depth <= MAX_BASES; depth++) {
    if (ts.isCallExpression(current)) {
      if (nestCommonName(current.expression, NEST_PASSPORT) !== "AuthGuard") return undefined;
      const first = current.arguments[0] && skipOuterExpressions(current.arguments[0]);
      return first && ts.isStringLiteralLike(first) ? first.text : undefined;
    }
    const owner = guardClass(current, project);
    if (!owner) return undefined;
    const base = baseOf(owner);
    current = base && skipOuterExpressions(base);
  }
  return undefined;
}

const STRATEGY_FACET = "nestjs-passport-strategies";
registerTextFacet(STRATEGY_FACET, /PassportStrategy/);
const strategyStores = new WeakMap<ProjectModel, Map<string, MemoEntry<ReadonlyMap<string, ts.ClassLikeDeclaration>>>>();
/** The strategy name a passport package registers when `PassportStrategy(Strategy)` is given none. */
const DEFAULT_STRATEGY_NAMES: Record<string, string> = {
  "passport-jwt": "jwt",
  "passport-local": "local",
  "passport-custom": "custom",
  "passport-headerapikey": "headerapikey",
  "passport-http-bearer": "bearer",
};

/** The project's passport strategies by name: `class BotApiKeyStrategy extends PassportStrategy(Strategy, "bot-api-key")`. */
function passportStrategies(analysis: AnalysisContext): ReadonlyMap<string, ts.ClassLikeDeclaration> {
  const { project } = analysis;
  let store = strategyStores.get(project);
  if (!store) strategyStores.set(project, (store = new Map()));
  return project.dependencies.memo(store, "", () => {
    const found = new Map<string, ts.ClassLikeDeclaration>();
    for (const fileName of project.programFiles) {
      if (!project.textMatches(fileName, STRATEGY_FACET)) continue;
      const sourceFile = project.getSourceFile(fileName);
      if (!sourceFile) continue;
      forEachDescendant(
        sourceFile,
        (node) => {
          const owner = node as ts.ClassDeclaration;
          const base = baseOf(owner);
          const call = base && skipOuterExpressions(base);
          if (!call || !ts.isCallExpression(call) || nestCommonName(call.expression, NEST_PASSPORT) !== "PassportStrategy") return;
          const [strategy, name] = call.arguments.map(skipOuterExpressions);
          const named = name && ts.isStringLiteralLike(name) ? name.text : strategy && ts.isIdentifier(strategy) ? defaultStrategyName(strategy) : undefined;
          if (named !== undefined && !found.has(named)) found.set(named, owner);
        },
        kindSet(ts.SyntaxKind.ClassDeclaration),
      );
    }
    return found;
  });
}

function defaultStrategyName(strategy: ts.Identifier): string | undefined {
  const sourceFile = strategy.getSourceFile();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === strategy.text)) return DEFAULT_STRATEGY_NAMES[statement.moduleSpecifier.text];
  }
  return undefined;
}

/**
 * A method that authenticates a machine: it compares a value derived from its parameters (the request, or the
 * key a strategy is given) with a configured one, and the identity it gives (a strategy's return, a `request.user`
 * written) is constant.
 */
function authenticatesMachine(method: ts.FunctionLikeDeclaration, owner: ts.ClassLikeDeclaration, returnsIdentity: boolean): boolean {
  let verdict = machineCache.get(method);
  if (verdict === undefined) machineCache.set(method, (verdict = judgeMachine(method, owner, returnsIdentity)));
  return verdict;
}

function judgeMachine(method: ts.FunctionLikeDeclaration, owner: ts.ClassLikeDeclaration, returnsIdentity: boolean): boolean {
  const body = method.body!;
  if (!REFUSES.test(body.getText()) && !/\bUnauthori[sz]ed/.test(body.getText())) return false;
  let constantIdentity = true;
  forEachDescendant(body, (node) => {
    if (ts.isFunctionLike(node)) return SKIP_CHILDREN;
    if (returnsIdentity && ts.isReturnStatement(node) && node.expression && !isConstant(node.expression)) constantIdentity = false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && identityMember(node.left) && !isConstant(node.right)) constantIdentity = false;
    return constantIdentity ? undefined : "stop";
  });
  if (!constantIdentity) return false;
  const parameters = new Set(method.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])));
  // what the method is given (the execution context, the request, the key a strategy extracted), and what is derived from it
  const fromRequest = derivedNames(body, (node) => ts.isIdentifier(node) && parameters.has(node.text) && !isMemberName(node), () => false);
  for (const name of parameters) fromRequest.add(name);
  const configured = configuredFields(owner);
  const readsConfig = (node: ts.Node) => isConfigRead(node, configured);
  const configuredNames = derivedNames(body, readsConfig, () => false);
  const readsRequest = (node: ts.Node) => mentions(node, () => false, fromRequest);
  const readsSecret = (node: ts.Node) => mentions(node, readsConfig, configuredNames);
  return someDescendant(
    body,
    (node) => {
      let sides: readonly ts.Node[] = [];
      if (ts.isBinaryExpression(node) && isEqualityOperator(node.operatorToken.kind)) sides = [node.left, node.right];
      else if (ts.isCallExpression(node) && COMPARE_CALL.test(calleeName(node))) sides = node.arguments;
      const secret = sides.findIndex(readsSecret);
      return secret >= 0 && sides.some((side, index) => index !== secret && readsRequest(side) && !readsSecret(side));
    },
    SCANNED,
  );
}

/** `true`, `"bot"`, `{ type: "bot" }`, `null`: a value that names nobody. */
function isConstant(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  if (ts.isLiteralExpression(inner) || inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(inner)) return inner.text === "undefined";
  if (ts.isObjectLiteralExpression(inner)) return inner.properties.every((property) => ts.isPropertyAssignment(property) && isConstant(property.initializer));
  return false;
}

/** `process.env.BOT_KEY`, `this.config.get("auth.botApiKey")`, `configService.getOrThrow(…)`, or a field set from one. */
function isConfigRead(node: ts.Node, configured: ReadonlySet<string>): boolean {
  if (ts.isPropertyAccessExpression(node)) {
    if (node.expression.kind === ts.SyntaxKind.ThisKeyword) return configured.has(node.name.text);
    const text = node.getText();
    return /^process\.env$/.test(text) || /^process\.env\./.test(text);
  }
  if (ts.isCallExpression(node)) {
    const callee = skipOuterExpressions(node.expression);
    return ts.isPropertyAccessExpression(callee) && /^(?:get|getOrThrow)$/.test(callee.name.text) && /config/i.test(callee.expression.getText());
  }
  return false;
}

/** The class's fields holding a configured value: initialised from one, or assigned in a constructor that reads configuration. */
function configuredFields(owner: ts.ClassLikeDeclaration): Set<string> {
  const fields = new Set<string>();
  const readsConfig = (node: ts.Node) => someConfigRead(node);
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer && readsConfig(member.initializer)) {
      const name = staticPropertyName(member.name);
      if (name) fields.add(name);
    }
    if (ts.isConstructorDeclaration(member) && member.body && readsConfig(member.body)) {
      forEachDescendant(member.body, (node) => {
        if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) fields.add(node.left.name.text);
      });
    }
  }
  return fields;
}

function someConfigRead(node: ts.Node): boolean {
  const reads = (inner: ts.Node) => isConfigRead(inner, new Set());
  return reads(node) || someDescendant(node, reads);
}

