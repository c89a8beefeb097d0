// Decorators of the project's own named like NestJS's: no endpoint.
function Controller(_prefix: string) {
  return (_target: unknown) => undefined;
}
function Get(_path?: string) {
  return (_target: unknown, _key: string) => undefined;
}

@Controller("lookalike")
export class LookalikeController {
  @Get()
  list() {
    return [];
  }
}
