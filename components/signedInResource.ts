import * as pulumi from "@pulumi/pulumi";

/** The credential of the identity a dynamic resource signs in as. Inner fields may be Outputs; `clientSecret` is made secret. */
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

/**
 * A lighthouse-pec dynamic resource that signs in to Azure as its `credential`: type
 * `pulumi-nodejs:dynamic/lighthouse-pec:<type>`, and a client secret that is secret in its inputs and in state.
 */
export abstract class SignedInResource extends pulumi.dynamic.Resource {
    /**
     * @param provider - the resource's provider (one instance for every resource of the type)
     * @param type - the type's last part, e.g. `PartnerAdminLink`
     * @param name - the resource name
     * @param props - the inputs (and output-only properties as undefined), with the credential
     * @param opts - resource options (`additionalSecretOutputs: ["credential"]` is always added)
     */
    protected constructor(
        provider: pulumi.dynamic.ResourceProvider,
        type: string,
        name: string,
        props: Record<string, unknown> & { credential: pulumi.Input<PartnerAdminLinkCredential> },
        opts?: pulumi.CustomResourceOptions,
    ) {
        const merged = pulumi.mergeOptions(opts, { additionalSecretOutputs: ["credential"] });
        super(
            provider,
            name,
            { ...props, credential: secretCredential(props.credential) },
            merged,
            "lighthouse-pec",
            type,
        );
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
    return c.kind === "clientSecret" ? { ...c, clientSecret: pulumi.secret(c.clientSecret) } : c;
}
