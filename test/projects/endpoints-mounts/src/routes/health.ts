// A default-exported router, imported under another name.
import { Router } from "express";

const router = Router({ mergeParams: true });
router.get("/", (_req, res) => {
  res.json({ status: "ok" });
});

export default router;
