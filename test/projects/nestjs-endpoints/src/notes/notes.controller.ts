import { Body, Controller, Delete, Get, Param, Post, Req, UseGuards } from "@nestjs/common";
import { Roles } from "../auth/roles.decorator";
import { RolesGuard } from "../auth/roles.guard";
import { NotesService } from "./notes.service";

@Controller("notes")
export class NotesController {
  constructor(private notes: NotesService) {}

  @Get()
  findAll(@Req() req: { user: { id: string } }) {
    return this.notes.list(req.user.id);
  }

  @Get([":id", ":id/full"])
  findOne(@Param("id") id: string, @Req() req: { user: { id: string } }) {
    return this.notes.byId(id, req.user.id);
  }

  @Post()
  create(@Body() body: { text: string }, @Req() req: { user: { id: string } }) {
    return this.notes.create(req.user.id, body.text);
  }

  @Delete(":id")
  @UseGuards(RolesGuard)
  @Roles("admin")
  remove(@Param("id") id: string) {
    return this.notes.remove(id);
  }

  @Delete(":id/purge")
  @UseGuards(RolesGuard)
  @Roles("editor")
  purge(@Param("id") id: string) {
    return this.notes.purge(id);
  }
}
