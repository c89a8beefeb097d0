import { importGraphOf } from "../src/analysis/import-graph.js";
import { layerModelOf } from "../src/analysis/layers.js";
import { createRule } from "../src/engine/rule.js";
import { httpConcerns, isHttpModule } from "./utils/layers-http.js";

type Options = [{ httpLayers: string[]; httpModules: string[]; httpErrorClasses: string[]; allowFrameworkExceptions: boolean }];
type MessageIds = "httpImport" | "httpParameter" | "httpStatus" | "httpError";

export default createRule<Options, MessageIds>({
  name: "no-http-in-services",
  meta: {
    type: "problem",
    docs: {
      description: "Keep HTTP (requests, responses, status codes, HTTP errors) out of the layers below the routes",
      convention: "layers",
      config: "recommended",
      requiresSchema: false,
    },
    messages: {
      httpImport:
        "Layer {{layer}} imports {{module}}, but HTTP belongs to {{httpLayers}}: take plain values, return plain results and throw domain errors, and let the route do the HTTP.",
      httpParameter: "Parameter {{name}} of layer {{layer}} is an HTTP {{type}}: pass the values it needs instead, as HTTP belongs to {{httpLayers}}.",
      httpStatus:
        "Layer {{layer}} sets an HTTP status ({{call}}), but status codes belong to {{httpLayers}}: return a result or throw a domain error and let the route map it.",
      httpError: "Layer {{layer}} throws {{error}}, an HTTP error: throw a domain error and let {{httpLayers}} map it to a status code.",
    },
    schema: [
      {
        type: "object",
        description: "Options for no-http-in-services.",
        properties: {
          httpLayers: {
            type: "array",
            items: { type: "string" },
            description:
              "The layers where HTTP belongs; every other layer is checked. Empty: the layers no other layer may import (routes in the presets).",
          },
          httpModules: {
            type: "array",
            items: { type: "string" },
            description: "Packages whose import is an HTTP concern outside the HTTP layer (subpaths included).",
          },
          httpErrorClasses: {
            type: "array",
            items: { type: "string" },
            description: "Error classes that carry an HTTP status, besides names like Http*Error and Http*Exception and any error built with an HTTP status.",
          },
          allowFrameworkExceptions: {
            type: "boolean",
            description:
              "Whether services may throw the framework's own HTTP exceptions (NestJS's HttpException, NotFoundException… from @nestjs/common, and classes extending them), which its exception filter maps to responses.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ httpLayers: [], httpModules: ["express", "http-errors"], httpErrorClasses: [], allowFrameworkExceptions: true }],
  },
  check(context) {
    const [{ httpLayers: configured, httpModules, httpErrorClasses, allowFrameworkExceptions }] = context.options;
    const model = layerModelOf(context.analysis.config, context.analysis.schema.generatorOutputs);
    const layer = model.layerOf(context.sourceFile.fileName);
    if (layer === undefined) return;
    // Below the HTTP layer: outside the layers the option names, or (by default) a layer some other layer may import.
    if (configured.length > 0 ? configured.includes(layer) : !model.httpFreeLayers.has(layer)) return;
    const httpLayers = (configured.length > 0 ? configured : model.httpLayers()).join(", ") || "no layer";
    for (const edge of importGraphOf(context.analysis.project).importsOf(context.sourceFile)) {
      if (isHttpModule(edge.specifier, httpModules)) context.report({ node: edge.node, messageId: "httpImport", data: { layer, module: edge.specifier, httpLayers } });
    }
    for (const concern of httpConcerns(context.sourceFile, { httpModules, httpErrorClasses, allowFrameworkExceptions, project: context.analysis.project })) {
      if (concern.kind === "parameter") {
        context.report({ node: concern.node, messageId: "httpParameter", data: { name: concern.name, layer, type: concern.type, httpLayers } });
      } else if (concern.kind === "status") {
        context.report({ node: concern.node, messageId: "httpStatus", data: { layer, call: concern.call, httpLayers } });
      } else {
        context.report({ node: concern.node, messageId: "httpError", data: { layer, error: concern.error, httpLayers } });
      }
    }
  },
});
