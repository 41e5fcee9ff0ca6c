export * from "./resourceModel";
export * from "./rules";
