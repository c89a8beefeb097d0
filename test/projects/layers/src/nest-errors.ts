import { HttpException } from "@nestjs/common";

/** A project's base exception on NestJS's: the framework's exception filter maps it to a response. */
export class BaseException extends HttpException {}
