import type * as pulumi from "@pulumi/pulumi";
import type { RegistrationRuntime } from "./operations";
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
    return {
        check: async (olds, news) => runtimeModule.check(olds, news as unknown as Record<string, unknown>),
        diff: async (id, olds, news) =>
            runtimeModule.diff(
                id,
                olds as unknown as Record<string, unknown>,
                news as unknown as Record<string, unknown>,
            ),
        create: (inputs) => runtimeModule.create(inputs, runtime),
        read: (id, props) => runtimeModule.read(id, props as ResourceProviderRegistrationOutputs, runtime),
        update: (id, olds, news) => runtimeModule.update(id, olds, news, runtime),
        delete: () => runtimeModule.delete(),
    };
}
