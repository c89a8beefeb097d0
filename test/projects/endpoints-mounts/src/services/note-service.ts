import { findNote, findNotes, findNotesWhere } from "../repositories/note-repository.js";

export function listFor(userId: string) {
  return findNotes(userId);
}

export function getById(id: string) {
  return findNote(id);
}

export function search(userId: string, filter: string) {
  return findNotesWhere(JSON.parse(filter));
}
