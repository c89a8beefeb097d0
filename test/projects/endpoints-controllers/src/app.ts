// Controller classes: methods passed bound, unbound, wrapped in an arrow or in asyncHandler.
import express, { Router } from "express";
import passport from "passport";
import { NoteController } from "./controllers/note-controller.js";
import { asyncHandler } from "./http/async-handler.js";

const app = express();
const notes = new NoteController();
const router = Router();

router
  .route("/notes")
  .get(passport.authenticate("jwt", { session: false }), notes.list.bind(notes))
  .post(passport.authenticate("jwt", { session: false }), (req, res) => notes.create(req, res));

router.route("/notes/:id").get(notes.show).delete(asyncHandler(notes.remove));

const archive = router.route("/notes/:id/archive");
archive.put(notes.archive);

app.use(router);

export default app;
