// A feature without a repository: controller → service.
import { invoiceTotal } from "./billing.service.js";

export const total = () => invoiceTotal();
