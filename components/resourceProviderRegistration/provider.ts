import type * as pulumi from "@pulumi/pulumi";
import type { RegistrationRuntime } from "./operations";
import { providerWithRuntime } from "../providerWithRuntime";
import * as runtimeModule from "./runtime";
import type { ResourceProviderRegistrationInputs, ResourceProviderRegistrationOutputs } from "./types";

/** The ResourceProviderRegistration dynamic provider's type. */
export type ResourceProviderRegistrationProvider = pulumi.dynamic.ResourceProvider<
    ResourceProviderRegistrationInputs,
    ResourceProviderRegistrationOutputs
>;

/** The provider every ResourceProviderRegistration uses: the module `./runtime` itself (see ../partnerAdminLink/provider.ts). */
export const resourceProviderRegistrationProvider = runtimeModule as unknown as ResourceProviderRegistrationProvider;

/**
 * Builds a provider with an injected runtime (tests: clock, HTTPS agent, poll interval); production uses
 * {@link resourceProviderRegistrationProvider}.
 * @param runtime - injected environment (omit in production)
 */
export function createResourceProviderRegistrationProvider(
    runtime?: RegistrationRuntime,
): ResourceProviderRegistrationProvider {
    if (runtime === undefined) return resourceProviderRegistrationProvider;
    return providerWithRuntime(runtimeModule, runtime);
}
