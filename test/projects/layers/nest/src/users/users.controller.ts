import { Controller, Get, UseGuards } from "../nest.js";
import { OwnerGuard } from "./guards/owner.guard.js";
import { UsersService } from "./users.service.js";

@Controller("users")
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(":id")
  @UseGuards(OwnerGuard)
  show(id: string) {
    return this.users.get(id);
  }
}
