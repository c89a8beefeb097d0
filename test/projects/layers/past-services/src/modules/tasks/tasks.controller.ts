import { findTasks } from "./tasks.query.js";
import { createTask } from "./tasks.mutation.js";

export const list = () => findTasks();
export const create = (name: string) => createTask(name);
