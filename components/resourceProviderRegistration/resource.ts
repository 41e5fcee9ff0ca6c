import type * as pulumi from "@pulumi/pulumi";
import { PartnerAdminLinkCredential, SignedInResource } from "../signedInResource";
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
export class ResourceProviderRegistration extends SignedInResource {
    /** The subscription. */
    declare readonly subscriptionId: pulumi.Output<string>;
    /** The namespace. */
    declare readonly namespace: pulumi.Output<string>;
    /** "Registered" once created. */
    declare readonly registrationState: pulumi.Output<string>;

    /**
     * @param name - the resource name
     * @param args - the inputs
     * @param opts - resource options (`additionalSecretOutputs: ["credential"]` is always added)
     */
    constructor(name: string, args: ResourceProviderRegistrationArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            subscriptionId: args.subscriptionId,
            namespace: args.namespace,
            credential: args.credential,
            endpoints: args.endpoints,
            timeoutSeconds: args.timeoutSeconds,
            registrationTimeoutSeconds: args.registrationTimeoutSeconds,
            registrationState: undefined,
        };
        super(resourceProviderRegistrationProvider, "ResourceProviderRegistration", name, props, opts);
    }
}
