// A feature without a service: the controller calls its query module.
import { reportRows } from "./reports.query.js";

export const rows = () => reportRows();
