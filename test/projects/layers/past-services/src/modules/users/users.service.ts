import { countMetrics } from "./users.repository.js";

export const userCount = () => countMetrics();
