// The route goes through the service: the services layer is a step of this program.
import { getItem } from "../services/item-service.js";

export const show = (id: string) => getItem(id);
