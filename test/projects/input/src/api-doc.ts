// The project's OpenAPI document (express-openapi): handlers' body schemas refer to its definitions.
export const apiDoc = {
  swagger: "2.0",
  definitions: {
    Event: {
      type: "object",
      properties: {
        name: { type: "string" },
        tags: { type: "array", items: { type: "string" } },
      },
    },
  },
};
