import type { Request, Response } from "express";
import { NoteService } from "../services/note-service.js";

export class NoteController {
  constructor(private readonly service = new NoteService()) {}

  async list(req: Request, res: Response) {
    res.json(await this.service.list(req.user.id));
  }

  async create(req: Request, res: Response) {
    res.status(201).json(await this.service.create(req.user.id, String(req.body.body)));
  }

  async show(req: Request, res: Response) {
    res.json(await this.service.get(req.user.id, req.params.id));
  }

  remove = async (req: Request, res: Response) => {
    await this.service.remove(req.user.id, req.params.id);
    res.status(204).end();
  };

  async archive(req: Request, res: Response) {
    res.json(await this.service.archive(req.params.id));
  }
}
