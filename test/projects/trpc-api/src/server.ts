import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { createContext } from "./context.js";
import { appRouter } from "./routers/index.js";

createHTTPServer({ router: appRouter, createContext: ({ req }) => createContext({ req: req as unknown as Request }) }).listen(3000);
