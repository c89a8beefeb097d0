// Imports back only a type: no cycle at run time.
import type { a } from "../services/cycle-a.js";

export const typedBack = 1;
export type A = typeof a;
