import type * as pulumi from "@pulumi/pulumi";
import { PartnerAdminLinkCredential, SignedInResource } from "../signedInResource";
import { partnerAdminLinkProvider } from "./provider";
import type { PartnerLinkSettings } from "./types";

export type { PartnerAdminLinkCredential } from "../signedInResource";

/**
 * The settings of a link ({@link PartnerLinkSettings}, where each is described) as Pulumi inputs: each may be an
 * Output, and so may each endpoint. `PartnerAdminLinkArgs` and `ProviderAutomationAccountArgs` take them.
 */
export type PartnerLinkArgs = {
    [K in keyof PartnerLinkSettings]: K extends "endpoints"
        ? pulumi.Input<{ [E in keyof Required<PartnerLinkSettings>[K]]?: pulumi.Input<string> }>
        : pulumi.Input<Required<PartnerLinkSettings>[K]>;
};

/** Inputs of {@link PartnerAdminLink}: the link's settings and the identity to link. */
export interface PartnerAdminLinkArgs extends PartnerLinkArgs {
    /** The identity to link; it links itself. For a service principal use kind "clientSecret" (the secret stays secret). */
    credential: pulumi.Input<PartnerAdminLinkCredential>;
}

/**
 * Links an identity of the managing tenant to the partner's Associated Partner ID (Partner Admin Link,
 * Microsoft.ManagementPartner), as that identity, so that its Azure Lighthouse access earns PEC.
 * Type `pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink`.
 */
export class PartnerAdminLink extends SignedInResource {
    /** The linked partner ID. */
    declare readonly partnerId: pulumi.Output<string>;
    /** The credential (secret as a whole in outputs). */
    declare readonly credential: pulumi.Output<unknown>;
    /** Tenant of the linked identity. */
    declare readonly tenantId: pulumi.Output<string>;
    /** Object ID of the linked identity. */
    declare readonly objectId: pulumi.Output<string>;
    /** Partner name, when Azure returns it. */
    declare readonly partnerName: pulumi.Output<string | undefined>;
    /** Link state, `Active`. */
    declare readonly state: pulumi.Output<string>;
    /** When the link was created (ISO time). */
    declare readonly createdTime: pulumi.Output<string>;
    /** When the link last changed (ISO time). */
    declare readonly updatedTime: pulumi.Output<string>;
    /** Link version (incremented on re-point). */
    declare readonly version: pulumi.Output<number | string>;

    /**
     * @param name - the resource name
     * @param args - the inputs
     * @param opts - resource options (`additionalSecretOutputs: ["credential"]` is always added)
     */
    constructor(name: string, args: PartnerAdminLinkArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            partnerId: args.partnerId,
            credential: args.credential,
            endpoints: args.endpoints,
            onExistingLink: args.onExistingLink,
            propagationTimeoutSeconds: args.propagationTimeoutSeconds,
            timeoutSeconds: args.timeoutSeconds,
            tenantId: undefined,
            objectId: undefined,
            partnerName: undefined,
            state: undefined,
            createdTime: undefined,
            updatedTime: undefined,
            version: undefined,
        };
        super(partnerAdminLinkProvider, "PartnerAdminLink", name, props, opts);
    }
}
