// The client itself, named like a service and kept in prisma/: its content makes it the data layer.
import { PrismaClient } from "@prisma/client";
import { Injectable } from "../nest.js";

@Injectable()
export class PrismaService extends PrismaClient {}
