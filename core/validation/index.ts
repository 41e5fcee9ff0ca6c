export * from "./findings";
export * from "./formats";
export * from "./delegationSpec";
export * from "./validateDelegation";
export * from "./shape";
export * from "./delegationSchema";
