// Handlers imported from another file.
import { Router } from "express";
import { getNote, listNotes, searchNotes } from "../handlers/notes.js";

export const notesRouter = Router();

notesRouter.get("/", listNotes);
notesRouter.get("/search", searchNotes);
notesRouter.get("/:id", getNote);
