// Controllers call their query modules directly, in most of the program.
import { findOrders } from "./orders.query.js";

export const list = () => findOrders();
