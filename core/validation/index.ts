export * from "./findings";
export * from "./formats";
export * from "./delegationSpec";
export * from "./accountAuthorizations";
export * from "./validateDelegation";
export * from "./shape";
export * from "./delegationSchema";
