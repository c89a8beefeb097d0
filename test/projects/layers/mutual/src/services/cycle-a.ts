import { b } from "../repositories/cycle-b.js";

export const a = () => b();
