import * as pulumi from "@pulumi/pulumi";
import type { PartnerAdminLinkCredential } from "../partnerAdminLink";
import { resourceProviderRegistrationProvider } from "./provider";

/** Inputs of {@link ResourceProviderRegistration}. */
export interface ResourceProviderRegistrationArgs {
    /** The subscription to register the provider in. */
    subscriptionId: pulumi.Input<string>;
    /** The resource provider namespace. Default "Microsoft.ManagedServices" (what Azure Lighthouse needs). */
    namespace?: pulumi.Input<string>;
    /**
     * Who registers it: an identity of the customer's tenant with `<namespace>/register/action` in the
     * subscription (Contributor or Owner), usually `{ kind: "default" }` (the credentials `pulumi up` runs with).
     * A client secret is kept secret in state.
     */
    credential: pulumi.Input<PartnerAdminLinkCredential>;
    /** Endpoints for a sovereign cloud (or a test double); public cloud by default. */
    endpoints?: pulumi.Input<{ authorityHost?: pulumi.Input<string>; resourceManager?: pulumi.Input<string> }>;
    /** Seconds without an answer after which one request is abandoned (0.1 to 3600, default 30). */
    timeoutSeconds?: pulumi.Input<number>;
    /** Seconds to wait for "Registered" (default 300). */
    registrationTimeoutSeconds?: pulumi.Input<number>;
}

/**
 * Registers a resource provider (by default Microsoft.ManagedServices) in one subscription and waits until it is
 * "Registered": the DeployIfNotExists policy of `ManagementGroupDelegation` does nothing in a subscription
 * without it. Deleting the resource leaves the registration in place (never unregisters a customer's provider).
 * Type `pulumi-nodejs:dynamic/lighthouse-pec:ResourceProviderRegistration`.
 */
export class ResourceProviderRegistration extends pulumi.dynamic.Resource {
    /** The subscription. */
    declare readonly subscriptionId: pulumi.Output<string>;
    /** The namespace. */
    declare readonly namespace: pulumi.Output<string>;
    /** "Registered" once created. */
    declare readonly registrationState: pulumi.Output<string>;

    constructor(name: string, args: ResourceProviderRegistrationArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            subscriptionId: args.subscriptionId,
            namespace: args.namespace,
            credential: secretCredential(args.credential),
            endpoints: args.endpoints,
            timeoutSeconds: args.timeoutSeconds,
            registrationTimeoutSeconds: args.registrationTimeoutSeconds,
            registrationState: undefined,
        };
        const merged = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credential"] });
        super(
            resourceProviderRegistrationProvider,
            name,
            props,
            merged,
            "lighthouse-pec",
            "ResourceProviderRegistration",
        );
    }
}

/** Marks a client secret secret, field by field (as PartnerAdminLink does), so that it never reaches state in clear. */
function secretCredential(c: pulumi.Input<PartnerAdminLinkCredential>): pulumi.Input<PartnerAdminLinkCredential> {
    if (pulumi.Output.isInstance(c) || c instanceof Promise) {
        return pulumi
            .output(c)
            .apply((v) =>
                v.kind === "clientSecret" ? pulumi.secret(v) : v,
            ) as pulumi.Output<PartnerAdminLinkCredential>;
    }
    return c.kind === "clientSecret" ? { ...c, clientSecret: pulumi.secret(c.clientSecret) } : c;
}
