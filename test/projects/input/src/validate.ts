// A local module that re-exports express-validator's chain builders, as projects often do.
export { body, query, param } from "express-validator";
