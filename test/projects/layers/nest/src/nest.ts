// Stand-ins for the NestJS decorators, so the project needs no framework.
export const Injectable = (): ClassDecorator => () => undefined;
export const Controller = (_path: string): ClassDecorator => () => undefined;
export const UseGuards = (..._guards: unknown[]): MethodDecorator & ClassDecorator => () => undefined;
export const Get = (_path?: string): MethodDecorator => () => undefined;
export class HttpException extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
