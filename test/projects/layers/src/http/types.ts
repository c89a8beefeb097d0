// Express's types under a local name.
export type { Request, Response } from "express";
