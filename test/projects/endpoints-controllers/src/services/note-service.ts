import { NoteRepository } from "../repositories/note-repository.js";

export class NoteService {
  constructor(private readonly repo: NoteRepository) {}

  list(userId: string) {
    return this.repo.list(userId);
  }

  create(userId: string, body: string) {
    return this.repo.create(userId, body);
  }

  async get(userId: string, id: string) {
    return this.repo.find(userId, id);
  }

  remove(userId: string, id: string) {
    return this.repo.softDelete(userId, id);
  }

  archive(id: string) {
    return this.repo.touch(id);
  }
}
