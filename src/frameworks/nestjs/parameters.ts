import type { ProjectModel } from "../../engine/project.js";
import type { ts } from "../../engine/ts.js";
import type { AbsValue } from "../../engine/values.js";

/** What NestJS passes for a handler's decorated parameter: `@Param("id") id` is `req.params.id`. (To be built.) */
export function nestParameterValue(_parameter: ts.ParameterDeclaration, _project: ProjectModel | undefined): AbsValue | undefined {
  return undefined;
}
