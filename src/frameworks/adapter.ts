import type { CallGraph } from "../analysis/call-graph.js";
import type { DiscoveredRoute } from "./route.js";
import type { ProjectModel } from "../engine/project.js";
import type { AnalysisContext } from "../engine/rule.js";
import type { ts } from "../engine/ts.js";
import type { AbsValue } from "../engine/values.js";
import type { AuthVerdict } from "../analysis/auth-middleware.js";

export type FrameworkId = "express" | "nestjs" | "fastify" | "trpc";

/**
 * What the analysis asks of one web framework. Everything that differs between Express, NestJS,
 * Fastify and tRPC is answered here, one module per framework; the rules and the report ask the
 * facade (`src/analysis/endpoints.ts`, the Evaluator's `passedByFramework`), never a framework.
 */
export interface FrameworkAdapter {
  readonly id: FrameworkId;
  /** A cheap test on a file's text: false means the file declares none of this framework's endpoints. */
  mayDeclareRoutes(text: string): boolean;
  /** Every endpoint declared in these parsed files. */
  routes(files: readonly ts.SourceFile[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[];
  /**
   * The same over the named files, read through the project: what discovery read is recorded
   * (`project.dependencies`), so `--cache` and the editor see an edit to any file it depended on.
   */
  projectRoutes(fileNames: readonly string[], analysis: AnalysisContext, graph: CallGraph): DiscoveredRoute[];
  /**
   * What the framework passes for a parameter of a function it calls and nobody in the program
   * does (a NestJS handler, a tRPC resolver): values standing for the request sources they are
   * (`@Param("id") id` is `req.params.id`, `@CurrentUser() user` is `req.user`, a resolver's
   * `{ ctx, input }`), so the rules judge them as they judge `req.params.id`. Undefined when this
   * framework does not call that function.
   */
  passedByFramework?(parameter: ts.ParameterDeclaration, project: ProjectModel | undefined): AbsValue | undefined;
  /**
   * Whether the framework validated what it passes for that parameter (`field` below it, `[]` for
   * the whole value) before the function runs: a NestJS `ValidationPipe` over a class-validator DTO,
   * a `ParseIntPipe`. False when it did not, or cannot be seen to.
   */
  validatesParameter?(parameter: ts.ParameterDeclaration, field: readonly string[], project: ProjectModel | undefined): boolean;
  /** A cheap test on a file's text: false means no function of the file gets request values from this framework (`@Body()`…). */
  mayPassRequestValues?(text: string): boolean;
  /**
   * Whether a check this framework runs before a handler authenticates, judged the framework's way (a tRPC
   * middleware throwing `UNAUTHORIZED`); undefined when the framework does not know it (judged the generic way).
   */
  authenticationOf?(middleware: ts.Expression, analysis: AnalysisContext): AuthVerdict | undefined;
  /**
   * Whether a check this framework runs before a handler lets only administrators through, judged the
   * framework's way (a NestJS guard admitting administrators, a tRPC middleware throwing FORBIDDEN unless
   * the caller's role is admin). `readsRequest` tells a tenant's role, read from the request, from the caller's own.
   */
  isAdminCheck?(middleware: ts.Expression, analysis: AnalysisContext, readsRequest: (expression: ts.Expression) => boolean): boolean;
  /**
   * The route parameters a check this framework runs before a handler ties to the caller (a NestJS guard reading
   * `request.params.guildId` and refusing unless the caller's identity passes a check given it): a request key read
   * from one of them is the caller's to use, as behind an Express middleware that checks `req.params.guildId`.
   * Undefined when the framework does not know the check.
   */
  paramsTiedToCaller?(middleware: ts.Expression, analysis: AnalysisContext): readonly string[] | undefined;
  /**
   * Whether a check this framework runs before a handler authenticates a machine, not a user: a service credential
   * (an API key compared with a configured secret) that gives the request no user's identity. The caller is a
   * service the deployment trusts with every owner's rows.
   */
  authenticatesService?(middleware: ts.Expression, analysis: AnalysisContext): boolean;
}
