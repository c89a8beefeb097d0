/**
 * Route parameters a middleware checks against the caller before any handler below it runs:
 * `router.use("/:workspaceId", (req, res, next) => { if (!req.session.workspaces[req.params.workspaceId]) … })`,
 * `router.param("teamId", …)`. A request value read from such a parameter is tied to the caller.
 *
 * A project-wide fact, memoised with the files it read. The check is syntactic: the middleware reads the
 * parameter and the caller's identity (`req.user`, `req.session`, `req.auth`, `res.locals`, or the
 * configured identity sources) and can stop the request (a response or a throw).
 */
import { registerTextFacet, type MemoEntry } from "../engine/dependencies.js";
import { isIgnored } from "../engine/analysis.js";
import type { ProjectModel } from "../engine/project.js";
import type { AnalysisContext } from "../engine/rule.js";
import { forEachDescendant, kindSet, someDescendant } from "../engine/file-index.js";
import { accessedMember, calleeName, resolveIdentifier, skipOuterExpressions } from "../engine/scope.js";
import { ts } from "../engine/ts.js";

const PARAM_GUARD_SHAPED = /\.(?:use|param|all)\s*\(\s*['"`][^'"`]*/;
const PARAM_GUARD_FACET = "param-guards";
registerTextFacet(PARAM_GUARD_FACET, PARAM_GUARD_SHAPED);

const IDENTITY_ROOTS = ["req.user", "req.session", "req.auth", "res.locals", "request.user", "request.session"];
const STOPS = /\b(?:throw|status\s*\(\s*40[134]|sendStatus\s*\(\s*40[134]|res\.status|reply\.code)/;

const stores = new WeakMap<ProjectModel, Map<string, MemoEntry<ReadonlySet<string>>>>();

/** The names of route parameters checked against the caller by a middleware, over the project's files and `current`. */
export function guardedRouteParams(analysis: AnalysisContext, current: ts.SourceFile): ReadonlySet<string> {
  const inProject = projectGuardedParams(analysis);
  if (analysis.project.isTsconfigFile(current.fileName) || !PARAM_GUARD_SHAPED.test(current.text)) return inProject;
  // A file outside the tsconfig (an editor buffer): the project's, plus its own.
  const names = new Set(inProject);
  collect(current, identityRoots(analysis), names);
  collectTied(current, names);
  return names;
}

function identityRoots(analysis: AnalysisContext): string[] {
  return [...IDENTITY_ROOTS, ...analysis.config.ownership.identitySources.map((source) => source.replace(/\.\*$/, ""))];
}

function projectGuardedParams(analysis: AnalysisContext): ReadonlySet<string> {
  const { project } = analysis;
  let store = stores.get(project);
  if (!store) stores.set(project, (store = new Map()));
  return project.dependencies.memo(store, analysis.config.rootDir, () => {
    const names = new Set<string>();
    const identity = identityRoots(analysis);
    const files: ts.SourceFile[] = [];
    for (const fileName of project.programFiles) {
      if (isIgnored(analysis, fileName) || !project.textMatches(fileName, PARAM_GUARD_FACET)) continue;
      const sourceFile = project.getSourceFile(fileName);
      if (sourceFile) files.push(sourceFile);
    }
    for (const sourceFile of files) collect(sourceFile, identity, names);
    // Then parameters tied to one of those: `router.use("/:documentId", belongsToWorkspace, …)` loading the document
    // and refusing when `document.workspaceId !== workspaceId`, the workspace checked against the caller above.
    for (let round = 0; round < 2; round++) {
      const before = names.size;
      for (const sourceFile of files) collectTied(sourceFile, names);
      if (names.size === before) break;
    }
    return names;
  });
}

const CALLS = kindSet(ts.SyntaxKind.CallExpression);
const IF_STATEMENTS = kindSet(ts.SyntaxKind.IfStatement);
const PARAM_READS = kindSet(ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression, ts.SyntaxKind.VariableDeclaration);

function collect(sourceFile: ts.SourceFile, identity: readonly string[], names: Set<string>): void {
  forEachDescendant(
    sourceFile,
    (node) => {
      const call = node as ts.CallExpression;
      const method = calleeName(call);
      const first = call.arguments[0];
      if ((method !== "use" && method !== "all" && method !== "param") || !first || !ts.isStringLiteralLike(first)) return;
      const params = method === "param" ? [first.text] : [...first.text.matchAll(/:(\w+)/g)].map((match) => match[1]);
      for (const handler of call.arguments.slice(1)) {
        const fn = skipOuterExpressions(handler);
        if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) continue;
        if (!checksCaller(fn, identity)) continue;
        for (const name of params) if (method === "param" || readsParam(fn, name)) names.add(name);
      }
    },
    CALLS,
  );
}

/**
 * `router.use("/:documentId", belongsToWorkspace, …)` with `belongsToWorkspace` (written in place or a function of the
 * same file) reading the new parameter and refusing when a row's field named like a guarded parameter differs from it
 * (`if (document.workspaceId !== workspaceId) { res.status(403).end(); return }`).
 */
function collectTied(sourceFile: ts.SourceFile, guarded: Set<string>): void {
  forEachDescendant(
    sourceFile,
    (node) => {
      const call = node as ts.CallExpression;
      const first = call.arguments[0];
      if (calleeName(call) !== "use" || !first || !ts.isStringLiteralLike(first)) return;
      const params = [...first.text.matchAll(/:(\w+)/g)].map((match) => match[1]).filter((name) => !guarded.has(name));
      if (params.length === 0) return;
      for (const handler of call.arguments.slice(1)) {
        const fn = localFunction(handler);
        if (!fn?.body) continue;
        for (const name of params) if (readsParamByName(fn, name) && refusesOnGuardedField(fn.body, guarded)) guarded.add(name);
      }
    },
    CALLS,
  );
}

/** The function a middleware argument is: written in place, or a function (or a variable holding one) of the same file. */
function localFunction(expression: ts.Expression): ts.FunctionLikeDeclaration | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner;
  if (!ts.isIdentifier(inner)) return undefined;
  const declaration = resolveIdentifier(inner);
  if (declaration && ts.isFunctionDeclaration(declaration)) return declaration;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = skipOuterExpressions(declaration.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** `req.params.documentId`, `const { documentId } = req.params`, or a helper given the name: `getParam(req, "documentId")`. */
function readsParamByName(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  return readsParam(fn, name) || new RegExp(`\\(\\s*[\\w$]+\\s*,\\s*['"\`]${name}['"\`]\\s*\\)`).test(fn.getText());
}

/** An `if` comparing a member named like a guarded parameter (`document.workspaceId !== workspaceId`) whose branch stops the request. */
function refusesOnGuardedField(body: ts.Node, guarded: ReadonlySet<string>): boolean {
  return someDescendant(
    body,
    (node) => {
      const statement = node as ts.IfStatement;
      const condition = skipOuterExpressions(statement.expression);
      if (!ts.isBinaryExpression(condition)) return false;
      const kind = condition.operatorToken.kind;
      if (kind !== ts.SyntaxKind.ExclamationEqualsEqualsToken && kind !== ts.SyntaxKind.ExclamationEqualsToken) return false;
      const namesGuarded = [condition.left, condition.right].some((side) => {
        const inner = skipOuterExpressions(side);
        return ts.isPropertyAccessExpression(inner) && guarded.has(inner.name.text);
      });
      return namesGuarded && STOPS.test(statement.thenStatement.getText());
    },
    IF_STATEMENTS,
  );
}

/** A middleware that reads the caller's identity and can stop the request (a 401/403/404 answer or a throw). */
function checksCaller(fn: ts.Node, identity: readonly string[]): boolean {
  const text = fn.getText();
  const compact = text.replace(/\?\./g, ".").replace(/\s+/g, "");
  return identity.some((root) => compact.includes(root)) && STOPS.test(text);
}

/**
 * The route parameters a middleware function checks against the caller: those it reads (`req.params.artistId`,
 * `const { artistId } = req.params`) when it also reads the identity and can stop the request.
 */
export function paramsCheckedBy(fn: ts.FunctionLikeDeclaration, analysis: AnalysisContext): string[] {
  if (!fn.body || !checksCaller(fn, identityRoots(analysis))) return [];
  const names = new Set<string>();
  forEachDescendant(
    fn.body,
    (node) => {
      if (ts.isVariableDeclaration(node)) {
        if (ts.isObjectBindingPattern(node.name) && node.initializer && isParams(node.initializer)) {
          for (const element of node.name.elements) {
            const key = element.propertyName ?? element.name;
            if (ts.isIdentifier(key)) names.add(key.text);
          }
        }
        return;
      }
      const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
      const member = isParams(access.expression) ? accessedMember(access) : undefined;
      if (member) names.add(member);
    },
    PARAM_READS,
  );
  return [...names];
}

/** `req.params.name`, `req.params["name"]`, `const { name } = req.params`. */
function readsParam(fn: ts.Node, name: string): boolean {
  return someDescendant(
    fn,
    (node) => {
      if (ts.isVariableDeclaration(node)) {
        return ts.isObjectBindingPattern(node.name) && !!node.initializer && isParams(node.initializer) && node.name.elements.some((element) => ((element.propertyName ?? element.name) as ts.Identifier).text === name);
      }
      const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression;
      return isParams(access.expression) && accessedMember(access) === name;
    },
    PARAM_READS,
  );
}

function isParams(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  return ts.isPropertyAccessExpression(inner) && inner.name.text === "params";
}

/**
 * Whether a request value's text reads one of the guarded parameters: `req.params.workspaceId`, `req.params['workspaceId']`,
 * or a member of the validated parameters (`schema.parse(req.params).workspaceId`).
 */
export function readsGuardedParam(source: string, guarded: ReadonlySet<string>): boolean {
  const normalised = source.replace(/\?\./g, ".").replace(/\s+/g, "");
  const match = /\bparams\)?(?:\.(\w+)|\[['"`](\w+)['"`]\])/.exec(normalised);
  const name = match?.[1] ?? match?.[2];
  return name !== undefined && guarded.has(name);
}

/** Reads of a caller's identity by the usual names: `req.user`, `req.auth`, `req.session`, `res.locals`, a tRPC `ctx.session`/`ctx.user`, a session or token check. */
// A call, not a declaration of that name: `async auth(body: AuthBody) {}` (a method of a NestJS service) reads no identity.
const IDENTITY_SHAPED =
  /\b(?:req|request)\??\.(?:user|auth|session|identity)\b|\bctx\??\.(?:session|user|auth|userId)\b|\bres\.locals\b|(?<!(?:async|function)\s+|\n[ \t]*)\b(?:getServerSession|getSession|auth|currentUser|getCurrentUser)\s*\(|\bverify\w*\s*\(|\bjwt\b|\bpassport\b/;
const IDENTITY_FACET = "identity-reads";
registerTextFacet(IDENTITY_FACET, IDENTITY_SHAPED);

const identityStores = new WeakMap<ProjectModel, Map<string, MemoEntry<boolean>>>();

/**
 * Whether the program has any source of a caller's identity: a read named like one in some file, or identity
 * sources the config names. Without one, no query can be scoped to a caller (an app with no authentication).
 */
export function hasIdentitySource(analysis: AnalysisContext, current: ts.SourceFile): boolean {
  const { project } = analysis;
  if (IDENTITY_SHAPED.test(current.text)) return true;
  let store = identityStores.get(project);
  if (!store) identityStores.set(project, (store = new Map()));
  return project.dependencies.memo(store, analysis.config.rootDir, () =>
    project.programFiles.some((fileName) => !isIgnored(analysis, fileName) && project.textMatches(fileName, IDENTITY_FACET)),
  );
}
