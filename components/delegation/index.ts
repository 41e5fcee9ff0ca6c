export * from "./names";
export * from "./properties";
