/** Resource provider registration: the dynamic resource, its provider, and the pure rules behind it. */
export { ResourceProviderRegistration } from "./resource";
export type { ResourceProviderRegistrationArgs } from "./resource";
export { createResourceProviderRegistrationProvider, resourceProviderRegistrationProvider } from "./provider";
export type { RegistrationRuntime } from "./operations";
export type { ResourceProviderRegistrationInputs, ResourceProviderRegistrationOutputs } from "./types";
