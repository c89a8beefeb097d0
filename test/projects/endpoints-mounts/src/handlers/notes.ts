import type { Request, Response } from "express";
import * as notes from "../services/note-service.js";

export async function listNotes(req: Request, res: Response) {
  res.json(await notes.listFor(req.user.id));
}

export const getNote = async (req: Request, res: Response) => {
  res.json(await notes.getById(req.params.id));
};

export async function searchNotes(req: Request, res: Response) {
  res.json(await notes.search(req.user.id, String(req.query.filter)));
}
