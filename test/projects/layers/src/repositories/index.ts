// A barrel: re-exports count as imports.
export * from "./item-repository.js";
