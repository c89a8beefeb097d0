import type { FrameworkAdapter } from "../adapter.js";
import { guardParamsTiedToCaller, isServiceCredentialGuard } from "./guard-ties.js";
import { guardAuthentication, isAdminGuard } from "./guards.js";
import { mayPassNestRequestValues, nestParameterValue, nestValidates } from "./parameters.js";
import { mayDeclareNestRoutes, nestProjectRoutes, nestRoutes } from "./routes.js";

/** NestJS: controllers and their handlers (`routes.ts`), what a handler's decorated parameters hold (`parameters.ts`). */
export const nestFramework: FrameworkAdapter = {
  id: "nestjs",
  mayDeclareRoutes: mayDeclareNestRoutes,
  routes: nestRoutes,
  projectRoutes: nestProjectRoutes,
  passedByFramework: nestParameterValue,
  authenticationOf: guardAuthentication,
  isAdminCheck: (middleware, analysis) => isAdminGuard(middleware, analysis.project),
  validatesParameter: nestValidates,
  mayPassRequestValues: mayPassNestRequestValues,
  paramsTiedToCaller: guardParamsTiedToCaller,
  authenticatesService: isServiceCredentialGuard,
};
