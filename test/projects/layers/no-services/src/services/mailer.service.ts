// A file of the services layer that no route goes through: a job's helper, not a step of the request path.
import { prisma } from "../db/client.js";

export const pendingMails = () => prisma.metric.count({ where: { name: "mail" } });
