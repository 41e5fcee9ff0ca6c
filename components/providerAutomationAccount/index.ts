import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { PartnerAdminLink, PartnerAdminLinkArgs } from "../partnerAdminLink";
import type { OnExistingLink } from "../partnerAdminLink";

/** Inputs of {@link ProviderAutomationAccount}. */
export interface ProviderAutomationAccountArgs {
    /** The Associated Partner ID / partner location ID to link to, digits only (Partner Center → Account settings → Identifiers). */
    partnerId: pulumi.Input<string>;
    /** Display name of the app registration and service principal. Default "Provider Automation Account". */
    displayName?: pulumi.Input<string>;
    /** Object IDs of users or service principals that own the app and service principal (so they can manage its secrets). */
    owners?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * When the client secret expires, RFC 3339 (e.g. "2027-01-01T00:00:00Z"). Changing it creates a new
     * secret (the link is kept). Default: the Entra ID default (two years from creation).
     */
    secretEndDate?: pulumi.Input<string>;
    /**
     * Any value; changing it rotates the client secret (azuread `rotateWhenChanged`), e.g. "2025-Q3".
     * Rotation updates the link's credential in place: it never unlinks or relinks.
     */
    secretRotation?: pulumi.Input<string>;
    /** The managing tenant's ID. Default: the tenant the azuread provider is signed in to. */
    tenantId?: pulumi.Input<string>;
    /** Endpoints for a sovereign cloud (or a test double); public cloud by default. */
    endpoints?: PartnerAdminLinkArgs["endpoints"];
    /** What to do if the service principal is already linked to another partner ID (see PartnerAdminLink). Default "adopt". */
    onExistingLink?: pulumi.Input<OnExistingLink>;
    /** How long to wait for Entra ID to replicate the new app and secret before linking. Default 300. */
    propagationTimeoutSeconds?: pulumi.Input<number>;
    /**
     * Seconds without an answer after which a request of the Partner Admin Link to Entra ID or Azure Resource
     * Manager is abandoned; each call's retries stop after four such timeouts, so a stalled host fails the
     * operation in about five. From 0.1 to 3600, default 30.
     */
    timeoutSeconds?: pulumi.Input<number>;
}

/**
 * The Provider Automation Account of Microsoft's PEC guidance: an app registration and service
 * principal in the managing tenant, a client secret, and a Partner Admin Link made as that service
 * principal. Include `principalId` in every customer's Lighthouse delegation with a PEC-eligible role.
 * Type `lighthouse-pec:index:ProviderAutomationAccount`.
 */
export class ProviderAutomationAccount extends pulumi.ComponentResource {
    /** Object ID of the service principal: what `CustomerDelegation.automationAccount` needs. */
    readonly principalId: pulumi.Output<string>;
    /** Application (client) ID. */
    readonly clientId: pulumi.Output<string>;
    /** The managing tenant's ID. */
    readonly tenantId: pulumi.Output<string>;
    /** The partner ID the service principal is linked to. */
    readonly partnerId: pulumi.Output<string>;
    /** State of the Partner Admin Link (`Active`). */
    readonly linkState: pulumi.Output<string>;

    /**
     * @param name - component name; children are named `<name>-app`, `-sp`, `-secret`, `-link`
     * @param args - the inputs
     * @param opts - component options
     */
    constructor(name: string, args: ProviderAutomationAccountArgs, opts?: pulumi.ComponentResourceOptions) {
        super("lighthouse-pec:index:ProviderAutomationAccount", name, {}, opts);
        const parent = { parent: this };
        const displayName = args.displayName ?? "Provider Automation Account";
        const tenantId = args.tenantId ? pulumi.output(args.tenantId) : azuread.getClientConfigOutput(parent).tenantId;
        const app = new azuread.Application(`${name}-app`, { displayName, owners: args.owners }, parent);
        const sp = new azuread.ServicePrincipal(`${name}-sp`, { clientId: app.clientId, owners: args.owners }, parent);
        const password = new azuread.ApplicationPassword(
            `${name}-secret`,
            {
                applicationId: app.id,
                displayName: "lighthouse-pec Partner Admin Link",
                endDate: args.secretEndDate,
                rotateWhenChanged: args.secretRotation === undefined ? undefined : { rotation: args.secretRotation },
            },
            parent,
        );
        const link = new PartnerAdminLink(
            `${name}-link`,
            {
                partnerId: args.partnerId,
                credential: { kind: "clientSecret", tenantId, clientId: app.clientId, clientSecret: password.value },
                endpoints: args.endpoints,
                onExistingLink: args.onExistingLink,
                propagationTimeoutSeconds: args.propagationTimeoutSeconds,
                timeoutSeconds: args.timeoutSeconds,
            },
            { ...parent, dependsOn: [sp] },
        );
        this.principalId = sp.objectId;
        this.clientId = app.clientId;
        this.tenantId = tenantId;
        this.partnerId = link.partnerId;
        this.linkState = link.state;
        this.registerOutputs({
            principalId: this.principalId,
            clientId: this.clientId,
            tenantId: this.tenantId,
            partnerId: this.partnerId,
            linkState: this.linkState,
        });
    }
}
