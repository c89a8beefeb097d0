import type { ProjectModel } from "../engine/project.js";
import type { AnalysisContext } from "../engine/rule.js";
import type { ts } from "../engine/ts.js";
import type { AbsValue } from "../engine/values.js";
import type { AuthVerdict } from "../analysis/auth-middleware.js";
import type { FrameworkAdapter } from "./adapter.js";
import { expressFramework } from "./express.js";
import { fastifyFramework } from "./fastify/index.js";
import { nestFramework } from "./nestjs/index.js";
import { trpcFramework } from "./trpc/index.js";

export type { FrameworkAdapter, FrameworkId } from "./adapter.js";

/** Every framework the analysis knows, each behind the same interface: adding one is one module and one line here. */
export const FRAMEWORKS: readonly FrameworkAdapter[] = [expressFramework, nestFramework, fastifyFramework, trpcFramework];

/** What a framework passes for a parameter of a function it calls (see `FrameworkAdapter.passedByFramework`). */
export function passedByFramework(parameter: ts.ParameterDeclaration, project: ProjectModel | undefined): AbsValue | undefined {
  for (const framework of FRAMEWORKS) {
    const value = framework.passedByFramework?.(parameter, project);
    if (value) return value;
  }
  return undefined;
}

/** Whether a framework validated what it passes for a parameter, `field` below it (see `FrameworkAdapter.validatesParameter`). */
export function validatedByFramework(parameter: ts.ParameterDeclaration, field: readonly string[], project: ProjectModel | undefined): boolean {
  return FRAMEWORKS.some((framework) => framework.validatesParameter?.(parameter, field, project) === true);
}

/** Whether some framework may hand request values to functions of a file with this text (see `FrameworkAdapter.mayPassRequestValues`). */
export function mayPassRequestValues(text: string): boolean {
  return FRAMEWORKS.some((framework) => framework.mayPassRequestValues?.(text) === true);
}

/** Whether a check before a handler authenticates, as the framework that runs it judges (see `FrameworkAdapter.authenticationOf`). */
export function frameworkAuthentication(middleware: ts.Expression, analysis: AnalysisContext): AuthVerdict | undefined {
  for (const framework of FRAMEWORKS) {
    const verdict = framework.authenticationOf?.(middleware, analysis);
    if (verdict) return verdict;
  }
  return undefined;
}

/** Whether a check before a handler lets only administrators through, as the framework that runs it judges (see `FrameworkAdapter.isAdminCheck`). */
export function frameworkAdminCheck(middleware: ts.Expression, analysis: AnalysisContext, readsRequest: (expression: ts.Expression) => boolean): boolean {
  return FRAMEWORKS.some((framework) => framework.isAdminCheck?.(middleware, analysis, readsRequest) === true);
}

/** The route parameters a check before a handler ties to the caller, as its framework reads it (see `FrameworkAdapter.paramsTiedToCaller`). */
export function frameworkParamsTiedToCaller(middleware: ts.Expression, analysis: AnalysisContext): readonly string[] | undefined {
  for (const framework of FRAMEWORKS) {
    const params = framework.paramsTiedToCaller?.(middleware, analysis);
    if (params) return params;
  }
  return undefined;
}

/** Whether a check before a handler authenticates a trusted service, not a user (see `FrameworkAdapter.authenticatesService`). */
export function frameworkServiceCredential(middleware: ts.Expression, analysis: AnalysisContext): boolean {
  return FRAMEWORKS.some((framework) => framework.authenticatesService?.(middleware, analysis) === true);
}
