import { a } from "../services/cycle-a.js";

export const b = () => 1;
export const c = () => a();
