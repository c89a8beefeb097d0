// The first route (by path) to import the audit log: its side door is reported here.
import { auditCount } from "../utils/audit-log.js";

export const audits = () => auditCount();
