export * from "./names";
export * from "./onboardedWith";
export * from "./properties";
