// One feature goes through a service.
import { userCount } from "./users.service.js";

export const count = () => userCount();
