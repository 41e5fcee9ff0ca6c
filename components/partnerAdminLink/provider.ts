import type * as pulumi from "@pulumi/pulumi";
import { checkLinkInputs } from "./check";
import { diffLink } from "./diff";
import { ensureLink, ProviderRuntime, refreshLink, removeLink } from "./operations";
import type { PartnerAdminLinkInputs, PartnerAdminLinkOutputs } from "./types";

/**
 * Builds the PartnerAdminLink dynamic provider. Production uses {@link partnerAdminLinkProvider};
 * tests pass a runtime (clock, HTTPS agent, warning sink). The methods only close over `runtime`
 * and local pure modules; Azure SDKs are `require`d when a method runs, so the serialized
 * `__provider` stays small and carries no secret.
 * @param runtime - injected environment (omit in production)
 */
export function createPartnerAdminLinkProvider(runtime?: ProviderRuntime): pulumi.dynamic.ResourceProvider<PartnerAdminLinkInputs, PartnerAdminLinkOutputs> {
    return {
        async check(_olds, news) {
            return checkLinkInputs(news as unknown as Record<string, unknown>);
        },
        async diff(_id, olds, news) {
            return diffLink(olds as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>);
        },
        async create(inputs) {
            const outs = await ensureLink(inputs, runtime, {});
            return { id: `${outs.tenantId}/${outs.objectId}`, outs };
        },
        async read(id, props) {
            return refreshLink(id, props as PartnerAdminLinkOutputs, runtime);
        },
        async update(_id, olds, news) {
            return { outs: await ensureLink(news, runtime, { previous: olds.partnerId, ours: true }) };
        },
        async delete(id, props) {
            await removeLink(id, props, runtime);
        },
    };
}

/** The provider instance every PartnerAdminLink uses (one instance keeps `__provider` identical). */
export const partnerAdminLinkProvider = createPartnerAdminLinkProvider();
