import type * as pulumi from "@pulumi/pulumi";
import type { ProviderRuntime } from "./operations";
import { providerWithRuntime } from "../providerWithRuntime";
import * as runtimeModule from "./runtime";
import type { PartnerAdminLinkInputs, PartnerAdminLinkOutputs } from "./types";

/** The PartnerAdminLink dynamic provider's type. */
export type PartnerAdminLinkProvider = pulumi.dynamic.ResourceProvider<PartnerAdminLinkInputs, PartnerAdminLinkOutputs>;

/**
 * The provider every PartnerAdminLink uses: the module `./runtime` itself (one instance keeps
 * `__provider` identical). Installed, its `__provider` is one `require` of that module; in this
 * repository Pulumi stores the module's functions by value (Azure SDKs are `require`d inside them, and
 * nothing in them holds a secret). `check` and `diff` return their results directly: the host awaits
 * every method (`await provider.check(olds, news)`), so the interface's promises are not needed.
 */
export const partnerAdminLinkProvider = runtimeModule as unknown as PartnerAdminLinkProvider;

/**
 * Builds a PartnerAdminLink provider. Production uses {@link partnerAdminLinkProvider}; tests pass a
 * runtime (clock, HTTPS agent, warning sink), which the methods hand to the operations.
 * @param runtime - injected environment (omit in production)
 */
export function createPartnerAdminLinkProvider(runtime?: ProviderRuntime): PartnerAdminLinkProvider {
    if (runtime === undefined) return partnerAdminLinkProvider;
    return providerWithRuntime(runtimeModule, runtime);
}
