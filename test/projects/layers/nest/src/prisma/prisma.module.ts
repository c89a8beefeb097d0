// A module: the framework's composition root, in no layer.
import { PrismaService } from "./prisma.service.js";

export const PrismaModule = { providers: [PrismaService], exports: [PrismaService] };
