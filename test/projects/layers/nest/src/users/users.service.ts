import { Injectable } from "../nest.js";
import { UsersRepository } from "./users.repository.js";

@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  get(id: string) {
    return this.users.find(id);
  }
}
