import * as pulumi from "@pulumi/pulumi";
import { partnerAdminLinkProvider } from "./provider";
import type { OnExistingLink } from "./types";

/** The credential of the identity to link. Inner fields may be Outputs; `clientSecret` is made secret. */
export type PartnerAdminLinkCredential =
    /** A service principal of the managing tenant, signing in with a client secret. */
    | {
          kind: "clientSecret";
          /** The managing tenant's ID (a GUID) or domain. */
          tenantId: pulumi.Input<string>;
          /** The application (client) ID, a GUID. */
          clientId: pulumi.Input<string>;
          /** The secret's value (not its ID), e.g. an `azuread.ApplicationPassword`'s `value`. */
          clientSecret: pulumi.Input<string>;
      }
    /** The account signed in with `az login`. */
    | { kind: "azureCli"; tenantId?: pulumi.Input<string> }
    /** DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI). */
    | { kind: "default"; tenantId?: pulumi.Input<string> };

/** Inputs of {@link PartnerAdminLink}. */
export interface PartnerAdminLinkArgs {
    /** The Associated Partner ID / partner location ID, digits only (Partner Center → Account settings → Identifiers). */
    partnerId: pulumi.Input<string>;
    /** The identity to link; it links itself. For a service principal use kind "clientSecret" (the secret stays secret). */
    credential: pulumi.Input<PartnerAdminLinkCredential>;
    /** Endpoints for a sovereign cloud (or a test double); public cloud by default. */
    endpoints?: pulumi.Input<{ authorityHost?: pulumi.Input<string>; resourceManager?: pulumi.Input<string> }>;
    /**
     * When the identity is already linked: "adopt" (default) takes a link to the same partner ID over,
     * "relink" re-points any link, "fail" refuses any link this resource did not make.
     *
     * Concurrency: Microsoft.ManagementPartner has one link per identity and no precondition (etag,
     * If-None-Match) on its PUT, so two creates for one identity can both read "not linked" and both PUT.
     * With "fail", the create whose PUT Azure refuses as a conflict (409, `Conflict` or
     * `PartnerIdAlreadyLinked`) fails and changes nothing; if that PUT had been retried after a lost
     * answer, the link may be its own first attempt and the error says it cannot tell. If Azure answered
     * such a PUT with success instead (undocumented), both creates would succeed and this cannot be
     * detected. See docs/partner-admin-link.md.
     */
    onExistingLink?: pulumi.Input<OnExistingLink>;
    /** How long to retry while Entra ID replicates a new app or secret (AADSTS700016 / 7000215). Default 300. */
    propagationTimeoutSeconds?: pulumi.Input<number>;
    /**
     * Seconds without an answer after which a request to Entra ID or Azure Resource Manager is
     * abandoned; each call's retries stop after four such timeouts, so a stalled host fails the
     * operation in about five. From 0.1 to 3600, default 30.
     */
    timeoutSeconds?: pulumi.Input<number>;
}

/**
 * Links an identity of the managing tenant to the partner's Associated Partner ID (Partner Admin Link,
 * Microsoft.ManagementPartner), as that identity, so that its Azure Lighthouse access earns PEC.
 * Type `pulumi-nodejs:dynamic/lighthouse-pec:PartnerAdminLink`.
 */
export class PartnerAdminLink extends pulumi.dynamic.Resource {
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
            credential: secretCredential(args.credential),
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
        const merged = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credential"] });
        super(partnerAdminLinkProvider, name, props, merged, "lighthouse-pec", "PartnerAdminLink");
    }
}

/**
 * Marks `clientSecret` secret without collapsing the credential into one Output (so a rotated,
 * not-yet-known secret still diffs field by field in preview).
 */
function secretCredential(c: pulumi.Input<PartnerAdminLinkCredential>): pulumi.Input<PartnerAdminLinkCredential> {
    if (pulumi.Output.isInstance(c) || c instanceof Promise) {
        return pulumi
            .output(c)
            .apply((v) =>
                v.kind === "clientSecret" ? pulumi.secret(v) : v,
            ) as pulumi.Output<PartnerAdminLinkCredential>;
    }
    const plain = c;
    return plain.kind === "clientSecret" ? { ...plain, clientSecret: pulumi.secret(plain.clientSecret) } : plain;
}
