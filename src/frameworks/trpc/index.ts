import type { FrameworkAdapter } from "../adapter.js";
import { trpcAdminGate, trpcAuthentication } from "./checks.js";
import { trpcParameterValue } from "./context.js";
import { TRPC_ROUTER_SHAPED, trpcProjectRoutes, trpcRoutes } from "./routers.js";

export { trpcAdminGate, trpcInputFieldsChecked, trpcInputSchemas, trpcInputValidated } from "./checks.js";
export { trpcProcedureMiddleware } from "./procedures.js";

const TRPC_RESOLVER = /\.(?:query|mutation|subscription)\s*\(/;

/**
 * tRPC: routers and their procedures (`routers.ts`), procedure chains and their middleware
 * (`procedures.ts`), what a resolver is passed (`context.ts`), what a procedure's middleware does (`checks.ts`).
 */
export const trpcFramework: FrameworkAdapter = {
  id: "trpc",
  mayDeclareRoutes: (text) => TRPC_ROUTER_SHAPED.test(text),
  routes: trpcRoutes,
  projectRoutes: trpcProjectRoutes,
  passedByFramework: trpcParameterValue,
  // A resolver (`.query(({ input }) => …)`) is handed the caller's `input`.
  mayPassRequestValues: (text) => /\binput\b/.test(text) && TRPC_RESOLVER.test(text),
  authenticationOf: (middleware) => trpcAuthentication(middleware),
  isAdminCheck: (middleware, _analysis, readsRequest) => trpcAdminGate(middleware, readsRequest),
};
